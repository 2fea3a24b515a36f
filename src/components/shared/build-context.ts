/**
 * What a demo's markup needs at build time: the page's locale, its UI dictionary, and the data
 * attributes through which the demo's script receives them at run time, plus where the
 * pretrained models are served (under the site's base path, so a site hosted in a sub-folder
 * finds them).
 */
import { dictionaryFor, resolveLocale, type Dictionary, type Locale } from '../../i18n/index.ts';

/** The `data-*` attributes every demo root carries (read by DemoElement). */
export interface DemoAttributes {
  'data-locale': Locale;
  'data-strings': string;
  'data-models': string;
}

/** The locale, dictionary and root attributes of a demo on a page of `currentLocale`. */
export function demoContext(currentLocale: string | undefined): {
  locale: Locale;
  t: Dictionary;
  attributes: DemoAttributes;
} {
  const locale = resolveLocale(currentLocale);
  const t = dictionaryFor(locale);
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  return {
    locale,
    t,
    attributes: { 'data-locale': locale, 'data-strings': JSON.stringify(t), 'data-models': `${base}models/` },
  };
}
