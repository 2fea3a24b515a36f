/**
 * Charts a reader can query and read: readouts by pointer, touch and keys (announced, and
 * explained on the chart), legends with numbers, labels at least 11 px on a phone, no choice or
 * note cut short, and a target swatch only beside a drawn target.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** Hovers the middle-left of a chart's SVG (inside the plotted steps) and returns the readout's text. */
async function hover(page: Page, svg: Locator): Promise<void> {
  const box = await svg.boundingBox();
  if (!box) throw new Error('chart not laid out');
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.55);
  await page.mouse.move(box.x + box.width * 0.31, box.y + box.height * 0.55);
}

/** Checks one chart: hint under it, polite readout, pointer and arrow keys both fill the readout. */
async function checkQueryable(page: Page, figure: Locator, svgSelector = 'svg'): Promise<void> {
  const svg = figure.locator(svgSelector).first();
  const readout = figure.locator('[data-readout]');
  await svg.scrollIntoViewIfNeeded();
  await expect(readout).toHaveAttribute('aria-live', 'polite');
  await expect(readout).toHaveAttribute('role', 'status');
  const hintId = await svg.getAttribute('aria-describedby');
  await expect(page.locator(`#${hintId}`)).toContainText('arrow keys');
  await expect(page.locator(`#${hintId}`)).toBeVisible();
  await hover(page, svg);
  await expect(readout).toContainText('t = ');
  const hovered = await readout.textContent();
  await svg.focus();
  await page.keyboard.press('ArrowRight');
  await expect(readout).not.toHaveText(hovered ?? '');
  await expect(readout).toContainText('t = ');
}

test('every chart can be read by pointer and arrow keys, is announced politely and says how', async ({
  page,
  problems,
}) => {
  test.setTimeout(120_000);
  await page.goto('/en/variants/');
  const field = page.locator('[data-demo="receptive-field"]');
  await field.scrollIntoViewIfNeeded();
  await expect(field).toHaveAttribute('data-state', 'ready');
  await checkQueryable(page, field.locator('figure'));
  const race = page.locator('[data-demo="variant-race"]');
  await race.scrollIntoViewIfNeeded();
  await expect(race.locator('button[data-action="train"]')).toBeEnabled({ timeout: 60_000 });
  await expect(race.locator('.race-errors path.demo-line')).toHaveCount(3, { timeout: 60_000 });
  await checkQueryable(page, race.locator('.race-errors'));
  await expect(race.locator('.race-example path.demo-line.target')).toHaveCount(1);
  await checkQueryable(page, race.locator('.race-example'));

  await page.goto('/en/inside/?un.t=20');
  const unrolled = page.locator('[data-demo="unrolled"]');
  await unrolled.scrollIntoViewIfNeeded();
  await expect(unrolled.locator('button[data-action="forward"]')).toBeEnabled();
  await checkQueryable(page, unrolled.locator('figure'), '.un-svg');

  await page.goto('/en/training/?engine=scratch&hidden=8&steps=20');
  const lab = page.locator('[data-demo="training-lab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('button[data-action="train"]')).toBeEnabled({ timeout: 60_000 });
  await lab.locator('button[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-phase', 'finished', { timeout: 60_000 });
  const loss = lab.locator('.lab-loss');
  await hover(page, loss.locator('svg'));
  await expect(loss.locator('[data-readout]')).toContainText(/step \d+: loss/);
  await loss.locator('svg').focus();
  await page.keyboard.press('End');
  await expect(loss.locator('[data-readout]')).toContainText('step 20: loss');
  expect(problems.list).toEqual([]);
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true, viewport: { width: 360, height: 740 } });
  test('a tap on a chart reads the value under the finger', async ({ page, problems }) => {
    await page.goto('/ko/variants/');
    const field = page.locator('[data-demo="receptive-field"]');
    await field.locator('svg').scrollIntoViewIfNeeded();
    await expect(field).toHaveAttribute('data-state', 'ready');
    const box = await field.locator('svg').boundingBox();
    if (!box) throw new Error('heatmap not laid out');
    await page.touchscreen.tap(box.x + box.width * 0.3, box.y + box.height * 0.7);
    await expect(field.locator('[data-readout]')).toContainText(/t = \d+, s = \d+: \|∂ŷ_t\/∂x_s\| = /);
    expect(problems.list).toEqual([]);
  });
});

test('the heatmaps have legends with numbers', async ({ page, problems }) => {
  await page.goto('/ko/variants/');
  const field = page.locator('[data-demo="receptive-field"]');
  await field.scrollIntoViewIfNeeded();
  await expect(field).toHaveAttribute('data-state', 'ready');
  const ticks = await field.locator('[data-legend] .ticks span').allTextContents();
  expect(ticks).toHaveLength(5);
  expect(ticks[0]).toMatch(/^≤/);
  const values = ticks.map((tick) => Number(tick.replace('≤', '')));
  for (let k = 1; k < values.length; k++) expect(values[k] / values[k - 1]).toBeCloseTo(10, 0);
  await expect(field.locator('[data-legend] .caption')).toContainText('로그 눈금');
  await page.goto('/ko/inside/');
  const unrolled = page.locator('[data-demo="unrolled"]');
  await unrolled.scrollIntoViewIfNeeded();
  await expect(unrolled.locator('[data-legend] .ticks span')).toHaveText(['-1', '-0.5', '0', '0.5', '1']);
  expect(problems.list).toEqual([]);
});

/** Rendered size in px of every visible SVG text in the page's task figure and demos. */
function textSizes(page: Page): Promise<Array<{ size: number; text: string }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<SVGTextElement>('.task-figure svg text, .demo svg text')]
      .filter((text) => text.getClientRects().length > 0 && (text.textContent ?? '').trim() !== '')
      .map((text) => {
        const matrix = text.getScreenCTM();
        const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 0;
        return { size: scale * parseFloat(getComputedStyle(text).fontSize), text: text.textContent ?? '' };
      }),
  );
}

test.describe('on a 360-px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });
  test('chart labels are at least 11 px and no note inside a chart is cut off', async ({ page, problems }) => {
    test.setTimeout(120_000);
    for (const path of ['/ko/introduction/', '/en/variants/', '/ko/inside/', '/en/training/']) {
      await page.goto(path);
      for (const demo of await page.locator('.demo').all()) {
        await demo.scrollIntoViewIfNeeded();
        if ((await demo.locator('svg').count()) === 0) continue;
        await expect(demo.locator('svg text').first()).toBeAttached({ timeout: 60_000 });
      }
      const sizes = await textSizes(page);
      expect(sizes.length, path).toBeGreaterThan(0);
      expect(
        sizes.filter(({ size }) => size < 11 - 0.05),
        path,
      ).toEqual([]);
    }
    // The lab opens on a model with no losses yet: its note must fit inside the chart, in Korean too.
    await page.goto('/ko/training/');
    await page.locator('.lab-loss').scrollIntoViewIfNeeded();
    await expect(page.locator('.lab-loss text.empty-note')).toBeVisible();
    // Read in one go: the chart redraws (and replaces its note) whenever its size changes.
    const fits = () =>
      page.evaluate(() => {
        const text = document.querySelector<SVGTextElement>('.lab-loss text.empty-note');
        const svg = text?.ownerSVGElement;
        if (!text || !svg) return null;
        const box = text.getBBox();
        return box.x >= 0 && box.x + box.width <= svg.viewBox.baseVal.width && box.width > 0;
      });
    await expect.poll(fits).toBe(true);
    expect(problems.list).toEqual([]);
  });
});

/** Widest choice of each select of the page's demos, against the room the select gives it. */
function selectRoom(page: Page): Promise<Array<{ name: string; text: number; room: number }>> {
  return page.evaluate(() => {
    const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
    return [...document.querySelectorAll<HTMLSelectElement>('.demo select')]
      .filter((select) => select.getClientRects().length > 0)
      .map((select) => {
        const style = getComputedStyle(select);
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = Math.max(...[...select.options].map((option) => context.measureText(option.text).width));
        // What the select leaves for text: its width less padding, border and the arrow (about 20 px).
        const room =
          select.getBoundingClientRect().width -
          parseFloat(style.paddingLeft) -
          parseFloat(style.paddingRight) -
          parseFloat(style.borderLeftWidth) * 2 -
          20;
        return { name: select.name, text, room };
      });
  });
}

for (const width of [1280, 360]) {
  test(`no choice of a select is cut short at ${width} px, and a target swatch only beside a target line`, async ({
    page,
    problems,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    for (const path of ['/en/variants/', '/ko/variants/', '/en/training/', '/ko/inside/']) {
      await page.goto(path);
      for (const demo of await page.locator('.demo').all()) await demo.scrollIntoViewIfNeeded();
      const cut = (await selectRoom(page)).filter(({ text, room }) => text > room);
      expect(cut, `${path} at ${width} px`).toEqual([]);
      const swatches = page.locator('.demo .swatch.target, .demo .swatch.target-dashed');
      for (const swatch of await swatches.all()) {
        const figure = swatch.locator('xpath=ancestor::figure[1]');
        await expect(figure.locator('path.target')).not.toHaveCount(0, { timeout: 60_000 });
      }
    }
    expect(problems.list).toEqual([]);
  });
}
