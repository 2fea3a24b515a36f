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

/** The early-error figure on the variants chapter, with its URL settings. */
async function openEarlyError(page: import('@playwright/test').Page, query: string) {
  await page.goto(`/en/variants/${query}`);
  const figure = page.locator('early-error[data-demo="early-error"]');
  await figure.scrollIntoViewIfNeeded();
  await expect(action(figure, 'train')).toBeEnabled({ timeout: 60_000 });
  return figure;
}

test('the early-error figure runs live with auto and says which engine auto chose', async ({ page, problems }) => {
  test.setTimeout(180_000);
  const figure = await openEarlyError(page, '?ee.engine=auto&ee.steps=100');
  await expect(action(figure, 'measure-again')).toBeVisible();
  await action(figure, 'train').click();
  await expect(figure.locator('.demo-message')).toContainText(
    /auto → (scratch|WASM) · [\d.]+ ms\/step \((scratch|WASM) [\d.]+\), measured just now/,
    { timeout: 90_000 },
  );
  await expect(figure).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(figure).toHaveAttribute('data-points', '3');
  expect(problems.list).toEqual([]);

  // The decision is kept for the device and batch size: the next visit starts at once.
  const again = await openEarlyError(page, '?ee.engine=auto&ee.steps=100');
  await action(again, 'train').click();
  await expect(again.locator('.demo-message')).toContainText('as measured earlier on this device', {
    timeout: 60_000,
  });
});

test('the practice demo with auto says which engine it chose, in Korean too; “Measure again” times them anew', async ({
  page,
  problems,
}) => {
  test.setTimeout(240_000);
  const open = async () => {
    await page.goto('/ko/practice/?pr.engine=auto&pr.steps=60');
    const demo = page.locator('practice-demo[data-demo="practice"]');
    await demo.scrollIntoViewIfNeeded();
    await expect(action(demo, 'train')).toBeEnabled({ timeout: 60_000 });
    return demo;
  };
  const demo = await open();
  await action(demo, 'train').click();
  await expect(demo.locator('.demo-message')).toContainText(/자동 → .+ · 스텝당 [\d.]+ ms .+방금 이 기기에서 잰 결과/, {
    timeout: 90_000,
  });
  await expect(demo).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  expect(await demo.getAttribute('data-mse-late')).not.toBeNull();

  // A remembered decision (here one planted with timings no engine gives) is used as it is …
  await page.evaluate(() => {
    const key = Object.keys(localStorage).find((name) => name.startsWith('rnn-auto-engine:'));
    const timings = [
      { engine: 'scratch', msPerStep: 12345 },
      { engine: 'wasm', msPerStep: 23456 },
    ];
    if (key) localStorage.setItem(key, JSON.stringify({ timings }));
  });
  const again = await open();
  await action(again, 'train').click();
  await expect(again.locator('.demo-message')).toContainText('스텝당 12,345 ms', { timeout: 60_000 });
  await expect(again.locator('.demo-message')).toContainText('전에 이 기기에서 잰 결과');
  await expect(again).toHaveAttribute('data-state', 'done', { timeout: 120_000 });

  // … until “Measure again” forgets it and times the engines now; the recorded run is back on show.
  await action(again, 'measure-again').click();
  await expect(again.locator('.demo-message')).toContainText('방금 이 기기에서 잰 결과', { timeout: 90_000 });
  await expect(again.locator('.demo-message')).not.toContainText('12,345');
  await expect(action(again, 'train')).toBeEnabled();
  await expect(again).toHaveAttribute('data-origin', /recorded|none/);
  expect(problems.list).toEqual([]);
});
