import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';
import { action, openLab } from './lab-helpers';

/** The MSE(t) chart's table as numbers: `[t, mse]` rows. */
async function msePerStep(lab: Locator): Promise<number[]> {
  const rows = lab.locator('.lab-mse tbody tr');
  await expect(rows).toHaveCount(64);
  const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
  cells.forEach((row, t) => expect(row[0]).toBe(String(t)));
  return cells.map((row) => Number(row[1]));
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

test('the pretrained model opens with its test error per time step: t = 0 far above the late steps', async ({
  page,
  problems,
}) => {
  const lab = await openLab(page, '?engine=scratch');
  await expect(lab).toHaveAttribute('data-origin', 'pretrained');
  const mse = await msePerStep(lab);
  expect(mse[0]).toBeGreaterThan(0.3);
  expect(mean(mse.slice(16))).toBeLessThan(mse[0] / 1000);
  await expect(lab.locator('.lab-mse .mse-band')).toHaveCount(1);
  await expect(lab.locator('.lab-mse .mse-band-label')).toHaveText('t = 0–3');
  await expect(lab.locator('.lab-mse [data-mse-when]')).toHaveText('pretrained model');
  // No engine note on a normal start.
  await expect(lab.locator('.demo-message')).toHaveText('');
  expect(problems.list).toEqual([]);
});

test('after training, the MSE(t) chart shows the t = 0 error far above t ≥ 16, and can be read by keyboard', async ({
  page,
  problems,
}) => {
  const lab = await openLab(page, '?engine=scratch&steps=150');
  await action(lab, 'train').click();
  await expect(lab).toHaveAttribute('data-phase', 'finished', { timeout: 90_000 });
  await expect(lab).toHaveAttribute('data-evaluated-step', '150');
  await expect(lab.locator('.lab-mse [data-mse-when]')).toHaveText('after 150 steps');
  const mse = await msePerStep(lab);
  const late = mean(mse.slice(16));
  expect(mse[0]).toBeGreaterThan(0.2);
  expect(late).toBeLessThan(mse[0] / 20);
  expect(Number(await lab.locator('.lab-mse').getAttribute('data-mse-t0'))).toBeCloseTo(mse[0], 2);
  const chart = lab.locator('.lab-mse svg');
  await chart.focus();
  await page.keyboard.press('Home');
  await expect(lab.locator('.lab-mse [data-readout]')).toHaveText(/^t = 0: MSE /);
  await page.keyboard.press('ArrowRight');
  await expect(lab.locator('.lab-mse [data-readout]')).toHaveText(/^t = 1: MSE /);
  // A pointer at the right end (past the last point, in the margin) reads the last time step.
  const box = await chart.boundingBox();
  if (!box) throw new Error('the chart has no box');
  await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
  await expect(lab.locator('.lab-mse [data-readout]')).toHaveText(/^t = 63: MSE /);
  expect(problems.list).toEqual([]);
});

test('the grid shows input, target and prediction, and zooms on the first 12 time steps', async ({ page }) => {
  const lab = await openLab(page, '?engine=scratch');
  const panel = lab.getByTestId('eval-panel').first();
  for (const series of ['input', 'target', 'prediction'])
    await expect(panel.locator(`path[data-series="${series}"]`)).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  await expect(lab.locator('.lab-legend .swatch')).toHaveCount(3);
  const points = async () => ((await panel.locator('path[data-series="target"]').getAttribute('d')) ?? '').split('L');
  expect(await points()).toHaveLength(64);
  await lab.locator('select[name="zoom"]').selectOption('start');
  await expect.poll(async () => (await points()).length).toBe(12);
  await expect(page).toHaveURL(/zoom=start/);
  await expect(lab.locator('.lab-grid')).toHaveAttribute('data-zoom', 'start');
});
