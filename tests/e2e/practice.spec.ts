import { test, expect } from './fixtures';

/** Reads a numeric data attribute of a locator. */
async function numberAttribute(locator: import('@playwright/test').Locator, name: string): Promise<number> {
  const value = await locator.getAttribute(name);
  expect(value, `${name} is set`).not.toBeNull();
  return Number(value);
}

const TEXT = {
  en: { train: 'Train', commit: 'Commit my prediction', trains: 'it trains' },
  ko: { train: '학습', commit: '예측 확정', trains: '학습된다' },
};

for (const locale of ['en', 'ko'] as const) {
  test(`${locale}: the practice demo opens on a recorded run; burn-in and a learned initial state train live`, async ({
    page,
    problems,
  }) => {
    test.setTimeout(240_000);
    await page.goto(`/${locale}/practice/`);
    const demo = page.locator('practice-demo[data-demo="practice"]');
    await demo.scrollIntoViewIfNeeded();
    await expect(demo).toHaveAttribute('data-origin', 'recorded');
    await expect(demo.locator('.pr-errors path.pr-line.run')).toHaveCount(1);
    await expect(demo.locator('.pr-norms path.pr-line.norm')).toHaveCount(1);
    expect(await numberAttribute(demo, 'data-mse-early')).toBeGreaterThan(0.1);

    // Burn-in k = 4 for 100 steps: the first four time steps go untrained (k = 0 gives about 0.4 there).
    await page.goto(`/${locale}/practice/?pr.burnIn=4&pr.steps=100`);
    await demo.scrollIntoViewIfNeeded();
    await expect(demo).toHaveAttribute('data-origin', 'none');
    await demo.getByRole('button', { name: TEXT[locale].train, exact: true }).click();
    await expect(demo).toHaveAttribute('data-origin', 'live');
    await expect(demo).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    expect(await numberAttribute(demo, 'data-mse-early')).toBeGreaterThan(0.6);
    expect(await numberAttribute(demo, 'data-max-grad-norm')).toBeGreaterThan(0);

    // A learned initial state trains too (its h0 is one more parameter).
    await demo.locator('[name="burnIn"]').fill('0');
    await demo.locator('[name="burnIn"]').press('Tab');
    await demo.locator('select[name="init"]').selectOption('learned');
    await expect(page).toHaveURL(/pr\.init=learned/);
    await demo.getByRole('button', { name: TEXT[locale].train, exact: true }).click();
    await expect(demo).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    expect(await numberAttribute(demo, 'data-mse-late')).toBeLessThan(0.01);
    expect(problems.list).toEqual([]);
  });

  test(`${locale}: SGD at lr 0.5 blows up without clipping and trains with c = 1; the prediction is scored`, async ({
    page,
    problems,
  }) => {
    test.setTimeout(240_000);
    await page.goto(`/${locale}/practice/?pr.optimizer=sgd&pr.steps=100`);
    const demo = page.locator('practice-demo[data-demo="practice"]');
    const predict = page.locator('predict-run[data-question="clip-saves"]');
    await predict.scrollIntoViewIfNeeded();
    await predict.getByLabel(TEXT[locale].trains).check();
    await predict.getByRole('button', { name: TEXT[locale].commit }).click();
    await expect(predict).toHaveAttribute('data-answer', 'trains');

    // Without clipping the run stops with the divergence message, the blow-up marked.
    await demo.scrollIntoViewIfNeeded();
    await demo.getByRole('button', { name: TEXT[locale].train, exact: true }).click();
    await expect(demo).toHaveAttribute('data-state', 'diverged', { timeout: 120_000 });
    await expect(demo.locator('.demo-message')).toHaveClass(/demo-error/);
    await expect(demo.locator('.demo-message')).not.toBeEmpty();
    await expect(demo.locator('.pr-norms line.pr-diverged')).toHaveCount(1);
    expect(await numberAttribute(demo, 'data-diverged-at')).toBeLessThan(30);
    expect(await numberAttribute(demo, 'data-max-grad-norm')).toBeGreaterThan(1e3);
    await expect(predict).toHaveAttribute('data-score', 'wrong');

    // With the global norm clipped at c = 1 the same set-up trains.
    await demo.locator('[name="clip"]').fill('1');
    await demo.locator('[name="clip"]').press('Tab');
    await expect(page).toHaveURL(/pr\.clip=1/);
    await demo.getByRole('button', { name: TEXT[locale].train, exact: true }).click();
    await expect(demo).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(demo.locator('.pr-norms line.pr-clip')).toHaveCount(1);
    expect(await numberAttribute(demo, 'data-mse-late')).toBeLessThan(0.5);
    await expect(predict).toHaveAttribute('data-actual', 'trains');
    await expect(predict).toHaveAttribute('data-score', 'right');
    expect(problems.list).toEqual([]);
  });
}

test('a practice run whose trainer exits is noticed and goes on on WASM from the kept step', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/en/practice/?pr.steps=5000&pr.engine=scratch');
  const demo = page.locator('practice-demo[data-demo="practice"]');
  await demo.scrollIntoViewIfNeeded();
  await demo.getByRole('button', { name: 'Train', exact: true }).click();
  const status = demo.locator('.demo-status');
  await expect(status).toContainText(/Step [1-9][\d,]* of 5,000/, { timeout: 60_000 });
  // The trainer sends the weights every 2 s: let it keep some before it goes.
  await page.waitForTimeout(3000);
  const worker = page.workers().find((candidate) => candidate.url().includes('trainer.worker'));
  expect(worker, 'the trainer runs in a worker').toBeDefined();
  await worker?.evaluate(() => self.close());
  await expect(demo.locator('.demo-message')).toContainText(/At step \d+ the trainer stopped answering/, {
    timeout: 30_000,
  });
  await expect(status).toContainText(/Stopped at step \d+: the trainer is gone/);
  const resume = demo.locator('button[data-action="continue"]');
  await expect(resume).toHaveText(/Continue on WASM from step [1-9]\d*/);
  const kept = Number(((await resume.textContent()) ?? '').match(/from step (\d+)/)?.[1]);
  await resume.click();
  await expect(demo.locator('form [name="engine"]')).toHaveValue('wasm');
  await expect(demo).toHaveAttribute('data-state', 'training', { timeout: 60_000 });
  const shownStep = async () =>
    Number(((await status.textContent()) ?? '').match(/Step ([\d,]+)/)?.[1].replace(/,/g, ''));
  await expect.poll(shownStep, { timeout: 60_000 }).toBeGreaterThan(kept + 5);
  // The optimiser's state went on with the weights: no fresh Adam's first update blows the run up.
  await expect(demo).toHaveAttribute('data-state', 'training');
  await expect(demo).not.toHaveAttribute('data-diverged-at', /\d/);
});
