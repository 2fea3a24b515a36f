/**
 * Fails when a page (`src/content/docs/{ko,en}/**`) or a UI string (`src/i18n/{ko,en}.ts` and their parts)
 * uses a term the glossary (`src/i18n/glossary.ts`) lists as non-preferred for its locale.
 * Code (fenced and inline), math (`$…$`, `$$…$$`), comments, import lines and link targets are
 * not prose and are skipped. Prints `file:line  found “variant” → use “term”` and exits 1.
 * Run by `npm test` after the locale check; `node scripts/check-glossary.mjs`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GLOSSARY } from '../src/i18n/glossary.ts';

const LOCALES = ['ko', 'en'];
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * @typedef {{ regex: RegExp, use: string, concept: string }} Rule
 * @typedef {{ line: number, found: string, use: string, concept: string, key?: string }} Finding
 */

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The compiled rules of one locale: every variant of every concept, as a global regex. */
export function rulesFor(locale, glossary = GLOSSARY) {
  /** @type {Rule[]} */
  const rules = [];
  for (const concept of glossary) {
    for (const variant of concept.avoid[locale] ?? []) {
      const pattern = typeof variant === 'object' && !(variant instanceof RegExp) ? variant.pattern : variant;
      const use = typeof variant === 'object' && !(variant instanceof RegExp) ? variant.use : concept.term[locale];
      const regex =
        typeof pattern === 'string'
          ? new RegExp(escape(pattern), 'g')
          : new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}gm`);
      rules.push({ regex, use, concept: concept.id });
    }
  }
  return rules;
}

/** Spans [start, end) of MDX text that are not prose: code, math, comments, imports, link targets. */
export function skippedSpans(text) {
  const patterns = [
    /^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[ \t]*$/gm,
    /`[^`\n]+`/g,
    /\$\$[\s\S]*?\$\$/g,
    /(?<![\\$])\$(?!\$)(?:\\.|[^$\\\n])+\$/g,
    /\{\/\*[\s\S]*?\*\/\}/g,
    /<!--[\s\S]*?-->/g,
    /^import .*$/gm,
    /\]\([^)\n]*\)/g,
    /<[A-Z][\s\S]*?\/?>/g,
  ];
  const spans = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) spans.push([match.index, match.index + match[0].length]);
  }
  return spans;
}

/** Line number (1-based) of character `index` in `text`. */
function lineOf(text, index) {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Every non-preferred variant in `text` (a page in `locale`), outside code and math.
 * @returns {Finding[]} sorted by line.
 */
export function findInPage(text, locale, glossary = GLOSSARY) {
  const skipped = skippedSpans(text);
  const inSkipped = (index) => skipped.some(([start, end]) => index >= start && index < end);
  const matches = matchAll(text, rulesFor(locale, glossary)).filter((match) => !inSkipped(match.start));
  return matches.map(({ start, ...finding }) => ({ line: lineOf(text, start), ...finding }));
}

/**
 * Matches of every rule in `text`, in order; where two overlap (“시간 스텝” and “스텝 t”) only the
 * first, longest one is kept, so one wrong phrase is reported once.
 */
function matchAll(text, rules) {
  const all = rules.flatMap((rule) =>
    [...text.matchAll(rule.regex)]
      .filter((match) => match[0] !== '')
      .map((match) => ({
        start: match.index,
        end: match.index + match[0].length,
        found: match[0].replace(/\s+/g, ' '),
        use: rule.use,
        concept: rule.concept,
      })),
  );
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  for (const match of all) {
    if (kept.length === 0 || match.start >= kept[kept.length - 1].end) kept.push(match);
  }
  return kept.map(({ end: _end, ...rest }) => rest);
}

/**
 * Every non-preferred variant in a dictionary of UI strings (`{ key: text }`) of `locale`.
 * `source` is the dictionary's file, used only to report the line of each key.
 * @returns {Finding[]}
 */
export function findInStrings(strings, locale, source = '', glossary = GLOSSARY) {
  const sourceLines = source.split('\n');
  const rules = rulesFor(locale, glossary);
  return Object.entries(strings).flatMap(([key, text]) => {
    const line = sourceLines.findIndex((candidate) => candidate.includes(`'${key}':`)) + 1;
    return matchAll(text, rules).map(({ start: _start, ...finding }) => ({ line, key, ...finding }));
  });
}

async function listPages(dir) {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listPages(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat().filter((file) => /\.(md|mdx)$/.test(file));
}

/**
 * The files of a locale's UI strings: the entry `src/i18n/<locale>.ts` and its parts by area,
 * `src/i18n/<locale>/*.ts` (each string is reported at the file and line that define it).
 */
async function dictionaryFiles(locale) {
  const parts = await readdir(join(root, 'src/i18n', locale)).catch(() => []);
  return [
    join(root, 'src/i18n', `${locale}.ts`),
    ...parts.filter((name) => name.endsWith('.ts')).map((name) => join(root, 'src/i18n', locale, name)),
  ];
}

/** Checks every page and both UI dictionaries; returns printable problem lines. */
export async function checkProject() {
  const problems = [];
  const report = (file, finding) =>
    problems.push(
      `${relative(root, file)}:${finding.line}${finding.key ? ` [${finding.key}]` : ''}  found “${finding.found}” → use “${finding.use}”`,
    );
  for (const locale of LOCALES) {
    for (const file of await listPages(join(root, 'src/content/docs', locale))) {
      for (const finding of findInPage(await readFile(file, 'utf8'), locale)) report(file, finding);
    }
    const strings = (await import(`../src/i18n/${locale}.ts`))[locale];
    for (const file of await dictionaryFiles(locale)) {
      const source = await readFile(file, 'utf8');
      const own = Object.fromEntries(Object.entries(strings).filter(([key]) => source.includes(`'${key}':`)));
      for (const finding of findInStrings(own, locale, source)) report(file, finding);
    }
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = await checkProject();
  if (problems.length > 0) {
    console.error(`Glossary check failed: ${problems.length} non-preferred terms\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`Glossary check: ${GLOSSARY.length} concepts, no non-preferred term in any page or UI string.`);
}
