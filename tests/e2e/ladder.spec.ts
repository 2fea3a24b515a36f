/**
 * The compute ladder in the forward chapter: nothing runs before Measure; Measure (limited by
 * the URL to small batches, so it is quick on SwiftShader) draws a point per engine and batch
 * size, fills the table and says which engine wins; Stop ends a long ladder and keeps its points.
 */
import { test, expect } from './fixtures';

for (const locale of ['en', 'ko'] as const) {
  test(`${locale}: Measure draws the ladder of this device, with its numbers`, async ({ page, problems }) => {
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await page.goto(`/${locale}/forward/?ladder.engines=processor&ladder.from=16&ladder.to=64`);
    const ladder = page.locator('compute-ladder[data-demo="compute-ladder"]');
    await ladder.scrollIntoViewIfNeeded();
    const measure = ladder.locator('button[data-action="measure"]');
    await expect(measure).toBeEnabled({ timeout: 60_000 });
    await expect(ladder.locator('select[name="engines"]')).toHaveValue('processor');
    // Nothing heavy before the reader asks: no trainer, no point.
    expect(workers).toEqual([]);
    await expect(ladder).toHaveAttribute('data-points', '0');
    await expect(ladder.locator('.ladder-dot')).toHaveCount(0);

    await measure.click();
    await expect(ladder).toHaveAttribute('data-state', 'measuring');
    await expect(ladder.locator('button[data-action="stop"]')).toBeEnabled();
    await expect(ladder).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    expect(workers.length).toBeGreaterThan(0);

    // Two engines (scratch, WASM) × two batch sizes (16, 64): four dots, two lines.
    await expect(ladder).toHaveAttribute('data-points', '4');
    await expect(ladder.locator('circle.ladder-dot')).toHaveCount(4);
    await expect(ladder.locator('path.ladder-line')).toHaveCount(2);
    const results = JSON.parse((await ladder.getAttribute('data-results')) ?? '[]') as Array<{
      engine: string;
      batch: number;
      msPerStep?: number;
    }>;
    expect(results.map((r) => `${r.engine}@${r.batch}`)).toEqual(['scratch@16', 'wasm@16', 'scratch@64', 'wasm@64']);
    for (const result of results) expect(result.msPerStep).toBeGreaterThan(0);

    // The table: a row per batch size, a column per engine, every cell a number.
    await ladder.locator('.ladder-figure summary').click();
    const rows = ladder.locator('.ladder-table tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(ladder.locator('.ladder-table thead th')).toHaveText(
      locale === 'en' ? ['batch size B', 'scratch', 'WASM'] : ['배치 크기 B', '직접 구현', 'WASM'],
    );
    for (const cell of await ladder.locator('.ladder-table tbody td').allTextContents()) {
      expect(Number(cell.replace(/,/g, '')), cell).toBeGreaterThan(0);
    }

    // The summary names a winner (or where one overtakes the other), in the page's language.
    const summary = ladder.locator('.ladder-summary');
    const kind = await ladder.getAttribute('data-summary');
    expect(['same', 'crossover']).toContain(kind);
    await expect(summary).toContainText(
      locale === 'en' ? (kind === 'same' ? 'no crossover on this device' : 'overtakes') : '빠릅니다',
    );
    await expect(ladder.locator('.demo-status')).toContainText(locale === 'en' ? '4 points' : '점 4개');
    await expect(measure).toHaveText(locale === 'en' ? 'Measure again' : '다시 재기');

    // The readout: the keyboard reads the values at a batch size.
    await ladder.locator('svg.demo-svg').focus();
    await page.keyboard.press('End');
    await expect(ladder.locator('[data-readout]')).toContainText('B = 64:');

    // Narrowing the settings narrows the figure to them (the other points stay measured).
    await ladder.locator('select[name="to"]').selectOption('16');
    await expect(page).toHaveURL(/ladder\.to=16/);
    await expect(ladder.locator('circle.ladder-dot')).toHaveCount(2);
    await expect(rows).toHaveCount(1);
    await ladder.locator('select[name="to"]').selectOption('64');
    await expect(ladder.locator('circle.ladder-dot')).toHaveCount(4);
    expect(problems.list).toEqual([]);
  });
}

test('Stop ends a long ladder at once and keeps the points measured', async ({ page, problems }) => {
  // Scratch and WASM up to B = 2,048: WASM's large batches take many seconds, so Stop comes mid-way.
  await page.goto('/en/forward/?ladder.engines=processor');
  const ladder = page.locator('compute-ladder[data-demo="compute-ladder"]');
  await ladder.scrollIntoViewIfNeeded();
  await ladder.locator('button[data-action="measure"]').click({ timeout: 60_000 });
  await expect(ladder.locator('.ladder-progress progress')).toBeVisible();
  await expect(ladder).not.toHaveAttribute('data-points', '0', { timeout: 60_000 });
  await ladder.locator('button[data-action="stop"]').click();
  await expect(ladder).toHaveAttribute('data-state', 'stopped');
  await expect(ladder.locator('.demo-status')).toContainText('Stopped after');
  await expect(ladder.locator('.ladder-progress progress')).toBeHidden();
  const points = Number(await ladder.getAttribute('data-points'));
  expect(points).toBeGreaterThan(0);
  expect(points).toBeLessThan(10);
  await expect(ladder.locator('circle.ladder-dot')).toHaveCount(points);
  await expect(ladder.locator('button[data-action="measure"]')).toBeEnabled();
  await expect(ladder.locator('select[name="to"]')).toBeEnabled();
  expect(problems.list).toEqual([]);
});
