/**
 * Training on the default task reproduces the original post's claim: a synced RNN learns the
 * steady state (t ≥ 16) but fails on its first steps, which a delayed (d = 8) or bidirectional
 * RNN trained the same way gets right. Also the original preset's step count and the ETA.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DEFAULTS } from '../../src/lib/data.ts';
import { makeConfig, type Variant } from '../../src/lib/model/config.ts';
import { createEngine } from '../../src/lib/model/create.ts';
import { createSession } from '../../src/lib/session.ts';
import {
  etaSeconds,
  originalPresetSteps,
  PRESET_ORIGINAL,
  summarise,
  TRAINING_DEFAULTS,
  type Evaluation,
} from '../../src/lib/train.ts';

const STEPS = 300;

async function trainVariant(variant: Variant): Promise<Evaluation> {
  const session = await createSession(
    { config: makeConfig(variant), data: DATA_DEFAULTS, ...TRAINING_DEFAULTS },
    // What the site trains with: float32 on the SIMD kernels where available.
    (config, params, training) => createEngine('scratch', config, params, { dtype: 'float32', training }),
  );
  const { losses } = await session.trainSteps(STEPS);
  expect(losses.every(Number.isFinite)).toBe(true);
  expect(losses[STEPS - 1]).toBeLessThan(losses[0]);
  return session.evaluate();
}

describe('training defaults', () => {
  const results = new Map<Variant, Evaluation>();
  const result = (variant: Variant): Evaluation => {
    const evaluation = results.get(variant);
    if (!evaluation) throw new Error(`${variant} was not trained`);
    return evaluation;
  };
  beforeAll(async () => {
    for (const variant of ['synced', 'delayed', 'bidirectional'] as const)
      results.set(variant, await trainVariant(variant));
  }, 120_000);

  it('synced model: late-step test MSE below 1e-3', () => {
    expect(result('synced').mseLate).toBeLessThan(1e-3);
  });

  it('synced early-step MSE is at least 10× that of delayed and bidirectional', () => {
    const early = result('synced').mseEarly;
    expect(early).toBeGreaterThanOrEqual(10 * result('delayed').mseEarly);
    expect(early).toBeGreaterThanOrEqual(10 * result('bidirectional').mseEarly);
  });
});

describe('the original preset', () => {
  it('takes 100 epochs of ⌈N / batch⌉ steps', () => {
    expect(originalPresetSteps(4096)).toBe(200);
    expect(originalPresetSteps(4097)).toBe(300);
    expect(originalPresetSteps(1)).toBe(100);
    expect(originalPresetSteps(PRESET_ORIGINAL.batchSize * 7)).toBe(700);
    expect(() => originalPresetSteps(0)).toThrow(/positive integer/);
  });

  it("uses TF1's Adam: ε 1e-8 on √v, and lr 0.001", () => {
    expect(PRESET_ORIGINAL.training).toMatchObject({ optimizer: 'adam', epsilon: 1e-8, learningRate: 0.001 });
  });

  it('estimates the time of a run from a measured ms per step', () => {
    expect(etaSeconds(originalPresetSteps(4096), 250)).toBe(50);
    expect(etaSeconds(0, 12)).toBe(0);
    expect(() => etaSeconds(10, Number.NaN)).toThrow(/finite/);
  });
});

describe('evaluation summaries', () => {
  it('averages t = 0..3 and t ≥ 16', () => {
    const perStep = Float64Array.from({ length: 20 }, (_, t) => t);
    const summary = summarise(perStep);
    expect(summary.mseEarly).toBe(1.5);
    expect(summary.mseLate).toBe(17.5);
    expect(summary.mse).toBe(9.5);
  });
});
