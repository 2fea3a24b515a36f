/**
 * Gradient checking: central finite differences on known functions of the parameters, and
 * against the scratch engine's BPTT gradients for every variant; `relativeError` semantics.
 */
import { describe, expect, it } from 'vitest';
import { finiteDifferenceGrads, relativeError, relativeErrors } from '../../src/lib/gradcheck.ts';
import { paramShapes, VARIANTS, type ModelConfig, type Variant } from '../../src/lib/model/config.ts';
import type { Batch } from '../../src/lib/model/engine.ts';
import { initParams, paramOf } from '../../src/lib/model/params.ts';
import { lossAndGradsScratch } from '../../src/lib/model/scratch.ts';
import { createRng } from '../../src/lib/rng.ts';

function smallConfig(variant: Variant): ModelConfig {
  return {
    variant,
    delay: variant === 'delayed' ? 2 : 0,
    inputSize: 1,
    hiddenSize: 4,
    outputSize: 3,
    window: 8,
    initialState: 'zero',
  };
}

function sineBatch(seed: number): Batch {
  const x = Float64Array.from({ length: 16 }, (_, i) => Math.sin(0.7 * i + seed));
  const y = Float64Array.from({ length: 16 }, (_, i) => Math.cos(0.7 * i + seed));
  return { batchSize: 2, x, y };
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

describe('finiteDifferenceGrads', () => {
  it('recovers the loss gradient of the output bias exactly: ∂L/∂bl = 2·mean(ŷ − y)', () => {
    const config = smallConfig('synced');
    const params = initParams(config, createRng(1));
    const batch = sineBatch(1);
    const fd = finiteDifferenceGrads(config, params, batch);
    const { grads } = lossAndGradsScratch(config, params, batch);
    expect(fd.bl![0]).toBeCloseTo(grads.bl![0], 9);
  });

  it('leaves the parameters unchanged', () => {
    const config = smallConfig('bidirectional');
    const params = initParams(config, createRng(2));
    const before = paramShapes(config).map(([name]) => Array.from(paramOf(params, name)));
    finiteDifferenceGrads(config, params, sineBatch(2));
    expect(paramShapes(config).map(([name]) => Array.from(paramOf(params, name)))).toEqual(before);
  });

  for (const variant of VARIANTS) {
    it(`agrees with hand-derived BPTT to < 1e-6 for ${variant}`, () => {
      const config = smallConfig(variant);
      for (const seed of [1, 2, 3]) {
        const rng = createRng(seed);
        const params = initParams(config, rng);
        for (const [name] of paramShapes(config)) {
          if (name.startsWith('b')) params[name] = paramOf(params, name).map(() => rng.uniform(-0.5, 0.5));
        }
        const batch = sineBatch(seed);
        const bptt = lossAndGradsScratch(config, params, batch).grads;
        const fd = finiteDifferenceGrads(config, params, batch);
        for (const { name, error } of relativeErrors(config, bptt, fd)) {
          expect(error, `${variant} seed ${seed} ${name}`).toBeLessThan(1e-6);
        }
      }
    });
  }
});
