/**
 * Browser benchmark of the training lab (`npm run bench:browser`, after `npm run build`).
 * In headless Chromium (software WebGL where there is no GPU) it opens the built site once per
 * engine and measures, from pressing Train with the default settings:
 *   - time to fit: until the test MSE for t ≥ 16 drops below 1e-3 (the lab evaluates the test
 *     set every 0.5 s while training, so this is exact to about half a second);
 *   - milliseconds per training step, as the lab reports them;
 *   - the longest main-thread task while training (Long Tasks API, ≥ 50 ms) and the longest
 *     gap between animation frames.
 * Prints a table, or one JSON object with `--json`. Options: `--engines scratch,wasm`,
 * `--timeout 120` (seconds per engine).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from '../scripts/browser.mjs';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const engines = option('engines', 'scratch,wasm,cpu,webgl').split(',');
const timeoutMs = Number(option('timeout', '120')) * 1000;
const port = 4341;
const TARGET = 1e-3;

/** What the page-side watchers record while the lab trains (times from performance.now(), -1 until reached). */
interface BenchWatch {
  start: number;
  fitAt: number;
  fitStep: number;
  longestTask: number;
  longestGap: number;
}

interface EngineResult {
  engine: string;
  backend: string;
  secondsToFit: number | null;
  stepsToFit: number | null;
  msPerStep: number;
  longestTaskMs: number;
  longestFrameGapMs: number;
}

/** Installs the main-thread watchers and clicks Train; resolves when training has started. */
async function startTraining(page: Page): Promise<void> {
  await page.evaluate(() => {
    const lab = document.querySelector('[data-demo="training-lab"]') as HTMLElement;
    const watch = { start: performance.now(), fitAt: -1, fitStep: -1, longestTask: 0, longestGap: 0 };
    (window as unknown as { benchWatch: typeof watch }).benchWatch = watch;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) watch.longestTask = Math.max(watch.longestTask, entry.duration);
    }).observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const frame = (now: number) => {
      watch.longestGap = Math.max(watch.longestGap, now - last);
      last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new MutationObserver(() => {
      const late = Number(lab.dataset.mseLate);
      if (watch.fitAt < 0 && Number(lab.dataset.evaluatedStep) > 0 && late < 1e-3) {
        watch.fitAt = performance.now();
        watch.fitStep = Number(lab.dataset.evaluatedStep);
      }
    }).observe(lab, { attributes: true, attributeFilter: ['data-mse-late'] });
    (lab.querySelector('button[data-action="train"]') as HTMLButtonElement).click();
  });
}

async function measure(page: Page, engine: string): Promise<EngineResult> {
  await page.goto(`http://127.0.0.1:${port}/en/training/?engine=${engine}&steps=20000`);
  const lab = page.locator('[data-demo="training-lab"]');
  await lab.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => {
      const button = document.querySelector(
        '[data-demo="training-lab"] button[data-action="train"]',
      ) as HTMLButtonElement | null;
      return button !== null && !button.disabled;
    },
    null,
    { timeout: 60_000 },
  );
  await startTraining(page);
  await page
    .waitForFunction(() => (window as unknown as { benchWatch: { fitAt: number } }).benchWatch.fitAt >= 0, null, {
      timeout: timeoutMs,
      polling: 200,
    })
    .catch(() => undefined);
  const watch = await page.evaluate(() => (window as unknown as { benchWatch: BenchWatch }).benchWatch);
  await page
    .locator('button[data-action="pause"]')
    .click()
    .catch(() => undefined);
  return {
    engine,
    backend: (await lab.getAttribute('data-backend')) ?? '',
    secondsToFit: watch.fitAt >= 0 ? (watch.fitAt - watch.start) / 1000 : null,
    stepsToFit: watch.fitStep >= 0 ? watch.fitStep : null,
    msPerStep: Number(await lab.getAttribute('data-ms-per-step')),
    longestTaskMs: watch.longestTask,
    longestFrameGapMs: watch.longestGap,
  };
}

if (!existsSync('dist/en/training/index.html')) {
  console.error('No built site in dist/: run `npm run build` first.');
  process.exit(1);
}
const server = spawn(process.execPath, ['scripts/serve-dist.mjs', '--port', String(port)], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 500));
const browser = await chromium.launch({ executablePath: chromiumExecutable() ?? undefined, args: CHROMIUM_FLAGS });
const results: EngineResult[] = [];
try {
  for (const engine of engines) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    results.push(await measure(page, engine));
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}

const fmt = (value: number | null, digits = 1) => (value === null ? 'not reached' : value.toFixed(digits));
if (args.includes('--json')) {
  console.log(JSON.stringify({ target: { mseLate: TARGET }, results }));
} else {
  console.log(`Time from Train (defaults) to test MSE(t ≥ 16) < ${TARGET}, headless Chromium`);
  console.log('engine    backend   s to fit   steps   ms/step   longest task ms   longest frame gap ms');
  for (const r of results) {
    console.log(
      `${r.engine.padEnd(9)} ${r.backend.padEnd(9)} ${fmt(r.secondsToFit, 2).padStart(8)}   ${fmt(r.stepsToFit, 0).padStart(5)}` +
        `   ${r.msPerStep.toFixed(1).padStart(7)}   ${r.longestTaskMs.toFixed(0).padStart(15)}   ${r.longestFrameGapMs.toFixed(0).padStart(20)}`,
    );
  }
}
