import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { revealDemos } from './demo-helpers';
import { test, expect, sitePaths } from './fixtures';

/**
 * axe on every page in both locales, light and dark, on a desktop and on a 360-px phone: no
 * serious or critical violation, demos included. Each page is scanned once its demos have loaded
 * and shown their first state (enabled buttons, drawn charts, filled tables), which is what a
 * reader meets. (The site root only redirects; it is not a page to read.)
 */

const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 360, height: 780 },
} as const;

/** One line per failing node: page, rule, impact, element and what to fix. */
async function seriousViolations(page: Page, path: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${path} ${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${node.failureSummary ?? ''}`,
      ),
    );
}

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  for (const theme of ['light', 'dark'] as const) {
    test.describe(`${device}, ${theme}`, () => {
      test.use({ viewport, colorScheme: theme });

      test(`every page in both locales has no serious or critical axe violation (${device}, ${theme})`, async ({
        page,
      }) => {
        test.setTimeout(600_000);
        await page.addInitScript((chosen) => localStorage.setItem('starlight-theme', chosen), theme);
        const paths = [...(await sitePaths(page, 'ko')), ...(await sitePaths(page, 'en')), '/404.html'];
        const found: string[] = [];
        for (const path of paths) {
          await page.goto(path, { waitUntil: 'load' });
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
          await revealDemos(page);
          found.push(...(await seriousViolations(page, path)));
        }
        expect(found).toEqual([]);
      });
    });
  }
}
