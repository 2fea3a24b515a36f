/**
 * What the site search (Pagefind, run by Starlight after the build) indexes, and the words its
 * interface uses.
 *
 * - Math once (after the build, {@link searchIndexing}): KaTeX writes each formula three times — MathML (for screen readers), its TeX source
 *   (an `<annotation>` inside the MathML) and the visual HTML — and Pagefind would index all three
 *   ("h(t)h^{(t)}h(t)" in an excerpt). Only the MathML's text is kept: it reads in order (a
 *   fraction's numerator before its denominator) and carries no zero-width spaces, unlike the HTML.
 * - Prose above code: code blocks count for less than text, so a term a chapter explains ranks
 *   that chapter above one where it only appears in a listing.
 * - Korean words: Pagefind's interface has Korean strings, but the build Starlight bundles never
 *   picks them by the page's language, so every result line read "4 results for 은닉 상태".
 *   Starlight passes its `pagefind.*` translations to the interface; these are the Korean ones, and
 *   in both languages the lines our loader (pagefind-ui.ts) shows when search cannot load.
 */

import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Weight of code blocks' text in the index (prose is 1, headings up to 7). */
export const CODE_BLOCK_WEIGHT = 0.25;

/** Calls `visit` for every element of a HAST tree. */
function eachElement(node, visit) {
  if (node.type === 'element') visit(node);
  for (const child of node.children ?? []) eachElement(child, visit);
}

/**
 * A built page with the TeX source and the visual HTML of every formula left out of the search
 * index (`data-pagefind-ignore`), so that the MathML's text is indexed alone. Works on KaTeX's
 * output wherever it was made: chapters, build-time figures (the glossary's table), demos' markup.
 */
export function mathIndexedOnce(html) {
  return html
    .replace(/<span class="katex-html"/g, '<span data-pagefind-ignore class="katex-html"')
    .replace(/<annotation\b/g, '<annotation data-pagefind-ignore');
}

async function htmlFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return htmlFiles(path);
      return entry.name.endsWith('.html') ? [path] : [];
    }),
  );
  return nested.flat();
}

/**
 * Astro integration, listed before Starlight: after the build and before Starlight runs Pagefind
 * (integrations' hooks run in order), every page's math is marked by {@link mathIndexedOnce}.
 */
export function searchIndexing() {
  return {
    name: 'search-indexing',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const files = await htmlFiles(fileURLToPath(dir));
        await Promise.all(files.map(async (file) => writeFile(file, mathIndexedOnce(await readFile(file, 'utf8')))));
      },
    },
  };
}

/** Expressive Code plugin: every code block's text weighs {@link CODE_BLOCK_WEIGHT} in the search index. */
export function codeBlocksWeighLess() {
  return {
    name: 'Code blocks weigh less in search',
    hooks: {
      postprocessRenderedBlock: ({ renderData }) => {
        eachElement(renderData.blockAst, (element) => {
          if (element.tagName === 'pre') element.properties.dataPagefindWeight = String(CODE_BLOCK_WEIGHT);
        });
      },
    },
  };
}

/**
 * Pagefind's interface strings (Starlight's `pagefind.*` keys; [SEARCH_TERM], [COUNT] and
 * [DIFFERENT_TERM] are filled in by Pagefind), and the lines pagefind-ui.ts shows when search
 * cannot load or run (`load_failed`, `load_retry`, `offline`). English uses
 * Pagefind's own strings but for those.
 */
export const SEARCH_STRINGS = {
  ko: {
    'pagefind.clear_search': '지우기',
    'pagefind.load_more': '결과 더 보기',
    'pagefind.search_label': '이 사이트 검색',
    'pagefind.filters_label': '필터',
    'pagefind.zero_results': '‘[SEARCH_TERM]’에 맞는 결과가 없습니다',
    'pagefind.many_results': '‘[SEARCH_TERM]’ 검색 결과 [COUNT]건',
    'pagefind.one_result': '‘[SEARCH_TERM]’ 검색 결과 [COUNT]건',
    'pagefind.alt_search': '‘[SEARCH_TERM]’에 맞는 결과가 없어 ‘[DIFFERENT_TERM]’의 결과를 보여 드립니다',
    'pagefind.search_suggestion': '‘[SEARCH_TERM]’에 맞는 결과가 없습니다. 이런 검색어는 어떨까요?',
    'pagefind.searching': '‘[SEARCH_TERM]’ 검색 중…',
    'pagefind.load_failed': '검색을 불러오지 못했습니다. 연결이 돌아오면 다시 시도합니다.',
    'pagefind.load_retry': '검색을 불러오지 못했습니다. 페이지를 새로 고친 뒤 다시 검색해 주세요.',
    'pagefind.offline': '연결이 끊겨 검색할 수 없습니다. 연결이 돌아오면 바로 검색합니다.',
  },
  en: {
    'pagefind.load_failed': 'Search could not be loaded. It tries again when the connection returns.',
    'pagefind.load_retry': 'Search could not be loaded. Reload the page, then search again.',
    'pagefind.offline': 'Cannot search while offline. The search runs when the connection returns.',
  },
};

/** Starlight plugin that gives Pagefind's interface {@link SEARCH_STRINGS}. */
export function searchStrings() {
  return {
    name: 'search-strings',
    hooks: {
      'i18n:setup': ({ injectTranslations }) => injectTranslations(SEARCH_STRINGS),
      'config:setup': () => undefined,
    },
  };
}
