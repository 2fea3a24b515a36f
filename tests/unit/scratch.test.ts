/**
 * Scratch engine behaviour (the gradients themselves are checked in gradcheck.test.ts):
 * determinism, float32/float64 agreement, the training options (SGD, clipping, burn-in,
 * optimizer changes), batched steps and divergence, bad input handling.
 */
import { describe, expect, it } from 'vitest';
import { relativeError } from '../../src/lib/gradcheck.ts';
import { makeConfig, paramShapes, VARIANTS, type ModelConfig } from '../../src/lib/model/config.ts';
import type { Batch } from '../../src/lib/model/engine.ts';
import { cloneParams, initParams, paramOf, type Params } from '../../src/lib/model/params.ts';
import { createScratchEngine, hiddenStates, lossAndGradsScratch } from '../../src/lib/model/scratch.ts';
import { createRng } from '../../src/lib/rng.ts';

const config = makeConfig('synced', { hiddenSize: 8, outputSize: 6, window: 12 });

function randomBatch(cfg: ModelConfig, batchSize: number, seed: number): Batch {
  const rng = createRng(seed);
  const x = new Float64Array(batchSize * cfg.window * cfg.inputSize).map(() => rng.uniform(-1, 1));
  const y = new Float64Array(batchSize * cfg.window).map(() => rng.uniform(-1, 1));
  return { batchSize, x, y };
}

/** Every parameter flattened in file order. */
function flat(cfg: ModelConfig, params: Params): number[] {
  return paramShapes(cfg).flatMap(([name]) => Array.from(paramOf(params, name)));
}

describe('scratch engine', () => {
  async function lossSequence(seed: number): Promise<number[]> {
    const engine = createScratchEngine(config, initParams(config, createRng(seed)), { adam: { learningRate: 0.01 } });
    const losses: number[] = [];
    const batch = randomBatch(config, 4, 100);
    for (let step = 0; step < 5; step++) losses.push(await engine.trainStep(batch));
    return losses;
  }

  it('same seed gives an identical loss sequence, and training lowers the loss', async () => {
    const first = await lossSequence(5);
    expect(await lossSequence(5)).toEqual(first);
    expect(await lossSequence(6)).not.toEqual(first);
    expect(first[4]).toBeLessThan(first[0]);
  });

  it('float32 and float64 forward passes agree to ~1e-5', async () => {
    for (const variant of VARIANTS) {
      const cfg = makeConfig(variant, { hiddenSize: 8, outputSize: 6, window: 12, delay: 3 });
      const params = initParams(cfg, createRng(9));
      const batch = randomBatch(cfg, 5, 10);
      const single = await createScratchEngine(cfg, params, { dtype: 'float32' }).predict(batch.x, 5);
      const double = await createScratchEngine(cfg, params, { dtype: 'float64' }).predict(batch.x, 5);
      for (let i = 0; i < double.length; i++) expect(Math.abs(single[i] - double[i])).toBeLessThan(1e-5);
    }
  });

  it('exposes hidden states per step with the documented shapes', () => {
    const cfg = makeConfig('delayed', { hiddenSize: 8, outputSize: 6, window: 12, delay: 2 });
    const states = hiddenStates(cfg, initParams(cfg, createRng(1)), randomBatch(cfg, 1, 2).x);
    expect(states.forward.length).toBe((cfg.window + 2) * cfg.hiddenSize);
    expect(states.predictions.length).toBe(cfg.window);
    for (const value of states.forward) expect(Math.abs(value)).toBeLessThan(1);
  });

  it('lossAndGrads uses the configured burn-in', async () => {
    const params = initParams(config, createRng(4));
    const batch = randomBatch(config, 3, 5);
    const engine = createScratchEngine(config, params, { training: { burnIn: 3 } });
    const expected = lossAndGradsScratch(config, params, batch, 3);
    const actual = await engine.lossAndGrads(batch);
    expect(actual.loss).toBeCloseTo(expected.loss, 14);
    expect(relativeError(paramOf(actual.grads, 'Whh'), paramOf(expected.grads, 'Whh'))).toBeLessThan(1e-12);
    engine.configureTraining({ burnIn: 0 });
    expect((await engine.lossAndGrads(batch)).loss).toBeCloseTo(lossAndGradsScratch(config, params, batch).loss, 14);
  });
});

describe('training options', () => {
  const params = initParams(config, createRng(7));
  const batch = randomBatch(config, 4, 8);

  it('one SGD step is exactly p − lr·g', async () => {
    const engine = createScratchEngine(config, params, { training: { optimizer: 'sgd', learningRate: 0.05 } });
    const { grads } = lossAndGradsScratch(config, params, batch);
    await engine.trainStep(batch);
    const after = engine.getParams();
    for (const [name] of paramShapes(config)) {
      const expected = paramOf(params, name).map((p, i) => p - 0.05 * paramOf(grads, name)[i]);
      expect(Array.from(paramOf(after, name)), name).toEqual(Array.from(expected));
    }
  });

  it('clipping rescales the gradient to norm clipNorm, and is a no-op below it', async () => {
    const { grads } = lossAndGradsScratch(config, params, batch);
    const norm = Math.hypot(...flat(config, grads));
    const lr = 0.1;
    for (const clipNorm of [norm / 4, norm * 4]) {
      const engine = createScratchEngine(config, params, {
        training: { optimizer: 'sgd', learningRate: lr, clipNorm },
      });
      const { gradNorms } = await engine.trainSteps([batch]);
      expect(gradNorms[0]).toBeCloseTo(norm, 12);
      const before = flat(config, params);
      const step = flat(config, engine.getParams()).map((p, i) => (before[i] - p) / lr);
      expect(Math.hypot(...step)).toBeCloseTo(Math.min(norm, clipNorm), 10);
    }
  });

  it('trainSteps takes one update per batch and matches as many trainStep calls', async () => {
    const batches = [1, 2, 3].map((seed) => randomBatch(config, 4, seed));
    const batched = createScratchEngine(config, params, { training: { learningRate: 0.01, clipNorm: 1 } });
    const single = createScratchEngine(config, params, { training: { learningRate: 0.01, clipNorm: 1 } });
    const { losses, gradNorms } = await batched.trainSteps(batches);
    const one: number[] = [];
    for (const b of batches) one.push(await single.trainStep(b));
    expect(Array.from(losses)).toEqual(one);
    expect(gradNorms.every((n) => Number.isFinite(n) && n > 0)).toBe(true);
    expect(batched.getParams()).toEqual(single.getParams());
  });

  it('changing the optimizer starts it afresh; other changes keep its state', async () => {
    const fresh = createScratchEngine(config, params, { training: { learningRate: 0.01 } });
    const switched = createScratchEngine(config, params, { training: { learningRate: 0.01 } });
    await switched.trainStep(batch);
    switched.configureTraining({ optimizer: 'sgd' });
    switched.configureTraining({ optimizer: 'adam' });
    switched.setParams(params);
    await fresh.trainStep(batch);
    await switched.trainStep(batch);
    expect(switched.getParams()).toEqual(fresh.getParams());
  });

  it('a learned initial state is trained', async () => {
    const cfg = makeConfig('bidirectional', { hiddenSize: 4, outputSize: 3, window: 8, initialState: 'learned' });
    const engine = createScratchEngine(cfg, initParams(cfg, createRng(1)), { training: { learningRate: 0.01 } });
    expect(Array.from(paramOf(engine.getParams(), 'h0'))).toEqual([0, 0, 0, 0]);
    await engine.trainSteps([randomBatch(cfg, 4, 1), randomBatch(cfg, 4, 2)]);
    for (const name of ['h0', 'h0_b'] as const) {
      expect(
        paramOf(engine.getParams(), name).some((v) => v !== 0),
        name,
      ).toBe(true);
    }
  });

  it('rejects unusable options, naming them, and keeps the previous ones', async () => {
    const engine = createScratchEngine(config, params);
    expect(() => engine.configureTraining({ burnIn: 12 })).toThrow(/burn-in must be an integer from 0 to 11/);
    expect(() => engine.configureTraining({ clipNorm: -1 })).toThrow(/clipNorm/);
    expect(() => engine.configureTraining({ optimizer: 'rmsprop' as 'sgd' })).toThrow(/optimizer must be adam or sgd/);
    expect(() => engine.configureTraining({ learningRate: 1e6 })).toThrow(/learning rate must be/);
    expect(() => createScratchEngine(config, params, { training: { beta2: 1 } })).toThrow(/beta2/);
    const reference = createScratchEngine(config, params);
    expect(await engine.trainStep(batch)).toBe(await reference.trainStep(batch));
    expect(engine.getParams()).toEqual(reference.getParams());
  });
});

describe('bad input and divergence', () => {
  it('rejects wrong x length and NaN data, leaving parameters unchanged', async () => {
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
    await expect(engine.trainSteps([batch, { ...batch, y: poisoned }])).rejects.toThrow(/batch y\[7\]/);
    expect(engine.getParams()).toEqual(before);
  });

  it('trainStep throws on a non-finite loss; trainSteps reports it; both keep the parameters', async () => {
    const params = cloneParams(initParams(config, createRng(2)));
    paramOf(params, 'Wl').fill(1e200);
    const engine = createScratchEngine(config, params, { adam: { learningRate: 10 } });
    const before = engine.getParams();
    const batch = randomBatch(config, 4, 3);
    await expect(engine.trainStep(batch)).rejects.toThrow(/training diverged: the loss is Infinity/);
    const { losses, gradNorms } = await engine.trainSteps([batch, batch]);
    expect(Array.from(losses)).toEqual([Infinity, Infinity]);
    expect(gradNorms.every(Number.isNaN)).toBe(true);
    expect(engine.getParams()).toEqual(before);
  });

  it('rejects parameters of the wrong shape, naming them', () => {
    const params = initParams(config, createRng(2));
    expect(() => createScratchEngine(config, { ...params, Whh: new Float64Array(3) })).toThrow(
      /parameter Whh has 3 values/,
    );
    const { bl: _dropped, ...missing } = params;
    expect(() => createScratchEngine(config, missing)).toThrow(/parameter bl is missing/);
    const extra: Params = { ...params, Wxh_b: new Float64Array(8) };
    expect(() => createScratchEngine(config, extra)).toThrow(/unexpected parameter Wxh_b/);
  });
});
