import { describe, expect, it } from 'vitest';
import {
  createSession,
  initialParams,
  setupFromModelFile,
  type EngineFactory,
  type SessionSetup,
} from '../../src/lib/session.ts';
import { createScratchEngine } from '../../src/lib/model/scratch.ts';
import { DATA_DEFAULTS } from '../../src/lib/data.ts';
import { ORIGINAL_CONFIG } from '../../src/lib/model/config.ts';
import { parseModel } from '../../src/lib/model/format.ts';
import { paramOf } from '../../src/lib/model/params.ts';
import { createRng, streamRng } from '../../src/lib/rng.ts';
import { sampleBatch } from '../../src/lib/data.ts';

const scratch: EngineFactory = async (config, params, training) =>
  createScratchEngine(config, params, { dtype: 'float64', training });

/** A small set-up that trains in milliseconds. */
function smallSetup(seed = 3): SessionSetup {
  return {
    config: { ...ORIGINAL_CONFIG, hiddenSize: 6, outputSize: 5, window: 16 },
    data: { ...DATA_DEFAULTS, cycles: 1, horizon: 2, trainSize: 64, testSize: 32, seed },
    learningRate: 0.01,
    batchSize: 8,
    seed,
  };
}

async function losses(session: Awaited<ReturnType<typeof createSession>>, steps: number): Promise<number[]> {
  for (let step = 0; step < steps; step++) await session.trainStep();
  return [...session.losses];
}

describe('training session', () => {
  it('is deterministic in its seed: same set-up, same initial weights and losses', async () => {
    const first = await createSession(smallSetup(), scratch);
    const second = await createSession(smallSetup(), scratch);
    expect(first.engine.getParams().Whh).toEqual(initialParams(smallSetup()).Whh);
    expect(await losses(first, 5)).toEqual(await losses(second, 5));
    const other = await createSession(smallSetup(4), scratch);
    expect((await losses(other, 5))[0]).not.toBe(first.losses[0]);
  });

  it('Reset returns to the initial weights and repeats the same run', async () => {
    const session = await createSession(smallSetup(), scratch);
    const before = await losses(session, 4);
    session.reset();
    expect(session.step).toBe(0);
    expect(session.engine.getParams().Wxh).toEqual(initialParams(smallSetup()).Wxh);
    expect(await losses(session, 4)).toEqual(before);
  });

  it('starts from given parameters instead of the seed when asked', async () => {
    const given = initialParams(smallSetup(9));
    const session = await createSession(smallSetup(), scratch, given);
    expect(session.engine.getParams().Why).toEqual(given.Why);
  });

  it('predicts chosen test windows with their inputs and targets, [T] each', async () => {
    const session = await createSession(smallSetup(), scratch);
    const indices = session.pickWindows(3, createRng(1));
    expect(new Set(indices).size).toBe(3);
    const windows = await session.predictWindows(indices);
    const T = smallSetup().config.window;
    windows.forEach((window, row) => {
      expect(window.index).toBe(indices[row]);
      expect(window.prediction).toHaveLength(T);
      expect(Array.from(window.target)).toEqual(
        Array.from(session.test.y.subarray(window.index * T, (window.index + 1) * T)),
      );
    });
  });

  it('exports a model file that loads back into the same set-up and parameters', async () => {
    const session = await createSession(smallSetup(), scratch);
    await losses(session, 3);
    const text = await session.exportModel();
    const file = parseModel(text);
    expect(file.metrics?.trainSteps).toBe(3);
    const { setup, params } = setupFromModelFile(text, { learningRate: 0.02, batchSize: 16, seed: 1 });
    expect(setup.config).toEqual(smallSetup().config);
    expect(setup.data.horizon).toBe(2);
    expect(setup.learningRate).toBe(0.02);
    expect(params.Whh).toEqual(session.engine.getParams().Whh);
  });

  it('trainSteps draws fresh batches in one engine call and records losses and gradient norms', async () => {
    const batched = await createSession(smallSetup(), scratch);
    const stats = await batched.trainSteps(4);
    expect(batched.step).toBe(4);
    expect(batched.losses).toEqual(Array.from(stats.losses));
    expect(batched.gradNorms).toEqual(Array.from(stats.gradNorms));
    expect(stats.gradNorms.every((norm) => norm > 0)).toBe(true);
    const stepwise = await createSession(smallSetup(), scratch);
    expect(await losses(stepwise, 4)).toEqual(batched.losses);
    await expect(batched.trainSteps(0)).rejects.toThrow(/positive integer/);
  });

  it('applies the training options of the set-up (here SGD with a burn-in)', async () => {
    const setup: SessionSetup = { ...smallSetup(), training: { optimizer: 'sgd', learningRate: 0.5, burnIn: 2 } };
    const session = await createSession(setup, scratch);
    const before = session.engine.getParams();
    const { grads } = await session.engine.lossAndGrads(
      sampleBatch(session.train, 8, streamRng(setup.seed, 'batches')),
    );
    await session.trainSteps(1);
    const after = session.engine.getParams();
    expect(paramOf(after, 'bl')[0]).toBeCloseTo(paramOf(before, 'bl')[0] - 0.5 * paramOf(grads, 'bl')[0], 12);
  });

  it('restores a kept run: its losses count as steps and the batches go on where they left off', async () => {
    const continuous = await createSession(smallSetup(), scratch);
    await continuous.trainSteps(5);
    const kept = { params: continuous.engine.getParams(), losses: [...continuous.losses] };
    await continuous.trainSteps(3);
    const restored = await createSession(smallSetup(), scratch, kept.params);
    restored.restore(kept.losses);
    expect(restored.step).toBe(5);
    await restored.trainSteps(3);
    expect(restored.losses.slice(0, 5)).toEqual(kept.losses);
    // Same weights and the same next batch give the same loss (Adam starts afresh, so later steps differ).
    expect(restored.losses[5]).toBe(continuous.losses[5]);
    expect(restored.gradNorms.slice(0, 5).every(Number.isNaN)).toBe(true);
    expect(() => restored.restore([0.1])).toThrow(/step 0/);
  });

  it('walks shuffled epochs when asked: every training window once per epoch', async () => {
    const setup: SessionSetup = { ...smallSetup(), sampling: 'epochs' };
    const seen: number[] = [];
    const recorder: EngineFactory = async (config, params, training) => {
      const engine = await scratch(config, params, training);
      return {
        ...engine,
        trainSteps: (batches) => {
          for (const batch of batches) seen.push(batch.batchSize);
          return engine.trainSteps(batches);
        },
      };
    };
    const session = await createSession(setup, recorder);
    expect(session.batchesPerEpoch).toBe(8);
    await session.trainSteps(8);
    expect(seen.reduce((a, b) => a + b, 0)).toBe(64);
  });

  it('refuses a malformed model file with a message', () => {
    expect(() =>
      setupFromModelFile('{"format": "rnn-without-library/model"', { learningRate: 0.01, batchSize: 8, seed: 1 }),
    ).toThrow(/JSON/i);
  });
});
