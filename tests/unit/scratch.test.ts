/**
 * Scratch engine: hand-written BPTT against central finite differences for every parameter
 * element of every variant, determinism, float32/float64 agreement, bad input handling.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/rng.ts';
import { paramShapes, VARIANTS, type ModelConfig, type ParamName, type Variant } from '../../src/lib/model/config.ts';
import type { Batch } from '../../src/lib/model/engine.ts';
import { cloneParams, initParams, paramOf, type Params } from '../../src/lib/model/params.ts';
import {
  createScratchEngine,
  forwardScratch,
  hiddenStates,
  inputGradient,
  lossAndGradsScratch,
} from '../../src/lib/model/scratch.ts';

const SMALL: Omit<ModelConfig, 'variant' | 'delay'> = {
  inputSize: 1,
  hiddenSize: 4,
  outputSize: 3,
  window: 6,
  initialState: 'zero',
};

function smallConfig(variant: Variant): ModelConfig {
  return { ...SMALL, variant, delay: variant === 'delayed' ? 2 : 0 };
}

function randomBatch(config: ModelConfig, batchSize: number, seed: number): Batch {
  const rng = createRng(seed);
  const x = new Float64Array(batchSize * config.window * config.inputSize).map(() => rng.uniform(-1, 1));
  const y = new Float64Array(batchSize * config.window).map(() => rng.uniform(-1, 1));
  return { batchSize, x, y };
}

/** Robust relative error |a − b| / max(|a|, |b|, 1e-8): relative for large values, absolute-ish near 0. */
function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-8);
}

/** Biases start at zero; random ones exercise every gradient path. */
function randomParams(config: ModelConfig, seed: number): Params {
  const rng = createRng(seed);
  const params = initParams(config, rng);
  for (const values of Object.values(params))
    for (let i = 0; i < values!.length; i++) values![i] += rng.uniform(-0.3, 0.3);
  return params;
}

describe('backpropagation through time', () => {
  for (const variant of VARIANTS) {
    it(`matches central differences for every parameter element (${variant})`, () => {
      const config = smallConfig(variant);
      const params = randomParams(config, 11);
      const batch = randomBatch(config, 3, 12);
      const { grads } = lossAndGradsScratch(config, params, batch);
      const epsilon = 1e-6;
      let worst = 0;
      let checked = 0;
      for (const [name] of paramShapes(config)) {
        const values = paramOf(params, name);
        for (let i = 0; i < values.length; i++) {
          const original = values[i];
          values[i] = original + epsilon;
          const plus = lossAndGradsScratch(config, params, batch).loss;
          values[i] = original - epsilon;
          const minus = lossAndGradsScratch(config, params, batch).loss;
          values[i] = original;
          const numeric = (plus - minus) / (2 * epsilon);
          const error = relativeError(paramOf(grads, name)[i], numeric);
          worst = Math.max(worst, error);
          checked++;
          if (error >= 1e-6)
            throw new Error(`${variant} ${name}[${i}]: analytic ${paramOf(grads, name)[i]} vs numeric ${numeric}`);
        }
      }
      expect(checked).toBe(paramShapes(config).reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0));
      expect(worst).toBeLessThan(1e-6);
    });
  }

  it('input gradient matches central differences and respects causality', () => {
    for (const variant of VARIANTS) {
      const config = smallConfig(variant);
      const params = randomParams(config, 3);
      const x = randomBatch(config, 1, 4).x;
      const t = 2;
      const gradient = inputGradient(config, params, x, t);
      for (let s = 0; s < config.window; s++) {
        const shifted = Float64Array.from(x);
        shifted[s] += 1e-6;
        const up = forwardScratch(config, params, shifted, 1).predictions[t];
        shifted[s] -= 2e-6;
        const down = forwardScratch(config, params, shifted, 1).predictions[t];
        expect(relativeError(gradient[s], (up - down) / 2e-6)).toBeLessThan(1e-6);
      }
      const reach = variant === 'synced' ? t : variant === 'delayed' ? t + config.delay : config.window - 1;
      for (let s = reach + 1; s < config.window; s++) expect(gradient[s]).toBe(0);
      expect(gradient[reach]).not.toBe(0);
    }
  });
});

describe('scratch engine', () => {
  const config: ModelConfig = {
    variant: 'synced',
    delay: 0,
    inputSize: 1,
    hiddenSize: 8,
    outputSize: 6,
    window: 12,
    initialState: 'zero',
  };

  async function lossSequence(seed: number): Promise<number[]> {
    const engine = createScratchEngine(config, initParams(config, createRng(seed)), { adam: { learningRate: 0.01 } });
    const losses: number[] = [];
    const batch = randomBatch(config, 4, 100);
    for (let step = 0; step < 5; step++) losses.push(await engine.trainStep(batch));
    return losses;
  }

  it('same seed gives an identical loss sequence', async () => {
    const first = await lossSequence(5);
    expect(await lossSequence(5)).toEqual(first);
    expect(await lossSequence(6)).not.toEqual(first);
    expect(first[4]).toBeLessThan(first[0]);
  });

  it('float32 and float64 forward passes agree to ~1e-5', async () => {
    for (const variant of VARIANTS) {
      const cfg = { ...config, variant, delay: variant === 'delayed' ? 3 : 0 };
      const params = initParams(cfg, createRng(9));
      const batch = randomBatch(cfg, 5, 10);
      const single = await createScratchEngine(cfg, params, { dtype: 'float32' }).predict(batch.x, 5);
      const double = await createScratchEngine(cfg, params, { dtype: 'float64' }).predict(batch.x, 5);
      for (let i = 0; i < double.length; i++) expect(Math.abs(single[i] - double[i])).toBeLessThan(1e-5);
    }
  });

  it('exposes hidden states per step with the documented shapes', () => {
    const cfg: ModelConfig = { ...config, variant: 'delayed', delay: 2 };
    const params = initParams(cfg, createRng(1));
    const states = hiddenStates(cfg, params, randomBatch(cfg, 1, 2).x);
    expect(states.forward.length).toBe((cfg.window + 2) * cfg.hiddenSize);
    expect(states.predictions.length).toBe(cfg.window);
    for (const value of states.forward) expect(Math.abs(value)).toBeLessThan(1);
  });

  it('rejects wrong x length, NaN data and a huge learning rate, leaving parameters unchanged', async () => {
    const params = initParams(config, createRng(2));
    const engine = createScratchEngine(config, params);
    const before = engine.getParams();
    const batch = randomBatch(config, 4, 3);
    await expect(engine.trainStep({ ...batch, x: batch.x.subarray(1) })).rejects.toThrow(
      /batch x has 47 values, expected 48/,
    );
    const poisoned = Float64Array.from(batch.y);
    poisoned[7] = Number.NaN;
    await expect(engine.trainStep({ ...batch, y: poisoned })).rejects.toThrow(/batch y\[7\] is not finite/);
    expect(() => engine.setLearningRate(1e6)).toThrow(/learning rate must be/);
    expect(() => createScratchEngine(config, params, { adam: { learningRate: 1e6 } })).toThrow(/learning rate/);
    expect(engine.getParams()).toEqual(before);
  });

  it('throws on a non-finite loss and keeps the parameters of before the step', async () => {
    const params = cloneParams(initParams(config, createRng(2)));
    params.Wl!.fill(1e200);
    const engine = createScratchEngine(config, params, { adam: { learningRate: 10 } });
    const before = engine.getParams();
    await expect(engine.trainStep(randomBatch(config, 4, 3))).rejects.toThrow(
      /training diverged: the loss is Infinity/,
    );
    expect(engine.getParams()).toEqual(before);
  });

  it('rejects parameters of the wrong shape, naming them', () => {
    const params = initParams(config, createRng(2));
    expect(() => createScratchEngine(config, { ...params, Whh: new Float64Array(3) })).toThrow(
      /parameter Whh has 3 values/,
    );
    const { bl: _dropped, ...missing } = params;
    expect(() => createScratchEngine(config, missing)).toThrow(/parameter bl is missing/);
    expect(() =>
      createScratchEngine(config, { ...params, Wxh_b: new Float64Array(8) } as Partial<
        Record<ParamName, Float64Array>
      >),
    ).toThrow(/unexpected parameter Wxh_b/);
  });
});
