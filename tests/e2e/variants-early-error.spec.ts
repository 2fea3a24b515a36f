import { test, expect } from './fixtures';

/** Reads a numeric data attribute of a locator. */
async function numberAttribute(locator: import('@playwright/test').Locator, name: string): Promise<number> {
  const value = await locator.getAttribute(name);
  expect(value, `${name} is set`).not.toBeNull();
  return Number(value);
}

const RUN = { en: 'Run it live', ko: '직접 학습해 보기' };

for (const locale of ['en', 'ko'] as const) {
  test(`${locale}: the early-error figure opens on the recorded run and reruns it live`, async ({ page, problems }) => {
    test.setTimeout(180_000);
    await page.goto(`/${locale}/variants/?ee.steps=150`);
    const figure = page.locator('early-error[data-demo="early-error"]');
    await figure.scrollIntoViewIfNeeded();
    // Before any click: the recorded run of 3,000 steps, drawn to the set length's axis.
    await expect(figure).toHaveAttribute('data-origin', 'recorded');
    await expect(figure.locator('path.ee-line')).toHaveCount(4);
    await expect(figure.locator('line.ee-bayes')).toHaveCount(1);
    const t0 = await numberAttribute(figure, 'data-mse-t0');
    expect(t0).toBeGreaterThan(0.45);
    expect(t0).toBeLessThan(0.6);
    expect(await numberAttribute(figure, 'data-mse-t1')).toBeLessThan(0.05);
    expect(await numberAttribute(figure, 'data-mse-t3')).toBeLessThan(0.005);
    // Keyboard: the chart takes focus and the arrows move a readout over the measurements.
    await figure.locator('svg').focus();
    await page.keyboard.press('End');
    await expect(figure.locator('[data-readout]')).toContainText('3,000');
    // Live: 150 steps, measured at 0, 50, 100 and 150 — drawn over the recorded run.
    const run = figure.locator('button[data-action="train"]');
    await expect(run).toHaveText(RUN[locale]);
    await run.click();
    await expect(figure).toHaveAttribute('data-origin', 'live');
    await expect(figure).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
    await expect(figure).toHaveAttribute('data-points', '4');
    await expect(figure.locator('path.ee-line.live')).toHaveCount(4);
    await expect(figure.locator('path.ee-line.recorded')).toHaveCount(4);
    await figure.locator('summary').click();
    await expect(figure.locator('.ee-table tbody tr')).toHaveCount(4);
    expect(problems.list).toEqual([]);
  });
}

test('the early-error figure keeps its noise level in the URL and shows that recorded run', async ({
  page,
  problems,
}) => {
  await page.goto('/en/variants/?ee.noise=0.3');
  const figure = page.locator('early-error[data-demo="early-error"]');
  await figure.scrollIntoViewIfNeeded();
  await expect(figure.locator('select[name="noise"]')).toHaveValue('0.3');
  expect(await numberAttribute(figure, 'data-mse-t1')).toBeGreaterThan(0.3);
  await figure.locator('select[name="noise"]').selectOption('0');
  await expect(page).not.toHaveURL(/ee\.noise/);
  await expect.poll(() => numberAttribute(figure, 'data-mse-t1')).toBeLessThan(0.05);
  expect(problems.list).toEqual([]);
});

// Pause pressed before the trainer has built the model: nothing confirms a pause then, so the
// demo must settle on its own (once Train stayed disabled for good), and Resume trains on.
for (const [path, tag, done] of [
  ['/en/variants/?ee.steps=100&ee.engine=scratch', 'early-error', 'Done: 100 steps.'],
  ['/en/practice/?pr.steps=100&pr.engine=scratch', 'practice-demo', 'After 100 steps:'],
] as const) {
  test(`${tag}: Pause right after Train leaves it paused, and Resume runs it to the end`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(path);
    const demo = page.locator(`${tag}[data-demo]`);
    await demo.scrollIntoViewIfNeeded();
    const train = demo.locator('button[data-action="train"]');
    await expect(train).toBeEnabled({ timeout: 60_000 });
    // Both clicks in one task: the trainer cannot have answered in between.
    await demo.evaluate((element) => {
      element.querySelector<HTMLButtonElement>('button[data-action="train"]')?.click();
      element.querySelector<HTMLButtonElement>('button[data-action="pause"]')?.click();
    });
    await expect(train).toBeEnabled({ timeout: 60_000 });
    await expect(demo).toHaveAttribute('data-state', 'idle');
    await expect(demo.locator('.demo-status')).toContainText('Paused');
    await train.click();
    await expect(demo).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(demo.locator('.demo-status')).toContainText(done);
  });
}
