import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * Brings every demo of the page near the viewport, so that it loads its code and starts, waits
 * until each shows an enabled button (it is ready to use), then scrolls back to the top.
 */
export async function revealDemos(page: Page): Promise<void> {
  for (const demo of await page.locator('[data-demo]').all()) {
    await demo.scrollIntoViewIfNeeded();
    // Visible as well: some demos keep a button hidden until it applies (e.g. "Measure again").
    await expect(demo.locator('button[data-action]:enabled:visible').first()).toBeVisible({ timeout: 60_000 });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}
