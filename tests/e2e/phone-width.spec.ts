import { revealDemos } from './demo-helpers';
import { test, expect, sitePaths } from './fixtures';

/**
 * On a 360-px phone no page is wider than the screen (nothing to scroll sideways but the boxes
 * meant to scroll), with every demo loaded and drawn; and every display equation is readable:
 * set at 14 px or more, and either within its column or scrollable from the keyboard.
 */
test.use({ viewport: { width: 360, height: 780 } });

/** Elements that stick out past the right edge of the screen (outermost ones only). */
function overflowing(width: number): string[] {
  const sticksOut = (element: Element) => element.getBoundingClientRect().right > width + 0.5;
  return [...document.querySelectorAll('body *')]
    .filter((element) => sticksOut(element) && !(element.parentElement && sticksOut(element.parentElement)))
    .slice(0, 5)
    .map((element) => `<${element.localName} class="${element.getAttribute('class') ?? ''}">`);
}

for (const locale of ['ko', 'en'] as const) {
  test(`every ${locale} page fits a 360-px phone, display equations included`, async ({ page }) => {
    test.setTimeout(300_000);
    const paths = [...(await sitePaths(page, locale)), ...(locale === 'en' ? ['/404.html'] : [])];
    const problems: string[] = [];
    for (const path of paths) {
      await page.goto(path, { waitUntil: 'load' });
      await revealDemos(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360)
        problems.push(`${path} is ${width} px wide: ${(await page.evaluate(overflowing, 360)).join(' ')}`);
      const equations = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.katex-display')].map((display) => ({
          fits: display.scrollWidth <= display.clientWidth + 1,
          focusable: display.tabIndex >= 0,
          fontPx: parseFloat(getComputedStyle(display.querySelector('.katex') ?? display).fontSize),
          tex: display.querySelector('annotation')?.textContent?.slice(0, 60) ?? '',
        })),
      );
      for (const equation of equations) {
        if (equation.fontPx < 14) problems.push(`${path}: ${equation.tex} is set at ${equation.fontPx} px`);
        if (!equation.fits && !equation.focusable) problems.push(`${path}: ${equation.tex} overflows, not focusable`);
      }
    }
    expect(problems).toEqual([]);
  });
}
