import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/**
 * A reader who loses the connection: demos whose code has not loaded say so (in the page's
 * language, without claiming that training stopped) and load when the connection returns; the
 * receptive field does not keep the untrained stand-in for its pretrained model after reconnecting;
 * Starlight's search says it cannot search and searches once back online. Nothing throws.
 */

const EN_CODE_FAILED = 'This demo could not be loaded (is the connection down?)';
const KO_CODE_FAILED = '이 데모를 불러오지 못했습니다(연결이 끊겼나요?)';

/** Uncaught errors on the page and its workers (console noise from failed requests is expected offline). */
function uncaught(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Opens a page and goes offline as soon as its HTML is parsed: its demos' code (loaded when idle) is not in yet. */
async function openThenOffline(page: Page, path: string): Promise<void> {
  await page.goto(path, { waitUntil: 'domcontentloaded' });
  await page.context().setOffline(true);
}

test('demos whose code has not loaded say so offline and load when the connection returns', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = uncaught(page);
  await openThenOffline(page, '/en/variants/');
  const race = page.locator('variant-race');
  await expect(race.locator('.demo-status')).toContainText(EN_CODE_FAILED, { timeout: 30_000 });
  await expect(race).toHaveAttribute('data-load-failed', 'offline');
  // Nothing was training, and it is not said to have stopped.
  await expect(page.locator('[data-demo] .demo-status', { hasText: /stopped/i })).toHaveCount(0);
  expect(await page.evaluate(() => customElements.get('variant-race') === undefined)).toBe(true);
  // Reaching a demo while offline does not try (and spoil) the import either.
  await race.scrollIntoViewIfNeeded();
  await race.hover();
  await expect(race).toHaveAttribute('data-load-failed', 'offline');

  await page.context().setOffline(false);
  await expect(race).not.toHaveAttribute('data-load-failed', /./, { timeout: 30_000 });
  await expect(race.locator('.demo-status')).not.toContainText(EN_CODE_FAILED);
  await expect(race.locator('button[data-action="train"]')).toBeEnabled({ timeout: 60_000 });
  for (const demo of await page.locator('[data-demo]').all()) {
    await expect(demo.locator('.demo-status')).not.toContainText(EN_CODE_FAILED, { timeout: 30_000 });
  }
  expect(errors).toEqual([]);
});

test('an import that fails while the connection is up asks for a reload', async ({ page }) => {
  const errors = uncaught(page);
  // The receptive field's element module fails as on a connection that drops requests.
  await page.route(/\/_astro\/receptive-field\.[\w-]+\.js$/, (route) => route.abort('connectionreset'));
  await page.goto('/en/variants/');
  const field = page.locator('receptive-field');
  await expect(field).toHaveAttribute('data-load-failed', 'failed', { timeout: 30_000 });
  await expect(field.locator('.demo-status')).toHaveText(
    'This demo could not be loaded. Reload the page to load it again.',
  );
  await page.unroute(/\/_astro\/receptive-field\.[\w-]+\.js$/);
  await page.reload();
  await field.scrollIntoViewIfNeeded();
  await expect(field).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  expect(errors).toEqual([]);
});

test('in Korean the offline line is Korean, and the lab loads once back online', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = uncaught(page);
  await openThenOffline(page, '/ko/training/?engine=scratch');
  const lab = page.locator('training-lab');
  await expect(lab.locator('.demo-status')).toContainText(KO_CODE_FAILED, { timeout: 30_000 });
  await page.context().setOffline(false);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('button[data-action="train"]')).toBeEnabled({ timeout: 90_000 });
  await expect(lab.locator('.demo-status')).not.toContainText(KO_CODE_FAILED);
  expect(errors).toEqual([]);
});

test('the receptive field shows its pretrained model again once the connection returns', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = uncaught(page);
  await page.goto('/en/variants/');
  // Its code is in (loaded when the page was idle); the model file is fetched when it is shown.
  await expect.poll(() => page.evaluate(() => customElements.get('receptive-field') !== undefined)).toBe(true);
  await page.context().setOffline(true);
  const field = page.locator('receptive-field');
  await field.scrollIntoViewIfNeeded();
  await expect(field).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(field).toHaveAttribute('data-pretrained', 'false');
  await expect(field.locator('.demo-status')).toContainText('No pretrained synced model could be loaded');

  await page.context().setOffline(false);
  await expect(field).toHaveAttribute('data-pretrained', 'true', { timeout: 30_000 });
  await expect(field).toHaveAttribute('data-state', 'ready');
  await expect(field.locator('.demo-status')).not.toContainText('No pretrained');
  await expect(field.locator('.demo-status')).toContainText('pretrained weights');
  expect(errors).toEqual([]);
});

test.describe('search offline', () => {
  const input = '#starlight__search input';
  const notice = '#starlight__search .search-load-notice';

  test('before its code loaded: says so in Korean, then works once back online', async ({ page }) => {
    const errors = uncaught(page);
    await openThenOffline(page, '/ko/introduction/');
    await page.locator('button[data-open-modal]').click();
    await expect(page.locator(notice)).toHaveText('검색을 불러오지 못했습니다. 연결이 돌아오면 다시 시도합니다.', {
      timeout: 30_000,
    });
    await page.context().setOffline(false);
    await expect(page.locator(notice)).toHaveCount(0, { timeout: 30_000 });
    await page.locator(input).fill('은닉 상태');
    await expect(page.locator('.pagefind-ui__message')).toHaveText(/^‘은닉 상태’ 검색 결과 \d+건$/, {
      timeout: 30_000,
    });
    expect(errors).toEqual([]);
  });

  test('after it loaded: typing offline is held and searched when the connection returns', async ({ page }) => {
    const errors = uncaught(page);
    await page.goto('/en/introduction/');
    await expect(page.locator(input)).toBeAttached({ timeout: 30_000 });
    await page.context().setOffline(true);
    await page.locator('button[data-open-modal]').click();
    await page.locator(input).pressSequentially('hidden state');
    await expect(page.locator(notice)).toHaveText(
      'Cannot search while offline. The search runs when the connection returns.',
    );
    await expect(page.locator('.pagefind-ui__result')).toHaveCount(0);
    await page.context().setOffline(false);
    await expect(page.locator(notice)).toHaveCount(0);
    await expect(page.locator('.pagefind-ui__message')).toHaveText(/^\d+ results? for hidden state$/, {
      timeout: 30_000,
    });
    await expect(page.locator('.pagefind-ui__result').first()).toBeVisible();
    expect(errors).toEqual([]);
  });
});
