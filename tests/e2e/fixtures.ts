import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';

/** Problems a page reported while loading: console errors, uncaught exceptions, failed requests. */
export interface PageProblems {
  list: string[];
}

/** Prefix of the console line by which pages and workers report a Content-Security-Policy violation. */
const VIOLATION = 'Content Security Policy violation:';

/**
 * In every page and worker: report each `securitypolicyviolation` event as a console error, so
 * that violations a script catches (and Chromium does not log) are seen as well.
 */
function reportViolations(): void {
  addEventListener('securitypolicyviolation', (event) => {
    const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
    console.error(
      `Content Security Policy violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}${where}`,
    );
  });
}

/** Records CSP violations from every page of the context and its workers (auto fixture; asserts none at the end). */
async function watchPolicy(context: BrowserContext, violations: string[]): Promise<void> {
  await context.addInitScript(reportViolations);
  const record = (message: ConsoleMessage) => {
    const text = message.text();
    if (text.startsWith(VIOLATION) || /Content Security Policy/i.test(text)) violations.push(text);
  };
  const watch = (page: Page) => {
    page.on('console', record);
    page.on('worker', (worker) => {
      worker.on('console', record);
      worker.evaluate(reportViolations).catch(() => {
        /* the worker ended before it could be watched */
      });
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
}

/**
 * `problems` collects console errors, page errors, failed requests and HTTP errors on the page,
 * so each test can assert that a page loaded cleanly. `cspViolations` runs for every test by
 * itself: any Content-Security-Policy violation on any page or worker fails the test.
 */
export const test = base.extend<{ problems: PageProblems; cspViolations: string[] }>({
  problems: async ({ page }, use) => {
    const problems: PageProblems = { list: [] };
    watchPage(page, problems);
    await use(problems);
  },
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await watchPolicy(context, violations);
      await use(violations);
      expect([...new Set(violations)], 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

function watchPage(page: Page, problems: PageProblems): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.list.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.list.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A request the page itself dropped (the test navigated on while it was in flight) is not a fault.
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
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
