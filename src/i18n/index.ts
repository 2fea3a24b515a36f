/**
 * UI strings per locale with flat keys. `translate` fills `{name}` placeholders.
 * Components receive the dictionary of their page's locale; chapters never hold UI strings.
 */
import { en, type UiKey } from './en.ts';
import { ko } from './ko.ts';

export type Locale = 'ko' | 'en';
export type { UiKey };
export type Dictionary = Record<UiKey, string>;

export const dictionaries: Record<Locale, Dictionary> = { ko, en };

/**
 * The one locale rule of the site: English for `en` (or `en-…`), otherwise Korean, the default
 * locale. Used at build time (the page's locale) and at run time (what the page says it is).
 */
export function resolveLocale(tag: string | null | undefined): Locale {
  return tag?.toLowerCase().split('-')[0] === 'en' ? 'en' : 'ko';
}

/** The dictionary for a locale (see {@link resolveLocale}). */
export function dictionaryFor(locale: string | undefined): Dictionary {
  return dictionaries[resolveLocale(locale)];
}

/** Looks up `key` and replaces each `{name}` with `values[name]`. */
export function translate(dictionary: Dictionary, key: UiKey, values: Record<string, string | number> = {}): string {
  return dictionary[key].replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}
