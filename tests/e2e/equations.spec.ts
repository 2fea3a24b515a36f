import type { Locator, Page } from '@playwright/test';
import { test, expect, sitePaths } from './fixtures';

/**
 * Display math never hides. At 1280 px and on a 360-px phone, in both languages, every display
 * equation of every page either fits its column or shows that it continues: it scrolls sideways,
 * takes keyboard focus, and carries the scroll cue of site.css (a shadow on each side that has
 * more, drawn by two radial gradients). And the cue is seen: an equation made narrower than itself
 * shows a shadow on the side it continues to and none on the other, in light and dark.
 */

interface Equation {
  tex: string;
  fits: boolean;
  scrolls: boolean;
  focusable: boolean;
  shadows: number;
}

/** Every display equation of the page, measured. */
function measureEquations(): Equation[] {
  return [...document.querySelectorAll<HTMLElement>('.katex-display')].map((display) => {
    const style = getComputedStyle(display);
    return {
      tex: display.querySelector('annotation')?.textContent?.slice(0, 60) ?? '',
      fits: display.scrollWidth <= display.clientWidth + 1,
      scrolls: ['auto', 'scroll'].includes(style.overflowX),
      focusable: display.tabIndex >= 0,
      shadows: (style.backgroundImage.match(/radial-gradient/g) ?? []).length,
    };
  });
}

for (const width of [1280, 360]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 800 } });
    test('every display equation fits or shows that it continues', async ({ page }) => {
      test.setTimeout(240_000);
      let checked = 0;
      const problems: string[] = [];
      for (const locale of ['ko', 'en'] as const) {
        for (const path of await sitePaths(page, locale)) {
          await page.goto(path);
          await page.evaluate(() => document.fonts.ready);
          for (const equation of await page.evaluate(measureEquations)) {
            checked++;
            const cue = equation.scrolls && equation.focusable && equation.shadows === 2;
            if (!equation.fits && !cue) problems.push(`${path}: ${equation.tex} is cut without a cue`);
            // The cue must be there for any equation that may overflow on another screen.
            if (equation.shadows !== 2 || !equation.scrolls)
              problems.push(`${path}: ${equation.tex} has no scroll cue`);
          }
        }
      }
      expect(checked).toBeGreaterThan(60);
      expect(problems).toEqual([]);
    });
  });
}

/** Mean brightness (0–255) of each pixel column of an element's screenshot. */
async function columnBrightness(page: Page, element: Locator): Promise<number[]> {
  const png = (await element.screenshot()).toString('base64');
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D context');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return Array.from({ length: bitmap.width }, (_, x) => {
      let sum = 0;
      for (let y = 0; y < bitmap.height; y++) {
        const at = (y * bitmap.width + x) * 4;
        sum += (data[at] + data[at + 1] + data[at + 2]) / 3;
      }
      return sum / bitmap.height;
    });
  }, png);
}

for (const theme of ['light', 'dark'] as const) {
  test(`the scroll cue shows on the side an equation continues to (${theme})`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.addInitScript((chosen) => localStorage.setItem('starlight-theme', chosen), theme);
    await page.goto('/en/training/');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    // The widest equation of the page, made half as wide as it is, with its glyphs hidden so that
    // only the cue is left to see.
    const widest = await page.evaluate(() => {
      const widths = [...document.querySelectorAll('.katex-display .katex-html')].map((html) => {
        const range = document.createRange();
        range.selectNodeContents(html);
        return range.getBoundingClientRect().width;
      });
      const index = widths.indexOf(Math.max(...widths));
      return { index, width: widths[index] };
    });
    const display = page.locator('.katex-display').nth(widest.index);
    await display.scrollIntoViewIfNeeded();
    await display.evaluate((element, width) => {
      element.style.maxWidth = `${Math.round(width / 2)}px`;
      element.querySelector<HTMLElement>('.katex')?.style.setProperty('visibility', 'hidden');
    }, widest.width);
    expect(await display.evaluate((element) => element.scrollWidth > element.clientWidth + 40)).toBe(true);
    const page0 = await columnBrightness(page, display);
    const background = page0[Math.floor(page0.length / 2)];
    const shade = (columns: number[], side: 'left' | 'right') =>
      Math.abs((side === 'left' ? columns[1] : columns[columns.length - 2]) - background);

    expect(shade(page0, 'right'), 'a shadow where it continues').toBeGreaterThan(12);
    expect(shade(page0, 'left'), 'none at its start').toBeLessThan(3);

    // By keyboard: focused, the arrow keys scroll it; at its end the shadows change sides.
    await display.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => display.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
    await display.evaluate((element) => element.scrollTo({ left: element.scrollWidth, behavior: 'instant' }));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const end = await columnBrightness(page, display);
    expect(shade(end, 'left'), 'a shadow where it came from').toBeGreaterThan(12);
    expect(shade(end, 'right'), 'none at its end').toBeLessThan(3);
  });
}
