import { test, expect, sitePaths } from './fixtures';

test('every page in both locales loads without console errors or failed requests', async ({ page, problems }) => {
  const korean = await sitePaths(page, 'ko');
  const english = await sitePaths(page, 'en');
  expect(korean.length).toBeGreaterThan(0);
  expect(english.map((path) => path.replace(/^\/en\//, '/'))).toEqual(
    korean.map((path) => path.replace(/^\/ko\//, '/')),
  );
  for (const path of [...korean, ...english]) {
    await page.goto(path, { waitUntil: 'networkidle' });
    await expect(page.locator('h1').first()).toBeVisible();
    expect(problems.list, `problems on ${path}`).toEqual([]);
  }
});

test('each chapter renders KaTeX, with the same equations in Korean and English', async ({ page }) => {
  // The chapters, not the single-demo pages (/demo/…), which show one demo and no text.
  const chapters = (await sitePaths(page, 'ko')).filter((path) => !path.includes('/demo/'));
  for (const koreanPath of chapters) {
    const display: Record<string, string[]> = {};
    const inline: Record<string, string[]> = {};
    for (const locale of ['ko', 'en']) {
      await page.goto(koreanPath.replace(/^\/ko\//, `/${locale}/`));
      const count = await page.locator('.sl-markdown-content .katex').count();
      expect(count, `${locale} ${koreanPath} has rendered math`).toBeGreaterThan(0);
      // The text's math: demos typeset their own (the unrolled demo's equation) once their code has loaded.
      display[locale] = await page
        .locator('.katex-display .katex-mathml annotation:not([data-demo] *)')
        .allTextContents();
      const all = await page.locator('.katex-mathml annotation:not([data-demo] *)').allTextContents();
      inline[locale] = all.filter((tex) => !display[locale].includes(tex)).sort();
    }
    // Display equations appear in the same order; inline symbols may move with each language's word order.
    expect(display.en).toEqual(display.ko);
    expect(inline.en).toEqual(inline.ko);
  }
});

test('no KaTeX or CDN script reaches the reader', async ({ page }) => {
  const requests: Array<{ url: string; type: string }> = [];
  page.on('request', (request) => requests.push({ url: request.url(), type: request.resourceType() }));
  await page.goto('/en/introduction/', { waitUntil: 'networkidle' });
  expect(requests.length).toBeGreaterThan(0);
  expect(requests.filter(({ url }) => new URL(url).hostname !== '127.0.0.1')).toEqual([]);
  const scripts = requests.filter(({ type }) => type === 'script').map(({ url }) => url);
  expect(scripts.filter((url) => /katex/i.test(url))).toEqual([]);
  const fontsLoaded = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].some((font) => font.family.includes('KaTeX') && font.status === 'loaded');
  });
  expect(fontsLoaded).toBe(true);
});

test('the language picker moves between the two versions of a page', async ({ page }) => {
  await page.goto('/ko/introduction/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await page.locator('starlight-lang-select select').first().selectOption({ label: 'English' });
  await expect(page).toHaveURL(/\/en\/introduction\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // The picker acts once the page's scripts have run (a choice made before that is not seen).
  await page.waitForLoadState('load');
  await page.locator('starlight-lang-select select').first().selectOption({ label: '한국어' });
  await expect(page).toHaveURL(/\/ko\/introduction\/$/);
});

test.describe('the site root leads to a chapter', () => {
  test.describe('for an English reader', () => {
    test.use({ locale: 'en-US' });
    test('goes to the English introduction', async ({ page }) => {
      await page.goto('/');
      await expect(page).toHaveURL(/\/en\/introduction\/$/);
      await expect(page.locator('h1')).toHaveText('Introduction');
    });
  });
  test.describe('for a Korean reader', () => {
    test.use({ locale: 'ko-KR' });
    test('goes to the Korean introduction', async ({ page }) => {
      await page.goto('/');
      await expect(page).toHaveURL(/\/ko\/introduction\/$/);
    });
  });
  test.describe('for any other reader', () => {
    test.use({ locale: 'fr-FR' });
    test('goes to Korean, the default', async ({ page }) => {
      await page.goto('/');
      await expect(page).toHaveURL(/\/ko\/introduction\/$/);
    });
  });
  test('a missing page gets the site 404 page, not a bare error', async ({ page }) => {
    const response = await page.goto('/en/no-such-chapter/');
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1')).toBeVisible();
  });
});

test('the introduction counts the parameters from the code and draws the task from the data generator', async ({
  page,
}) => {
  await page.goto('/en/introduction/');
  // F·H + H² + H + H·O + O + O·1 + 1 with F = 1, H = O = 32.
  await expect(page.locator('[data-param-count]')).toHaveAttribute(
    'data-param-count',
    String(32 + 32 * 32 + 32 + 32 * 32 + 32 + 32 + 1),
  );
  await expect(page.locator('[data-param-count]')).toHaveText('2,177');
  // Drawn twice, wide and narrow; the one that fits the screen shows.
  const figure = page.locator('.task-figure svg:visible');
  await expect(figure).toHaveAttribute('aria-label', /8 steps ahead/);
  await expect(figure.locator('path.input')).toHaveAttribute('d', /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){63}$/);
  await page.goto('/ko/introduction/');
  await expect(page.locator('[data-param-count]')).toHaveText('2,177');
});
