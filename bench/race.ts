/**
 * Browser benchmark of the training demos while they train (`npm run bench:race`, after
 * `npm run build`). In headless Chromium it opens the built site, presses a demo's train button
 * and waits until the run is over, measuring:
 *   - wall time from the click until the demo says it is done (the race: all three models at
 *     their last step and evaluated there);
 *   - the page's main-thread tasks (Long Tasks API and a Chromium trace): the longest by wall
 *     time, the longest by the thread's own CPU time (which a busy shared machine does not
 *     inflate) and what it did, how many took 50 ms or more, and the longest frame gap;
 *   - the CPU time of the main thread and of each trainer worker;
 *   - the engine the demo says it runs on (its status line).
 * Train is pressed once the page has loaded and been idle (its own start-up is not training).
 * Demos: `race` (3 variants × 400 steps, the issue's figure), `lab` (400 steps), `early-error`
 * (300 steps, a measurement every 50) and `practice` (300 steps).
 * Options: `--demos race,lab,early-error,practice`, `--engine auto` (instead of each demo's
 * default), `--runs 3`, `--before <dir>` (another build, e.g. of main, measured alternately with
 * dist/ in the same run, so the ratio compares like with like), `--json`, `--timeout 300` (s).
 * Judge by ratios within one run: the machine may be shared.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from '../scripts/browser.mjs';
import { summariseTrace, type TraceSummary } from './trace-summary.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const demoNames = option('demos', 'race').split(',');
const engine = option('engine', '');
const runs = Number(option('runs', '1'));
const port = Number(option('port', '4477'));
const before = option('before', '');
const timeoutMs = Number(option('timeout', '300')) * 1000;

/** A demo: where it lives, its element, its URL settings and how to tell that its run is over. */
interface DemoSpec {
  path: string;
  selector: string;
  /** Its custom element's tag (its code has loaded once the tag is defined). */
  tag: string;
  /** URL query (without the engine). */
  query: string;
  /** The URL key of its engine setting. */
  engineKey: string;
  /** The run is over once the element's data attribute `done.attribute` has one of `done.values`. */
  done: { attribute: string; values: string[] };
}

const DEMOS: Readonly<Record<string, DemoSpec>> = {
  race: {
    path: '/en/variants/',
    selector: 'variant-race',
    tag: 'variant-race',
    query: 'race.steps=400',
    engineKey: 'race.engine',
    done: { attribute: 'state', values: ['done'] },
  },
  lab: {
    path: '/en/training/',
    selector: '[data-demo="training-lab"]',
    tag: 'training-lab',
    query: 'steps=400',
    engineKey: 'engine',
    done: { attribute: 'step', values: ['400'] },
  },
  'early-error': {
    path: '/en/variants/',
    selector: 'early-error',
    tag: 'early-error',
    query: 'ee.steps=300',
    engineKey: 'ee.engine',
    done: { attribute: 'state', values: ['done'] },
  },
  practice: {
    path: '/en/practice/',
    selector: 'practice-demo',
    tag: 'practice-demo',
    query: 'pr.steps=300',
    engineKey: 'pr.engine',
    done: { attribute: 'state', values: ['done', 'diverged'] },
  },
};

interface RunResult {
  demo: string;
  build: string;
  seconds: number;
  longTaskMs: number;
  longestFrameGapMs: number;
  status: string;
  trace: TraceSummary;
}

/** What the page-side watchers record (times from performance.now()). */
interface Watch {
  start: number;
  end: number;
  longestTask: number;
  longestGap: number;
}

/** Waits for the demo's train button, installs the watchers and clicks it. */
async function startRun(page: Page, spec: DemoSpec): Promise<void> {
  const demo = page.locator(spec.selector).first();
  await demo.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    ({ selector, tag }) => {
      const button = document.querySelector(`${selector} button[data-action="train"]`) as HTMLButtonElement | null;
      return customElements.get(tag) !== undefined && button !== null && !button.disabled;
    },
    { selector: spec.selector, tag: spec.tag },
    { timeout: 120_000 },
  );
  // The page's own start-up work (e.g. Starlight's table of contents, on an idle callback) first.
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 5000 })));
  await demo.evaluate((el, done) => {
    const watch = { start: performance.now(), end: -1, longestTask: 0, longestGap: 0 };
    (window as unknown as { benchWatch: typeof watch }).benchWatch = watch;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (watch.end < 0) watch.longestTask = Math.max(watch.longestTask, entry.duration);
    }).observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    const frame = (now: number) => {
      if (watch.end >= 0) return;
      watch.longestGap = Math.max(watch.longestGap, now - last);
      last = now;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new MutationObserver(() => {
      if (watch.end < 0 && done.values.includes(el.getAttribute(`data-${done.attribute}`) ?? '')) {
        watch.end = performance.now();
      }
    }).observe(el, { attributes: true, attributeFilter: [`data-${done.attribute}`] });
    (el.querySelector('button[data-action="train"]') as HTMLButtonElement).click();
  }, spec.done);
}

const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'];

async function measure(browser: Browser, name: string, build: string, buildPort: number): Promise<RunResult> {
  const spec = DEMOS[name];
  if (!spec) throw new Error(`unknown demo ${name}; known: ${Object.keys(DEMOS).join(', ')}`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    const query = [spec.query, engine ? `${spec.engineKey}=${engine}` : ''].filter(Boolean).join('&');
    await page.goto(`http://127.0.0.1:${buildPort}${spec.path}?${query}`);
    // Train is pressed on a loaded page, as a reader would: the page's own start-up work (Starlight's
    // table of contents sets itself up in an idle callback) is not training and is not measured.
    await page.evaluate(
      () => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 500), { timeout: 5000 })),
    );
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await startRun(page, spec);
    await page.waitForFunction(() => (window as unknown as { benchWatch: Watch }).benchWatch.end >= 0, null, {
      timeout: timeoutMs,
      polling: 100,
    });
    const trace = summariseTrace((await browser.stopTracing()).toString('utf8'));
    const watch = await page.evaluate(() => (window as unknown as { benchWatch: Watch }).benchWatch);
    const status = (await page.locator(`${spec.selector} .demo-status`).first().textContent()) ?? '';
    return {
      demo: name,
      build,
      seconds: (watch.end - watch.start) / 1000,
      longTaskMs: watch.longestTask,
      longestFrameGapMs: watch.longestGap,
      status: status.trim().slice(0, 120),
      trace,
    };
  } finally {
    await page.close();
  }
}

/** Whether something already answers on `checkPort` (then a server of ours could not start there). */
function portInUse(checkPort: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(checkPort, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function serve(dir: string, servePort: number) {
  return spawn(process.execPath, ['scripts/serve-dist.mjs', '--port', String(servePort), '--dir', dir], {
    stdio: 'ignore',
  });
}

const ms = (value: number | undefined) => (value ?? 0).toFixed(0);

function printTable(results: readonly RunResult[]): void {
  console.log(`Training demos in headless Chromium (engine: ${engine || 'each demo’s default'})`);
  console.log('demo         build    wall s  longest task ms (wall/cpu)  ≥50 ms  frame gap  main cpu s  worker cpu s');
  for (const r of results) {
    const { longestByWall: wall, longestByCpu: cpu } = r.trace;
    const workers = r.trace.workerCpuMs.map((value) => (value / 1000).toFixed(1)).join('+');
    console.log(
      `${r.demo.padEnd(12)} ${r.build.padEnd(7)} ${r.seconds.toFixed(2).padStart(6)}  ` +
        `${`${ms(wall?.wallMs)}/${ms(wall?.cpuMs)} (cpu max ${ms(cpu?.cpuMs)})`.padStart(26)}  ` +
        `${String(r.trace.tasksOver50).padStart(6)}  ${ms(r.longestFrameGapMs).padStart(9)}  ` +
        `${(r.trace.mainCpuMs / 1000).toFixed(2).padStart(10)}  ${workers}`,
    );
    console.log(`    status: ${r.status}`);
    console.log(`    longest by cpu: ${cpu?.parts.slice(0, 5).join(' | ') ?? '—'}`);
  }
}

if (!existsSync('dist/en/variants/index.html')) {
  console.error('No built site in dist/: run `npm run build` first.');
  process.exit(1);
}
for (const busy of [port, port + 1]) {
  if (await portInUse(busy)) {
    console.error(`Port ${busy} is in use: pass another with --port.`);
    process.exit(1);
  }
}
const builds: Array<{ name: string; port: number }> = [{ name: 'dist', port }];
const servers = [serve('dist', port)];
if (before) {
  builds.unshift({ name: 'before', port: port + 1 });
  servers.push(serve(before, port + 1));
}
await new Promise((resolve) => setTimeout(resolve, 500));
const browser = await chromium.launch({ executablePath: chromiumExecutable() ?? undefined, args: CHROMIUM_FLAGS });
const results: RunResult[] = [];
try {
  for (let run = 0; run < runs; run++) {
    for (const name of demoNames) {
      for (const build of builds) {
        const result = await measure(browser, name, build.name, build.port);
        console.error(`${name} (${build.name}): ${result.seconds.toFixed(2)} s`);
        results.push(result);
      }
    }
  }
} finally {
  await browser.close();
  for (const server of servers) server.kill();
}
if (args.includes('--json')) console.log(JSON.stringify({ engine: engine || 'default', results }));
else printTable(results);
