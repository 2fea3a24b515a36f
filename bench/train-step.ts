/**
 * Benchmark of one training step (forward, backward, Adam) at the original post's sizes
 * (T = 64, F = 1, H = 32, O = 32, synced) at B = 256 and B = 64, for:
 *   scratch          what the site uses by default: createEngine('scratch', …, { dtype: 'float32' }),
 *                    i.e. kernels 'auto' (the SIMD kernels where WebAssembly SIMD exists)
 *   scratch-js       the TypeScript reference kernels, float32
 *   scratch-simd     the WebAssembly SIMD kernels, float32
 *   scratch-float64  the TypeScript kernels in float64
 *   tfjs-cpu         the TF.js engine (tfjs-core ops + autodiff) on the cpu backend
 *   layers-cpu       tf.layers.simpleRNN + timeDistributed dense layers, trainOnBatch — the
 *                    library baseline; this is the only place in the project using tf.layers.
 * Each engine is warmed up, then the median over `--steps n` steps is reported, all in one run
 * so the ratios compare like with like.
 * Usage: npm run bench [-- --steps 10] [-- --json]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tfl from '@tensorflow/tfjs-layers';
import { ORIGINAL_CONFIG, type ModelConfig } from '../src/lib/model/config.ts';
import type { Batch } from '../src/lib/model/engine.ts';
import { createEngine } from '../src/lib/model/create.ts';
import { initParams, type Params } from '../src/lib/model/params.ts';
import { createTfjsEngine } from '../src/lib/model/tfjs.ts';
import { createRng } from '../src/lib/rng.ts';

const BATCH_SIZES = [256, 64] as const;
const WARMUP_STEPS = 3;

/** A timed training step; resolves when the step (including its loss read-back) is done. */
type StepFn = () => Promise<unknown>;

/** Parses `--steps n` (default 10) and `--json`. */
function parseArgs(argv: string[]): { steps: number; json: boolean } {
  const index = argv.indexOf('--steps');
  const steps = index >= 0 ? Number(argv[index + 1]) : 10;
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`--steps must be a positive integer, got ${argv[index + 1]}`);
  return { steps, json: argv.includes('--json') };
}

/** Noisy sine windows: x [B, T, 1] = sin + noise, y [B, T] = clean sin (like the tutorial's task). */
function makeBatch(config: ModelConfig, batchSize: number, seed: number): Batch {
  const rng = createRng(seed);
  const x = new Float32Array(batchSize * config.window);
  const y = new Float32Array(batchSize * config.window);
  for (let b = 0; b < batchSize; b++) {
    const phase = rng.uniform(0, 2 * Math.PI);
    for (let t = 0; t < config.window; t++) {
      y[b * config.window + t] = Math.sin(phase + 0.1 * t);
      x[b * config.window + t] = y[b * config.window + t] + 0.1 * rng.normal();
    }
  }
  return { batchSize, x, y };
}

/** Median milliseconds per call of `step` after `WARMUP_STEPS` untimed calls. */
async function medianMs(step: StepFn, steps: number): Promise<number> {
  for (let i = 0; i < WARMUP_STEPS; i++) await step();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    await step();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  return times.length % 2 ? times[middle] : (times[middle - 1] + times[middle]) / 2;
}

/** The same model in tf.layers (simpleRNN, returnSequences) compiled with Adam and MSE. */
function layersBaseline(config: ModelConfig, batch: Batch): { step: StepFn; dispose: () => void } {
  const model = tfl.sequential();
  model.add(
    tfl.layers.simpleRNN({
      units: config.hiddenSize,
      returnSequences: true,
      inputShape: [config.window, config.inputSize],
    }),
  );
  model.add(tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: config.outputSize, activation: 'tanh' }) }));
  model.add(tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 1 }) }));
  model.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), loss: 'meanSquaredError' });
  const xs = tf.tensor3d(Float32Array.from(batch.x), [batch.batchSize, config.window, config.inputSize]);
  const ys = tf.tensor3d(Float32Array.from(batch.y), [batch.batchSize, config.window, 1]);
  return {
    step: () => model.trainOnBatch(xs, ys),
    dispose: () => {
      tf.dispose([xs, ys]);
      model.dispose();
    },
  };
}

/** The scratch engines of the benchmark, by their JSON name. */
async function scratchEngines(config: ModelConfig, params: Params) {
  return {
    scratch: await createEngine('scratch', config, params, { dtype: 'float32' }),
    'scratch-js': await createEngine('scratch', config, params, { dtype: 'float32', kernels: 'js' }),
    'scratch-simd': await createEngine('scratch', config, params, { dtype: 'float32', kernels: 'simd' }),
    'scratch-float64': await createEngine('scratch', config, params, { dtype: 'float64' }),
  };
}

/** Measures every engine at one batch size; keys are the JSON's `msPerStep` names. */
async function measureAll(batchSize: number, steps: number): Promise<Record<string, number>> {
  const config = ORIGINAL_CONFIG;
  const params = initParams(config, createRng(42));
  const batch = makeBatch(config, batchSize, 7);
  const scratch = await scratchEngines(config, params);
  const tfjsEngine = await createTfjsEngine(config, params, { backend: 'cpu' });
  const layers = layersBaseline(config, batch);
  const ms: Record<string, number> = {};
  try {
    for (const [name, engine] of Object.entries(scratch))
      ms[name] = await medianMs(() => engine.trainStep(batch), steps);
    ms['tfjs-cpu'] = await medianMs(() => tfjsEngine.trainStep(batch), steps);
    ms['layers-cpu'] = await medianMs(layers.step, steps);
    return ms;
  } finally {
    for (const engine of Object.values(scratch)) engine.dispose();
    tfjsEngine.dispose();
    layers.dispose();
  }
}

/** The ratios the issues set targets for. */
function ratiosOf(ms: Record<string, number>): Record<string, number> {
  return {
    'scratch-js/scratch-simd': ms['scratch-js'] / ms['scratch-simd'],
    'tfjs-cpu/scratch': ms['tfjs-cpu'] / ms.scratch,
    'layers-cpu/tfjs-cpu': ms['layers-cpu'] / ms['tfjs-cpu'],
  };
}

/** Prints the human-readable table for one batch size. */
function printTable(batchSize: number, ms: Record<string, number>, steps: number): void {
  console.log(
    `Training step, B=${batchSize} T=${ORIGINAL_CONFIG.window} F=${ORIGINAL_CONFIG.inputSize} H=${ORIGINAL_CONFIG.hiddenSize} O=${ORIGINAL_CONFIG.outputSize}, median of ${steps} after ${WARMUP_STEPS} warm-up`,
  );
  for (const [name, value] of Object.entries(ms))
    console.log(`  ${name.padEnd(16)} ${value.toFixed(1).padStart(9)} ms/step`);
  const ratios = ratiosOf(ms);
  console.log(`  scratch-simd is ${ratios['scratch-js/scratch-simd'].toFixed(2)}× faster than scratch-js (target ≥ 3)`);
  console.log(`  scratch      is ${ratios['tfjs-cpu/scratch'].toFixed(2)}× faster than tfjs-cpu`);
  console.log(`  tfjs-cpu     is ${ratios['layers-cpu/tfjs-cpu'].toFixed(2)}× faster than layers-cpu`);
}

/** Entry point. */
async function main(): Promise<void> {
  const { steps, json } = parseArgs(process.argv.slice(2));
  if (!(await tf.setBackend('cpu'))) throw new Error('could not activate the TF.js cpu backend');
  const runs: Array<{ B: number; msPerStep: Record<string, number>; ratios: Record<string, number> }> = [];
  for (const batchSize of BATCH_SIZES) {
    const ms = await measureAll(batchSize, steps);
    runs.push({ B: batchSize, msPerStep: ms, ratios: ratiosOf(ms) });
    if (!json) printTable(batchSize, ms, steps);
  }
  if (!json) return;
  const report = {
    T: ORIGINAL_CONFIG.window,
    F: ORIGINAL_CONFIG.inputSize,
    H: ORIGINAL_CONFIG.hiddenSize,
    O: ORIGINAL_CONFIG.outputSize,
    runs,
    steps,
    warmup: WARMUP_STEPS,
    node: process.version,
  };
  console.log(JSON.stringify(report));
}

await main();
