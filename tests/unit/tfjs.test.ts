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
import { makeConfig, paramShapes, VARIANTS } from '../../src/lib/model/config.ts';
import { paramOf } from '../../src/lib/model/params.ts';
import {
  createScratchEngine,
  inputGradient as scratchInputGradient,
  hiddenStates as scratchHiddenStates,
} from '../../src/lib/model/scratch.ts';
import { createTfjsEngine, tfjsInputGradient } from '../../src/lib/model/tfjs.ts';
import { maxAbsDiff, randomBatch, relativeError, smallConfig, testParams } from './tfjs-fixtures.ts';

const BATCH_SIZE = 3;

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
    if (variant === 'bidirectional') {
      expect(maxAbsDiff(states.backward ?? [], reference.backward ?? [NaN])).toBeLessThan(1e-5);
    }
    for (const t of [0, 3, config.window - 1]) {
      const gradient = await tfjsInputGradient(tfjsEngine, window, t);
      expect(relativeError(gradient, scratchInputGradient(config, params, window, t)), `t=${t}`).toBeLessThan(1e-4);
    }
    tfjsEngine.dispose();
    scratch.dispose();
  });

  // Both engines put Adam's ε on √v (TF1's placement), so the only difference is float32 vs
  // float64 arithmetic: parameters, which 5 steps at lr 0.01 move by up to 0.05, agree far below
  // 1e-6, which catches a misplaced ε or a wrong bias correction, not just a missing update.
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
      expect(maxAbsDiff(paramOf(after, name), paramOf(reference, name)), name).toBeLessThan(1e-6);
    tfjsEngine.dispose();
    scratch.dispose();
  });
});

describe('tfjs engine housekeeping', () => {
  it('does not leak tensors: the count after step 10 equals the count after step 200', async () => {
    const config = makeConfig('bidirectional', { inputSize: 1, hiddenSize: 3, outputSize: 2, window: 4 });
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
    expect(engine.getParams().Whh).toEqual(Float64Array.from(Float32Array.from(paramOf(params, 'Whh'))));
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
