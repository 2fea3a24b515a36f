/**
 * Kernels per training step of the TF.js engine: `npm run bench:kernels [-- --json]
 * [--batch 64] [--on node,cpu,webgl] [--verbose]`. For every variant, on Node's cpu backend and
 * in headless Chromium on cpu and WebGL (software WebGL where there is no GPU: count kernels,
 * don't judge milliseconds), the kernels one step
 * launches on the reference (autodiff) and the fused (hand-derived BPTT) path, the WebGL
 * programs that actually run, and the largest relative difference between the paths (loss and
 * every gradient of one batch; parameters and losses after 10 Adam steps). Exits with status 1
 * when a difference exceeds 1e-4 (loss and gradients) or the fused path launches more than a
 * third of the kernels of the reference path or of the engine before it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from '../scripts/browser.mjs';
import { VARIANTS } from '../src/lib/model/config.ts';
import type { BrowserMeasurement } from './kernels-entry.ts';
import { COMPARED_STEPS, measureVariant, type VariantMeasurement } from './kernels-measure.ts';

const TOLERANCE = 1e-4;

/**
 * Kernels per step of the engine before the fused path (autodiff + tf.train.adam, at the
 * default sizes, any B), as issue 10 measured them: the fused path must stay under a third.
 */
const BEFORE: Record<string, number> = { synced: 1315, delayed: 1443, bidirectional: 2522 };

/** Where to measure: Node's cpu backend, Chromium's cpu backend, Chromium's WebGL. */
const PLACES = ['node', 'cpu', 'webgl'];

/** Command-line options. */
interface Options {
  json: boolean;
  verbose: boolean;
  batchSize: number;
  places: string[];
}

/** Parses `--json`, `--verbose` (the page's console on stderr), `--batch n`, `--on a,b`. */
function parseArgs(argv: string[]): Options {
  const value = (name: string, fallback: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 && argv[index + 1] ? argv[index + 1] : fallback;
  };
  const batchSize = Number(value('batch', '64'));
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('--batch must be a positive integer');
  const places = value('on', PLACES.join(',')).split(',');
  const unknown = places.filter((place) => !PLACES.includes(place));
  if (unknown.length > 0) throw new Error(`--on takes ${PLACES.join(', ')}; got ${unknown.join(', ')}`);
  return { json: argv.includes('--json'), verbose: argv.includes('--verbose'), batchSize, places };
}

/** Every variant on Node's cpu backend. */
async function measureNode(batchSize: number): Promise<VariantMeasurement[]> {
  await tf.setBackend('cpu');
  const results: VariantMeasurement[] = [];
  for (const variant of VARIANTS) results.push(await measureVariant(variant, batchSize));
  return results;
}

/** Bundles the browser entry (tfjs-core, cpu and webgl backends, the engine) into one script. */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('./kernels-entry.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

/** Every variant in headless Chromium, on each of `backends`. */
async function measureBrowser(batchSize: number, backends: string[], verbose: boolean): Promise<BrowserMeasurement[]> {
  if (backends.length === 0) return [];
  const script = await bundle();
  const browser = await chromium.launch({ executablePath: chromiumExecutable() ?? undefined, args: CHROMIUM_FLAGS });
  try {
    const measurements: BrowserMeasurement[] = [];
    for (const backend of backends) {
      const page = await browser.newPage();
      if (verbose) page.on('console', (message) => console.error(message.text()));
      await page.addScriptTag({ content: script });
      measurements.push(
        await page.evaluate(
          ([name, size]) =>
            (
              globalThis as unknown as { measureKernels(b: string, n: number): Promise<BrowserMeasurement> }
            ).measureKernels(name, size),
          [backend, batchSize] as [string, number],
        ),
      );
      await page.close();
    }
    return measurements;
  } finally {
    await browser.close();
  }
}

/** Largest value of a record. */
function largest(values: Record<string, number>): number {
  return Math.max(...Object.values(values));
}

/** One table row per variant and platform. */
function row(where: string, result: VariantMeasurement): string {
  const { reference, fused, difference } = result;
  const count = (c: { kernels: number; dispatches: number | null } | null) =>
    c ? `${c.kernels}${c.dispatches === null ? '' : ` (${c.dispatches})`}` : 'n/a';
  const diff = difference
    ? [difference.loss, largest(difference.grads), largest(difference.params), difference.stepLosses].map((d) =>
        d.toExponential(1),
      )
    : ['', '', '', ''];
  const ratio = fused ? (fused.kernels / reference.kernels).toFixed(3) : '';
  const { accuracy } = result;
  const f64 = [accuracy.reference, accuracy.fused ?? NaN].map((d) => d.toExponential(1).padStart(9));
  const ms = [reference, fused].map((c) => (c?.msPerStep === undefined ? '' : c.msPerStep.toFixed(0)).padStart(7));
  const cells = [count(reference).padStart(12), count(fused).padStart(10), ratio.padStart(6)];
  return [where.padEnd(14), result.variant.padEnd(14), ...cells, ...diff.map((d) => d.padStart(9)), ...f64, ...ms].join(
    ' ',
  );
}

/** Problems that make the run fail: differences over the tolerance, fused counts over a third. */
function failures(results: Array<[string, VariantMeasurement]>): string[] {
  return results.flatMap(([where, result]) => {
    const problems: string[] = [];
    const { fused, difference } = result;
    if (difference && Math.max(difference.loss, largest(difference.grads)) > TOLERANCE)
      problems.push(`${where} ${result.variant}: fused and reference gradients differ by more than ${TOLERANCE}`);
    const before = Math.min(result.reference.kernels, BEFORE[result.variant]);
    if (fused && 3 * fused.kernels > before)
      problems.push(`${where} ${result.variant}: the fused path launches more than a third of ${before} kernels`);
    return problems;
  });
}

/** Prints the table of every measurement. */
function printTable(batchSize: number, renderers: string[], all: Array<[string, VariantMeasurement]>): void {
  console.log(`Kernels per training step at B = ${batchSize} (WebGL programs actually run in parentheses);`);
  console.log(
    `fused vs reference: relative difference of loss, gradients, and after ${COMPARED_STEPS} Adam steps of parameters and losses;`,
  );
  console.log("ref/fused f64: each path's gradients vs the scratch engine in float64; ms: per step, same run only.");
  for (const renderer of renderers) console.log(renderer);
  const cells = ['reference'.padStart(12), 'fused'.padStart(10), 'ratio'.padStart(6)];
  const headers = ['loss', 'grads', 'params10', 'losses10', 'ref f64', 'fused f64'].map((h) => h.padStart(9));
  headers.push(...['ms ref', 'ms fus'].map((h) => h.padStart(7)));
  console.log(['where'.padEnd(14), 'variant'.padEnd(14), ...cells, ...headers].join(' '));
  for (const [where, result] of all) console.log(row(where, result));
}

const { json, verbose, batchSize, places } = parseArgs(process.argv.slice(2));
const node = places.includes('node') ? await measureNode(batchSize) : [];
const browser = await measureBrowser(
  batchSize,
  places.filter((place) => place !== 'node'),
  verbose,
);
const all: Array<[string, VariantMeasurement]> = [
  ...node.map((r): [string, VariantMeasurement] => ['node cpu', r]),
  ...browser.flatMap((m) => m.results.map((r): [string, VariantMeasurement] => [`chromium ${m.backend}`, r])),
];
const problems = failures(all);
if (json) {
  console.log(JSON.stringify({ batchSize, comparedSteps: COMPARED_STEPS, node, browser, problems }, null, 2));
} else {
  printTable(
    batchSize,
    browser.flatMap((m) => (m.renderer ? [`WebGL renderer: ${m.renderer}; default kernels: ${m.defaultKernels}`] : [])),
    all,
  );
}
for (const problem of problems) console.error(problem);
process.exitCode = problems.length > 0 ? 1 : 0;
