/**
 * The training contract of the TF.js engine on both kernel paths (cpu backend): trainSteps is
 * repeated trainStep with one read-back, no tensors leak, burn-in and a learned initial state
 * mean what config.ts and engine.ts say, SGD and clipping take the documented step, a diverged
 * step changes nothing, and bad options are refused.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { paramShapes, type ModelConfig } from '../../src/lib/model/config.ts';
import type { Batch } from '../../src/lib/model/engine.ts';
import { paramOf, type Params } from '../../src/lib/model/params.ts';
import { createTfjsEngine, type TfjsEngineOptions } from '../../src/lib/model/tfjs.ts';
import { maxAbsDiff, randomBatch, relativeError, smallConfig, testParams } from './tfjs-fixtures.ts';

const BATCH_SIZE = 3;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A few batches of one config. */
function batchesOf(config: ModelConfig, count: number, seed: number): Batch[] {
  return Array.from({ length: count }, (_, i) => randomBatch(config, BATCH_SIZE, seed + i));
}

/** Every parameter of `after` is `before` − `change`·(its gradient), to float32 precision. */
function expectStep(config: ModelConfig, before: Params, after: Params, grads: Params, change: number): void {
  for (const [name] of paramShapes(config)) {
    const expected = paramOf(before, name).map((value, i) => value - change * paramOf(grads, name)[i]);
    expect(maxAbsDiff(paramOf(after, name), expected), name).toBeLessThan(1e-6);
  }
}

describe.each(['reference', 'fused'] as const)('%s kernels', (kernels) => {
  const create = (config: ModelConfig, params: Params, options: TfjsEngineOptions = {}) =>
    createTfjsEngine(config, params, { kernels, ...options });

  it('trainSteps gives the same losses, norms and parameters as repeated trainStep', async () => {
    const config = smallConfig('delayed', 'learned');
    const params = testParams(config, 1);
    const batches = batchesOf(config, 6, 10);
    const training = { learningRate: 0.02, burnIn: 1 };
    const [stepwise, batched] = [
      await create(config, params, { training }),
      await create(config, params, { training }),
    ];
    const losses = [];
    for (const batch of batches) losses.push(await stepwise.trainStep(batch));
    const stats = await batched.trainSteps(batches);
    expect(Array.from(stats.losses)).toEqual(losses);
    expect(stats.gradNorms.every((norm) => Number.isFinite(norm) && norm > 0)).toBe(true);
    const [a, b] = [stepwise.getParams(), batched.getParams()];
    for (const [name] of paramShapes(config)) expect(paramOf(a, name), name).toEqual(paramOf(b, name));
    stepwise.dispose();
    batched.dispose();
  });

  it('trainSteps reads back once, whatever the number of steps', async () => {
    const config = smallConfig('bidirectional');
    const engine = await create(config, testParams(config, 2));
    const data = vi.spyOn(tf.Tensor.prototype, 'data');
    const dataSync = vi.spyOn(tf.Tensor.prototype, 'dataSync');
    const stats = await engine.trainSteps(batchesOf(config, 7, 20));
    expect(stats.losses.length).toBe(7);
    expect(stats.gradNorms.length).toBe(7);
    expect(data).toHaveBeenCalledTimes(1);
    expect(dataSync).not.toHaveBeenCalled();
    engine.dispose();
  });

  it('keeps the number of tensors constant from step 1 to steps 10 and 200', async () => {
    const config = smallConfig('bidirectional', 'learned');
    const engine = await create(config, testParams(config, 3), { training: { burnIn: 2, clipNorm: 0.5 } });
    const [batch] = batchesOf(config, 1, 30);
    await engine.trainStep(batch);
    const afterFirst = tf.memory().numTensors;
    await engine.trainSteps(Array(9).fill(batch));
    expect(tf.memory().numTensors).toBe(afterFirst);
    await engine.trainSteps(Array(190).fill(batch));
    await engine.predict(batch.x, BATCH_SIZE);
    await engine.hiddenStates(batch.x, BATCH_SIZE);
    await engine.lossAndGrads(batch);
    expect(tf.memory().numTensors).toBe(afterFirst);
    engine.dispose();
    expect(tf.memory().numTensors).toBeLessThan(afterFirst);
  });

  it('burn-in: the loss is the mean over steps t ≥ k, and targets before k do not matter', async () => {
    const config = smallConfig('synced');
    const params = testParams(config, 4);
    const [batch] = batchesOf(config, 1, 40);
    const burnIn = 3;
    const engine = await create(config, params, { training: { burnIn } });
    const predictions = await engine.predict(batch.x, BATCH_SIZE);
    const T = config.window;
    let sum = 0;
    for (let b = 0; b < BATCH_SIZE; b++) {
      for (let t = burnIn; t < T; t++) sum += (predictions[b * T + t] - batch.y[b * T + t]) ** 2;
    }
    const { loss, grads } = await engine.lossAndGrads(batch);
    expect(relativeError([loss], [sum / (BATCH_SIZE * (T - burnIn))])).toBeLessThan(1e-6);
    const changed = { ...batch, y: batch.y.map((value, i) => (i % T < burnIn ? value + 5 : value)) };
    const other = await engine.lossAndGrads(changed);
    expect(other.loss).toBe(loss);
    for (const [name] of paramShapes(config)) expect(paramOf(other.grads, name), name).toEqual(paramOf(grads, name));
    engine.dispose();
  });

  it('a learned initial state starts the recurrence: h_0 = tanh(x_0·Wxh + bh + h0·Whh)', async () => {
    const config = smallConfig('synced', 'learned');
    const params = testParams(config, 5);
    const engine = await create(config, params);
    const [batch] = batchesOf(config, 1, 50);
    const window = batch.x.subarray(0, config.window);
    const { forward } = await engine.hiddenStates(window, 1);
    const [Wxh, bh, h0, Whh] = (['Wxh', 'bh', 'h0', 'Whh'] as const).map((name) => paramOf(params, name));
    const H = config.hiddenSize;
    const expected = Array.from({ length: H }, (_, j) => {
      let sum = window[0] * Wxh[j] + bh[j];
      for (let k = 0; k < H; k++) sum += h0[k] * Whh[k * H + j];
      return Math.tanh(sum);
    });
    expect(maxAbsDiff(forward.subarray(0, H), expected)).toBeLessThan(1e-6);
    engine.dispose();
  });

  it('a learned initial state at 0 gives the zero-state model, plus a gradient for h0 and h0_b', async () => {
    const learned = smallConfig('bidirectional', 'learned');
    const zero = smallConfig('bidirectional', 'zero');
    const params = { ...testParams(learned, 6), h0: new Float64Array(5), h0_b: new Float64Array(5) };
    const { h0: _h0, h0_b: _h0b, ...zeroParams } = params;
    const [batch] = batchesOf(zero, 1, 60);
    const [a, b] = [await create(learned, params), await create(zero, zeroParams)];
    const [fromLearned, fromZero] = [await a.lossAndGrads(batch), await b.lossAndGrads(batch)];
    expect(fromLearned.loss).toBe(fromZero.loss);
    for (const [name] of paramShapes(zero))
      expect(paramOf(fromLearned.grads, name)).toEqual(paramOf(fromZero.grads, name));
    for (const name of ['h0', 'h0_b'] as const)
      expect(maxAbsDiff(paramOf(fromLearned.grads, name), [0, 0, 0, 0, 0])).toBeGreaterThan(0);
    a.dispose();
    b.dispose();
  });

  it('SGD takes p − lr·g, and clipping scales g by clipNorm/‖g‖ when ‖g‖ exceeds it', async () => {
    const config = smallConfig('delayed', 'learned');
    const params = testParams(config, 7);
    const [batch] = batchesOf(config, 1, 70);
    const engine = await create(config, params, { training: { optimizer: 'sgd', learningRate: 0.1 } });
    const { grads } = await engine.lossAndGrads(batch);
    const norm = Math.hypot(...Object.values(grads).flatMap((g) => Array.from(g)));
    const plain = await engine.trainSteps([batch]);
    expect(relativeError(plain.gradNorms, [norm])).toBeLessThan(1e-6);
    expectStep(config, params, engine.getParams(), grads, 0.1);
    engine.setParams(params);
    engine.configureTraining({ clipNorm: norm / 4 });
    const clipped = await engine.trainSteps([batch]);
    expect(relativeError(clipped.gradNorms, [norm])).toBeLessThan(1e-6);
    expectStep(config, params, engine.getParams(), grads, 0.1 / 4);
    engine.setParams(params);
    engine.configureTraining({ clipNorm: norm * 4 });
    await engine.trainStep(batch);
    expectStep(config, params, engine.getParams(), grads, 0.1);
    engine.dispose();
  });

  it('a diverged step in trainSteps is skipped (NaN norm, parameters kept) and later steps go on', async () => {
    const config = smallConfig('synced');
    const params = testParams(config, 8);
    const [good, next] = batchesOf(config, 2, 80);
    const bad = { ...good, y: good.y.map(() => 3e38) };
    const engine = await create(config, params, { training: { optimizer: 'sgd', learningRate: 0.05 } });
    const reference = await create(config, params, { training: { optimizer: 'sgd', learningRate: 0.05 } });
    const stats = await engine.trainSteps([good, bad, next]);
    const expected = await reference.trainSteps([good, next]);
    expect(Number.isFinite(stats.losses[1])).toBe(false);
    expect(stats.gradNorms[1]).toBeNaN();
    expect([stats.losses[0], stats.losses[2]]).toEqual(Array.from(expected.losses));
    const [after, reached] = [engine.getParams(), reference.getParams()];
    for (const [name] of paramShapes(config)) expect(paramOf(after, name), name).toEqual(paramOf(reached, name));
    await expect(engine.trainStep(bad)).rejects.toThrow(/non-finite/);
    engine.dispose();
    reference.dispose();
  });

  it('Adam restarts when the optimizer changes: adam → sgd → adam equals a fresh Adam', async () => {
    const config = smallConfig('synced');
    const params = testParams(config, 9);
    const batches = batchesOf(config, 3, 90);
    const engine = await create(config, params, { training: { learningRate: 0.01 } });
    await engine.trainSteps(batches);
    engine.configureTraining({ optimizer: 'sgd' });
    engine.configureTraining({ optimizer: 'adam' });
    const start = engine.getParams();
    const fresh = await create(config, start, { training: { learningRate: 0.01 } });
    expect(await engine.trainStep(batches[0])).toBe(await fresh.trainStep(batches[0]));
    const [a, b] = [engine.getParams(), fresh.getParams()];
    for (const [name] of paramShapes(config)) expect(paramOf(a, name), name).toEqual(paramOf(b, name));
    engine.dispose();
    fresh.dispose();
  });
});

describe('training options and kernel paths', () => {
  it('refuses bad options at creation and in configureTraining, keeping the old ones', async () => {
    const config = smallConfig('synced');
    const params = testParams(config, 10);
    await expect(createTfjsEngine(config, params, { training: { burnIn: 7 } })).rejects.toThrow(/burn-in/);
    const engine = await createTfjsEngine(config, params);
    expect(() => engine.configureTraining({ clipNorm: -1 })).toThrow(/clipNorm/);
    expect(() => engine.configureTraining({ burnIn: 1.5 })).toThrow(/burn-in/);
    expect(() => engine.configureTraining({ optimizer: 'rmsprop' as 'sgd' })).toThrow(/optimizer/);
    expect(() => engine.configureTraining({ learningRate: 0 })).toThrow(/learning rate/);
    await engine.trainStep(randomBatch(config, BATCH_SIZE, 11));
    engine.dispose();
  });

  it('uses reference kernels on cpu unless fused ones are asked for', async () => {
    const config = smallConfig('synced');
    const params = testParams(config, 12);
    const engines = [
      await createTfjsEngine(config, params),
      await createTfjsEngine(config, params, { kernels: 'fused' }),
    ];
    expect(engines.map((engine) => engine.kernels)).toEqual(['reference', 'fused']);
    for (const engine of engines) engine.dispose();
  });
});
