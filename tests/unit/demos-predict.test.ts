/** Predict, then run: how a live run's result scores a committed answer, and the answer's URL state. */
import { describe, expect, it } from 'vitest';
import { isRight, NO_ANSWER, predictSchema, QUESTIONS, scoreAnswer } from '../../src/lib/demos/predict.ts';
import { decodeState, encodeState } from '../../src/lib/state.ts';

describe('predict, then run', () => {
  it('scores the race by how far the synced model is above the better of the other two at t = 0', () => {
    const race = (synced: number, delayed: number, bidirectional: number) =>
      scoreAnswer('race-t0', { demo: 'variant-race', t0: { synced, delayed, bidirectional } });
    expect(race(0.54, 0.002, 0.004)?.actual).toBe('hundredfold');
    expect(race(0.54, 0.05, 0.2)?.actual).toBe('tenfold');
    expect(race(0.5, 0.4, 0.45)?.actual).toBe('similar');
    expect(race(0.54, 0.002, 0.004)?.values.ratio).toBeCloseTo(270);
  });

  it('scores the early error’s shape from the first and last measurement', () => {
    const early = (first: number[], last: number[]) =>
      scoreAnswer('early-shape', { demo: 'early-error', first, last, steps: 3000 })?.actual;
    // Noise-free (recorded run): t = 0 ends at 0.52, t = 1 falls from 0.59 to 0.020.
    expect(early([0.51, 0.59, 0.41, 0.51], [0.52, 0.02, 0.00075, 0.00063])).toBe('t0Flat');
    // Input noise 0.3: t = 1 falls only from 0.61 to 0.43.
    expect(early([0.5, 0.61, 0.44, 0.56], [0.5, 0.43, 0.31, 0.17])).toBe('allFlat');
    expect(early([0.5, 0.6, 0.4, 0.5], [0.1, 0.01, 0.001, 0.001])).toBe('allFall');
  });

  it('scores the practice run by whether it diverged', () => {
    expect(scoreAnswer('clip-saves', { demo: 'practice', diverged: true, step: 18, late: NaN })).toEqual({
      actual: 'diverges',
      values: { step: 18 },
    });
    expect(scoreAnswer('clip-saves', { demo: 'practice', diverged: false, step: 300, late: 0.0046 })?.actual).toBe(
      'trains',
    );
  });

  it('ignores another demo’s result and scores only a committed answer', () => {
    expect(scoreAnswer('race-t0', { demo: 'practice', diverged: true, step: 1, late: 0 })).toBeNull();
    const outcome = { actual: 'trains', values: {} };
    expect(isRight('trains', outcome)).toBe(true);
    expect(isRight('diverges', outcome)).toBe(false);
    expect(isRight(NO_ANSWER, outcome)).toBeNull();
  });

  it('keeps the committed answer in the URL, and refuses an answer that is not a choice', () => {
    for (const id of Object.keys(QUESTIONS) as Array<keyof typeof QUESTIONS>) {
      const schema = predictSchema(id);
      const choice = QUESTIONS[id].choices[0];
      const query = encodeState(schema, { answer: choice });
      expect(query).toBe(`predict.${id}.answer=${choice}`);
      expect(decodeState(schema, query).state.answer).toBe(choice);
      const bad = decodeState(schema, `predict.${id}.answer=maybe`);
      expect(bad.state.answer).toBe(NO_ANSWER);
      expect(bad.notes[0]?.kind).toBe('invalid');
    }
  });
});
