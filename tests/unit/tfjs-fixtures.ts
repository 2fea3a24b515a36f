/**
 * Shared set-ups of the TF.js engine tests: small configs, random batches and parameters, and
 * the array-scaled relative error. The float64 reference they compare against is the scratch
 * engine (lossAndGradsScratch), which gradcheck.test.ts checks against finite differences.
 */
import { expect } from 'vitest';
import {
  makeConfig,
  paramShapes,
  type InitialState,
  type ModelConfig,
  type Variant,
} from '../../src/lib/model/config.ts';
import type { Batch } from '../../src/lib/model/engine.ts';
import { initParams, paramOf, type Params } from '../../src/lib/model/params.ts';
import { createRng } from '../../src/lib/rng.ts';
import { DATA_DEFAULTS } from '../../src/lib/data.ts';
import type { SessionSetup } from '../../src/lib/session.ts';

/** Small sizes so every variant runs in milliseconds: F = 1, H = 5, O = 4, T = 7, delay 2. */
export function smallConfig(variant: Variant, initialState: InitialState = 'zero'): ModelConfig {
  return makeConfig(variant, { inputSize: 1, hiddenSize: 5, outputSize: 4, window: 7, delay: 2, initialState });
}

/** A random batch x [B, T, F] ~ N(0, 1), y [B, T] ~ N(0, 1), float64. */
export function randomBatch(config: ModelConfig, batchSize: number, seed: number): Batch {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: batchSize * config.window * config.inputSize }, () => rng.normal());
  const y = Float64Array.from({ length: batchSize * config.window }, () => rng.normal());
  return { batchSize, x, y };
}

/**
 * Parameters for a config; vectors (biases, h0) get small random values so their gradients
 * and their effect on the states are exercised.
 */
export function testParams(config: ModelConfig, seed: number): Params {
  const rng = createRng(seed);
  const params = initParams(config, rng);
  for (const [name, shape] of paramShapes(config)) {
    if (shape.length === 1) paramOf(params, name).forEach((_, i, values) => (values[i] = rng.uniform(-0.2, 0.2)));
  }
  return params;
}

/**
 * Relative error of `actual` against `expected`, scaled by the array as a whole:
 *   max_i |a_i − e_i| / max(max_i |e_i|, floor).
 * Normalising by the largest reference entry (not entry by entry) keeps near-zero entries
 * from turning float32 rounding into huge ratios; the floor (1e-3) keeps an all-tiny
 * gradient from doing the same. float32 vs float64 lands around 1e-7 … 1e-6.
 */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-3): number {
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
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** A small synced run (H = 8, T = 16, 64 training windows) whose continuations the tests compare. */
export const SMALL_RUN: SessionSetup = {
  config: makeConfig('synced', { hiddenSize: 8, outputSize: 6, window: 16 }),
  data: { ...DATA_DEFAULTS, cycles: 1, horizon: 2, trainSize: 64, testSize: 16 },
  learningRate: 0.01,
  batchSize: 8,
  seed: 3,
};
