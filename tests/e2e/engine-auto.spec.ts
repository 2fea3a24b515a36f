import { test, expect } from './fixtures';
import { action, openLab } from './lab-helpers';

/**
 * `auto` chooses by measurement: on a first visit the lab's trainer times the engines this
 * device offers (here the scratch engine and WASM: the headless browser's WebGL is software)
 * and says which it chose and why; a reload reuses the remembered decision; "Measure again"
 * times them anew. The lab then trains on the chosen engine and its status line says so.
 */
test('the lab runs with auto, says which engine it chose, and remembers it', async ({ page, problems }) => {
  await page.goto('/en/introduction/');
  await page.evaluate(() => localStorage.clear());
  const lab = await openLab(page, '?steps=40');
  const message = lab.locator('.demo-message');
  await expect(message).toContainText(
    /auto → (scratch|WASM) · [\d.]+ ms\/step \((scratch|WASM) [\d.]+\), measured just now/,
  );
  const chosen = await lab.getAttribute('data-backend');
  expect(['scratch', 'wasm']).toContain(chosen);
  const stored = await page.evaluate(() =>
    Object.keys(localStorage).filter((key) => key.startsWith('rnn-auto-engine:')),
  );
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatch(/:64$/);

  await action(lab, 'train').click();
  await expect(lab).toHaveAttribute('data-step', '40', { timeout: 90_000 });
  await expect(lab.locator('.demo-status')).toContainText('auto →');
  console.log(`auto: ${await message.textContent()}`);
  expect(problems.list).toEqual([]);

  await page.reload();
  const again = await openLab(page, '?steps=40');
  await expect(again.locator('.demo-message')).toContainText('as measured earlier on this device');
  await expect(again).toHaveAttribute('data-backend', chosen ?? '');

  await action(again, 'measure-again').click();
  await expect(again.locator('.demo-message')).toContainText('measured just now', { timeout: 60_000 });
});

test('in Korean the choice reads “자동 → …”, and an engine chosen by hand hides “다시 재기”', async ({ page }) => {
  const lab = await openLab(page, '', 'ko');
  await expect(lab.locator('.demo-message')).toContainText('자동 → ');
  await expect(action(lab, 'measure-again')).toBeVisible();
  await lab.locator('form [name="engine"]').selectOption('scratch');
  await expect(lab).toHaveAttribute('data-backend', 'scratch', { timeout: 60_000 });
  await expect(action(lab, 'measure-again')).toBeHidden();
  await expect(lab.locator('.demo-message')).not.toContainText('자동 →');
});
