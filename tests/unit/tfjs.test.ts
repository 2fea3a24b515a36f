/**
 * The TF.js engine (tfjs-core ops + autodiff, cpu backend) against the scratch engine
 * (hand-derived BPTT, float64): same parameters and batch must give the same loss, gradients,
 * predictions, hidden states and input gradients for every variant. Also checks tensor
 * hygiene, divergence handling, parameter validation and backend selection.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/lib/model/backend.ts';
import { paramShapes, VARIANTS, type ModelConfig, type Variant } from '../../src/lib/model/config.ts';
import type { Batch } from '../../src/lib/model/engine.ts';
import { initParams, paramOf, type Params } from '../../src/lib/model/params.ts';
import {
  createScratchEngine,
  inputGradient as scratchInputGradient,
  hiddenStates as scratchHiddenStates,
} from '../../src/lib/model/scratch.ts';
import { createTfjsEngine, tfjsInputGradient } from '../../src/lib/model/tfjs.ts';
import { createRng } from '../../src/lib/rng.ts';

const BATCH_SIZE = 3;

/** Small sizes so every variant runs in milliseconds: F = 1, H = 5, O = 4, T = 7, delay 2. */
function smallConfig(variant: Variant): ModelConfig {
  return {
    variant,
    delay: variant === 'delayed' ? 2 : 0,
    inputSize: 1,
    hiddenSize: 5,
    outputSize: 4,
    window: 7,
    initialState: 'zero',
  };
}

/** A random batch x [B, T, F] ~ N(0, 1), y [B, T] ~ N(0, 1), float64. */
function randomBatch(config: ModelConfig, batchSize: number, seed: number): Batch {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: batchSize * config.window * config.inputSize }, () => rng.normal());
  const y = Float64Array.from({ length: batchSize * config.window }, () => rng.normal());
  return { batchSize, x, y };
}

/**
 * Relative error of `actual` against `expected`, scaled by the array as a whole:
 *   max_i |a_i − e_i| / max(max_i |e_i|, floor).
 * Normalising by the largest reference entry (not entry by entry) keeps near-zero entries
 * from turning float32 rounding into huge ratios; the floor (1e-3) keeps an all-tiny
 * gradient from doing the same. float32 autodiff vs float64 BPTT lands around 1e-7 … 1e-6.
 */
function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-3): number {
  expect(actual.length).toBe(expected.length);
  let maxDiff = 0;
  let scale = floor;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return maxDiff / scale;
}

/** Largest absolute difference between two arrays of equal length. */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Parameters for a config; biases get small random values so their gradients are exercised. */
function testParams(config: ModelConfig, seed: number): Params {
  const rng = createRng(seed);
  const params = initParams(config, rng);
  for (const [name, shape] of paramShapes(config)) {
    if (shape.length === 1) paramOf(params, name).forEach((_, i, values) => (values[i] = rng.uniform(-0.2, 0.2)));
  }
  return params;
}

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe.each(VARIANTS)('tfjs engine vs scratch engine, %s', (variant) => {
  const config = smallConfig(variant);
  const params = testParams(config, 11);
  const batch = randomBatch(config, BATCH_SIZE, 12);

  it('gives the same loss and gradients (relative error < 1e-4)', async () => {
    const tfjsEngine = await createTfjsEngine(config, params, { backend: 'cpu' });
    const scratch = createScratchEngine(config, params, { dtype: 'float64' });
    const fromTfjs = await tfjsEngine.lossAndGrads(batch);
    const fromScratch = await scratch.lossAndGrads(batch);
    expect(relativeError([fromTfjs.loss], [fromScratch.loss])).toBeLessThan(1e-4);
    for (const [name] of paramShapes(config)) {
      expect(relativeError(paramOf(fromTfjs.grads, name), paramOf(fromScratch.grads, name)), name).toBeLessThan(1e-4);
    }
    tfjsEngine.dispose();
    scratch.dispose();
  });

  it('gives the same predictions, hidden states and input gradients', async () => {
    const tfjsEngine = await createTfjsEngine(config, params);
    const scratch = createScratchEngine(config, params, { dtype: 'float64' });
    const predictions = await tfjsEngine.predict(batch.x, BATCH_SIZE);
    expect(maxAbsDiff(predictions, await scratch.predict(batch.x, BATCH_SIZE))).toBeLessThan(1e-5);
    const window = batch.x.subarray(0, config.window * config.inputSize);
    const states = await tfjsEngine.hiddenStates(window, 1);
    const reference = scratchHiddenStates(config, params, window);
    expect(maxAbsDiff(states.forward, reference.forward)).toBeLessThan(1e-5);
    if (variant === 'bidirectional') expect(maxAbsDiff(states.backward!, reference.backward!)).toBeLessThan(1e-5);
    for (const t of [0, 3, config.window - 1]) {
      const gradient = await tfjsInputGradient(tfjsEngine, window, t);
      expect(relativeError(gradient, scratchInputGradient(config, params, window, t)), `t=${t}`).toBeLessThan(1e-4);
    }
    tfjsEngine.dispose();
    scratch.dispose();
  });

  // Adam divides each step by √v̂, so for near-zero gradient entries float32 rounding of g can
  // shift an update by a sizeable fraction of lr. The losses along the trajectory must agree to
  // 1e-4; parameters, which 5 steps at lr 0.01 move by up to 0.05, to 10 % of that (5e-3),
  // which still catches a missing, doubled or sign-flipped update.
  it('takes the same Adam steps as the scratch engine', async () => {
    const tfjsEngine = await createTfjsEngine(config, params, { adam: { learningRate: 0.01 } });
    const scratch = createScratchEngine(config, params, { dtype: 'float64', adam: { learningRate: 0.01 } });
    for (let step = 0; step < 5; step++) {
      const [lossTfjs, lossScratch] = [await tfjsEngine.trainStep(batch), await scratch.trainStep(batch)];
      expect(relativeError([lossTfjs], [lossScratch])).toBeLessThan(1e-4);
    }
    const after = tfjsEngine.getParams();
    const reference = scratch.getParams();
    for (const [name] of paramShapes(config))
      expect(maxAbsDiff(paramOf(after, name), paramOf(reference, name)), name).toBeLessThan(5e-3);
    tfjsEngine.dispose();
    scratch.dispose();
  });
});

describe('tfjs engine housekeeping', () => {
  it('does not leak tensors: the count after step 10 equals the count after step 200', async () => {
    const config: ModelConfig = {
      variant: 'bidirectional',
      delay: 0,
      inputSize: 1,
      hiddenSize: 3,
      outputSize: 2,
      window: 4,
      initialState: 'zero',
    };
    const engine = await createTfjsEngine(config, testParams(config, 1));
    const batch = randomBatch(config, 2, 2);
    for (let step = 0; step < 10; step++) await engine.trainStep(batch);
    const afterTen = tf.memory().numTensors;
    for (let step = 10; step < 200; step++) await engine.trainStep(batch);
    await engine.predict(batch.x, 2);
    await engine.lossAndGrads(batch);
    expect(tf.memory().numTensors).toBe(afterTen);
    const before = tf.memory().numTensors;
    engine.dispose();
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('refuses a learning rate that could only diverge', async () => {
    const config = smallConfig('synced');
    await expect(createTfjsEngine(config, testParams(config, 3), { adam: { learningRate: 1e30 } })).rejects.toThrow(
      /learning rate/,
    );
  });

  it('throws on a non-finite loss and leaves the parameters as they were', async () => {
    const config = smallConfig('synced');
    const params = testParams(config, 3);
    // ŷ ≈ 1e38 overflows float32 when squared, so the loss is +∞.
    params.bl = Float64Array.from([1e38]);
    const engine = await createTfjsEngine(config, params);
    const batch = randomBatch(config, BATCH_SIZE, 4);
    const before = engine.getParams();
    await expect(engine.trainStep(batch)).rejects.toThrow(/non-finite/);
    const after = engine.getParams();
    for (const [name] of paramShapes(config)) expect(paramOf(after, name), name).toEqual(before[name]);
    engine.dispose();
  });

  it('rejects parameters of the wrong shape, naming the parameter, and keeps the old ones', async () => {
    const config = smallConfig('delayed');
    const params = testParams(config, 5);
    const engine = await createTfjsEngine(config, params);
    const wrong = { ...params, Whh: new Float64Array(config.hiddenSize * config.hiddenSize + 1) };
    expect(() => engine.setParams(wrong)).toThrow(/Whh/);
    const { bl: _dropped, ...missing } = params;
    expect(() => engine.setParams(missing)).toThrow(/bl/);
    expect(engine.getParams().Whh).toEqual(Float64Array.from(Float32Array.from(params.Whh!)));
    engine.dispose();
  });

  it('setParams replaces the values exactly (to float32) and getParams returns float64 copies', async () => {
    const config = smallConfig('synced');
    const engine = await createTfjsEngine(config, testParams(config, 6));
    const replacement = testParams(config, 7);
    engine.setParams(replacement);
    const read = engine.getParams();
    for (const [name] of paramShapes(config)) {
      expect(paramOf(read, name)).toBeInstanceOf(Float64Array);
      expect(paramOf(read, name)).toEqual(Float64Array.from(Float32Array.from(paramOf(replacement, name))));
    }
    engine.dispose();
  });
});

describe('selectBackend', () => {
  it('activates cpu in Node, noting why webgl was not used', async () => {
    const { backend, notes } = await selectBackend(['webgl', 'cpu']);
    expect(backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(notes.length).toBe(1);
    expect(notes[0].backend).toBe('webgl');
    expect(notes[0].reason).toBe('failed');
    expect(notes[0].message).toMatch(/^webgl/);
  });
});
