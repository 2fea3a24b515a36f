import { readFile } from 'node:fs/promises';
import type { Locator } from '@playwright/test';
import { test, expect } from './fixtures';
import { action, labStep as step, openLab } from './lab-helpers';

/** The loss of step 1, from the table behind the loss chart (its first row). */
async function firstLoss(lab: Locator): Promise<number> {
  const cells = lab.locator('.lab-loss tbody tr').first().locator('td');
  await expect(cells.first()).toHaveText('1');
  return Number(await cells.nth(1).textContent());
}

test('trains on WebGL: after 100 steps the loss is 5× below the first step, and the 3×3 grid follows', async ({
  page,
  problems,
}) => {
  const lab = await openLab(page, '?engine=webgl');
  await expect(lab).toHaveAttribute('data-backend', 'webgl');
  await lab.getByRole('button', { name: /^Train/ }).click();
  await expect.poll(() => step(lab), { timeout: 90_000, intervals: [250] }).toBeGreaterThanOrEqual(100);
  await lab.getByRole('button', { name: 'Pause' }).click();
  await expect(lab.getByRole('button', { name: 'Resume' })).toBeEnabled();
  const pausedAt = await step(lab);
  await page.waitForTimeout(1500);
  expect(await step(lab), 'Pause stops the step counter').toBe(pausedAt);
  const latest = Number(await lab.getAttribute('data-loss'));
  expect(latest).toBeLessThan((await firstLoss(lab)) / 5);
  const panels = lab.getByTestId('eval-panel');
  await expect(panels).toHaveCount(9);
  for (const panel of await panels.all()) {
    await expect(panel.locator('path[data-series="target"]')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
    await expect(panel.locator('path[data-series="prediction"]')).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  }
  expect(problems.list).toEqual([]);
});

test('a link with settings restores them', async ({ page }) => {
  const lab = await openLab(
    page,
    '?hidden=16&lr=0.003&batch=32&steps=120&horizon=4&variant=delayed&delay=5&seed=7&engine=scratch&scale=linear',
  );
  const form = lab.locator('form');
  await expect(form.locator('[name="hidden"]')).toHaveValue('16');
  await expect(form.locator('[name="lr"]')).toHaveValue('0.003');
  await expect(form.locator('[name="batch"]')).toHaveValue('32');
  await expect(form.locator('[name="steps"]')).toHaveValue('120');
  await expect(form.locator('[name="horizon"]')).toHaveValue('4');
  await expect(form.locator('[name="variant"]')).toHaveValue('delayed');
  await expect(form.locator('[name="delay"]')).toHaveValue('5');
  await expect(form.locator('[name="seed"]')).toHaveValue('7');
  await expect(form.locator('[name="engine"]')).toHaveValue('scratch');
  await expect(lab.locator('select[name="scale"]')).toHaveValue('linear');
  await expect(lab).toHaveAttribute('data-backend', 'scratch');
  await expect(lab.locator('.demo-notes')).toBeHidden();
});

test('garbage in the URL loads the defaults with a note, and edits go back into the URL', async ({
  page,
  problems,
}) => {
  const lab = await openLab(page, '?hidden=abc&lr=-5&batch=1e999&variant=sideways&engine=scratch&seed=%%%');
  const form = lab.locator('form');
  await expect(form.locator('[name="hidden"]')).toHaveValue('32');
  await expect(form.locator('[name="lr"]')).toHaveValue('0.00001');
  await expect(form.locator('[name="batch"]')).toHaveValue('64');
  await expect(form.locator('[name="variant"]')).toHaveValue('synced');
  const notes = lab.locator('.demo-notes');
  await expect(notes).toBeVisible();
  await expect(notes).toContainText('Hidden size H');
  await expect(notes).toContainText('Variant');
  await form.locator('[name="hidden"]').fill('999');
  await form.locator('[name="hidden"]').press('Enter');
  await form.locator('[name="hidden"]').blur();
  await expect(form.locator('[name="hidden"]')).toHaveValue('128');
  await expect(notes).toContainText('out of range');
  await expect(page).toHaveURL(/hidden=128/);
  expect(problems.list).toEqual([]);
});

test('a huge value in the address is repeated only in short', async ({ page }) => {
  // As long as the static server takes (a 150,000-character value is refused before the page loads).
  const lab = await openLab(page, `?engine=scratch&hidden=${'9'.repeat(6_000)}`);
  const notes = lab.locator('.demo-notes');
  await expect(notes).toBeVisible();
  await expect(notes).toContainText('Hidden size H');
  expect(((await notes.textContent()) ?? '').length).toBeLessThan(200);
  expect(await notes.evaluate((element) => element.getBoundingClientRect().height)).toBeLessThan(120);
});

test('Reset with the same seed gives the same initial weights', async ({ page }) => {
  const lab = await openLab(page, '?engine=scratch');
  await lab.getByRole('button', { name: 'Step' }).click();
  await expect(lab).toHaveAttribute('data-step', '1');
  const first = await lab.getAttribute('data-loss');
  await lab.getByRole('button', { name: 'Step' }).click();
  await expect(lab).toHaveAttribute('data-step', '2');
  await lab.getByRole('button', { name: 'Reset' }).click();
  await expect(lab).toHaveAttribute('data-step', '0');
  await lab.getByRole('button', { name: 'Step' }).click();
  await expect(lab).toHaveAttribute('data-step', '1');
  expect(await lab.getAttribute('data-loss')).toBe(first);
});

test('export writes a model file that imports back; a broken file is refused and the model kept', async ({
  page,
  problems,
}) => {
  const lab = await openLab(page, '?engine=scratch&steps=20');
  await lab.getByRole('button', { name: /^Train/ }).click();
  await expect(lab).toHaveAttribute('data-step', '20', { timeout: 60_000 });
  await expect(lab.getByRole('button', { name: 'Export model' })).toBeEnabled();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    lab.getByRole('button', { name: 'Export model' }).click(),
  ]);
  const text = await readFile(await download.path(), 'utf8');
  const model = JSON.parse(text);
  expect(model.format).toBe('rnn-without-library/model');
  expect(model.params.Whh.shape).toEqual([32, 32]);

  const prediction = lab.getByTestId('eval-panel').first().locator('path[data-series="prediction"]');
  const before = await prediction.getAttribute('d');
  const fileInput = lab.locator('input[type="file"]');
  await fileInput.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "rnn-without-library/model", "version": 1, '),
  });
  await expect(lab.locator('.demo-message')).toContainText('Could not import broken.json');
  await expect(lab.locator('.demo-message')).toContainText('unchanged');
  await expect(lab).toHaveAttribute('data-step', '20');
  expect(await prediction.getAttribute('d')).toBe(before);

  const wrongShape = JSON.parse(text);
  wrongShape.params.Whh.shape = [32, 16];
  await fileInput.setInputFiles({
    name: 'wrong.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(wrongShape)),
  });
  await expect(lab.locator('.demo-message')).toContainText('Whh');
  expect(await prediction.getAttribute('d')).toBe(before);

  const twoFeatures = JSON.parse(text);
  twoFeatures.config.inputSize = 2;
  twoFeatures.params.Wxh = { shape: [2, 32], data: [...twoFeatures.params.Wxh.data, ...twoFeatures.params.Wxh.data] };
  await fileInput.setInputFiles({
    name: 'two.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(twoFeatures)),
  });
  await expect(lab.locator('.demo-message')).toContainText('its input size F is 2, where the lab offers 1');
  expect(await prediction.getAttribute('d')).toBe(before);

  await fileInput.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(lab.locator('.demo-status')).toContainText('Imported good.json');
  await expect(lab).toHaveAttribute('data-step', '0');
  await expect(prediction).toHaveAttribute('d', before ?? '');
  expect(problems.list).toEqual([]);
});

test('pages without a demo load no TensorFlow.js; a demo page loads it where it trains', async ({ page }) => {
  /** Whether TensorFlow.js was loaded on the page or in any of its workers (its engine global). */
  const tfjsLoaded = async () => {
    const check = () => '__rnnTfjsLoaded' in globalThis;
    const flags = [
      await page.evaluate(check),
      ...(await Promise.all(page.workers().map((worker) => worker.evaluate(check)))),
    ];
    return flags.some(Boolean);
  };
  await page.goto('/en/introduction/', { waitUntil: 'networkidle' });
  expect(page.workers()).toEqual([]);
  expect(await tfjsLoaded()).toBe(false);
  // The same check sees TensorFlow.js once a demo trains with it (here in the lab's worker).
  const lab = await openLab(page, '?engine=cpu');
  await expect(lab).toHaveAttribute('data-backend', 'cpu');
  expect(await tfjsLoaded()).toBe(true);
});

test('Copy link gives an address that reopens the lab with the same settings', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const lab = await openLab(page, '?engine=scratch');
  const hidden = lab.locator('form [name="hidden"]');
  await hidden.fill('12');
  await hidden.press('Tab');
  await lab.locator('form [name="variant"]').selectOption('bidirectional');
  const copy = lab.locator('button[data-action="copy-link"]');
  await expect(copy).toHaveAccessibleName('Copy link to this set-up');
  await copy.click();
  await expect(copy).toHaveText('Link copied ✓');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('hidden=12');
  expect(link).toContain('variant=bidirectional');
  const other = await context.newPage();
  await other.goto(link);
  const reopened = other.locator('[data-demo="training-lab"]');
  await expect(reopened.locator('form [name="hidden"]')).toHaveValue('12');
  await expect(reopened.locator('form [name="variant"]')).toHaveValue('bidirectional');
});

test('a model trained in one language is still there, trained, after switching to the other', async ({ page }) => {
  const lab = await openLab(page, '?engine=scratch&steps=5000&hidden=16');
  await expect(action(lab, 'train')).toHaveText('Train');
  await action(lab, 'train').click();
  await expect.poll(() => step(lab), { timeout: 60_000 }).toBeGreaterThanOrEqual(30);
  // A kept copy (weights and losses) is written about once a second while training.
  const keptSteps = () =>
    page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith('rnn.lab.model'));
      return key ? (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { losses: number[] }).losses.length : 0;
    });
  await expect.poll(keptSteps, { timeout: 30_000 }).toBeGreaterThanOrEqual(30);
  await page.locator('starlight-lang-select select').first().selectOption({ label: '한국어' });
  await expect(page).toHaveURL(/\/ko\/training\/\?.*steps=5000/);
  const korean = page.locator('[data-demo="training-lab"]');
  await korean.scrollIntoViewIfNeeded();
  await expect(korean).toHaveAttribute('data-origin', 'trained', { timeout: 60_000 });
  expect(await step(korean)).toBeGreaterThanOrEqual(30);
  await expect(korean.locator('form [name="hidden"]')).toHaveValue('16');
  await expect(action(korean, 'train')).toHaveText('이어서 학습');
  await expect(korean.locator('.demo-message')).toContainText('앞서 학습하던 모델');
  // The loss history came back too: its table ends at the restored step with the restored loss.
  const restoredStep = await step(korean);
  await expect(korean.locator('.lab-loss tbody tr').last().locator('td').first()).toHaveText(
    restoredStep.toLocaleString('ko'),
  );
  await action(korean, 'train').click();
  await expect.poll(() => step(korean), { timeout: 60_000 }).toBeGreaterThan(restoredStep);
});

test('Train says what it will do: from the seed, resume, or start again after a finished run', async ({ page }) => {
  const lab = await openLab(page, '?engine=scratch&steps=12');
  await expect(lab).toHaveAttribute('data-origin', 'pretrained');
  await expect(action(lab, 'train')).toHaveText('Train from the seed');
  await action(lab, 'step').click();
  await expect(lab).toHaveAttribute('data-step', '1');
  await expect(action(lab, 'train')).toHaveText('Resume');
  await action(lab, 'train').click();
  await expect(lab).toHaveAttribute('data-phase', 'finished', { timeout: 60_000 });
  await expect(lab).toHaveAttribute('data-step', '12');
  const firstRun = await firstLoss(lab);
  await expect(action(lab, 'train')).toHaveText('Train again from the seed');
  await action(lab, 'train').click();
  await expect(lab).toHaveAttribute('data-phase', 'finished', { timeout: 60_000 });
  // It really started over from the seed's weights: the same first loss, the same step count.
  await expect(lab).toHaveAttribute('data-step', '12');
  expect(await firstLoss(lab)).toBe(firstRun);
  // A longer run turns the finished model into one Train resumes.
  await lab.locator('form [name="steps"]').fill('20');
  await lab.locator('form [name="steps"]').press('Tab');
  await expect(action(lab, 'train')).toHaveText('Resume');
});

test('while training, model settings are locked and the learning rate applies at once', async ({ page }) => {
  const lab = await openLab(page, '?engine=scratch&steps=5000');
  const form = lab.locator('form');
  await action(lab, 'train').click();
  await expect(lab).toHaveAttribute('data-phase', 'training');
  for (const name of ['hidden', 'variant', 'seed', 'batch', 'engine'])
    await expect(form.locator(`[name="${name}"]`)).toBeDisabled();
  await expect(lab.locator('.demo-settings-note')).toContainText('pause to change the rest');
  await form.locator('[name="lr"]').fill('0.002');
  await form.locator('[name="lr"]').press('Tab');
  await expect(lab.locator('.demo-message')).toContainText('the learning rate is 0.002');
  await expect(lab).toHaveAttribute('data-phase', 'training');
  await expect(page).toHaveURL(/lr=0\.002/);
  await action(lab, 'pause').click();
  await expect(form.locator('[name="hidden"]')).toBeEnabled();
  await expect(lab.locator('.demo-settings-note')).toBeHidden();
});

test('a failed import clears the line announcing the previous import', async ({ page }) => {
  const lab = await openLab(page, '?engine=scratch&steps=5');
  await action(lab, 'train').click();
  await expect(lab).toHaveAttribute('data-phase', 'finished', { timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), action(lab, 'export').click()]);
  const text = await readFile(await download.path(), 'utf8');
  const fileInput = lab.locator('input[type="file"]');
  await fileInput.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(lab.locator('.demo-status')).toContainText('Imported good.json');
  await fileInput.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{') });
  await expect(lab.locator('.demo-message')).toContainText('Could not import bad.json');
  await expect(lab.locator('.demo-status')).not.toContainText('Imported');
  await expect(lab).toHaveAttribute('data-origin', 'imported');
});

test('keyboard: Train hands focus to Pause and back; arrow keys through Engine start one trainer', async ({ page }) => {
  await page.addInitScript(() => {
    const Original = window.Worker;
    (window as unknown as { workersStarted: number }).workersStarted = 0;
    window.Worker = class extends Original {
      constructor(...args: ConstructorParameters<typeof Worker>) {
        super(...args);
        (window as unknown as { workersStarted: number }).workersStarted++;
      }
    };
  });
  // A run short enough (steps × batch) that the lab does not time its speed in a trainer of its own.
  const lab = await openLab(page, '?engine=wasm&steps=5000&batch=16');
  await action(lab, 'train').focus();
  await page.keyboard.press('Enter');
  await expect(action(lab, 'pause')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(action(lab, 'train')).toBeFocused();
  await expect(lab).toHaveAttribute('data-phase', 'paused');
  const started = () => page.evaluate(() => (window as unknown as { workersStarted: number }).workersStarted);
  const before = await started();
  await lab.locator('form [name="engine"]').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(lab.locator('form [name="engine"]')).toHaveValue('scratch');
  await expect(lab).toHaveAttribute('data-backend', 'scratch', { timeout: 60_000 });
  expect(await started()).toBe(before + 1);
});
