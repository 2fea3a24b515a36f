import { defineConfig, devices } from '@playwright/test';
import { chromiumExecutable, CHROMIUM_FLAGS } from './scripts/browser.mjs';

const port = Number(process.env.E2E_PORT ?? 4329);

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    ...devices['Desktop Chrome'],
    // A click on a control that never becomes usable fails within a minute instead of using up the test's time.
    actionTimeout: 60_000,
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: chromiumExecutable() ?? undefined, args: CHROMIUM_FLAGS },
  },
  webServer: [
    {
      command: `node scripts/serve-dist.mjs --port ${port}`,
      url: `http://127.0.0.1:${port}/ko/introduction/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The same site built with BASE_PATH=/rnn/, as when hosted in a sub-folder.
      command: `node scripts/serve-dist.mjs --port ${port + 1} --dir dist-subfolder --base /rnn/`,
      url: `http://127.0.0.1:${port + 1}/rnn/ko/introduction/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
