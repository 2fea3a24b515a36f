/**
 * The TF.js engine's two gradient paths — `reference` (tfjs autodiff) and `fused` (hand-derived
 * BPTT on the fused kernels, here their cpu loops) — against the scratch engine's float64 loss
 * and gradients (lossAndGradsScratch, itself checked against finite differences in
 * gradcheck.test.ts) for every variant × initial state × burn-in, against each other over Adam
 * steps, and the number of kernels a step launches.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { INITIAL_STATES, paramShapes, VARIANTS } from '../../src/lib/model/config.ts';
import { paramOf } from '../../src/lib/model/params.ts';
import { lossAndGradsScratch } from '../../src/lib/model/scratch.ts';
import { createTfjsEngine } from '../../src/lib/model/tfjs.ts';
import { randomBatch, relativeError, smallConfig, testParams } from './tfjs-fixtures.ts';

const BATCH_SIZE = 3;
const KERNEL_PATHS = ['reference', 'fused'] as const;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe.each(VARIANTS)('%s: loss and gradients against the scratch engine in float64', (variant) => {
  const cases = INITIAL_STATES.flatMap((initialState) =>
    [0, 3].flatMap((burnIn) => KERNEL_PATHS.map((kernels) => ({ initialState, burnIn, kernels }))),
  );
  it.each(cases)('$initialState initial state, burn-in $burnIn, $kernels kernels', async (options) => {
    const config = smallConfig(variant, options.initialState);
    const params = testParams(config, 21);
    const batch = randomBatch(config, BATCH_SIZE, 22);
    const training = { burnIn: options.burnIn };
    const engine = await createTfjsEngine(config, params, { kernels: options.kernels, training });
    expect(engine.kernels).toBe(options.kernels);
    const { loss, grads } = await engine.lossAndGrads(batch);
    engine.dispose();
    const expected = lossAndGradsScratch(config, params, batch, options.burnIn);
    expect(relativeError([loss], [expected.loss])).toBeLessThan(1e-5);
    for (const [name] of paramShapes(config)) {
      expect(relativeError(paramOf(grads, name), paramOf(expected.grads, name)), name).toBeLessThan(1e-4);
    }
  });
});

describe.each(VARIANTS)('%s: fused and reference paths train alike', (variant) => {
  it('same losses and parameters over 10 Adam steps with a learned initial state and burn-in', async () => {
    const config = smallConfig(variant, 'learned');
    const params = testParams(config, 31);
    const batches = Array.from({ length: 10 }, (_, i) => randomBatch(config, BATCH_SIZE, 40 + i));
    const training = { learningRate: 0.01, burnIn: 2, clipNorm: 1 };
    const [reference, fused] = await Promise.all(
      KERNEL_PATHS.map((kernels) => createTfjsEngine(config, params, { kernels, training })),
    );
    const [fromReference, fromFused] = [await reference.trainSteps(batches), await fused.trainSteps(batches)];
    expect(relativeError(fromFused.losses, fromReference.losses)).toBeLessThan(1e-5);
    expect(relativeError(fromFused.gradNorms, fromReference.gradNorms)).toBeLessThan(1e-5);
    const [after, expected] = [fused.getParams(), reference.getParams()];
    for (const [name] of paramShapes(config)) {
      expect(relativeError(paramOf(after, name), paramOf(expected, name)), name).toBeLessThan(1e-4);
    }
    reference.dispose();
    fused.dispose();
  });
});

describe('windows longer than one join (16 steps)', () => {
  it.each(VARIANTS)('%s: the fused path matches the scratch engine in float64', async (variant) => {
    const config = { ...smallConfig(variant, 'learned'), window: 20, delay: variant === 'delayed' ? 3 : 0 };
    const params = testParams(config, 51);
    const batch = randomBatch(config, 2, 52);
    const engine = await createTfjsEngine(config, params, { kernels: 'fused', training: { burnIn: 2 } });
    const { loss, grads } = await engine.lossAndGrads(batch);
    engine.dispose();
    const expected = lossAndGradsScratch(config, params, batch, 2);
    expect(relativeError([loss], [expected.loss])).toBeLessThan(1e-5);
    for (const [name] of paramShapes(config)) {
      expect(relativeError(paramOf(grads, name), paramOf(expected.grads, name)), name).toBeLessThan(1e-4);
    }
  });
});

describe('kernels per training step', () => {
  it.each(VARIANTS)('%s: the fused path launches at most a third of the reference kernels', async (variant) => {
    const config = smallConfig(variant, 'learned');
    const batch = randomBatch(config, BATCH_SIZE, 5);
    const counts: number[] = [];
    for (const kernels of KERNEL_PATHS) {
      const engine = await createTfjsEngine(config, testParams(config, 6), { kernels });
      await engine.trainStep(batch);
      counts.push((await tf.profile(() => engine.trainStep(batch))).kernels.length);
      engine.dispose();
    }
    const [reference, fused] = counts;
    expect(3 * fused).toBeLessThanOrEqual(reference);
  });

  it('the fused path launches one kernel per time step and direction, plus a fixed number', async () => {
    const counts = [];
    for (const window of [6, 12]) {
      const config = { ...smallConfig('bidirectional'), window };
      const engine = await createTfjsEngine(config, testParams(config, 7), { kernels: 'fused' });
      const batch = randomBatch(config, BATCH_SIZE, 8);
      await engine.trainStep(batch);
      counts.push((await tf.profile(() => engine.trainStep(batch))).kernels.length);
      engine.dispose();
    }
    // Six more steps: six more forward and six more backward kernels in each of the two cells.
    expect(counts[1] - counts[0]).toBe(4 * 6);
  });
});
