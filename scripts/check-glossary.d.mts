/** Types of scripts/check-glossary.mjs, for the unit tests. */
import type { Concept, GlossaryLocale } from '../src/i18n/glossary.ts';

/** One non-preferred term found: its line, the text found and the term to use instead. */
export interface Finding {
  line: number;
  found: string;
  use: string;
  concept: string;
  /** The UI-string key, for dictionaries. */
  key?: string;
}

export function findInPage(text: string, locale: GlossaryLocale, glossary?: readonly Concept[]): Finding[];
export function findInStrings(
  strings: Record<string, string>,
  locale: GlossaryLocale,
  source?: string,
  glossary?: readonly Concept[],
): Finding[];
export function skippedSpans(text: string): [number, number][];
export function checkProject(): Promise<string[]>;
