import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Buttons that only a demo's code enables (not the preset, copy-link or engine buttons usable from the markup). */
const CODE_ENABLED =
  'button[data-action]:enabled:not([data-action="preset"], [data-action^="copy-"], [data-action="measure-again"])';

/**
 * Brings every demo of the page near the viewport, so that it loads its code and starts, waits
 * until its element is defined and it is ready to use — it shows an enabled button of its own, or
 * (a predict-then-run demo, whose buttons wait for an answer) it says which answer is committed —
 * and the next frames are drawn (it has seen itself on screen), then scrolls back to the top.
 */
export async function revealDemos(page: Page): Promise<void> {
  for (const demo of await page.locator('[data-demo]').all()) {
    await demo.scrollIntoViewIfNeeded();
    const tag = await demo.evaluate((element) => element.localName);
    await page.waitForFunction((name) => customElements.get(name) !== undefined, tag, { timeout: 60_000 });
    await expect
      .poll(
        () =>
          demo.evaluate(
            (element, buttons) =>
              element.hasAttribute('data-answer') ||
              [...element.querySelectorAll(buttons)].some((button) => button.checkVisibility()),
            CODE_ENABLED,
          ),
        { timeout: 60_000 },
      )
      .toBe(true);
    await demo.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}
