import { test, expect } from './fixtures';
import { openLab } from './lab-helpers';

/**
 * A browser without WebGL: every canvas (page and OffscreenCanvas) refuses WebGL contexts.
 * Chromium cannot be started without software WebGL (Playwright always enables SwiftShader),
 * so the APIs are taken away before any page script runs. With no WebGL for an
 * OffscreenCanvas, the lab also has to train on the page instead of in a worker.
 */
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    for (const prototype of [HTMLCanvasElement.prototype, OffscreenCanvas.prototype] as Array<{
      getContext: (...args: unknown[]) => unknown;
    }>) {
      const original = prototype.getContext;
      prototype.getContext = function (this: unknown, kind: unknown, ...rest: unknown[]) {
        return /webgl/i.test(String(kind)) ? null : original.call(this, kind, ...rest);
      };
    }
  });
});

test('without WebGL the lab falls back, says so, and still trains', async ({ page, problems }) => {
  const lab = await openLab(page, '?engine=webgl&steps=30');
  await expect(lab).toHaveAttribute('data-backend', /^(wasm|cpu)$/);
  await expect(lab.locator('.demo-message')).toContainText(
    'WebGL could not be used (this browser does not offer it), so the lab trains with TensorFlow.js',
  );
  await expect(lab.locator('.demo-message')).toContainText('Training runs on this page');
  await lab.getByRole('button', { name: /^Train/ }).click();
  await expect(lab).toHaveAttribute('data-step', '30', { timeout: 90_000 });
  expect(Number(await lab.getAttribute('data-loss'))).toBeGreaterThan(0);
  expect(problems.list).toEqual([]);
});
