/**
 * Teacher mode, end to end: every demo's copy link reopens it at its anchor with the same
 * settings in the other language; presets; controls hidden through the URL; a demo alone on its
 * own page (also inside an iframe); a trained model carried in a link; print.
 */
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { action } from './lab-helpers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** A demo by its `data-demo`. */
function demo(page: Page, id: string): Locator {
  return page.locator(`[data-demo="${id}"]`);
}

/** Copies the demo's link and returns it (the clipboard's text, which is also the `data-link` hook). */
async function copyLink(page: Page, root: Locator, name = 'copy-link'): Promise<string> {
  await action(root, name).click();
  await expect(root).toHaveAttribute('data-link', /^http/);
  const link = (await root.getAttribute('data-link')) ?? '';
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  return link;
}

/**
 * Opens `url` in a new tab of the context (the first tab keeps loading what it loads lazily, so
 * nothing is cut off by a navigation), collecting its console errors, uncaught errors and HTTP
 * errors into `errors`.
 */
async function visit(context: BrowserContext, url: string, errors: string[]): Promise<Page> {
  const tab = await context.newPage();
  tab.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  tab.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  tab.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await tab.goto(url);
  return tab;
}

/** The same link in the other language (the locale segment swapped). */
function otherLanguage(link: string): string {
  const url = new URL(link);
  url.pathname = url.pathname.replace(/^\/(ko|en)\//, (_, locale: string) => (locale === 'ko' ? '/en/' : '/ko/'));
  return url.href;
}

interface DemoCase {
  id: string;
  path: string;
  /** Changes a setting (or picks a preset) so the link has something to carry. */
  change: (root: Locator) => Promise<void>;
  /** Checks that the reopened demo shows that setting. */
  check: (root: Locator) => Promise<void>;
}

const CASES: DemoCase[] = [
  {
    id: 'receptive-field',
    path: '/en/variants/',
    change: async (root) => {
      await root.locator('button[data-preset="bidirectional"]').click();
      await expect(root).toHaveAttribute('data-variant', 'bidirectional');
    },
    check: async (root) => {
      await expect(root.locator('[name="variant"]')).toHaveValue('bidirectional');
      await expect(root.locator('button[data-preset="bidirectional"]')).toHaveAttribute('aria-pressed', 'true');
      await expect(root).toHaveAttribute('data-variant', 'bidirectional');
    },
  },
  {
    id: 'unrolled',
    path: '/ko/inside/',
    change: async (root) => {
      await expect(action(root, 'forward')).toBeEnabled();
      await root.locator('button[data-preset="settled"]').click();
      await expect(root).toHaveAttribute('data-t', '16');
    },
    check: async (root) => expect(root).toHaveAttribute('data-t', '16'),
  },
  {
    id: 'gradient-check',
    path: '/en/inside/',
    change: async (root) => {
      await root.locator('[name="variant"]').selectOption('delayed');
    },
    check: (root) => expect(root.locator('[name="variant"]')).toHaveValue('delayed'),
  },
  {
    id: 'variant-race',
    path: '/ko/variants/',
    change: async (root) => {
      await root.locator('[name="steps"]').fill('120');
      await root.locator('[name="steps"]').press('Tab');
    },
    check: (root) => expect(root.locator('[name="steps"]')).toHaveValue('120'),
  },
  {
    id: 'training-lab',
    path: '/en/training/',
    change: async (root) => {
      await root.locator('[name="hidden"]').fill('12');
      await root.locator('[name="hidden"]').press('Tab');
    },
    check: (root) => expect(root.locator('[name="hidden"]')).toHaveValue('12'),
  },
];

for (const item of CASES) {
  test(`the ${item.id} link reopens it at its anchor with the same settings, in the other language too`, async ({
    page,
    context,
    problems,
  }) => {
    await page.goto(item.path);
    const root = demo(page, item.id);
    await expect(root).toHaveAttribute('id', `demo-${item.id}`);
    await root.scrollIntoViewIfNeeded();
    // Changed at once, maybe before the demo's code has arrived: the change must survive its start.
    await item.change(root);
    const link = await copyLink(page, root);
    expect(new URL(link).hash).toBe(`#demo-${item.id}`);
    const errors: string[] = [];
    for (const target of [otherLanguage(link), link]) {
      const reopened = demo(await visit(context, target, errors), item.id);
      await item.check(reopened);
      await expect(reopened).toBeInViewport();
    }
    expect(problems.list).toEqual([]);
    expect(errors).toEqual([]);
  });
}

/** Holds back the module of demo `name` until the returned function is called. */
async function holdDemoCode(page: Page, name: string): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(new RegExp(`/${name}\\.[^/]*\\.js$`), async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('a setting changed before the demo’s code has arrived is kept once it starts, and goes into the address', async ({
  page,
}) => {
  // The demo's code waits until the reader has changed a setting in the plain form.
  const release = await holdDemoCode(page, 'gradient-check');
  await page.goto('/en/inside/');
  const root = demo(page, 'gradient-check');
  await root.scrollIntoViewIfNeeded();
  await root.locator('[name="variant"]').selectOption('delayed');
  expect(await page.evaluate(() => customElements.get('gradient-check'))).toBeUndefined();
  release();
  await page.waitForFunction(() => customElements.get('gradient-check') !== undefined);
  await expect(root.locator('[name="variant"]')).toHaveValue('delayed');
  await expect(page).toHaveURL(/gc\.variant=delayed/);
});

test('a preset pressed before the demo’s code has arrived is applied once it starts', async ({ page }) => {
  const release = await holdDemoCode(page, 'receptive-field');
  await page.goto('/en/variants/');
  const root = demo(page, 'receptive-field');
  await root.scrollIntoViewIfNeeded();
  await root.locator('button[data-preset="bidirectional"]').click();
  expect(await page.evaluate(() => customElements.get('receptive-field'))).toBeUndefined();
  release();
  await expect(root).toHaveAttribute('data-variant', 'bidirectional', { timeout: 60_000 });
  await expect(root.locator('[name="variant"]')).toHaveValue('bidirectional');
});

test('a link can hide controls: only Train and Pause, or a fixed engine; unknown names get a note', async ({
  page,
  context,
  problems,
}) => {
  await page.goto('/en/variants/?race.show=train,pause&rf.hide=gradient,presets,bogus');
  const race = demo(page, 'variant-race');
  await expect(action(race, 'train')).toBeVisible();
  await expect(action(race, 'pause')).toBeVisible();
  for (const hidden of [action(race, 'reset'), action(race, 'copy-link'), race.locator('.demo-controls')]) {
    await expect(hidden).toBeHidden();
  }
  const field = demo(page, 'receptive-field');
  await expect(field.locator('[name="gradient"]')).toBeHidden();
  await expect(field.locator('.demo-presets')).toBeHidden();
  await expect(field.locator('[name="variant"]')).toBeVisible();
  await expect(field.locator('.demo-notes')).toContainText('rf.hide: this demo has no control “bogus”');
  const errors: string[] = [];
  const lab = demo(await visit(context, '/ko/training/?engine=scratch&hide=engine,seed', errors), 'training-lab');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('[name="engine"]')).toBeHidden();
  await expect(lab.locator('[name="seed"]')).toBeHidden();
  await expect(lab.locator('[name="hidden"]')).toBeVisible();
  await expect(lab).toHaveAttribute('data-backend', 'scratch', { timeout: 60_000 });
  expect(problems.list).toEqual([]);
  expect(errors).toEqual([]);
});

test('a link may name a preset; its own settings still win, and an unknown preset gets a translated note', async ({
  page,
  context,
  problems,
}) => {
  await page.goto('/ko/variants/?rf.preset=delayed&rf.model=init');
  const field = demo(page, 'receptive-field');
  await expect(field.locator('[name="variant"]')).toHaveValue('delayed');
  await expect(field.locator('[name="model"]')).toHaveValue('init');
  const errors: string[] = [];
  const unrolled = demo(await visit(context, '/ko/inside/?un.preset=later', errors), 'unrolled');
  await expect(unrolled.locator('.demo-notes')).toContainText('이런 미리 정한 설정은 없습니다: “later”');
  expect(problems.list).toEqual([]);
  expect(errors).toEqual([]);
});

test('a demo alone on its own page runs, in both languages and inside an iframe', async ({
  page,
  context,
  problems,
}) => {
  await page.goto('/ko/demo/receptive-field/?rf.variant=delayed');
  const field = demo(page, 'receptive-field');
  await expect(field).toHaveAttribute('data-state', 'ready');
  await expect(field).toHaveAttribute('data-variant', 'delayed');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.locator('.page > header')).toBeHidden();
  await expect(page.locator('nav.sidebar, #starlight__sidebar')).toHaveCount(0);
  await expect(page.locator('a[data-chapter-link]')).toHaveAttribute('href', '/ko/variants/#demo-receptive-field');

  const origin = new URL(page.url()).origin;
  const errors: string[] = [];
  const alone = await visit(context, '/en/demo/unrolled/', errors);
  await expect(alone.locator('h1')).toHaveText('Unrolled network');
  await expect(demo(alone, 'unrolled')).toHaveAttribute('data-t', '0');
  await expect(alone.locator('.demo-status')).toContainText('t = 0');
  const framed = await context.newPage();
  await framed.setContent(
    `<iframe src="${origin}/en/demo/gradient-check/?gc.variant=bidirectional" width="800" height="700" title="demo"></iframe>`,
  );
  const frame = framed.frameLocator('iframe');
  const check = frame.locator('[data-demo="gradient-check"]');
  await check.locator('button[data-action="run"]').click();
  await expect(check).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(Number(await check.getAttribute('data-max-rel-error'))).toBeLessThan(1e-3);
  expect(problems.list).toEqual([]);
  expect(errors).toEqual([]);
});

test('a link with a trained model opens the lab trained, in the other language; a damaged one says so', async ({
  page,
  context,
  problems,
}) => {
  test.setTimeout(180_000);
  await page.goto('/en/training/?hidden=8&steps=60&engine=scratch#demo-training-lab');
  const lab = demo(page, 'training-lab');
  await expect(action(lab, 'train')).toBeEnabled({ timeout: 60_000 });
  await action(lab, 'train').click();
  await expect(lab).toHaveAttribute('data-phase', 'finished', { timeout: 120_000 });
  await expect(lab).toHaveAttribute('data-evaluated-step', '60');
  const trainedLate = Number(await lab.getAttribute('data-mse-late'));
  const link = await copyLink(page, lab, 'copy-model-link');
  expect(new URL(link).hash).toMatch(/^#demo-training-lab&model=[A-Za-z0-9_-]+$/);

  const errors: string[] = [];
  const opened = demo(await visit(context, otherLanguage(link), errors), 'training-lab');
  await expect(opened).toHaveAttribute('data-origin', 'imported', { timeout: 60_000 });
  await expect(opened.locator('.demo-status')).toContainText('링크에 담긴 모델로 열었습니다', { timeout: 60_000 });
  await expect(opened).toBeInViewport();
  const openedLate = Number(await opened.getAttribute('data-mse-late'));
  expect(Math.abs(openedLate - trainedLate)).toBeLessThan(1e-3 * trainedLate);

  const damagedLink = '/ko/training/?hidden=8&engine=scratch#demo-training-lab&model=AAAAnotamodel';
  const damaged = demo(await visit(context, damagedLink, errors), 'training-lab');
  await expect(damaged.locator('.demo-message')).toContainText('링크에 담긴 모델이 손상되어', { timeout: 60_000 });
  await expect(damaged).toHaveAttribute('data-origin', 'seed');
  expect(problems.list).toEqual([]);
  expect(errors).toEqual([]);
});

test('print shows the figures, numbers and settings of a demo, not its form and buttons', async ({
  page,
  problems,
}) => {
  await page.goto('/en/variants/?rf.variant=delayed');
  const field = demo(page, 'receptive-field');
  await field.scrollIntoViewIfNeeded();
  await expect(field).toHaveAttribute('data-state', 'ready');
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  await expect(field.locator('.demo-controls')).toBeHidden();
  await expect(field.locator('.demo-buttons')).toBeHidden();
  await expect(field.locator('.demo-presets')).toBeHidden();
  await expect(field.locator('svg').first()).toBeVisible();
  await expect(field.locator('.demo-status')).toBeVisible();
  await expect(field.locator('.rf-table')).toBeVisible();
  await expect(field.locator('.demo-print-settings')).toContainText('Model: delayed');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(problems.list).toEqual([]);
});

const DEMO_PAGE_IDS = [
  'compute-ladder',
  'training-lab',
  'variant-race',
  'early-error',
  'receptive-field',
  'unrolled',
  'gradient-check',
  'practice',
];

test('every demo has a page of its own that loads and becomes usable', async ({ page, problems }) => {
  test.setTimeout(300_000);
  for (const [index, id] of DEMO_PAGE_IDS.entries()) {
    const locale = index % 2 === 0 ? 'ko' : 'en';
    await page.goto(`/${locale}/demo/${id}/`);
    const alone = page.locator(`[data-demo="${id}"]`);
    await expect(alone, id).toHaveCount(1);
    await expect(page.locator('a[data-chapter-link]'), id).toHaveAttribute('href', new RegExp(`#demo-${id}$`));
    await expect(alone.locator('button[data-action]:enabled:visible').first(), id).toBeVisible({ timeout: 60_000 });
  }
  expect(problems.list).toEqual([]);
});
