/**
 * Shared set-ups of the TF.js engine tests: small configs, random batches and parameters, the
 * array-scaled relative error, and the model's loss in float64 straight from its definition
 * (config.ts) with a learned initial state and burn-in — the oracle the finite differences
 * differentiate.
 */
import { expect } from 'vitest';
import {
  makeConfig,
  paramShapes,
  unrolledSteps,
  type InitialState,
  type ModelConfig,
  type ParamName,
  type Variant,
} from '../../src/lib/model/config.ts';
import type { Batch } from '../../src/lib/model/engine.ts';
import { initParams, paramOf, type Params } from '../../src/lib/model/params.ts';
import { createRng } from '../../src/lib/rng.ts';

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

/** v·W + b for v [K], W [K, M] row-major, b [M] (or none). */
function affine(v: number[], weights: ArrayLike<number>, bias: ArrayLike<number> | null, width: number): number[] {
  return Array.from({ length: width }, (_, m) => {
    let sum = bias ? bias[m] : 0;
    v.forEach((value, k) => (sum += value * weights[k * width + m]));
    return sum;
  });
}

/** One cell over steps of x (zeros past T), from its initial state (or 0), in `order`. */
function cellStates(
  config: ModelConfig,
  params: Params,
  x: (s: number) => number[],
  names: [ParamName, ParamName, ParamName, ParamName],
  order: number[],
): number[][] {
  const [input, recurrent, bias, initialName] = names;
  const H = config.hiddenSize;
  let state = Array.from(params[initialName] ?? new Float64Array(H));
  const states: number[][] = [];
  for (const s of order) {
    const fromInput = affine(x(s), paramOf(params, input), paramOf(params, bias), H);
    const fromState = affine(state, paramOf(params, recurrent), null, H);
    state = fromInput.map((value, j) => Math.tanh(value + fromState[j]));
    states[s] = state;
  }
  return states;
}

/**
 * L = (1/(B·(T−k)))·Σ_b Σ_{t≥k} (ŷ_{b,t} − y_{b,t})² in float64, computed directly from the
 * model's definition (h_{−1} = h0 or 0, g_T = h0_b or 0, delayed reads ŷ_t at step t + d).
 */
export function definitionLoss(config: ModelConfig, params: Params, batch: Batch, burnIn: number): number {
  const { window: T, inputSize: F, outputSize: O } = config;
  const S = unrolledSteps(config);
  const delay = config.variant === 'delayed' ? config.delay : 0;
  let total = 0;
  for (let b = 0; b < batch.batchSize; b++) {
    const x = (s: number) => Array.from({ length: F }, (_, f) => (s < T ? batch.x[(b * T + s) * F + f] : 0));
    const forward = cellStates(config, params, x, ['Wxh', 'Whh', 'bh', 'h0'], [...Array(S).keys()]);
    const backward =
      config.variant === 'bidirectional'
        ? cellStates(config, params, x, ['Wxh_b', 'Whh_b', 'bh_b', 'h0_b'], [...Array(T).keys()].reverse())
        : null;
    for (let t = burnIn; t < T; t++) {
      const state = backward ? [...forward[t], ...backward[t]] : forward[t + delay];
      const z = affine(state, paramOf(params, 'Why'), paramOf(params, 'by'), O).map(Math.tanh);
      const prediction = affine(z, paramOf(params, 'Wl'), paramOf(params, 'bl'), 1)[0];
      total += (prediction - batch.y[b * T + t]) ** 2;
    }
  }
  return total / (batch.batchSize * (T - burnIn));
}

/** Central differences of {@link definitionLoss} for every parameter (ε = 1e-5, float64). */
export function definitionGrads(config: ModelConfig, params: Params, batch: Batch, burnIn: number): Params {
  const grads: Params = {};
  const epsilon = 1e-5;
  for (const [name] of paramShapes(config)) {
    const values = Float64Array.from(paramOf(params, name));
    const shifted = { ...params, [name]: values };
    grads[name] = values.map((original, i) => {
      values[i] = original + epsilon;
      const plus = definitionLoss(config, shifted, batch, burnIn);
      values[i] = original - epsilon;
      const minus = definitionLoss(config, shifted, batch, burnIn);
      values[i] = original;
      return (plus - minus) / (2 * epsilon);
    });
  }
  return grads;
}
