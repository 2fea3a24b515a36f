/** The practice demo's pure side, and that its recorded runs are what the engine measures. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  appendNorms,
  maxNorm,
  normStride,
  parseRecordedPractice,
  practiceSetup,
  PRACTICE_SCHEMA,
  recordKey,
  RECORDED_SETTINGS,
  runEvaluation,
} from '../../src/lib/demos/practice.ts';
import { createEngine } from '../../src/lib/model/create.ts';
import { createSession, trainingOptionsOf } from '../../src/lib/session.ts';
import { defaultState } from '../../src/lib/state.ts';

const defaults = defaultState(PRACTICE_SCHEMA);
const recorded = parseRecordedPractice(readFileSync('src/lib/demos/recorded/practice.json', 'utf8'));

describe('practice demo', () => {
  it('turns the settings into the training options: burn-in, initial state, clipping, SGD at 0.5', () => {
    const setup = practiceSetup({ ...defaults, optimizer: 'sgd', burnIn: 4, init: 'learned', clip: 1 });
    expect(setup.config.initialState).toBe('learned');
    expect(setup.training).toEqual({ optimizer: 'sgd', learningRate: 0.5, clipNorm: 1, burnIn: 4 });
    expect(practiceSetup(defaults).training).toMatchObject({ optimizer: 'adam', learningRate: 0.01, clipNorm: 0 });
  });

  it('keeps every early gradient norm and the largest of each stride later, skipping unknown ones', () => {
    const dense = appendNorms([], 0, [1, 2, Number.NaN, 4], 10);
    expect(dense).toEqual([
      [1, 1],
      [2, 2],
      [4, 4],
    ]);
    const values = Array.from({ length: 300 }, (_, index) => (index === 250 ? 99 : 1));
    const thinned = appendNorms([], 0, values, 10);
    expect(thinned.length).toBeLessThan(130);
    expect(maxNorm(thinned)).toBe(99);
    expect(appendNorms(thinned, 50, [7], 10).at(-1)).toEqual([51, 7]);
    expect(normStride(2000)).toBe(5);
    expect(maxNorm([])).toBeNaN();
  });

  it('has a recorded run for the default settings and each example, telling the chapter’s story', () => {
    for (const settings of RECORDED_SETTINGS) expect(recorded[recordKey({ ...defaults, ...settings })]).toBeDefined();
    const plain = runEvaluation(recorded[recordKey(defaults)]);
    const burnIn = runEvaluation(recorded[recordKey({ ...defaults, burnIn: 4 })]);
    expect(burnIn?.mseEarly).toBeGreaterThan(plain?.mseEarly ?? Infinity);
    expect(burnIn?.mseLate).toBeLessThan(plain?.mseLate ?? 0);
    const exploding = recorded[recordKey({ ...defaults, optimizer: 'sgd', steps: 300 })];
    expect(exploding.divergedAt).not.toBeNull();
    expect(maxNorm(exploding.gradNorms)).toBeGreaterThan(1e20);
    const clipped = recorded[recordKey({ ...defaults, optimizer: 'sgd', steps: 300, clip: 1 })];
    expect(clipped.divergedAt).toBeNull();
    expect(runEvaluation(clipped)?.mseLate).toBeLessThan(0.01);
  });

  it('the recorded exploding run is what the engine measures (its first 9 gradient norms)', async () => {
    const state = { ...defaults, optimizer: 'sgd' as const, steps: 300 };
    const setup = practiceSetup(state);
    const session = await createSession(setup, (config, params) =>
      createEngine('scratch', config, params, {
        dtype: 'float32',
        kernels: 'simd',
        training: trainingOptionsOf(setup),
      }),
    );
    const { gradNorms } = await session.trainSteps(9);
    const norms = recorded[recordKey(state)].gradNorms.slice(0, 9).map(([, norm]) => norm);
    norms.forEach((norm, index) => expect(norm / gradNorms[index]).toBeCloseTo(1, 2));
    session.dispose();
  });
});
