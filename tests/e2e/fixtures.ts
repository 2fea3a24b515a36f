import { test as base, expect, type Page } from '@playwright/test';

/** Problems a page reported while loading: console errors, uncaught exceptions, failed requests. */
export interface PageProblems {
  list: string[];
}

/**
 * `problems` collects console errors, page errors, failed requests and HTTP errors on the page,
 * so each test can assert that a page loaded cleanly.
 */
export const test = base.extend<{ problems: PageProblems }>({
  problems: async ({ page }, use) => {
    const problems: PageProblems = { list: [] };
    watchPage(page, problems);
    await use(problems);
  },
});

function watchPage(page: Page, problems: PageProblems): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.list.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.list.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    problems.list.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.list.push(`HTTP ${response.status()}: ${response.url()}`);
  });
}

/** Every page path of the built site in one locale, read from the generated sitemap. */
export async function sitePaths(page: Page, locale: 'ko' | 'en'): Promise<string[]> {
  const response = await page.request.get('/sitemap-0.xml');
  expect(response.ok()).toBe(true);
  const xml = await response.text();
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]).pathname);
  return paths.filter((path) => path.startsWith(`/${locale}/`)).sort();
}

export { expect };
