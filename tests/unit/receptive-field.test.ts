/**
 * The receptive-field matrix |∂ŷ_t/∂x_s| against derivatives worked out by hand on a tiny
 * model (T = 3, F = H = O = 1, biases 0, Wl = 1), and its summary above/below the diagonal.
 */
import { describe, expect, it } from 'vitest';
import { makeConfig, type ModelConfig, type Variant } from '../../src/lib/model/config.ts';
import { initParams, type Params } from '../../src/lib/model/params.ts';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { receptiveField, receptiveFieldFrom, summariseDiagonal } from '../../src/lib/receptive-field.ts';
import { createTfjsEngine } from '../../src/lib/model/tfjs.ts';
import { createRng } from '../../src/lib/rng.ts';

const a = 0.8; // Wxh
const w = 0.5; // Whh
const c = 1.2; // Why (forward half)
const ab = -0.7; // Wxh_b
const wb = 0.6; // Whh_b
const cb = 0.9; // Why (backward half)
const x = Float64Array.from([0.3, -0.5, 0.9]);

function tiny(variant: Variant): ModelConfig {
  return makeConfig(variant, { hiddenSize: 1, outputSize: 1, window: 3 });
}

function scalar(value: number): Float64Array {
  return Float64Array.from([value]);
}

function tinyParams(variant: Variant): Params {
  const params: Params = { Wxh: scalar(a), Whh: scalar(w), bh: scalar(0), by: scalar(0), Wl: scalar(1), bl: scalar(0) };
  if (variant === 'bidirectional') {
    Object.assign(params, { Wxh_b: scalar(ab), Whh_b: scalar(wb), bh_b: scalar(0), Why: Float64Array.from([c, cb]) });
  } else {
    params.Why = scalar(c);
  }
  return params;
}

/** Forward states of the tiny synced cell: h_t = tanh(a·x_t + w·h_{t−1}). */
function forwardStates(inputs: ArrayLike<number>): number[] {
  const h: number[] = [];
  for (let t = 0; t < inputs.length; t++) h.push(Math.tanh(a * inputs[t] + w * (t > 0 ? h[t - 1] : 0)));
  return h;
}

describe('receptiveField', () => {
  it('matches the hand-derived derivatives of a synced model, with zeros above the diagonal', () => {
    const h = forwardStates(x);
    const z = h.map((value) => Math.tanh(c * value));
    // ∂ŷ_t/∂x_s = (1 − z_t²)·c · ∂h_t/∂x_s;  ∂h_t/∂x_t = (1 − h_t²)·a;  ∂h_t/∂x_s = (1 − h_t²)·w·∂h_{t−1}/∂x_s.
    const dh = (t: number, s: number): number => {
      if (s > t) return 0;
      if (s === t) return (1 - h[t] ** 2) * a;
      return (1 - h[t] ** 2) * w * dh(t - 1, s);
    };
    const matrix = receptiveField(tiny('synced'), tinyParams('synced'), x);
    for (let t = 0; t < 3; t++) {
      for (let s = 0; s < 3; s++) {
        expect(matrix[t * 3 + s]).toBeCloseTo(Math.abs((1 - z[t] ** 2) * c * dh(t, s)), 12);
      }
    }
    const summary = summariseDiagonal(matrix, 3);
    expect(summary.above).toBe(0);
    expect(summary.below).toBeGreaterThan(0);
  });

  it('lets a bidirectional model see the future through its backward cell', () => {
    const h = forwardStates(x);
    const g = [0, 0, 0];
    for (let t = 2; t >= 0; t--) g[t] = Math.tanh(ab * x[t] + wb * (t < 2 ? g[t + 1] : 0));
    const z = h.map((value, t) => Math.tanh(c * value + cb * g[t]));
    const matrix = receptiveField(tiny('bidirectional'), tinyParams('bidirectional'), x);
    // ŷ_0 depends on x_2 only through g_0 = tanh(ab·x_0 + wb·g_1), g_1 = tanh(ab·x_1 + wb·g_2), g_2 = tanh(ab·x_2).
    const dg2 = (1 - g[2] ** 2) * ab;
    const dg1 = (1 - g[1] ** 2) * wb * dg2;
    const dg0 = (1 - g[0] ** 2) * wb * dg1;
    expect(matrix[0 * 3 + 2]).toBeCloseTo(Math.abs((1 - z[0] ** 2) * cb * dg0), 12);
    // ŷ_1 on x_2: one backward step.
    expect(matrix[1 * 3 + 2]).toBeCloseTo(Math.abs((1 - z[1] ** 2) * cb * (1 - g[1] ** 2) * wb * dg2), 12);
    expect(summariseDiagonal(matrix, 3).above).toBeGreaterThan(1e-3);
  });

  it('shifts the triangle by d for a delayed model', () => {
    const config = makeConfig('delayed', { delay: 2, hiddenSize: 4, outputSize: 3, window: 8 });
    const params = initParams(config, createRng(3));
    const inputs = Float64Array.from({ length: 8 }, (_, t) => Math.sin(t));
    const matrix = receptiveField(config, params, inputs);
    for (let t = 0; t < 8; t++) {
      for (let s = 0; s < 8; s++) {
        if (s > t + 2) expect(matrix[t * 8 + s]).toBe(0);
        else expect(matrix[t * 8 + s]).toBeGreaterThan(0);
      }
    }
    expect(summariseDiagonal(matrix, 8, 2).above).toBe(0);
    expect(summariseDiagonal(matrix, 8).above).toBeGreaterThan(0);
  });
});

describe('receptiveFieldFrom', () => {
  it('gives the same matrix from TensorFlow.js autodiff as from the hand-derived backward pass', async () => {
    await tf.setBackend('cpu');
    for (const variant of ['synced', 'delayed', 'bidirectional'] as const) {
      const config = makeConfig(variant, { delay: 2, hiddenSize: 5, outputSize: 4, window: 7 });
      const params = initParams(config, createRng(11));
      const inputs = Float64Array.from({ length: 7 }, (_, t) => Math.cos(0.9 * t));
      const engine = await createTfjsEngine(config, params, { backend: 'cpu' });
      const fromTfjs = await receptiveFieldFrom(config, (t) => engine.inputGradient(inputs, t));
      engine.dispose();
      const fromScratch = receptiveField(config, params, inputs);
      const scale = Math.max(...fromScratch);
      fromScratch.forEach((value, index) => expect(Math.abs(value - fromTfjs[index])).toBeLessThan(1e-5 * scale));
    }
  });
});

describe('summariseDiagonal', () => {
  it('averages the cells strictly above and on/below the diagonal', () => {
    // [[1, 2], [3, 4]]: above = {2}, below = {1, 3, 4}.
    const summary = summariseDiagonal([1, 2, 3, 4], 2);
    expect(summary.above).toBe(2);
    expect(summary.below).toBeCloseTo(8 / 3, 12);
    expect(summary.aboveShare).toBeCloseTo(0.2, 12);
  });

  it('is zero for an empty or all-zero matrix', () => {
    expect(summariseDiagonal([0, 0, 0, 0], 2)).toEqual({ above: 0, below: 0, aboveShare: 0 });
    expect(summariseDiagonal([], 0)).toEqual({ above: 0, below: 0, aboveShare: 0 });
  });
});
