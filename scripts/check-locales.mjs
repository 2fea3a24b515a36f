/**
 * Fails when the Korean and English chapters drift apart: every page must exist in both
 * `src/content/docs/ko` and `src/content/docs/en` with the same slug, the same imports and the
 * same components, so that only the prose differs. Run by `npm test` before the build.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const LOCALES = ['ko', 'en'];
const docsRoot = new URL('../src/content/docs/', import.meta.url).pathname;

async function listPages(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listPages(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat().filter((file) => /\.(md|mdx)$/.test(file));
}

/** The lines that must be identical across locales: imports and component tags with their props. */
function structure(source) {
  const imports = source.match(/^import .*$/gm) ?? [];
  const components = source.match(/<[A-Z][A-Za-z]*\b[^>]*>/g) ?? [];
  return [...imports, ...components].join('\n');
}

const problems = [];
const pagesByLocale = {};
for (const locale of LOCALES) {
  const files = await listPages(join(docsRoot, locale)).catch(() => []);
  pagesByLocale[locale] = new Set(files.map((file) => relative(join(docsRoot, locale), file)));
}
for (const locale of LOCALES) {
  for (const page of pagesByLocale[locale]) {
    for (const other of LOCALES.filter((name) => name !== locale)) {
      if (!pagesByLocale[other].has(page)) problems.push(`${locale}/${page} has no ${other} version`);
    }
  }
}
for (const page of pagesByLocale.ko) {
  if (!pagesByLocale.en.has(page)) continue;
  const [ko, en] = await Promise.all(LOCALES.map((locale) => readFile(join(docsRoot, locale, page), 'utf8')));
  if (structure(ko) !== structure(en)) problems.push(`${page}: ko and en differ in imports or components`);
}
if (problems.length > 0) {
  console.error(`Locale check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `Locale check: ${pagesByLocale.ko.size} pages, each in ${LOCALES.join(' and ')} with the same imports and components.`,
);
