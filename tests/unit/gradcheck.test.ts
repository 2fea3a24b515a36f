/**
 * Gradient checking: the finite-difference oracle on known functions, and the scratch engine's
 * hand-derived BPTT against it for every variant × initial state × burn-in; `relativeError`.
 */
import { describe, expect, it } from 'vitest';
import { centralDifferences, finiteDifferenceGrads, relativeError, relativeErrors } from '../../src/lib/gradcheck.ts';
import { INITIAL_STATES, makeConfig, paramShapes, VARIANTS, type ModelConfig } from '../../src/lib/model/config.ts';
import type { Batch } from '../../src/lib/model/engine.ts';
import { initParams, paramOf, type Params } from '../../src/lib/model/params.ts';
import { forwardScratch, inputGradient, lossAndGradsScratch } from '../../src/lib/model/scratch.ts';
import { createRng } from '../../src/lib/rng.ts';

function sineBatch(config: ModelConfig, batchSize: number, seed: number): Batch {
  const n = batchSize * config.window;
  const x = Float64Array.from({ length: n }, (_, i) => Math.sin(0.7 * i + seed));
  const y = Float64Array.from({ length: n }, (_, i) => Math.cos(0.7 * i + seed));
  return { batchSize, x, y };
}

/** Glorot weights, and random biases and initial states (which start at 0) so every path carries gradient. */
function randomParams(config: ModelConfig, seed: number): Params {
  const rng = createRng(seed);
  const params = initParams(config, rng);
  for (const [name, shape] of paramShapes(config)) {
    if (shape.length === 1) params[name] = paramOf(params, name).map(() => rng.uniform(-0.5, 0.5));
  }
  return params;
}

describe('relativeError', () => {
  it('is 0 for identical arrays and symmetric', () => {
    expect(relativeError([1, -2, 3], [1, -2, 3])).toBe(0);
    expect(relativeError([1, 2], [1.1, 2])).toBeCloseTo(relativeError([1.1, 2], [1, 2]), 15);
  });

  it('divides by the larger magnitude of each pair', () => {
    expect(relativeError([1, 2], [1.1, 2])).toBeCloseTo(0.1 / 1.1, 12);
  });

  it('judges near-zero entries against 1e-3 of the largest gradient', () => {
    // Entry 2: |1e-9 − 2e-9| / max(2e-9, 1e-3 · 1) = 1e-6.
    expect(relativeError([1, 1e-9], [1, 2e-9])).toBeCloseTo(1e-6, 12);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => relativeError([1], [1, 2])).toThrow(/lengths differ/);
  });
});

describe('finite differences', () => {
  it('differentiate a known function: ∂(Σ v³)/∂v_i = 3v_i²', () => {
    const values = Float64Array.from([0.5, -1, 2]);
    const gradient = centralDifferences(values, () => values.reduce((sum, v) => sum + v ** 3, 0));
    expect(relativeError(gradient, [0.75, 3, 12])).toBeLessThan(1e-9);
    expect(Array.from(values)).toEqual([0.5, -1, 2]);
  });

  it('recover the output-bias gradient: ∂L/∂bl = 2·mean(ŷ − y)', () => {
    const config = makeConfig('synced', { hiddenSize: 4, outputSize: 3, window: 8 });
    const params = initParams(config, createRng(1));
    const batch = sineBatch(config, 2, 1);
    const predictions = forwardScratch(config, params, batch.x, 2).predictions;
    const meanError = predictions.reduce((sum, p, i) => sum + p - batch.y[i], 0) / predictions.length;
    expect(paramOf(finiteDifferenceGrads(config, params, batch), 'bl')[0]).toBeCloseTo(2 * meanError, 9);
  });

  it('leave the parameters unchanged', () => {
    const config = makeConfig('bidirectional', { hiddenSize: 4, outputSize: 3, window: 8, initialState: 'learned' });
    const params = randomParams(config, 2);
    const before = paramShapes(config).map(([name]) => Array.from(paramOf(params, name)));
    finiteDifferenceGrads(config, params, sineBatch(config, 2, 2));
    expect(paramShapes(config).map(([name]) => Array.from(paramOf(params, name)))).toEqual(before);
  });
});

describe('hand-derived BPTT against finite differences', () => {
  for (const variant of VARIANTS) {
    for (const initialState of INITIAL_STATES) {
      for (const burnIn of [0, 2]) {
        it(`${variant}, ${initialState} initial state, burn-in ${burnIn}: every element < 1e-6`, () => {
          const config = makeConfig(variant, { hiddenSize: 4, outputSize: 3, window: 7, delay: 2, initialState });
          for (const seed of [1, 2]) {
            const params = randomParams(config, seed);
            const batch = sineBatch(config, 3, seed);
            const bptt = lossAndGradsScratch(config, params, batch, burnIn).grads;
            const fd = finiteDifferenceGrads(config, params, batch, { burnIn });
            for (const { name, error } of relativeErrors(config, bptt, fd)) {
              expect(error, `seed ${seed} ${name}`).toBeLessThan(1e-6);
            }
          }
        });
      }
    }
  }

  it('a learned initial state gets a non-zero gradient; burn-in changes the loss', () => {
    const config = makeConfig('bidirectional', { hiddenSize: 4, outputSize: 3, window: 7, initialState: 'learned' });
    const params = randomParams(config, 3);
    const batch = sineBatch(config, 2, 3);
    const full = lossAndGradsScratch(config, params, batch, 0);
    expect(Math.max(...paramOf(full.grads, 'h0').map(Math.abs))).toBeGreaterThan(1e-6);
    expect(Math.max(...paramOf(full.grads, 'h0_b').map(Math.abs))).toBeGreaterThan(1e-6);
    expect(lossAndGradsScratch(config, params, batch, 2).loss).not.toBeCloseTo(full.loss, 6);
    expect(() => lossAndGradsScratch(config, params, batch, 7)).toThrow(/burn-in must be an integer from 0 to 6/);
  });
});

describe('input gradient (receptive field)', () => {
  for (const variant of VARIANTS) {
    it(`matches finite differences and respects causality (${variant})`, () => {
      const config = makeConfig(variant, { hiddenSize: 4, outputSize: 3, window: 6, delay: 2 });
      const params = randomParams(config, 3);
      const x = sineBatch(config, 1, 4).x;
      const t = 2;
      const gradient = inputGradient(config, params, x, t);
      const numeric = centralDifferences(x, () => forwardScratch(config, params, x, 1).predictions[t]);
      expect(relativeError(gradient, numeric)).toBeLessThan(1e-6);
      const reach = { synced: t, delayed: t + config.delay, bidirectional: config.window - 1 }[variant];
      for (let s = reach + 1; s < config.window; s++) expect(gradient[s]).toBe(0);
      expect(gradient[reach]).not.toBe(0);
    });
  }
});
