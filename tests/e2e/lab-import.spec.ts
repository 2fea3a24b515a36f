import { writeFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openLab } from './lab-helpers';

/** The shipped synced model file, as the built site serves it, parsed. */
async function syncedModel(page: Page): Promise<{ config: Record<string, unknown> } & Record<string, unknown>> {
  const response = await page.request.get('/models/synced.json');
  expect(response.ok()).toBe(true);
  return response.json();
}

/** Chooses a file in the lab's import control. */
async function importFile(lab: Locator, name: string, content: string | Buffer): Promise<void> {
  await lab.locator('input[type="file"]').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: typeof content === 'string' ? Buffer.from(content) : content,
  });
}

/** What the page shows of the model: its origin and the first prediction line. */
async function modelOnShow(lab: Locator): Promise<string> {
  const prediction = lab.getByTestId('eval-panel').first().locator('path[data-series="prediction"]');
  return `${await lab.getAttribute('data-origin')} ${await prediction.getAttribute('d')}`;
}

/** Milliseconds the page takes to answer a trivial script: small when the main thread is free. */
async function responseTime(page: Page): Promise<number> {
  const started = Date.now();
  await page.evaluate(() => 1);
  return Date.now() - started;
}

test('settings the lab cannot offer are refused at once, by name, and the model stays', async ({ page, problems }) => {
  const lab = await openLab(page, '?engine=scratch');
  const before = await modelOnShow(lab);
  const message = lab.locator('.demo-message');
  const model = await syncedModel(page);
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ window: 1024, trainSize: 1_000_000, testSize: 1_000_000 }, /window length T is 1024, where the lab offers 64/],
    [{ testSize: 1_000_000 }, /test windows is 1000000, where the lab offers 1,024/],
    [{ window: 1024, outputSize: 512 }, /output units O is 512, where the lab offers 32/],
    [{ hiddenSize: 256 }, /Hidden size H is 256, where the lab offers 1 to 128/],
  ];
  for (const [change, expected] of cases) {
    const started = Date.now();
    await importFile(lab, 'bad.json', JSON.stringify({ ...model, config: { ...model.config, ...change } }));
    await expect(message).toContainText(expected, { timeout: 5000 });
    await expect(message).toContainText('The current model is unchanged.');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await modelOnShow(lab)).toBe(before);
    await expect(lab).toHaveAttribute('data-phase', 'idle');
    expect(await responseTime(page)).toBeLessThan(500);
  }
  await expect(lab.locator('form [name="hidden"]')).toHaveValue('32');
  expect(problems.list).toEqual([]);
});

test('an oversized file is refused without being read, naming the cap, and the page stays responsive', async ({
  page,
  problems,
}, testInfo) => {
  const lab = await openLab(page, '?engine=scratch');
  const before = await modelOnShow(lab);
  const message = lab.locator('.demo-message');
  // A file on disk, so the browser gets it as a reader's file would come (a buffer is built by script in the page).
  const huge = testInfo.outputPath(`${'very-long-name-'.repeat(14)}.json`);
  await writeFile(huge, Buffer.alloc(20 * 1024 * 1024, 'x'));
  await page.evaluate(() => {
    const longTasks: number[] = [];
    (window as unknown as { longTasks: number[] }).longTasks = longTasks;
    new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((entry) => entry.duration))).observe({
      type: 'longtask',
    });
  });
  await lab.locator('input[type="file"]').setInputFiles(huge);
  const started = Date.now();
  await expect(message).toContainText('the file is 20 MB, and the lab reads model files of at most 2 MB');
  expect(Date.now() - started).toBeLessThan(2000);
  expect(await responseTime(page)).toBeLessThan(500);
  const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
  expect(longest, 'no task on the page blocks it for long').toBeLessThan(200);
  // The file name the reader gave is repeated in short.
  await expect(message).toContainText('…');
  expect(((await message.textContent()) ?? '').length).toBeLessThan(260);
  expect(await modelOnShow(lab)).toBe(before);
  expect(problems.list).toEqual([]);
});

test('in Korean, every reason is Korean: an unknown field, damaged JSON, a wrong version', async ({ page }) => {
  const lab = await openLab(page, '?engine=scratch', 'ko');
  const before = await modelOnShow(lab);
  const message = lab.locator('.demo-message');
  const model = await syncedModel(page);
  await importFile(lab, 'hello.json', JSON.stringify({ ...model, hello: 1 }));
  await expect(message).toHaveText(
    '모델 파일을 가져오지 못했습니다(hello.json). 이 사이트가 모르는 항목이 있습니다: hello. 현재 모델은 그대로입니다.',
  );
  await importFile(lab, 'cut.json', JSON.stringify(model).slice(0, 500));
  await expect(message).toContainText('올바른 JSON 파일이 아닙니다');
  await importFile(lab, 'v2.json', JSON.stringify({ ...model, version: 2 }));
  await expect(message).toContainText('버전이 2입니다');
  await importFile(lab, 'big.json', JSON.stringify({ ...model, config: { ...model.config, window: 1024 } }));
  await expect(message).toContainText('파일의 윈도 길이 T 값은 1024인데, 실험실에서 쓸 수 있는 값은 64입니다.');
  await expect(message).not.toContainText(/unknown|field|expected/);
  expect(await modelOnShow(lab)).toBe(before);
});

test('a value too long to show is cut to a short excerpt in the message', async ({ page }) => {
  const lab = await openLab(page, '?engine=scratch');
  const model = await syncedModel(page);
  await importFile(
    lab,
    'long.json',
    JSON.stringify({ ...model, config: { ...model.config, variant: 'q'.repeat(150_000) } }),
  );
  const message = lab.locator('.demo-message');
  await expect(message).toContainText('its Variant is "qqq');
  expect(((await message.textContent()) ?? '').length).toBeLessThan(300);
  const height = await message.evaluate((element) => element.getBoundingClientRect().height);
  expect(height).toBeLessThan(120);
});

test('a valid file imports: the lab takes its settings and shows its test error', async ({ page }) => {
  const lab = await openLab(page, '?engine=scratch&hidden=16');
  await expect(lab).toHaveAttribute('data-origin', 'seed');
  const model = await syncedModel(page);
  await importFile(lab, 'synced.json', JSON.stringify(model));
  await expect(lab.locator('.demo-status')).toContainText('Imported synced.json');
  await expect(lab.locator('form [name="hidden"]')).toHaveValue('32');
  await expect(lab).toHaveAttribute('data-origin', 'imported');
  await expect(lab.locator('.lab-mse [data-mse-when]')).toHaveText('imported model');
  await expect.poll(async () => Number(await lab.locator('.lab-mse').getAttribute('data-mse-t0'))).toBeGreaterThan(0.3);
});
