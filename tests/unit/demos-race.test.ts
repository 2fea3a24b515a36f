/** The race's opening state: which shipped pretrained models match a lane, and what it says. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  matchPretrained,
  raceOrigin,
  raceSetup,
  raceStatus,
  raceTrainLabel,
  RACE_SCHEMA,
} from '../../src/lib/demos/race.ts';
import { VARIANTS } from '../../src/lib/model/config.ts';
import { parseModel } from '../../src/lib/model/format.ts';
import { defaultState } from '../../src/lib/state.ts';

const race = defaultState(RACE_SCHEMA);
const shipped = (variant: string) => parseModel(readFileSync(`public/models/${variant}.json`, 'utf8'));
const steps = (synced: number, delayed: number, bidirectional: number) => ({ synced, delayed, bidirectional });

describe('race opening on the pretrained models', () => {
  it('matches every shipped model at the default settings, and the synced one is worst on t = 0…3', () => {
    const lanes = VARIANTS.map((variant) => matchPretrained(shipped(variant), raceSetup(variant, race)));
    expect(lanes.every((lane) => lane !== null)).toBe(true);
    const [synced, delayed, bidirectional] = lanes.map((lane) => lane?.evaluation.msePerStep ?? new Float64Array());
    for (let t = 0; t < 4; t++) {
      expect(synced[t]).toBeGreaterThan(delayed[t]);
      expect(synced[t]).toBeGreaterThan(bidirectional[t]);
    }
    expect(lanes[0]?.steps).toBe(2000);
  });

  it('does not match another seed, another delay or the wrong variant', () => {
    expect(matchPretrained(shipped('synced'), raceSetup('synced', { ...race, seed: 2 }))).toBeNull();
    expect(matchPretrained(shipped('delayed'), raceSetup('delayed', { ...race, delay: 3 }))).toBeNull();
    expect(matchPretrained(shipped('synced'), raceSetup('bidirectional', race))).toBeNull();
    expect(matchPretrained(null, raceSetup('synced', race))).toBeNull();
    // A new delay leaves the other two pretrained.
    expect(matchPretrained(shipped('synced'), raceSetup('synced', { ...race, delay: 3 }))).not.toBeNull();
  });

  it('is the pretrained origin until a lane trains; Train then races from the seeds', () => {
    expect(raceOrigin(steps(0, 0, 0), ['synced'])).toBe('pretrained');
    expect(raceOrigin(steps(0, 0, 0), [])).toBe('seed');
    expect(raceOrigin(steps(5, 0, 0), ['synced'])).toBe('trained');
    expect(raceTrainLabel(steps(0, 0, 0), 400, [...VARIANTS])).toBe('fromSeed');
    expect(raceTrainLabel(steps(0, 0, 0), 400, [])).toBe('start');
    expect(raceTrainLabel(steps(400, 400, 400), 400, [])).toBe('again');
  });

  it('says which lanes no pretrained model matches', () => {
    expect(raceStatus('idle', steps(0, 0, 0), 400, [...VARIANTS])).toEqual({ kind: 'pretrained', missing: [] });
    expect(raceStatus('idle', steps(0, 0, 0), 400, ['synced', 'bidirectional'])).toEqual({
      kind: 'pretrained',
      missing: ['delayed'],
    });
    expect(raceStatus('idle', steps(0, 0, 0), 400, [])).toEqual({ kind: 'untrained' });
    expect(raceStatus('training', steps(0, 0, 0), 400, [...VARIANTS]).kind).toBe('training');
  });
});
