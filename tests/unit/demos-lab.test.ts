/** The training lab's pure side: set-up, schedule, pretrained matching, import checks, kept models. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  importProblems,
  LAB_SCHEMA,
  LAB_SETTING_KINDS,
  labSchedule,
  labSetup,
  matchingPretrained,
  savedModelKey,
  settingsOfSetup,
  windowMse,
  type LabState,
} from '../../src/lib/demos/lab.ts';
import { decodeSavedModel, encodeSavedModel } from '../../src/lib/demos/saved-model.ts';
import { pretrainedFromText, untrainedModel } from '../../src/lib/demos/models.ts';
import { defaultState } from '../../src/lib/state.ts';
import { makeConfig } from '../../src/lib/model/config.ts';
import { seededParams } from '../../src/lib/model/params.ts';

const defaults: LabState = defaultState(LAB_SCHEMA);
const syncedFile = readFileSync(new URL('../../public/models/synced.json', import.meta.url), 'utf8');
const delayedFile = readFileSync(new URL('../../public/models/delayed.json', import.meta.url), 'utf8');

describe('lab set-up', () => {
  it('builds the model, data and optimiser from the settings; delay only for delayed', () => {
    const setup = labSetup({ ...defaults, hidden: 16, variant: 'delayed', delay: 5, horizon: 4, noise: 0.1, seed: 7 });
    expect(setup.config).toMatchObject({ variant: 'delayed', delay: 5, hiddenSize: 16, inputSize: 1, window: 64 });
    expect(setup.data).toMatchObject({ horizon: 4, noise: 0.1, seed: 7 });
    expect(setup).toMatchObject({ learningRate: defaults.lr, batchSize: defaults.batch, seed: 7 });
    expect(labSetup({ ...defaults, delay: 5 }).config.delay).toBe(0);
    expect(labSchedule({ ...defaults, steps: 120, lr: 0.003 })).toEqual([{ steps: 120, learningRate: 0.003 }]);
  });

  it('every setting has a kind, and only the learning rate and length apply while training', () => {
    expect(Object.keys(LAB_SETTING_KINDS).sort()).toEqual([...LAB_SCHEMA.names].sort());
    const schedule = Object.entries(LAB_SETTING_KINDS).filter(([, kind]) => kind === 'schedule');
    expect(schedule.map(([field]) => field).sort()).toEqual(['lr', 'steps']);
  });
});

describe('pretrained models', () => {
  it('the shipped synced model matches the default settings, not other sizes or data', () => {
    const file = pretrainedFromText(syncedFile, 'synced');
    expect(file).not.toBeNull();
    const match = matchingPretrained(file, defaults);
    expect(match?.mse).toBeGreaterThan(0);
    expect(matchingPretrained(file, { ...defaults, hidden: 16 })).toBeNull();
    expect(matchingPretrained(file, { ...defaults, horizon: 4 })).toBeNull();
    expect(matchingPretrained(file, { ...defaults, variant: 'delayed' })).toBeNull();
    expect(matchingPretrained(null, defaults)).toBeNull();
  });

  it('a delayed model matches only its own delay', () => {
    const file = pretrainedFromText(delayedFile, 'delayed');
    const delay = file?.config.delay ?? -1;
    expect(matchingPretrained(file, { ...defaults, variant: 'delayed', delay })).not.toBeNull();
    expect(matchingPretrained(file, { ...defaults, variant: 'delayed', delay: delay + 1 })).toBeNull();
  });

  it('a file of another variant, or a damaged one, is not taken for the pretrained model', () => {
    expect(pretrainedFromText(syncedFile, 'delayed')).toBeNull();
    expect(pretrainedFromText('{"format": 1', 'synced')).toBeNull();
    expect(untrainedModel('delayed', 1)).toMatchObject({ pretrained: false, config: { delay: 8 } });
  });
});

describe('import checks', () => {
  const setupOf = (overrides: Partial<LabState>) => labSetup({ ...defaults, ...overrides });

  it('accepts what the lab offers and names each setting outside it with the file’s value', () => {
    expect(importProblems(setupOf({}))).toEqual([]);
    const big = setupOf({});
    big.config = { ...big.config, hiddenSize: 256 };
    big.data = { ...big.data, horizon: 80 };
    expect(importProblems(big)).toEqual([
      { kind: 'range', field: 'hidden', given: 256 },
      { kind: 'range', field: 'horizon', given: 80 },
    ]);
  });

  it('refuses more than one input feature before anything else', () => {
    const two = setupOf({});
    two.config = { ...two.config, inputSize: 2, hiddenSize: 999 };
    expect(importProblems(two)).toEqual([{ kind: 'inputSize', given: 2 }]);
  });

  it('turns a file’s set-up back into lab settings (delay only for delayed)', () => {
    expect(settingsOfSetup(setupOf({ variant: 'delayed', delay: 3, hidden: 8 }))).toEqual({
      hidden: 8,
      variant: 'delayed',
      delay: 3,
      horizon: defaults.horizon,
      noise: defaults.noise,
    });
    expect(settingsOfSetup(setupOf({ delay: 3 }))).not.toHaveProperty('delay');
  });
});

describe('kept models', () => {
  it('are keyed by the settings that shape the weights only', () => {
    const key = savedModelKey(defaults);
    expect(savedModelKey({ ...defaults, lr: 0.5, steps: 9, engine: 'scratch', scale: 'linear' })).toBe(key);
    expect(savedModelKey({ ...defaults, delay: 3 })).toBe(key);
    expect(savedModelKey({ ...defaults, variant: 'delayed', delay: 3 })).not.toBe(
      savedModelKey({ ...defaults, variant: 'delayed', delay: 4 }),
    );
    for (const change of [{ hidden: 8 }, { seed: 2 }, { batch: 8 }, { noise: 0.2 }, { horizon: 3 }]) {
      expect(savedModelKey({ ...defaults, ...change })).not.toBe(key);
    }
  });

  it('round-trip exactly, and a kept model of another shape or a damaged one is ignored', () => {
    const config = makeConfig('bidirectional', { hiddenSize: 5 });
    const params = seededParams(config, 3);
    const text = encodeSavedModel(config, { params, losses: [0.5, 0.25] });
    const restored = decodeSavedModel(text, config);
    expect(restored?.losses).toEqual([0.5, 0.25]);
    expect(restored?.params.Whh_b).toEqual(params.Whh_b);
    expect(decodeSavedModel(text, makeConfig('bidirectional', { hiddenSize: 6 }))).toBeNull();
    expect(decodeSavedModel(text, makeConfig('synced', { hiddenSize: 5 }))).toBeNull();
    expect(decodeSavedModel(text.replace('"losses":[0.5', '"losses":["x"'), config)).toBeNull();
    expect(decodeSavedModel('{', config)).toBeNull();
    expect(decodeSavedModel(null, config)).toBeNull();
  });
});

describe('window error', () => {
  it('is the mean squared difference over the window', () => {
    expect(windowMse([0, 1, 2, 3], [0, 1, 2, 5])).toBe(1);
    expect(windowMse([], [])).toBe(0);
  });
});
