import { test, expect } from './fixtures';

/** The site built with BASE_PATH=/rnn/ (see playwright.config.ts), served from that sub-folder. */
const subfolder = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4329) + 1}/rnn/`;

test.use({ locale: 'en-US' });

test('hosted in a sub-folder, the root, the chapters, the models and the lab all resolve', async ({
  page,
  problems,
}) => {
  await page.goto(subfolder);
  await expect(page).toHaveURL(`${subfolder}en/introduction/`);
  await expect(page.locator('.katex').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  // The redirect from the root aborts that page's own loads by design; judge the pages after it.
  problems.list.length = 0;
  await page.goto(`${subfolder}en/training/?engine=scratch&steps=10`);
  const lab = page.locator('[data-demo="training-lab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.demo-status')).toContainText('pretrained');
  await lab.getByRole('button', { name: /^Train/ }).click();
  await expect(lab).toHaveAttribute('data-step', '10', { timeout: 60_000 });
  expect(problems.list).toEqual([]);
  const missing = await page.goto(`${subfolder}en/no-such-chapter/`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('link', { name: 'Start reading' })).toHaveAttribute('href', '/rnn/en/introduction/');
});
