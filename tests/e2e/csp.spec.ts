import { createHash } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { test, expect, sitePaths } from './fixtures';

/**
 * The Content-Security-Policy every page carries (scripts/csp.mjs). Every test here, like every
 * other e2e test, also fails on any violation reported by a page or a worker (fixtures.ts).
 */

/** Pages that only send the reader on: the site root and each locale's root. */
const REDIRECTS = ['/', '/ko/', '/en/'];

/** Every page of the built site: the redirects, the chapters in both locales, and the 404 page. */
async function allPaths(page: Page): Promise<string[]> {
  return [...REDIRECTS, ...(await sitePaths(page, 'ko')), ...(await sitePaths(page, 'en')), '/404.html'];
}

/** The policy's directives: name → sources. */
function directives(policy: string): Map<string, string[]> {
  const entries = policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0]);
  return new Map(entries.map(([name = '', ...sources]) => [name, sources]));
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Sources a directive may list; anything else (another origin, `unsafe-eval`, `blob:`…) fails. */
const ALLOWED: Record<string, RegExp> = {
  'script-src': /^('self'|'wasm-unsafe-eval'|'sha256-[A-Za-z0-9+/]+=*')$/,
  'style-src': /^('self'|'unsafe-inline')$/,
  'img-src': /^('self'|data:)$/,
  'font-src': /^('self'|data:)$/,
};

test('every page carries a strict policy before its first script, listing each inline script it runs', async ({
  page,
}) => {
  for (const path of await allPaths(page)) {
    const html = await (await page.request.get(path)).text();
    const metas = [...html.matchAll(/<meta http-equiv="content-security-policy" content="([^"]*)">/gi)];
    expect(metas, `${path} has one policy`).toHaveLength(1);
    const [meta] = metas;
    if (!meta) continue;
    const firstScript = html.search(/<script\b/i);
    if (firstScript >= 0) expect(meta.index, `${path}: policy before the first script`).toBeLessThan(firstScript);
    const policy = directives(meta[1] ?? '');
    for (const [name, sources] of policy) {
      for (const source of sources) {
        expect(source, `${path}: ${name}`).toMatch(ALLOWED[name] ?? /^('self'|'none')$/);
      }
    }
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src-attr'), 'inline event handlers never run').toEqual(["'none'"]);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    const scriptSources = policy.get('script-src') ?? [];
    for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (/\ssrc=/.test(script[1] ?? '')) continue;
      expect(scriptSources, `${path}: inline script hashed`).toContain(sha256(script[2] ?? ''));
    }
  }
});

test('no page relies on inline event handlers (the policy would block them)', async ({ page }) => {
  for (const path of await allPaths(page)) {
    await page.goto(path, { waitUntil: 'domcontentloaded' });
    const read = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('*')].flatMap((element) =>
          [...element.attributes]
            .filter((attribute) => attribute.name.startsWith('on'))
            .map((attribute) => `<${element.localName} ${attribute.name}="${attribute.value}">`),
        ),
      );
    // A redirect page may move on while it is read (more than once on a busy machine): then the
    // page it lands on is read instead.
    let handlers: string[] | null = null;
    for (let attempt = 0; handlers === null; attempt++) {
      handlers = await read().catch(async (error: unknown) => {
        if (attempt >= 4) throw error;
        await page.waitForLoadState('load');
        return null;
      });
    }
    expect(handlers, path).toEqual([]);
  }
});

test('every page in both locales loads, scrolls to the end and searches under the policy', async ({ page }) => {
  test.setTimeout(240_000);
  for (const path of await allPaths(page)) {
    if (REDIRECTS.includes(path)) continue; // they only redirect (see site.spec.ts); their policy is checked above
    await page.goto(path, { waitUntil: 'networkidle' });
    // Demos load their code when they come into view.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForLoadState('networkidle');
  }
  // Search loads Pagefind, which compiles WebAssembly; Enter submits its form.
  await page.goto('/en/introduction/');
  await page
    .getByRole('button', { name: /search/i })
    .first()
    .click();
  const search = page.getByRole('dialog').getByRole('textbox', { name: 'Search' });
  await search.fill('recurrent');
  await expect(page.getByRole('dialog').getByRole('link', { name: 'Training live' })).toBeVisible();
  await search.press('Enter');
  await expect(page).toHaveURL(/\/en\/introduction\/$/);
});

/** Opens the training lab with a query and waits until it has a model and can train. */
async function openLab(page: Page, query: string): Promise<Locator> {
  await page.goto(`/en/training/${query}`);
  const lab = page.locator('[data-demo="training-lab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
  await expect(lab.getByRole('button', { name: /^Train/ })).toBeEnabled();
  return lab;
}

for (const [engine, backend] of [
  ['webgl', 'webgl'],
  ['wasm', 'wasm'],
  ['scratch', 'scratch'],
] as const) {
  test(`the lab trains on ${engine} under the policy`, async ({ page }) => {
    const lab = await openLab(page, `?engine=${engine}&steps=5`);
    await expect(lab).toHaveAttribute('data-backend', backend);
    await lab.getByRole('button', { name: /^Train/ }).click();
    await expect(lab).toHaveAttribute('data-step', '5', { timeout: 90_000 });
  });
}

test('a model file imports under the policy', async ({ page }) => {
  const lab = await openLab(page, '?engine=scratch');
  const model = await (await page.request.get('/models/delayed.json')).body();
  await lab
    .locator('input[type="file"]')
    .setInputFiles({ name: 'delayed.json', mimeType: 'application/json', buffer: model });
  await expect(lab.getByRole('status').filter({ hasText: 'Imported delayed.json' })).toBeVisible();
});

test('the variants and inside demos run under the policy', async ({ page }) => {
  await page.goto('/en/variants/?race.steps=20');
  const race = page.locator('[data-demo="variant-race"]');
  await race.scrollIntoViewIfNeeded();
  const train = race.locator('button[data-action="train"]');
  await expect(train).toBeEnabled({ timeout: 60_000 });
  await train.click();
  await expect(race).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const field = page.locator('[data-demo="receptive-field"]');
  await field.scrollIntoViewIfNeeded();
  await field.locator('select[name="gradient"]').selectOption('tfjs');
  await expect(field).toHaveAttribute('data-gradient-source', 'tfjs', { timeout: 60_000 });

  await page.goto('/en/inside/');
  const check = page.locator('[data-demo="gradient-check"]');
  await check.scrollIntoViewIfNeeded();
  await check.getByRole('button', { name: 'Check gradients' }).click();
  await expect(check).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const unrolled = page.locator('[data-demo="unrolled"]');
  await unrolled.scrollIntoViewIfNeeded();
  await unrolled.getByRole('button', { name: 'Step forward' }).click();
  await expect(unrolled).toHaveAttribute('data-t', '1');
});

// Forms are kept from submitting by script (an onsubmit attribute would be blocked): Enter in any
// demo's text or number field must not reload the page.
test('pressing Enter in a demo setting neither reloads the page nor trips the policy', async ({ page }) => {
  for (const path of ['/en/training/', '/en/variants/']) {
    await page.goto(path);
    // A page load would drop this mark.
    await page.evaluate(() => document.documentElement.setAttribute('data-still-here', ''));
    const fields = page.locator('[data-demo] form').locator('input[type="number"], input[type="text"]');
    for (const field of await fields.all()) {
      if (!(await field.isVisible())) continue;
      await field.scrollIntoViewIfNeeded();
      await field.press('Enter');
    }
    expect(await fields.count(), `${path} has demo fields`).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    await expect(page.locator('html'), `${path}: no page load`).toHaveAttribute('data-still-here', '');
  }
});
