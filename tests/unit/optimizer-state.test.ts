/**
 * The optimiser state both engines hand over (RnnEngine.getOptimizerState / setOptimizerState):
 * a run stopped at step k and continued in a new session from its weights, losses and optimiser
 * state makes the same updates as the run that was never stopped — scratch to scratch exactly,
 * scratch to the SIMD kernels and to TF.js (cpu, both kernel paths) to float32 precision — while
 * the same continuation with a fresh Adam does not. Also: the state's shape and zeros where no
 * moments exist, validation that changes nothing, setParams still starting afresh, no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { paramShapes } from '../../src/lib/model/config.ts';
import { createEngine } from '../../src/lib/model/create.ts';
import {
  TRAINING_OPTION_DEFAULTS,
  type OptimizerSnapshot,
  type RnnEngine,
  type TrainingOptions,
} from '../../src/lib/model/engine.ts';
import { paramOf, type Params } from '../../src/lib/model/params.ts';
import { createScratchEngine } from '../../src/lib/model/scratch.ts';
import { simdSupported } from '../../src/lib/model/simd/simd-kernels.ts';
import { createTfjsEngine } from '../../src/lib/model/tfjs.ts';
import { createSession, type EngineFactory, type SessionSetup } from '../../src/lib/session.ts';
import { randomBatch, relativeError, testParams, SMALL_RUN } from './tfjs-fixtures.ts';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const setup: SessionSetup = SMALL_RUN;

/** Steps of the whole run, and the step it is stopped and continued at. */
const [STEPS, STOP] = [40, 25];

const scratch64: EngineFactory = async (config, params, training) =>
  createScratchEngine(config, params, { dtype: 'float64', training });
const simd: EngineFactory = (config, params, training) =>
  createEngine('scratch', config, params, { dtype: 'float32', kernels: 'simd', training });
const tfjsOn =
  (kernels: 'reference' | 'fused'): EngineFactory =>
  (config, params, training) =>
    createTfjsEngine(config, params, { backend: 'cpu', kernels, training });

/** The losses of the run trained `STEPS` steps without a stop, on the float64 scratch engine. */
async function uninterrupted(): Promise<number[]> {
  const session = await createSession(setup, scratch64);
  await session.trainSteps(STEPS);
  session.dispose();
  return [...session.losses];
}

/**
 * The run trained to `STOP` on `from`, then continued on `to` from its weights and losses (and
 * its optimiser state when `withOptimizer`) to `STEPS`: every loss, the continued ones last.
 */
async function continued(from: EngineFactory, to: EngineFactory, withOptimizer = true): Promise<number[]> {
  const first = await createSession(setup, from);
  await first.trainSteps(STOP);
  const [params, optimizer, history] = [first.engine.getParams(), first.engine.getOptimizerState(), first.losses];
  first.dispose();
  const next = await createSession(setup, to, params);
  next.restore(history, withOptimizer ? optimizer : undefined);
  await next.trainSteps(STEPS - STOP);
  next.dispose();
  return [...next.losses];
}

describe('a run continued from its weights, losses and optimiser state', () => {
  it('scratch → scratch (float64): the same losses as the run never stopped', async () => {
    const expected = await uninterrupted();
    const losses = await continued(scratch64, scratch64);
    expect(losses).toHaveLength(STEPS);
    expect(relativeError(losses, expected, 1e-12)).toBeLessThan(1e-12);
  });

  it('with a fresh optimiser instead, the continued losses leave the run (far beyond the tolerances here)', async () => {
    const expected = await uninterrupted();
    const losses = await continued(scratch64, scratch64, false);
    // Loss STOP is measured before the first continued update: the same weights, the same loss.
    expect(losses[STOP]).toBe(expected[STOP]);
    // A fresh Adam's first update moves every weight by about lr: the losses after it are off by
    // percents, where the continuations below agree to 1e-5.
    expect(relativeError(losses.slice(STOP + 1), expected.slice(STOP + 1))).toBeGreaterThan(1e-2);
  });

  it.skipIf(!simdSupported())('scratch → scratch on the SIMD kernels (float32, padded rows)', async () => {
    const expected = await uninterrupted();
    const losses = await continued(scratch64, simd);
    expect(relativeError(losses.slice(STOP), expected.slice(STOP))).toBeLessThan(1e-5);
  });

  it.each(['reference', 'fused'] as const)('scratch → TF.js cpu, %s kernels (float32)', async (kernels) => {
    const expected = await uninterrupted();
    const losses = await continued(scratch64, tfjsOn(kernels));
    expect(relativeError(losses.slice(STOP), expected.slice(STOP))).toBeLessThan(1e-5);
  });

  it.each(['reference', 'fused'] as const)('TF.js cpu, %s kernels → scratch (float32)', async (kernels) => {
    const expected = await uninterrupted();
    const losses = await continued(tfjsOn(kernels), scratch64);
    expect(relativeError(losses, expected)).toBeLessThan(1e-5);
  });
});

/** Every engine kind the state must be the same for. */
const ENGINES: Array<[string, EngineFactory]> = [
  ['scratch', scratch64],
  ...(simdSupported() ? [['scratch SIMD', simd] as [string, EngineFactory]] : []),
  ['tfjs reference', tfjsOn('reference')],
  ['tfjs fused', tfjsOn('fused')],
];

/** An engine of `setup`'s config from fixed weights, trained with `training` (Adam, lr 0.01 by default). */
function engineOf(factory: EngineFactory, training: Partial<TrainingOptions> = {}): Promise<RnnEngine> {
  return factory(setup.config, testParams(setup.config, 4), {
    ...TRAINING_OPTION_DEFAULTS,
    learningRate: 0.01,
    ...training,
  });
}

/** Three random batches of `setup`'s shapes. */
const batches = () => [1, 2, 3].map((seed) => randomBatch(setup.config, 4, seed));

/** A valid state with moments m = 0.1, v = 0.2 everywhere, at t = 7. */
function someState(): OptimizerSnapshot {
  const [moment1, moment2]: Params[] = [{}, {}];
  for (const [name, shape] of paramShapes(setup.config)) {
    const size = shape.reduce((a, b) => a * b, 1);
    [moment1[name], moment2[name]] = [new Float64Array(size).fill(0.1), new Float64Array(size).fill(0.2)];
  }
  return { step: 7, moment1, moment2 };
}

describe.each(ENGINES)('the optimiser state of the %s engine', (_name, factory) => {
  it('is t = 0 and zero moments when fresh and under SGD; after Adam steps, t and non-zero moments', async () => {
    const engine = await engineOf(factory);
    const fresh = engine.getOptimizerState();
    expect(fresh.step).toBe(0);
    expect(Object.keys(fresh.moment1)).toEqual(paramShapes(setup.config).map(([name]) => name));
    expect(Object.values(fresh.moment2).every((values) => values.every((v) => v === 0))).toBe(true);
    await engine.trainSteps(batches());
    const trained = engine.getOptimizerState();
    expect(trained.step).toBe(3);
    expect(paramOf(trained.moment1, 'Whh').some((m) => m !== 0)).toBe(true);
    expect(Object.values(trained.moment2).every((values) => values.every((v) => v >= 0))).toBe(true);
    engine.dispose();

    const sgd = await engineOf(factory, { optimizer: 'sgd', learningRate: 0.1 });
    await sgd.trainSteps(batches());
    const plain = sgd.getOptimizerState();
    expect(plain.step).toBe(0);
    expect(Object.values(plain.moment1).every((values) => values.every((m) => m === 0))).toBe(true);
    sgd.dispose();
  });

  it('reads back what was set, and setParams starts a fresh optimiser again', async () => {
    const engine = await engineOf(factory);
    const state = someState();
    engine.setOptimizerState(state);
    const read = engine.getOptimizerState();
    expect(read.step).toBe(7);
    for (const [name] of paramShapes(setup.config)) {
      expect(relativeError(paramOf(read.moment1, name), paramOf(state.moment1, name))).toBeLessThan(1e-7);
      expect(relativeError(paramOf(read.moment2, name), paramOf(state.moment2, name))).toBeLessThan(1e-7);
    }
    engine.setParams(testParams(setup.config, 5));
    expect(engine.getOptimizerState().step).toBe(0);
    expect(paramOf(engine.getOptimizerState().moment1, 'Whh').every((m) => m === 0)).toBe(true);
    engine.dispose();
  });

  it('refuses a state that does not fit, naming the problem and changing nothing', async () => {
    const engine = await engineOf(factory);
    engine.setOptimizerState(someState());
    const broken = (change: (state: OptimizerSnapshot) => void): OptimizerSnapshot => {
      const state = someState();
      change(state);
      return state;
    };
    const cases: Array<[OptimizerSnapshot, RegExp]> = [
      [broken((s) => (s.step = -1)), /optimizer step must be an integer ≥ 0, got -1/],
      [broken((s) => (s.step = 1.5)), /optimizer step must be an integer/],
      [broken((s) => (s.moment1.Whh = new Float64Array(3))), /optimizer moment1 Whh has 3 values, expected 64/],
      [broken((s) => delete s.moment2.bh), /optimizer moment2 bh is missing/],
      [broken((s) => (s.moment1.Wxh_b = new Float64Array(8))), /unexpected optimizer moment1 Wxh_b/],
      [broken((s) => (paramOf(s.moment1, 'by')[2] = Number.NaN)), /optimizer moment1 by\[2\] is not finite/],
      [broken((s) => (paramOf(s.moment2, 'Wl')[1] = -0.5)), /optimizer moment2 Wl\[1\] is negative \(-0\.5\)/],
      [{ step: 1 } as OptimizerSnapshot, /optimizer moment1 is missing/],
    ];
    for (const [state, message] of cases) expect(() => engine.setOptimizerState(state)).toThrow(message);
    const kept = engine.getOptimizerState();
    expect(kept.step).toBe(7);
    expect(paramOf(kept.moment1, 'Whh')[0]).toBeCloseTo(0.1, 7);
    engine.dispose();
  });
});

describe('TF.js optimiser state and tensors', () => {
  it.each(['reference', 'fused'] as const)('reading and setting it leaks no tensors (%s)', async (kernels) => {
    const engine = await engineOf(tfjsOn(kernels));
    await engine.trainSteps(batches());
    const before = tf.memory().numTensors;
    engine.getOptimizerState();
    engine.setOptimizerState(someState());
    expect(tf.memory().numTensors).toBe(before);
    await engine.trainSteps(batches());
    expect(tf.memory().numTensors).toBe(before);
    engine.dispose();
  });
});
