import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, sitePaths } from './fixtures';

/**
 * axe on every page in both locales, light and dark, on a desktop and on a 360-px phone: no
 * serious or critical violation. (The site root only redirects; it is not a page to read.)
 *
 * TEMPORARY: the demos (`[data-demo]`) are left out of the scan until their own violations are
 * fixed (dark-mode contrast of the primary buttons and messages, race charts without text
 * alternatives — see the infra report of issue 11). Remove the `.exclude` below then.
 */
const DEMOS_NOT_YET_SCANNED = '[data-demo]';

const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 360, height: 780 },
} as const;

/** One line per failing node: page, rule, impact, element and what to fix. */
async function seriousViolations(page: Page, path: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).exclude(DEMOS_NOT_YET_SCANNED).analyze();
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
        test.setTimeout(300_000);
        await page.addInitScript((chosen) => localStorage.setItem('starlight-theme', chosen), theme);
        const paths = [...(await sitePaths(page, 'ko')), ...(await sitePaths(page, 'en')), '/404.html'];
        const found: string[] = [];
        for (const path of paths) {
          await page.goto(path, { waitUntil: 'load' });
          await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
          found.push(...(await seriousViolations(page, path)));
        }
        expect(found).toEqual([]);
      });
    });
  }
}
