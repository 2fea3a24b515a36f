/**
 * What every island's markup needs at build time: the page's locale, its UI dictionary, and the
 * data attributes through which the island's script receives them (plus where the pretrained
 * models are served).
 */
import { dictionaryFor, type Dictionary } from '../i18n/index.ts';

/** The dictionary and the `data-*` attributes to spread on an island's root element. */
export function islandContext(currentLocale: string | undefined): {
  t: Dictionary;
  attributes: Record<'data-locale' | 'data-strings' | 'data-models', string>;
} {
  const locale = currentLocale ?? 'ko';
  const t = dictionaryFor(locale);
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  return {
    t,
    attributes: { 'data-locale': locale, 'data-strings': JSON.stringify(t), 'data-models': `${base}models/` },
  };
}
