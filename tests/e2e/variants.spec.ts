import { test, expect } from './fixtures';

/** Reads a numeric data attribute of a locator. */
async function numberAttribute(locator: import('@playwright/test').Locator, name: string): Promise<number> {
  const value = await locator.getAttribute(name);
  expect(value, `${name} is set`).not.toBeNull();
  return Number(value);
}

for (const locale of ['en', 'ko'] as const) {
  test(`${locale}: the race opens on the pretrained models, the synced one worst on t = 0…3`, async ({
    page,
    problems,
  }) => {
    await page.goto(`/${locale}/variants/`);
    const race = page.locator('variant-race[data-demo="variant-race"]');
    await race.scrollIntoViewIfNeeded();
    await expect(race).toHaveAttribute('data-origin', 'pretrained', { timeout: 60_000 });
    await expect(race.locator('.race-origin')).toContainText(locale === 'en' ? 'pretrained, 2,000 steps' : '2,000스텝');
    await expect(race.locator('.race-errors path.demo-line')).toHaveCount(3);
    await expect(race.locator('.race-example path.demo-line:not(.target)')).toHaveCount(3);
    await expect(race.locator('button[data-action="train"]')).toHaveText(
      locale === 'en' ? 'Watch them train from scratch' : '처음부터 학습 과정 보기',
    );
    await expect(race.locator('button[data-action="reset"]')).toBeDisabled();
    // The per-step numbers: at every one of t = 0…3 the synced model is the worst of the three.
    await race.locator('.race-errors summary').click();
    const rows = race.locator('.race-per-step tbody tr');
    await expect(rows).toHaveCount(64);
    for (let t = 0; t < 4; t++) {
      const [synced, delayed, bidirectional] = (await rows.nth(t).locator('td').allTextContents()).map(Number);
      expect(synced, `t = ${t}`).toBeGreaterThan(Math.max(delayed, bidirectional));
    }
    const early = await numberAttribute(race, 'data-mse-early-synced');
    expect(early).toBeGreaterThan(100 * (await numberAttribute(race, 'data-mse-early-delayed')));
    expect(early).toBeGreaterThan(100 * (await numberAttribute(race, 'data-mse-early-bidirectional')));
    expect(problems.list).toEqual([]);
  });
}

test('the variant race shows the synced model failing on the first steps only', async ({ page, problems }) => {
  // Three models of 400 steps each; on a busy shared machine this takes minutes.
  test.setTimeout(420_000);
  await page.goto('/en/variants/');
  const race = page.locator('variant-race[data-demo="variant-race"]');
  await race.scrollIntoViewIfNeeded();
  const train = race.getByRole('button', { name: 'Watch them train from scratch' });
  await expect(train).toBeEnabled({ timeout: 60_000 });
  // Predict first: the race's result scores it.
  const predict = page.locator('predict-run[data-question="race-t0"]');
  await predict.getByLabel('more than 30 times higher').check();
  await predict.getByRole('button', { name: 'Commit my prediction' }).click();
  await expect(predict).toHaveAttribute('data-answer', 'hundredfold');
  const started = Date.now();
  await train.click();
  await expect(race).toHaveAttribute('data-state', 'training');
  await expect(race).toHaveAttribute('data-state', 'done', { timeout: 380_000 });
  const seconds = (Date.now() - started) / 1000;
  const mse: Record<'synced' | 'delayed' | 'bidirectional', { early: number; late: number }> = {
    synced: { early: NaN, late: NaN },
    delayed: { early: NaN, late: NaN },
    bidirectional: { early: NaN, late: NaN },
  };
  for (const variant of ['synced', 'delayed', 'bidirectional'] as const) {
    mse[variant] = {
      early: await numberAttribute(race, `data-mse-early-${variant}`),
      late: await numberAttribute(race, `data-mse-late-${variant}`),
    };
    expect(mse[variant].late, `${variant} late-step MSE`).toBeLessThan(2e-3);
  }
  console.log(`race: ${seconds.toFixed(1)} s, ${JSON.stringify(mse)}`);
  expect(mse.synced.early).toBeGreaterThanOrEqual(10 * mse.delayed.early);
  expect(mse.synced.early).toBeGreaterThanOrEqual(10 * mse.bidirectional.early);
  await expect(race.locator('.race-summary tbody tr')).toHaveCount(3);
  await expect(race.locator('.race-errors path.demo-line')).toHaveCount(3);
  await expect(predict).toHaveAttribute('data-actual', 'hundredfold');
  await expect(predict).toHaveAttribute('data-score', 'right');
  expect(problems.list).toEqual([]);
});

test('the receptive field is a lower triangle for synced and a full square for bidirectional', async ({
  page,
  problems,
}) => {
  await page.goto('/en/variants/');
  const field = page.locator('receptive-field[data-demo="receptive-field"]');
  await field.scrollIntoViewIfNeeded();
  await expect(field).toHaveAttribute('data-state', 'ready');
  await expect(field).toHaveAttribute('data-variant', 'synced');
  const syncedAbove = await numberAttribute(field, 'data-above-diagonal');
  const syncedBelow = await numberAttribute(field, 'data-below-diagonal');
  expect(syncedBelow).toBeGreaterThan(0);
  expect(syncedAbove).toBeLessThan(1e-12 + 1e-9 * syncedBelow);

  await field.locator('select[name="variant"]').selectOption('bidirectional');
  await expect(field).toHaveAttribute('data-variant', 'bidirectional');
  await expect(field).toHaveAttribute('data-state', 'ready');
  const biAbove = await numberAttribute(field, 'data-above-diagonal');
  const biBelow = await numberAttribute(field, 'data-below-diagonal');
  expect(biAbove).toBeGreaterThan(0.01 * biBelow);
  await expect(page).toHaveURL(/rf\.variant=bidirectional/);

  // The same map from TensorFlow.js autodiff (float32) agrees with the hand-derived one (float64).
  await field.locator('select[name="gradient"]').selectOption('tfjs');
  await expect(field).toHaveAttribute('data-gradient-source', 'tfjs', { timeout: 60_000 });
  await expect(field).toHaveAttribute('data-state', 'ready');
  expect(Math.abs((await numberAttribute(field, 'data-above-diagonal')) - biAbove)).toBeLessThan(1e-4 * biAbove);
  expect(Math.abs((await numberAttribute(field, 'data-below-diagonal')) - biBelow)).toBeLessThan(1e-4 * biBelow);

  // Keyboard: the heatmap is focusable and arrow keys move a readout.
  await field.locator('svg').focus();
  await page.keyboard.press('ArrowRight');
  await expect(field.locator('[data-readout]')).toContainText('t = 0, s = 1');
  expect(problems.list).toEqual([]);
});

test('the gradient check agrees to < 1e-3 for every parameter', async ({ page, problems }) => {
  await page.goto('/en/inside/');
  const check = page.locator('gradient-check[data-demo="gradient-check"]');
  await check.scrollIntoViewIfNeeded();
  for (const variant of ['synced', 'bidirectional']) {
    await check.locator('select[name="variant"]').selectOption(variant);
    await check.getByRole('button', { name: 'Check gradients' }).click();
    await expect(check).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const rows = check.locator('tbody tr[data-param]');
    await expect(rows).toHaveCount(variant === 'bidirectional' ? 10 : 7);
    for (const row of await rows.all()) {
      const name = await row.getAttribute('data-param');
      expect(await numberAttribute(row, 'data-rel-error-bptt-fd'), `${variant} ${name} BPTT`).toBeLessThan(1e-3);
      expect(await numberAttribute(row, 'data-rel-error-tfjs-fd'), `${variant} ${name} tfjs`).toBeLessThan(1e-3);
    }
    expect(await numberAttribute(check, 'data-max-rel-error')).toBeLessThan(1e-3);
  }
  const seed = await numberAttribute(check, 'data-seed');
  await check.getByRole('button', { name: 'New random weights' }).click();
  await expect(check).toHaveAttribute('data-seed', String(seed + 1));
  await expect(check).toHaveAttribute('data-state', 'done');
  expect(await numberAttribute(check, 'data-max-rel-error')).toBeLessThan(1e-3);
  expect(problems.list).toEqual([]);
});

test('the unrolled network steps forward and back', async ({ page, problems }) => {
  await page.goto('/en/inside/');
  const unrolled = page.locator('unrolled-rnn[data-demo="unrolled"]');
  await unrolled.scrollIntoViewIfNeeded();
  const forward = unrolled.getByRole('button', { name: 'Step forward' });
  await expect(forward).toBeEnabled();
  await expect(unrolled).toHaveAttribute('data-t', '0');
  await forward.click();
  await forward.click();
  await expect(unrolled).toHaveAttribute('data-t', '2');
  await unrolled.getByRole('button', { name: 'Step back' }).click();
  await expect(unrolled).toHaveAttribute('data-t', '1');
  const slider = unrolled.getByRole('slider');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(unrolled).toHaveAttribute('data-t', '2');
  await expect(unrolled.locator('.un-equation')).toHaveAttribute('data-t', '2');
  await expect(unrolled.locator('.un-equation annotation')).toContainText('h^{(2)} &= \\tanh');
  await unrolled.getByRole('button', { name: 'Play' }).click();
  await expect.poll(async () => Number(await unrolled.getAttribute('data-t'))).toBeGreaterThan(4);
  await unrolled.getByRole('button', { name: 'Pause' }).click();
  expect(problems.list).toEqual([]);
});

test('bad values in the URL of the variants chapter load the defaults with a note', async ({ page, problems }) => {
  await page.goto('/en/variants/?race.steps=lots&race.delay=99&race.engine=gpu&rf.variant=sideways');
  const race = page.locator('variant-race[data-demo="variant-race"]');
  const notes = race.locator('.demo-notes');
  await expect(notes).toBeVisible();
  await expect(notes).toContainText('“lots” is not valid');
  await expect(notes).toContainText('99 is out of range, using 32');
  await expect(race.locator('[name="steps"]')).toHaveValue('400');
  await expect(race.locator('[name="delay"]')).toHaveValue('32');
  await expect(race.locator('[name="engine"]')).toHaveValue('scratch');
  const field = page.locator('receptive-field[data-demo="receptive-field"]');
  await expect(field.locator('.demo-notes')).toBeVisible();
  await expect(page).toHaveTitle(/Why the first steps fail/);
  expect(problems.list).toEqual([]);
});

/** The step column of the race's summary table, per model (synced, delayed, bidirectional). */
async function tableSteps(race: import('@playwright/test').Locator): Promise<string[]> {
  return race.locator('.race-summary tbody tr td:last-child').allTextContents();
}

test('after a new delay only the delayed model starts again, and the status says so like the table', async ({
  page,
  problems,
}) => {
  test.setTimeout(240_000);
  await page.goto('/en/variants/?race.steps=20');
  const race = page.locator('variant-race[data-demo="variant-race"]');
  await race.scrollIntoViewIfNeeded();
  await expect(race.locator('button[data-action="train"]')).toBeEnabled({ timeout: 60_000 });
  await expect(race.locator('.demo-status')).toContainText('Showing the pretrained models');
  await race.locator('button[data-action="train"]').click();
  await expect(race).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect.poll(() => tableSteps(race)).toEqual(['20', '20', '20']);
  await expect(race.locator('button[data-action="train"]')).toHaveText('Train all three again');
  await race.locator('[name="delay"]').fill('3');
  await race.locator('[name="delay"]').press('Tab');
  await expect(race.locator('.demo-status')).toContainText('step 20 / 0 / 20 of 20');
  await expect.poll(() => tableSteps(race)).toEqual(['20', '0', '20']);
  await expect(race.locator('.demo-status')).not.toContainText('untrained');
  await expect(race.locator('button[data-action="train"]')).toHaveText('Resume');
  await race.locator('button[data-action="train"]').click();
  await expect(race).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect.poll(() => tableSteps(race)).toEqual(['20', '20', '20']);
  expect(problems.list).toEqual([]);
});

test('after a burst of clicks on Train, Pause and Reset, Reset then Train still trains to the end', async ({
  page,
  problems,
}) => {
  test.setTimeout(240_000);
  await page.goto('/en/variants/?race.steps=30');
  const race = page.locator('variant-race[data-demo="variant-race"]');
  await race.scrollIntoViewIfNeeded();
  await expect(race.locator('button[data-action="train"]')).toBeEnabled({ timeout: 60_000 });
  // 150 clicks 0–25 ms apart on whichever of Train, Pause and Reset is enabled (a seeded sequence).
  const clicks = await race.evaluate(async (element) => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let clicked = 0;
    const started = Date.now();
    while (clicked < 150 && Date.now() - started < 30_000) {
      const enabled = ['train', 'pause', 'reset']
        .map((name) => element.querySelector<HTMLButtonElement>(`button[data-action="${name}"]`))
        .filter((button): button is HTMLButtonElement => button !== null && !button.disabled);
      const button = enabled[Math.floor(next() * enabled.length)];
      if (button) {
        button.click();
        clicked++;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 26)));
    }
    return clicked;
  });
  expect(clicks).toBe(150);
  const pause = race.locator('button[data-action="pause"]');
  // Stop a run still going (Pause also turns disabled by itself once the trainers confirm a pause).
  if (await pause.isEnabled()) await pause.click({ timeout: 5_000 }).catch(() => undefined);
  await expect(pause).toBeDisabled({ timeout: 60_000 });
  // Reset goes back to the pretrained models; it is disabled when they are already on show.
  const reset = race.locator('button[data-action="reset"]');
  if (await reset.isEnabled()) await reset.click();
  await expect(race).toHaveAttribute('data-origin', 'pretrained', { timeout: 60_000 });
  await race.locator('button[data-action="train"]').click();
  await expect(race).toHaveAttribute('data-state', 'training');
  await expect(race).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect.poll(() => tableSteps(race)).toEqual(['30', '30', '30']);
  expect(problems.list).toEqual([]);
});
