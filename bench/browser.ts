/**
 * Browser benchmark of the built site (`npm run bench:browser`, after `npm run build`), in
 * headless Chromium (software WebGL where there is no GPU). A script that prints numbers, never a
 * test. Sections (`--only kernels,lab,race,demos,ladder`; all by default):
 *   - kernels: kernels and WebGL programs one training step of the site's engine launches on
 *     WebGL, per variant (B = 64; software WebGL runs the same kernels a GPU would);
 *   - lab: per engine setting (`--engines auto,scratch,wasm,cpu,webgl`), from pressing Train with
 *     the default settings until the test MSE for t ≥ 16 drops below 1e-3 (time and steps), ms
 *     per step, what `auto` chose (`data-backend` and the lab's message), and the time from
 *     opening the page until Train could be pressed (`auto` times the engines first);
 *   - race: the variant race, 3 variants × 400 steps from "Watch them train", wall time;
 *   - demos: the early-error figure and the practice demo, 400 steps each;
 *   - ladder: the compute ladder with its default settings (`--ladder '?ladder.to=256'` to
 *     change them): ms per step per engine per batch size, and its summary sentence;
 * and, for every demo while it trains (or measures), the longest main-thread task (Long Tasks
 * API, ≥ 50 ms; 0 when none) and the longest gap between animation frames.
 * Prints tables, or one JSON object with `--json`. `--timeout 120`: seconds per lab engine.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from '../scripts/browser.mjs';
import { countKernels } from './browser-kernels.ts';
import type { SiteKernelReport } from './browser-kernels-entry.ts';
import { fitLab, measureLadder, trainDemo, type DemoRun, type LabRun, type LadderRun } from './browser-watch.ts';

const SECTIONS = ['kernels', 'lab', 'race', 'demos', 'ladder'];
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const only = option('only', SECTIONS.join(',')).split(',');
const engines = option('engines', 'auto,scratch,wasm,cpu,webgl').split(',');
const timeoutMs = Number(option('timeout', '120')) * 1000;
const ladderQuery = option('ladder', '');
const port = 4341;
const origin = `http://127.0.0.1:${port}`;
/** The late-step test MSE the lab must reach. */
const TARGET = 1e-3;

/** Everything one run measured (sections left out are absent). */
interface BenchResult {
  machine: { cores: number; webglRenderer: string | null };
  kernels?: SiteKernelReport;
  lab?: { target: { mseLate: number }; results: LabRun[] };
  race?: DemoRun;
  demos?: DemoRun[];
  ladder?: LadderRun;
}

const DEMOS = [
  { name: 'early-error', url: '/en/variants/?ee.steps=400', selector: '[data-demo="early-error"]' },
  { name: 'practice', url: '/en/practice/?pr.steps=400', selector: '[data-demo="practice"]' },
];

if (!existsSync('dist/en/training/index.html')) {
  console.error('No built site in dist/: run `npm run build` first.');
  process.exit(1);
}
const unknown = only.filter((section) => !SECTIONS.includes(section));
if (unknown.length > 0) {
  console.error(`--only takes ${SECTIONS.join(', ')}; got ${unknown.join(', ')}`);
  process.exit(1);
}
const server = spawn(process.execPath, ['scripts/serve-dist.mjs', '--port', String(port)], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 500));
const browser = await chromium.launch({ executablePath: chromiumExecutable() ?? undefined, args: CHROMIUM_FLAGS });
const result: BenchResult = { machine: { cores: availableParallelism(), webglRenderer: null } };
try {
  if (only.includes('kernels')) {
    result.kernels = await countKernels(browser, 64);
    result.machine.webglRenderer = result.kernels.renderer;
  }
  if (only.includes('lab')) {
    const results: LabRun[] = [];
    for (const engine of engines) results.push(await fitLab(browser, origin, engine, TARGET, timeoutMs));
    result.lab = { target: { mseLate: TARGET }, results };
  }
  if (only.includes('race')) {
    const race = { name: 'variant-race', url: '/en/variants/?race.steps=400', selector: '[data-demo="variant-race"]' };
    result.race = await trainDemo(browser, origin, { ...race, timeoutMs: 900_000 });
  }
  if (only.includes('demos')) {
    result.demos = [];
    for (const demo of DEMOS) result.demos.push(await trainDemo(browser, origin, { ...demo, timeoutMs: 600_000 }));
  }
  if (only.includes('ladder')) result.ladder = await measureLadder(browser, origin, ladderQuery, 900_000);
} finally {
  await browser.close();
  server.kill();
}

const fixed = (value: number | null, digits = 1) => (value === null ? 'not reached' : value.toFixed(digits));

function printKernels(report: SiteKernelReport): void {
  console.log(`\nKernels per training step on WebGL (B = ${report.batchSize}; ${report.renderer ?? 'no renderer'})`);
  console.log('variant          path        kernels   WebGL programs run');
  for (const v of report.variants) {
    console.log(
      `${v.variant.padEnd(16)} ${v.path.padEnd(10)} ${String(v.kernels).padStart(8)}   ${String(v.dispatches).padStart(18)}`,
    );
  }
}

function printLab(lab: NonNullable<BenchResult['lab']>): void {
  console.log(`\nLab: from Train (defaults) to test MSE(t ≥ 16) < ${lab.target.mseLate}`);
  console.log('engine    backend   ready s   s to fit   steps   ms/step   longest task ms   frame gap ms');
  for (const r of lab.results) {
    console.log(
      `${r.engine.padEnd(9)} ${r.backend.padEnd(9)} ${r.readySeconds.toFixed(1).padStart(7)}   ${fixed(r.secondsToFit, 2).padStart(8)}` +
        `   ${fixed(r.stepsToFit, 0).padStart(5)}   ${r.msPerStep.toFixed(1).padStart(7)}   ${r.longestTaskMs.toFixed(0).padStart(15)}` +
        `   ${r.longestFrameGapMs.toFixed(0).padStart(12)}`,
    );
  }
  for (const r of lab.results.filter((run) => run.engine === 'auto')) console.log(`auto: ${r.choice}`);
}

function printDemos(runs: DemoRun[]): void {
  console.log('\nDemos trained to their end (wall time from Train)');
  console.log('demo            steps   ready s   seconds   state      longest task ms   frame gap ms');
  for (const r of runs) {
    const steps = /steps=(\d+)/.exec(r.url)?.[1] ?? '';
    console.log(
      `${r.demo.padEnd(15)} ${steps.padStart(5)}   ${r.readySeconds.toFixed(1).padStart(7)}   ${fixed(r.seconds).padStart(7)}` +
        `   ${r.state.padEnd(9)}   ${r.longestTaskMs.toFixed(0).padStart(15)}   ${r.longestFrameGapMs.toFixed(0).padStart(12)}`,
    );
  }
}

function printLadder(ladder: LadderRun): void {
  console.log(`\nCompute ladder (${ladder.url}): ms per training step; measured in ${fixed(ladder.seconds)} s`);
  const engineNames = [...new Set(ladder.results.map((r) => r.engine))];
  const batches = [...new Set(ladder.results.map((r) => r.batch))];
  console.log(['B'.padStart(6), ...engineNames.map((e) => e.padStart(14))].join(' '));
  for (const batch of batches) {
    const cells = engineNames.map((engine) => {
      const r = ladder.results.find((point) => point.engine === engine && point.batch === batch);
      if (r?.msPerStep !== undefined) return r.msPerStep.toFixed(1);
      return r?.skipped ? `skipped ~${Math.round(r.estimateMs ?? NaN)}` : 'failed';
    });
    console.log([String(batch).padStart(6), ...cells.map((c) => c.padStart(14))].join(' '));
  }
  console.log(ladder.sentence);
  console.log(
    `longest task while measuring: ${ladder.longestTaskMs.toFixed(0)} ms; frame gap ${ladder.longestFrameGapMs.toFixed(0)} ms`,
  );
}

if (args.includes('--json')) {
  console.log(JSON.stringify(result));
} else {
  console.log(`headless Chromium, ${result.machine.cores} cores`);
  if (result.kernels) printKernels(result.kernels);
  if (result.lab) printLab(result.lab);
  const demos = [...(result.race ? [result.race] : []), ...(result.demos ?? [])];
  if (demos.length > 0) printDemos(demos);
  if (result.ladder) printLadder(result.ladder);
}
