/**
 * Training on the default task reproduces the original post's claim: a synced RNN learns the
 * steady state (t ≥ 16) but fails on its first steps, which a delayed (d = 8) or bidirectional
 * RNN trained the same way gets right.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DEFAULTS, makeDataset, type Dataset } from '../../src/lib/data.ts';
import { ORIGINAL_CONFIG, type Variant } from '../../src/lib/model/config.ts';
import { initParams } from '../../src/lib/model/params.ts';
import { createScratchEngine } from '../../src/lib/model/scratch.ts';
import { createRng } from '../../src/lib/rng.ts';
import {
  evaluate,
  PRESET_ORIGINAL,
  summarise,
  totalSteps,
  train,
  TRAINING_DEFAULTS,
  type Evaluation,
} from '../../src/lib/train.ts';

const STEPS = 300;

async function trainVariant(dataset: Dataset, variant: Variant): Promise<Evaluation> {
  const config = { ...ORIGINAL_CONFIG, variant, delay: variant === 'delayed' ? 8 : 0 };
  const engine = createScratchEngine(config, initParams(config, createRng(1)), { dtype: 'float32' });
  const losses = await train(engine, dataset, { steps: STEPS, dtype: 'float32' });
  expect(losses.length).toBe(STEPS);
  expect(losses[STEPS - 1]).toBeLessThan(losses[0]);
  return evaluate(engine, dataset.test);
}

describe('training defaults', () => {
  const results: Partial<Record<Variant, Evaluation>> = {};
  beforeAll(async () => {
    const dataset = makeDataset(DATA_DEFAULTS, ORIGINAL_CONFIG.window);
    for (const variant of ['synced', 'delayed', 'bidirectional'] as const)
      results[variant] = await trainVariant(dataset, variant);
  }, 120_000);

  it('uses lr 0.01 and batch 64; the original preset is lr 0.001, batch 2048, 100 epochs', () => {
    expect(TRAINING_DEFAULTS).toMatchObject({ learningRate: 0.01, batchSize: 64 });
    expect(PRESET_ORIGINAL).toMatchObject({ learningRate: 0.001, batchSize: 2048, epochs: 100 });
    expect(totalSteps(PRESET_ORIGINAL, 4096)).toBe(200);
  });

  it('synced model: late-step test MSE below 1e-3', () => {
    expect(results.synced!.mseLate).toBeLessThan(1e-3);
  });

  it('synced early-step MSE is at least 10× that of delayed and bidirectional', () => {
    const early = results.synced!.mseEarly;
    expect(early).toBeGreaterThanOrEqual(10 * results.delayed!.mseEarly);
    expect(early).toBeGreaterThanOrEqual(10 * results.bidirectional!.mseEarly);
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
