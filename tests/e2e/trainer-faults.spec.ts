import type { Locator, Page, Worker } from '@playwright/test';
import { test, expect } from './fixtures';
import { action, labStep, openLab } from './lab-helpers';

/**
 * The trainer's faults, as a reader meets them in the training lab: a run that blows up (lr = 1)
 * stops with a message naming the step, the loss and the weights put back; a trainer that loses
 * its WebGL context (made to, through the worker's test hook) or whose worker exits is noticed,
 * said, and training continues on another engine from the weights the page kept.
 */
test('lr = 1 blows up: training stops, says where, and the last good weights are back', async ({ page, problems }) => {
  const lab = await openLab(page, '?engine=scratch&lr=1&steps=300');
  await action(lab, 'train').click();
  const message = lab.locator('.demo-message');
  await expect(message).toContainText(/Training stopped: at step \d+ the loss jumped to [\d.e+]+, more than 100 times/);
  await expect(message).toContainText(/The weights from step \d+ are back/);
  await expect(lab).not.toHaveAttribute('data-phase', 'training');
  const restored = Number((await message.textContent())?.match(/weights from step (\d+)/)?.[1]);
  expect(await labStep(lab)).toBe(restored);
  await expect(action(lab, 'train')).toBeEnabled();
  expect(problems.list).toEqual([]);
});

/** The lab's trainer worker (the page may have others, e.g. for search). */
async function trainerWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().some((worker) => worker.url().includes('trainer.worker'))).toBe(true);
  const worker = page.workers().find((candidate) => candidate.url().includes('trainer.worker'));
  if (!worker) throw new Error('no trainer worker');
  return worker;
}

/** Records every step the lab shows from now on (its `data-step` hook), in order. */
async function recordSteps(lab: Locator): Promise<() => Promise<number[]>> {
  await lab.evaluate((element) => {
    const steps: number[] = [];
    (window as unknown as { labSteps: number[] }).labSteps = steps;
    new MutationObserver(() => steps.push(Number(element.getAttribute('data-step')))).observe(element, {
      attributes: true,
      attributeFilter: ['data-step'],
    });
  });
  return () => lab.page().evaluate(() => (window as unknown as { labSteps: number[] }).labSteps);
}

/**
 * Trains until the lab has kept weights (it keeps them every second), breaks the trainer with
 * `breakIt`, then checks the message and that "continue" resumes, on `engine`, from the step of
 * the kept weights the button names.
 */
async function loseAndContinue(
  page: Page,
  query: string,
  breakIt: (worker: Worker) => Promise<unknown>,
  expected: { message: RegExp; engine: string },
): Promise<void> {
  const lab = await openLab(page, query);
  await action(lab, 'train').click();
  await expect.poll(() => labStep(lab), { timeout: 60_000 }).toBeGreaterThan(5);
  const kept = () => page.evaluate(() => Object.keys(sessionStorage).some((key) => key.startsWith('rnn.lab.model')));
  await expect.poll(kept, { timeout: 30_000 }).toBe(true);
  await breakIt(await trainerWorker(page));
  await expect(lab.locator('.demo-message')).toContainText(expected.message, { timeout: 30_000 });
  await expect(lab.locator('.demo-status')).toContainText(/Stopped at step \d+: the trainer is gone/);
  await expect(action(lab, 'train')).toBeDisabled();
  const resume = action(lab, 'continue');
  const label = (await resume.textContent()) ?? '';
  const keptStep = Number(label.match(/from step (\d+)/)?.[1]);
  expect(label).toContain(`Continue on ${expected.engine === 'scratch' ? 'scratch' : 'WASM'}`);
  expect(keptStep).toBeGreaterThan(0);
  const steps = await recordSteps(lab);
  await resume.click();
  await expect(lab).toHaveAttribute('data-backend', expected.engine, { timeout: 60_000 });
  await expect(lab).toHaveAttribute('data-phase', 'training');
  await expect.poll(() => labStep(lab), { timeout: 60_000 }).toBeGreaterThan(keptStep + 3);
  const shown = await steps();
  expect(shown[0]).toBe(keptStep);
  expect(Math.min(...shown)).toBe(keptStep);
  await expect(lab.locator('form [name="engine"]')).toHaveValue(expected.engine);
}

test('a lost WebGL context is reported, and training continues on the scratch engine from the kept step', async ({
  page,
}) => {
  await loseAndContinue(
    page,
    '?engine=webgl&steps=20000',
    (worker) => worker.evaluate(() => (globalThis as unknown as Record<string, () => void>).__rnnLoseWebglContext()),
    { message: /At step \d+ the trainer lost its WebGL context/, engine: 'scratch' },
  );
});

test('a trainer worker that exits is noticed, and training continues on WASM from the kept step', async ({ page }) => {
  await loseAndContinue(page, '?engine=scratch&steps=20000', (worker) => worker.evaluate(() => self.close()), {
    message: /At step \d+ the trainer stopped answering/,
    engine: 'wasm',
  });
});

test('the race notices a trainer that exits, pauses the others and continues all three on WASM', async ({ page }) => {
  await page.goto('/en/variants/?race.steps=5000&race.engine=scratch');
  const race = page.locator('variant-race[data-demo="variant-race"]');
  await race.scrollIntoViewIfNeeded();
  await expect(action(race, 'train')).toBeEnabled({ timeout: 60_000 });
  await action(race, 'train').click();
  const status = race.locator('.demo-status');
  await expect(status).toContainText(/Step [1-9]\d* \/ [1-9]\d* \/ [1-9]\d* of 5000/, { timeout: 60_000 });
  await (await trainerWorker(page)).evaluate(() => self.close());
  await expect(race.locator('.demo-message')).toContainText(/At step \d+ the trainer stopped answering/, {
    timeout: 30_000,
  });
  await expect(status).toContainText(/Stopped at step \d+: the trainer is gone/);
  await expect(action(race, 'train')).toBeDisabled();
  await expect(action(race, 'continue')).toHaveText(/Continue on WASM from step \d+/);
  await action(race, 'continue').click();
  await expect(race).toHaveAttribute('data-state', 'training', { timeout: 60_000 });
  await expect(status).toContainText('TensorFlow.js · WASM');
  await expect(race.locator('form [name="engine"]')).toHaveValue('wasm');
});
