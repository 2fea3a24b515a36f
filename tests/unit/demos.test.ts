/** The race, receptive-field, unrolled and gradient-check demos' pure sides. */
import { describe, expect, it } from 'vitest';
import {
  modelsToRebuild,
  raceSchedule,
  raceSetup,
  raceStatus,
  RACE_SCHEMA,
  RACE_SETTING_KINDS,
  raceTrainLabel,
} from '../../src/lib/demos/race.ts';
import { logColours, nextRfWindow, rfInput, tableSteps } from '../../src/lib/demos/receptive-field.ts';
import { clampStep, traceWindow } from '../../src/lib/demos/unrolled.ts';
import { checkConfig, checkProblem, compareGradients, largestErrors } from '../../src/lib/demos/gradient-check.ts';
import { untrainedModel } from '../../src/lib/demos/models.ts';
import { LatestRequest } from '../../src/lib/demos/latest.ts';
import { scheduleLength } from '../../src/lib/trainer/schedule.ts';
import { defaultState } from '../../src/lib/state.ts';
import { finiteDifferenceGrads } from '../../src/lib/gradcheck.ts';
import { lossAndGradsScratch } from '../../src/lib/model/scratch.ts';
import { paramShapes } from '../../src/lib/model/config.ts';

const race = defaultState(RACE_SCHEMA);

describe('race', () => {
  it('cools down over the last fifth at a fifth of the rate, and the schedule has the chosen length', () => {
    const schedule = raceSchedule(400);
    expect(schedule).toEqual([
      { steps: 320, learningRate: 0.01 },
      { steps: 80, learningRate: 0.002 },
    ]);
    for (const total of [10, 11, 399, 5000]) expect(scheduleLength(raceSchedule(total))).toBe(total);
  });

  it('gives the three models the same data, seed and batches; the delay only to the delayed one', () => {
    const setups = (['synced', 'delayed', 'bidirectional'] as const).map((variant) =>
      raceSetup(variant, { ...race, delay: 5, seed: 3 }),
    );
    expect(setups.map((setup) => setup.config.delay)).toEqual([0, 5, 0]);
    expect(new Set(setups.map((setup) => JSON.stringify([setup.data, setup.seed, setup.batchSize]))).size).toBe(1);
  });

  it('a new delay starts only the delayed model again; a new seed or engine all three', () => {
    expect(modelsToRebuild(race, { ...race, delay: 3 })).toEqual({ variants: ['delayed'], newTrainers: false });
    expect(modelsToRebuild(race, { ...race, seed: 2 }).variants).toHaveLength(3);
    expect(modelsToRebuild(race, { ...race, engine: 'cpu' })).toMatchObject({ newTrainers: true });
    expect(modelsToRebuild(race, { ...race, steps: 30 }).variants).toEqual([]);
    expect(RACE_SETTING_KINDS.steps).toBe('schedule');
  });

  it('the status follows the three models’ steps, so it never calls part-trained models untrained', () => {
    const steps = (synced: number, delayed: number, bidirectional: number) => ({ synced, delayed, bidirectional });
    expect(raceStatus('idle', steps(0, 0, 0), 30)).toEqual({ kind: 'untrained' });
    expect(raceStatus('paused', steps(30, 0, 30), 30)).toEqual({ kind: 'uneven', steps: steps(30, 0, 30) });
    expect(raceStatus('paused', steps(12, 12, 12), 30)).toEqual({ kind: 'level', step: 12 });
    expect(raceStatus('finished', steps(30, 30, 30), 30)).toEqual({ kind: 'done' });
    expect(raceStatus('training', steps(3, 4, 5), 30).kind).toBe('training');
    expect(raceStatus('loading', steps(3, 4, 5), 30).kind).toBe('loading');
  });
});

describe('receptive field', () => {
  it('colours four decades below the largest gradient, zero below that', () => {
    expect(Array.from(logColours([1, 0.1, 1e-4, 1e-6, 0]))).toEqual([1, 0.75, 0, 0, 0]);
    expect(Array.from(logColours([0, 0]))).toEqual([0, 0]);
  });

  it('cycles through eight input windows and tabulates every eighth step', () => {
    expect(nextRfWindow(7)).toBe(0);
    expect(rfInput(64, 0)[0]).toBeCloseTo(0);
    expect(rfInput(64, 2)[0]).toBeCloseTo(1);
    expect(tableSteps(64)).toEqual([0, 8, 16, 24, 32, 40, 48, 56]);
    expect(tableSteps(10)).toEqual([0, 8]);
  });
});

describe('unrolled', () => {
  it('traces every hidden state as a unit-by-step matrix and the predictions', () => {
    const trace = traceWindow(untrainedModel('synced', 1));
    expect(trace).toMatchObject({ H: 32, T: 64 });
    expect(trace.hidden).toHaveLength(32 * 64);
    expect(trace.prediction).toHaveLength(64);
    expect(trace.hidden.every((value) => Math.abs(value) < 1)).toBe(true);
    expect(clampStep(70, 64)).toBe(63);
    expect(clampStep(-2, 64)).toBe(0);
    expect(clampStep(2.6, 64)).toBe(3);
  });
});

describe('gradient check', () => {
  it('checks a small model and agrees with finite differences for every parameter', () => {
    const config = checkConfig('bidirectional');
    expect(config).toMatchObject({ hiddenSize: 4, outputSize: 3, window: 8, delay: 0 });
    expect(checkConfig('delayed').delay).toBe(2);
    const { params, batch } = checkProblem(config, 1);
    expect(batch.x).toHaveLength(16);
    const bptt = lossAndGradsScratch(config, params, batch).grads;
    const rows = compareGradients(config, bptt, null, finiteDifferenceGrads(config, params, batch));
    expect(rows.map((row) => row.name)).toEqual(paramShapes(config).map(([name]) => name));
    const errors = largestErrors(rows);
    expect(errors.bptt).toBeLessThan(1e-6);
    expect(errors.tfjs).toBeNaN();
    expect(errors.overall).toBe(errors.bptt);
  });

  it('the same seed gives the same problem, another seed another', () => {
    const config = checkConfig('synced');
    expect(checkProblem(config, 4).params.Whh).toEqual(checkProblem(config, 4).params.Whh);
    expect(checkProblem(config, 4).params.Whh).not.toEqual(checkProblem(config, 5).params.Whh);
  });
});

describe('latest request wins', () => {
  it('only the last request started is current', () => {
    const latest = new LatestRequest();
    const first = latest.begin();
    expect(first()).toBe(true);
    const second = latest.begin();
    expect([first(), second()]).toEqual([false, true]);
    latest.cancel();
    expect(second()).toBe(false);
  });
});

describe('race button', () => {
  it('says Resume as soon as any model has trained, and Train again once all have finished', () => {
    expect(raceTrainLabel({ synced: 0, delayed: 0, bidirectional: 0 }, 30)).toBe('start');
    expect(raceTrainLabel({ synced: 30, delayed: 0, bidirectional: 30 }, 30)).toBe('resume');
    expect(raceTrainLabel({ synced: 30, delayed: 30, bidirectional: 30 }, 30)).toBe('again');
  });
});
