/**
 * What `npm run bench:browser` does on each page of the built site: watches the main thread
 * (the longest task, Long Tasks API, ≥ 50 ms; the longest gap between animation frames), trains
 * a demo until it says it is done, trains the lab until it fits, and measures the compute ladder.
 * Each helper opens its own page, so decisions `auto` remembers never carry over between them.
 */
import type { Browser, Page } from '@playwright/test';

/** The longest main-thread task and the longest gap between frames while something ran, in ms. */
export interface MainThread {
  longestTaskMs: number;
  longestFrameGapMs: number;
}

/** Watchers on the page: the longest task and frame gap since installed (read with {@link readWatch}). */
export async function watchMainThread(page: Page): Promise<void> {
  await page.evaluate(() => {
    const watch = { longestTask: 0, longestGap: 0 };
    (window as unknown as { benchThread: typeof watch }).benchThread = watch;
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
  });
}

/** What the watchers saw so far. */
export async function readWatch(page: Page): Promise<MainThread> {
  const watch = await page.evaluate(
    () => (window as unknown as { benchThread: { longestTask: number; longestGap: number } }).benchThread,
  );
  return { longestTaskMs: watch.longestTask, longestFrameGapMs: watch.longestGap };
}

/** Opens `url` (site-relative) in a new page, brings `selector` into view and waits until its Train-like `action` is enabled. */
async function openDemo(
  browser: Browser,
  origin: string,
  url: string,
  selector: string,
  action: string,
): Promise<{ page: Page; readySeconds: number }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const opened = Date.now();
  await page.goto(`${origin}${url}`);
  await page.locator(selector).scrollIntoViewIfNeeded();
  await page.locator(`${selector} button[data-action="${action}"]:enabled`).first().waitFor({ timeout: 120_000 });
  return { page, readySeconds: (Date.now() - opened) / 1000 };
}

/** One demo trained to its end: wall time from pressing Train to `data-state="done"`, and the main thread meanwhile. */
export interface DemoRun extends MainThread {
  demo: string;
  url: string;
  /** From opening the page until Train could be pressed (includes `auto` timing the engines). */
  readySeconds: number;
  /** From pressing Train until the demo said it was done; null when it did not finish in time. */
  seconds: number | null;
  state: string;
}

/**
 * Presses Train (`button[data-action="train"]`) of the demo `selector` at `url` and waits for
 * `data-state="done"` (or another end: 'diverged', 'error').
 */
export async function trainDemo(
  browser: Browser,
  origin: string,
  demo: { name: string; url: string; selector: string; timeoutMs: number },
): Promise<DemoRun> {
  const { page, readySeconds } = await openDemo(browser, origin, demo.url, demo.selector, 'train');
  try {
    await watchMainThread(page);
    const started = Date.now();
    await page.locator(`${demo.selector} button[data-action="train"]`).first().click();
    const element = page.locator(demo.selector);
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-state') === 'training',
      demo.selector,
    );
    const ended = await page
      .waitForFunction(
        (sel) => ['done', 'diverged', 'error'].includes(document.querySelector(sel)?.getAttribute('data-state') ?? ''),
        demo.selector,
        { timeout: demo.timeoutMs, polling: 100 },
      )
      .then(() => true)
      .catch(() => false);
    const seconds = ended ? (Date.now() - started) / 1000 : null;
    const state = (await element.getAttribute('data-state')) ?? '';
    return { demo: demo.name, url: demo.url, readySeconds, seconds, state, ...(await readWatch(page)) };
  } finally {
    await page.close();
  }
}

/** The lab trained with one engine setting until the late-step test error is below the target. */
export interface LabRun extends MainThread {
  engine: string;
  /** What the trainer runs on (`data-backend`): what `auto` chose, for `auto`. */
  backend: string;
  /** The lab's message line after its model was built (for `auto`: what it chose and why). */
  choice: string;
  readySeconds: number;
  secondsToFit: number | null;
  stepsToFit: number | null;
  msPerStep: number;
}

/**
 * The lab at `/en/training/?engine=<engine>`: from pressing Train with the default settings
 * until the test MSE for t ≥ 16 drops below `target` (the lab evaluates the test set every
 * 0.5 s while training, so this is exact to about half a second).
 */
export async function fitLab(
  browser: Browser,
  origin: string,
  engine: string,
  target: number,
  timeoutMs: number,
): Promise<LabRun> {
  const selector = '[data-demo="training-lab"]';
  const { page, readySeconds } = await openDemo(
    browser,
    origin,
    `/en/training/?engine=${engine}&steps=20000`,
    selector,
    'train',
  );
  try {
    const lab = page.locator(selector);
    const choice = ((await lab.locator('.demo-message').textContent()) ?? '').trim();
    await watchMainThread(page);
    await page.evaluate((goal) => {
      const element = document.querySelector('[data-demo="training-lab"]') as HTMLElement;
      const fit = { start: performance.now(), at: -1, step: -1 };
      (window as unknown as { benchFit: typeof fit }).benchFit = fit;
      new MutationObserver(() => {
        if (fit.at < 0 && Number(element.dataset.evaluatedStep) > 0 && Number(element.dataset.mseLate) < goal) {
          fit.at = performance.now();
          fit.step = Number(element.dataset.evaluatedStep);
        }
      }).observe(element, { attributes: true, attributeFilter: ['data-mse-late'] });
      (element.querySelector('button[data-action="train"]') as HTMLButtonElement).click();
    }, target);
    const fitted = () => (window as unknown as { benchFit: { at: number } }).benchFit.at >= 0;
    await page.waitForFunction(fitted, null, { timeout: timeoutMs, polling: 200 }).catch(() => undefined);
    const fit = await page.evaluate(
      () => (window as unknown as { benchFit: { start: number; at: number; step: number } }).benchFit,
    );
    const thread = await readWatch(page);
    await lab
      .locator('button[data-action="pause"]')
      .click()
      .catch(() => undefined);
    return {
      engine,
      backend: (await lab.getAttribute('data-backend')) ?? '',
      choice,
      readySeconds,
      secondsToFit: fit.at >= 0 ? (fit.at - fit.start) / 1000 : null,
      stepsToFit: fit.step >= 0 ? fit.step : null,
      msPerStep: Number(await lab.getAttribute('data-ms-per-step')),
      ...thread,
    };
  } finally {
    await page.close();
  }
}

/** One point of the ladder as the demo reports it (`data-results`). */
export interface LadderPoint {
  engine: string;
  batch: number;
  msPerStep?: number;
  failed?: string;
  skipped?: boolean;
  estimateMs?: number;
}

/** The compute ladder measured once with the query's settings: every point, its summary, and the main thread meanwhile. */
export interface LadderRun extends MainThread {
  url: string;
  seconds: number | null;
  summary: string;
  sentence: string;
  results: LadderPoint[];
}

/** Presses Measure on the compute ladder (forward chapter) and waits until it is done. */
export async function measureLadder(
  browser: Browser,
  origin: string,
  query: string,
  timeoutMs: number,
): Promise<LadderRun> {
  const selector = '[data-demo="compute-ladder"]';
  const url = `/en/forward/${query}`;
  const { page } = await openDemo(browser, origin, url, selector, 'measure');
  try {
    const ladder = page.locator(selector);
    await watchMainThread(page);
    const started = Date.now();
    await ladder.locator('button[data-action="measure"]').click();
    const ended = await page
      .waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') !== 'measuring', selector, {
        timeout: timeoutMs,
        polling: 200,
      })
      .then(() => true)
      .catch(() => false);
    return {
      url,
      seconds: ended ? (Date.now() - started) / 1000 : null,
      summary: (await ladder.getAttribute('data-summary')) ?? '',
      sentence: ((await ladder.locator('.ladder-summary').textContent()) ?? '').trim(),
      results: JSON.parse((await ladder.getAttribute('data-results')) ?? '[]') as LadderPoint[],
      ...(await readWatch(page)),
    };
  } finally {
    await page.close();
  }
}
