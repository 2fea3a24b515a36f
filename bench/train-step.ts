/**
 * Benchmark of one training step (forward, backward, Adam) at the original post's sizes
 * (B = 256, T = 64, F = 1, H = 32, O = 32, synced) for:
 *   scratch          the typed-array engine, float32 (and float64, reported too)
 *   tfjs-cpu         the TF.js engine (tfjs-core ops + autodiff) on the cpu backend
 *   layers-cpu       tf.layers.simpleRNN + timeDistributed dense layers, trainOnBatch — the
 *                    library baseline; this is the only place in the project using tf.layers.
 * Each engine is warmed up, then the median over `--steps n` steps is reported.
 * Usage: npm run bench [-- --steps 10] [-- --json]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tfl from '@tensorflow/tfjs-layers';
import { ORIGINAL_CONFIG, type ModelConfig } from '../src/lib/model/config.ts';
import type { Batch } from '../src/lib/model/engine.ts';
import { initParams } from '../src/lib/model/params.ts';
import { createScratchEngine } from '../src/lib/model/scratch.ts';
import { createTfjsEngine } from '../src/lib/model/tfjs.ts';
import { createRng } from '../src/lib/rng.ts';

const BATCH_SIZE = 256;
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

/** Measures every engine; keys are the JSON's `msPerStep` names. */
async function measureAll(steps: number): Promise<Record<string, number>> {
  const config = ORIGINAL_CONFIG;
  const params = initParams(config, createRng(42));
  const batch = makeBatch(config, BATCH_SIZE, 7);
  const scratch32 = createScratchEngine(config, params, { dtype: 'float32' });
  const scratch64 = createScratchEngine(config, params, { dtype: 'float64' });
  const tfjsEngine = await createTfjsEngine(config, params, { backend: 'cpu' });
  const layers = layersBaseline(config, batch);
  try {
    return {
      scratch: await medianMs(() => scratch32.trainStep(batch), steps),
      'tfjs-cpu': await medianMs(() => tfjsEngine.trainStep(batch), steps),
      'layers-cpu': await medianMs(layers.step, steps),
      'scratch-float64': await medianMs(() => scratch64.trainStep(batch), steps),
    };
  } finally {
    scratch32.dispose();
    scratch64.dispose();
    tfjsEngine.dispose();
    layers.dispose();
  }
}

/** Prints the human-readable table. */
function printTable(ms: Record<string, number>, steps: number): void {
  console.log(
    `Training step, B=${BATCH_SIZE} T=${ORIGINAL_CONFIG.window} F=${ORIGINAL_CONFIG.inputSize} H=${ORIGINAL_CONFIG.hiddenSize} O=${ORIGINAL_CONFIG.outputSize}, median of ${steps} after ${WARMUP_STEPS} warm-up`,
  );
  for (const [name, value] of Object.entries(ms))
    console.log(`  ${name.padEnd(16)} ${value.toFixed(1).padStart(9)} ms/step`);
  const tfjsSpeedup = ms['layers-cpu'] / ms['tfjs-cpu'];
  const scratchSpeedup = ms['tfjs-cpu'] / ms.scratch;
  console.log(`  tfjs-cpu is ${tfjsSpeedup.toFixed(2)}× faster than layers-cpu (target ≥ 2)`);
  console.log(`  scratch  is ${scratchSpeedup.toFixed(2)}× faster than tfjs-cpu (target ≥ 4)`);
}

/** Entry point. */
async function main(): Promise<void> {
  const { steps, json } = parseArgs(process.argv.slice(2));
  if (!(await tf.setBackend('cpu'))) throw new Error('could not activate the TF.js cpu backend');
  const ms = await measureAll(steps);
  if (!json) return printTable(ms, steps);
  const report = {
    B: BATCH_SIZE,
    T: ORIGINAL_CONFIG.window,
    H: ORIGINAL_CONFIG.hiddenSize,
    msPerStep: ms,
    ratios: {
      'layers-cpu/tfjs-cpu': ms['layers-cpu'] / ms['tfjs-cpu'],
      'tfjs-cpu/scratch': ms['tfjs-cpu'] / ms.scratch,
    },
    F: ORIGINAL_CONFIG.inputSize,
    O: ORIGINAL_CONFIG.outputSize,
    steps,
    warmup: WARMUP_STEPS,
    node: process.version,
  };
  console.log(JSON.stringify(report));
}

await main();
