import { test, expect } from './fixtures';
import { action, labStep, openLab } from './lab-helpers';

for (const locale of ['en', 'ko'] as const) {
  test(`the original chapter (${locale}) opens on the pretrained original run, with its 3×3 figure`, async ({
    page,
    problems,
  }) => {
    await page.goto(`/${locale}/original/`);
    const lab = page.locator('[data-demo="training-lab"]');
    await lab.scrollIntoViewIfNeeded();
    await expect(lab).toHaveAttribute('data-origin', 'pretrained', { timeout: 60_000 });
    await expect(lab).toHaveAttribute('data-pretrained', 'original');
    await expect(lab.locator('.demo-status')).toContainText(locale === 'en' ? 'original post’s run' : '원래 글의 설정');
    await expect(action(lab, 'train')).toHaveText(
      locale === 'en' ? 'Rerun the original live' : '원래 실험을 여기서 다시 학습',
    );
    const form = lab.locator('form');
    await expect(form.locator('[name="batch"]')).toHaveValue('2048');
    await expect(form.locator('[name="lr"]')).toHaveValue('0.001');
    await expect(form.locator('[name="eps"]')).toHaveValue('1e-8');
    await expect(form.locator('[name="sampling"]')).toHaveValue('epochs');
    await expect(form.locator('[name="steps"]')).toHaveValue('200');
    await expect(lab.locator('button[data-preset="original"]')).toHaveAttribute('aria-pressed', 'true');
    await expect(lab.getByTestId('eval-panel')).toHaveCount(9);
    for (const panel of await lab.getByTestId('eval-panel').all())
      await expect(panel.locator('path[data-series="prediction"]')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
    // The figure is this model's: its test error at t = 0 is the recorded 0.64, the late steps ~3e-4.
    await expect
      .poll(async () => Number(await lab.locator('.lab-mse').getAttribute('data-mse-t0')))
      .toBeGreaterThan(0.6);
    expect(Number(await lab.getAttribute('data-mse-late'))).toBeLessThan(1e-3);
    // The address stays clean: the preset is this page's default.
    expect(new URL(page.url()).search).toBe('');
    expect(problems.list).toEqual([]);
  });
}

test('the original preset shows an estimated time before it starts, a progress bar while it runs, and pauses', async ({
  page,
  problems,
}) => {
  const lab = await openLab(page);
  const run = lab.locator('.lab-run');
  await expect(run).toBeHidden();
  await lab.locator('button[data-preset="original"]').click();
  await expect(lab.locator('button[data-preset="original"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/batch=2048/);
  await expect(page).toHaveURL(/sampling=epochs/);
  await expect(lab).toHaveAttribute('data-pretrained', 'original', { timeout: 60_000 });
  // Before starting: the time per step is measured on this device and the run's time estimated.
  await expect(run).toHaveAttribute('data-eta-seconds', /^\d/, { timeout: 120_000 });
  expect(Number(await run.getAttribute('data-eta-seconds'))).toBeGreaterThan(0);
  await expect(run).toContainText(/100 epochs of 2 steps, about \d/);
  await expect(run.locator('progress')).toBeHidden();
  expect(await labStep(lab)).toBe(0);
  await action(lab, 'train').click();
  await expect(run.locator('progress')).toBeVisible();
  await expect(run).toContainText(/Epoch \d+ of 100 · about .+ left/);
  await expect(run).toHaveAttribute('data-time-left', /^\d/);
  await expect.poll(() => labStep(lab), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  await action(lab, 'pause').click();
  await expect(lab).toHaveAttribute('data-phase', 'paused', { timeout: 120_000 });
  const pausedAt = await labStep(lab);
  expect(pausedAt).toBeLessThan(200);
  await page.waitForTimeout(1500);
  expect(await labStep(lab)).toBe(pausedAt);
  await expect(action(lab, 'train')).toHaveText('Resume');
  // Paused, the meter estimates what is left of the run.
  await expect(run).toHaveAttribute('data-eta-seconds', /^\d/);
  expect(problems.list).toEqual([]);
});

test('presets are kept in the address, can be combined with changes, and are locked while training', async ({
  page,
}) => {
  const lab = await openLab(page, '?engine=scratch');
  await lab.locator('button[data-preset="h2"]').click();
  await expect(lab.locator('form [name="hidden"]')).toHaveValue('2');
  await expect(page).toHaveURL(/hidden=2/);
  await expect(lab.locator('button[data-preset="h2"]')).toHaveAttribute('aria-pressed', 'true');
  await lab.locator('button[data-preset="delay2"]').click();
  await expect(lab.locator('form [name="variant"]')).toHaveValue('delayed');
  await expect(lab.locator('form [name="delay"]')).toHaveValue('2');
  await expect(lab.locator('form [name="hidden"]')).toHaveValue('32');
  await expect(lab.locator('form [name="engine"]')).toHaveValue('scratch');
  // The address is rewritten once the settings settle (200 ms), then kept across a reload.
  await expect(page).toHaveURL(/variant=delayed/);
  await page.reload();
  const reopened = page.locator('[data-demo="training-lab"]');
  await reopened.scrollIntoViewIfNeeded();
  await expect(reopened.locator('button[data-preset="delay2"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(action(reopened, 'train')).toBeEnabled({ timeout: 60_000 });
  await reopened.locator('form [name="steps"]').fill('5000');
  await reopened.locator('form [name="steps"]').press('Tab');
  await action(reopened, 'train').click();
  await expect(reopened.locator('button[data-preset="noise"]')).toBeDisabled();
  await action(reopened, 'pause').click();
  await expect(reopened.locator('button[data-preset="noise"]')).toBeEnabled({ timeout: 30_000 });
});
