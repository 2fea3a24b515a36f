import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/**
 * The site search (Starlight's Pagefind): its interface speaks the page's language, excerpts show
 * each formula once as readable text (no TeX source), and code blocks weigh less than prose.
 */

/** Opens the search dialog and types `term`; resolves once results are listed. */
async function search(page: Page, term: string): Promise<void> {
  await expect(page.locator('#starlight__search input')).toBeAttached({ timeout: 30_000 });
  await page.locator('button[data-open-modal]').click();
  await page.locator('#starlight__search input').fill(term);
  await expect(page.locator('.pagefind-ui__result').first()).toBeVisible({ timeout: 30_000 });
}

/** Every excerpt of the listed results (loading more until all are shown). */
async function excerpts(page: Page): Promise<string[]> {
  const more = page.locator('.pagefind-ui__button', { hasText: /./ });
  while (await more.isVisible()) await more.click();
  return page.locator('.pagefind-ui__result-excerpt').allInnerTexts();
}

/** TeX source as it leaks into text: a control word, or a sub- or superscript group. */
const TEX = /\\[a-zA-Z]+|[_^]\{/;

test('Korean pages search in Korean, and excerpts show math once, without TeX', async ({ page, problems }) => {
  await page.goto('/ko/introduction/');
  await search(page, '은닉 상태');
  await expect(page.locator('.pagefind-ui__message')).toHaveText(/^‘은닉 상태’ 검색 결과 \d+건$/);
  await expect(page.locator('.pagefind-ui__search-clear')).toHaveText('지우기');
  await expect(page.locator('#starlight__search input')).toHaveAttribute('placeholder', '검색');
  const korean = await excerpts(page);
  expect(korean.length).toBeGreaterThan(3);
  expect(korean.filter((text) => TEX.test(text))).toEqual([]);
  // The hidden state's symbol is indexed once: "h(t)", never "h(t)h^{(t)}h(t)" or "h(t)h(t)".
  expect(korean.some((text) => text.includes('h(t)'))).toBe(true);
  expect(korean.filter((text) => /h\(t\)\s*h\(t\)/.test(text))).toEqual([]);

  await page.locator('.pagefind-ui__search-input').fill('존재하지않는검색어');
  await expect(page.locator('.pagefind-ui__message')).toHaveText('‘존재하지않는검색어’에 맞는 결과가 없습니다');
  expect(problems.list).toEqual([]);
});

test('English pages keep English, and no excerpt carries TeX (the glossary table included)', async ({ page }) => {
  await page.goto('/en/glossary/');
  await search(page, 'hidden state');
  await expect(page.locator('.pagefind-ui__message')).toHaveText(/^\d+ results for hidden state$/);
  const english = await excerpts(page);
  expect(english.filter((text) => TEX.test(text))).toEqual([]);
  await page.locator('.pagefind-ui__search-input').fill('gradient');
  await expect(page.locator('.pagefind-ui__message')).toHaveText(/results for gradient$/);
  expect((await excerpts(page)).filter((text) => TEX.test(text))).toEqual([]);
});

test('code blocks weigh less than prose: a page that only shows a word in code ranks below pages that explain it', async ({
  page,
}) => {
  await page.goto('/en/introduction/');
  // Pagefind's own API, as the interface calls it: results best first, with each match's weight.
  const ranked = (await page.evaluate(`(async () => {
    const pagefind = await import('/pagefind/pagefind.js');
    const { results } = await pagefind.search('function');
    return Promise.all(results.map(async (result) => {
      const data = await result.data();
      return { url: data.url, weights: data.weighted_locations.map((location) => location.weight) };
    }));
  })()`)) as Array<{ url: string; weights: number[] }>;
  const codeOnly = ranked
    .map((result, rank) => ({ ...result, rank }))
    .filter(({ weights }) => Math.max(...weights) < 1);
  const withProse = ranked.map((result, rank) => ({ ...result, rank })).filter(({ weights }) => weights.includes(1));
  // Both kinds exist for this word, code matches carry the lower weight, and prose ranks first.
  expect(codeOnly.length).toBeGreaterThan(0);
  expect(withProse.length).toBeGreaterThan(0);
  expect(new Set(codeOnly.flatMap(({ weights }) => weights))).toEqual(new Set([0.25]));
  expect(Math.max(...withProse.map(({ rank }) => rank))).toBeLessThan(Math.min(...codeOnly.map(({ rank }) => rank)));
});
