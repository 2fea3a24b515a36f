/**
 * Soak run of the training lab (`npm run soak`, after `npm run build`; prints numbers, not a test).
 * For each engine it opens the built site's lab in headless Chromium (the same flags as the
 * end-to-end tests: software WebGL where there is no GPU), trains for `--minutes` (10) with the
 * longest run the lab offers, pressing Train again whenever a run ends, and every `--every`
 * seconds (10) records, after a forced garbage collection:
 *   - `tensors`: TensorFlow.js's live tensor count in the trainer worker (`tf.memory().numTensors`,
 *     read through the engine TensorFlow.js keeps on the global scope); "-" where the engine does
 *     not use TensorFlow.js (scratch);
 *   - `page MB` / `worker MB`: the JS heap in use on the page and in the trainer worker
 *     (Chrome DevTools Protocol, `Runtime.getHeapUsage`);
 *   - `browser MB`: resident memory of all of Chromium's processes (Linux only), which also counts
 *     WebAssembly memory and the GPU process's textures.
 * Then it prints the samples, the least-squares slope per minute of each series over the samples
 * after the first minute (warm-up: code, kernels and the first evaluations), and a verdict: a
 * series is flat when its fitted growth over that span stays under {@link flatLimit}.
 *
 * Options: `--minutes 10`, `--every 10` (seconds), `--engines webgl,scratch`, `--port 4349`
 * (site; the DevTools endpoint uses the next port), `--locale en`, `--dir dist` (the built site).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from './browser.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const minutes = Number(option('minutes', '10'));
const everySeconds = Number(option('every', '10'));
const engines = option('engines', 'webgl,scratch').split(',');
const port = Number(option('port', '4349'));
const devtoolsPort = port + 1;
const locale = option('locale', 'en');
const dir = option('dir', 'dist');
/** The lab's longest run; a finished run is started again, so the length only spaces the restarts. */
const STEPS = 20000;
/** Samples from the first minute (of short runs, the first half) are shown but left out of the slopes. */
const WARM_UP_MS = 60_000;

if (!(minutes > 0) || !(everySeconds > 0)) {
  console.error('--minutes and --every take positive numbers.');
  process.exit(2);
}
if (!existsSync(`${dir}/${locale}/training/index.html`)) {
  console.error(`No built site in ${dir}/: run \`npm run build\` first.`);
  process.exit(1);
}

/** A minimal Chrome DevTools Protocol client over the browser's WebSocket, with flat sessions. */
async function connectDevtools(portNumber) {
  const { webSocketDebuggerUrl } = await (await fetch(`http://127.0.0.1:${portNumber}/json/version`)).json();
  const socket = new WebSocket(webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let nextId = 1;
  const pending = new Map();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data));
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
    else waiting.resolve(message.result);
  });
  return {
    send(method, params = {}, sessionId = undefined) {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params, sessionId }));
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
    },
    close: () => socket.close(),
  };
}

/** Resident memory of Chromium's process tree in MB (Linux /proc), or null elsewhere. */
function browserResidentMb(rootPid) {
  if (!existsSync('/proc/self/status')) return null;
  const children = new Map();
  const rss = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      rss.set(Number(entry), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we read.
    }
  }
  let totalKb = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop();
    totalKb += rss.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return totalKb / 1024;
}

/** The lab's page and trainer-worker targets, attached once (flat sessions), by target id. */
async function labSessions(devtools, attached) {
  const { targetInfos } = await devtools.send('Target.getTargets');
  const wanted = targetInfos.filter(
    (info) =>
      (info.type === 'page' && info.url.includes('/training/')) || (info.type === 'worker' && /trainer/.test(info.url)),
  );
  for (const info of wanted) {
    if (attached.has(info.targetId)) continue;
    const { sessionId } = await devtools.send('Target.attachToTarget', { targetId: info.targetId, flatten: true });
    attached.set(info.targetId, { type: info.type, sessionId });
  }
  for (const id of attached.keys()) if (!wanted.some((info) => info.targetId === id)) attached.delete(id);
  return [...attached.values()];
}

/** JS heap in use (MB) after a full garbage collection, in one page or worker session. */
async function heapMb(devtools, sessionId) {
  await devtools.send('HeapProfiler.collectGarbage', {}, sessionId);
  const { usedSize } = await devtools.send('Runtime.getHeapUsage', {}, sessionId);
  return usedSize / 2 ** 20;
}

/** TensorFlow.js's live tensors where it is loaded (its engine sits on the global scope), else null. */
async function tensorCount(devtools, sessionId) {
  const { result } = await devtools.send(
    'Runtime.evaluate',
    { expression: 'globalThis._tfengine ? globalThis._tfengine.memory().numTensors : null', returnByValue: true },
    sessionId,
  );
  return typeof result.value === 'number' ? result.value : null;
}

/** Presses Train when the lab rests (a run ended); returns the phase and step it rested at, or null. */
async function keepTraining(page) {
  return page.evaluate(() => {
    const lab = document.querySelector('[data-demo="training-lab"]');
    const train = lab?.querySelector('button[data-action="train"]');
    const resting = ['idle', 'paused', 'finished'].includes(lab?.dataset.phase ?? '');
    if (!resting || !train || train.disabled) return null;
    const why = `${lab?.dataset.phase} at step ${lab?.dataset.step}: ${lab?.querySelector('.demo-message')?.textContent}`;
    train.click();
    return why;
  });
}

/** Process id of the Chromium browser process listening on `portNumber` (Linux /proc), or -1. */
function chromiumRoot(portNumber) {
  if (!existsSync('/proc/self/cmdline')) return -1;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (command.includes(`--remote-debugging-port=${portNumber}`) && !command.includes('--type='))
        return Number(entry);
    } catch {
      // The process ended while we read.
    }
  }
  return -1;
}

async function sample(devtools, attached, page, startedAt, chromiumPid) {
  const sessions = await labSessions(devtools, attached);
  const row = { seconds: (Date.now() - startedAt) / 1000, tensors: null, pageMb: null, workerMb: null };
  for (const { type, sessionId } of sessions) {
    if (type === 'page') row.pageMb = await heapMb(devtools, sessionId);
    else {
      row.workerMb = await heapMb(devtools, sessionId);
      row.tensors = await tensorCount(devtools, sessionId);
    }
  }
  row.browserMb = browserResidentMb(chromiumPid);
  const lab = page.locator('[data-demo="training-lab"]');
  row.step = Number(await lab.getAttribute('data-step'));
  row.backend = (await lab.getAttribute('data-backend')) ?? '';
  return row;
}

async function soak(browser, devtools, engine, chromiumPid) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`http://127.0.0.1:${port}/${locale}/training/?engine=${engine}&steps=${STEPS}`);
  const lab = page.locator('[data-demo="training-lab"]');
  await lab.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => document.querySelector('[data-demo="training-lab"] button[data-action="train"]')?.disabled === false,
    null,
    { timeout: 120_000 },
  );
  const attached = new Map();
  const rows = [];
  let runs = 0;
  let steps = 0;
  let lastStep = 0;
  const startedAt = Date.now();
  const endAt = startedAt + minutes * 60_000;
  if (await keepTraining(page)) runs++;
  for (let next = startedAt + everySeconds * 1000; ; next += everySeconds * 1000) {
    await page.waitForTimeout(Math.max(0, next - Date.now()));
    const row = await sample(devtools, attached, page, startedAt, chromiumPid);
    steps += row.step >= lastStep ? row.step - lastStep : row.step;
    lastStep = row.step;
    rows.push(row);
    printRow(engine, row);
    if (Date.now() >= endAt) break;
    const restarted = await keepTraining(page);
    if (restarted) {
      runs++;
      console.log(`${engine.padEnd(8)} Train pressed again (${restarted})`);
    }
  }
  const phase = await lab.getAttribute('data-phase');
  await page.close();
  return { engine, rows, runs, steps, phase, errors };
}

/** Least-squares slope of `values` against `minutesAt` (per minute), or null with fewer than 3 points. */
function slope(minutesAt, values) {
  const points = minutesAt.map((x, index) => [x, values[index]]).filter(([, y]) => typeof y === 'number');
  if (points.length < 3) return null;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance > 0 ? covariance / variance : 0;
}

/**
 * The growth a series may show over the measured span and still count as flat: 5 % of its median,
 * but at least one unit of noise (tensors come and go within a step; heaps move by a few hundred KB
 * between collections; resident memory by tens of MB as Chromium's allocators settle).
 */
function flatLimit(key, values) {
  const sorted = values.filter((value) => typeof value === 'number').sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const floor = { tensors: 10, pageMb: 1, workerMb: 1, browserMb: 30 }[key];
  return Math.max(floor, 0.05 * median);
}

const SERIES = [
  ['tensors', 'tensors'],
  ['pageMb', 'page MB'],
  ['workerMb', 'worker MB'],
  ['browserMb', 'browser MB'],
];

const cell = (value, digits = 1) => (typeof value === 'number' ? value.toFixed(digits) : '-').padStart(11);

function printRow(engine, row) {
  const values = SERIES.map(([key]) => cell(row[key], key === 'tensors' ? 0 : 1)).join('');
  console.log(`${engine.padEnd(8)}${cell(row.seconds, 0)}${cell(row.step, 0)}${values}`);
}

function summarise({ engine, rows, runs, steps, phase, errors }) {
  const warmUpMs = Math.min(WARM_UP_MS, (minutes * 60_000) / 2);
  const settled = rows.filter((row) => row.seconds * 1000 >= warmUpMs);
  const span = settled.length > 1 ? (settled.at(-1).seconds - settled[0].seconds) / 60 : 0;
  const minutesAt = settled.map((row) => row.seconds / 60);
  console.log(
    `\n${engine} (backend ${rows.at(-1)?.backend || '?'}): ${steps} steps in ${runs} run(s), ` +
      `last phase ${phase}, ${errors.length} page error(s)${errors.length ? `: ${errors[0]}` : ''}`,
  );
  const verdicts = [];
  for (const [key, label] of SERIES) {
    const values = settled.map((row) => row[key]);
    const perMinute = slope(minutesAt, values);
    if (perMinute === null) {
      console.log(`  ${label.padEnd(11)} not measured`);
      continue;
    }
    const limit = flatLimit(key, values);
    const flat = Math.abs(perMinute * span) <= limit;
    verdicts.push(flat);
    const first = values.find((value) => typeof value === 'number');
    const last = values.findLast((value) => typeof value === 'number');
    console.log(
      `  ${label.padEnd(11)} ${first.toFixed(1)} → ${last.toFixed(1)}, slope ${perMinute >= 0 ? '+' : ''}` +
        `${perMinute.toFixed(3)}/min over ${span.toFixed(1)} min (limit ±${limit.toFixed(1)}): ${flat ? 'flat' : 'GROWING'}`,
    );
  }
  const flat = verdicts.length > 0 && verdicts.every(Boolean) && errors.length === 0;
  console.log(`  verdict: ${flat ? 'flat' : 'NOT flat'}`);
  return flat;
}

const server = spawn(process.execPath, ['scripts/serve-dist.mjs', '--port', String(port), '--dir', dir], {
  stdio: 'ignore',
});
await new Promise((resolve) => setTimeout(resolve, 500));
const browser = await chromium.launch({
  executablePath: chromiumExecutable() ?? undefined,
  args: [...CHROMIUM_FLAGS, `--remote-debugging-port=${devtoolsPort}`],
});
let allFlat = true;
try {
  const devtools = await connectDevtools(devtoolsPort);
  const chromiumPid = chromiumRoot(devtoolsPort);
  console.log(`Soak: ${minutes} min per engine, a sample every ${everySeconds} s (after a forced GC).`);
  console.log(
    `${'engine'.padEnd(8)}${'seconds'.padStart(11)}${'step'.padStart(11)}` +
      SERIES.map(([, label]) => label.padStart(11)).join(''),
  );
  const results = [];
  for (const engine of engines) results.push(await soak(browser, devtools, engine, chromiumPid));
  for (const result of results) allFlat = summarise(result) && allFlat;
  devtools.close();
} finally {
  await browser.close();
  server.kill();
}
process.exit(allFlat ? 0 : 1);
