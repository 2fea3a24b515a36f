/** The training lab's pure side: set-up, schedule, presets, pretrained matching, run timing, kept models. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  activePreset,
  batchesPerEpoch,
  durationParts,
  epochsDone,
  LAB_PRESET_NAMES,
  LAB_PRESETS,
  LAB_SCHEMA,
  LAB_SETTING_KINDS,
  labSchedule,
  labSchemaFor,
  labSetup,
  matchingPretrained,
  presetState,
  pretrainedNames,
  savedModelKey,
  speedKey,
  wantsEstimate,
  windowMse,
  type LabState,
} from '../../src/lib/demos/lab.ts';
import { settingsOfSetup } from '../../src/lib/demos/lab-import.ts';
import { originalPresetSteps, PRESET_ORIGINAL, TF1_ADAM } from '../../src/lib/train.ts';
import { DATA_DEFAULTS } from '../../src/lib/data.ts';
import { decodeSavedModel, encodeSavedModel } from '../../src/lib/demos/saved-model.ts';
import { pretrainedFromText, untrainedModel } from '../../src/lib/demos/models.ts';
import { defaultState } from '../../src/lib/state.ts';
import { makeConfig } from '../../src/lib/model/config.ts';
import { paramOf, seededParams, type Params } from '../../src/lib/model/params.ts';

/** Values read back, as the float32 engine takes them (9 digits name one float32 exactly). */
function toFloat32(values: ArrayLike<number> | undefined): Float64Array | undefined {
  return values && Float64Array.from(values, Math.fround);
}

/** The same parameters rounded to float32, as the site trains them. */
function asFloat32(params: Params): Params {
  return Object.fromEntries(
    Object.entries(params).map(([name, values]) => [name, Float64Array.from(values, Math.fround)]),
  );
}

const defaults: LabState = defaultState(LAB_SCHEMA);
const syncedFile = readFileSync(new URL('../../public/models/synced.json', import.meta.url), 'utf8');
const delayedFile = readFileSync(new URL('../../public/models/delayed.json', import.meta.url), 'utf8');
const originalFile = readFileSync(new URL('../../public/models/original.json', import.meta.url), 'utf8');

describe('lab set-up', () => {
  it('builds the model, data and optimiser from the settings; delay only for delayed', () => {
    const setup = labSetup({ ...defaults, hidden: 16, variant: 'delayed', delay: 5, horizon: 4, noise: 0.1, seed: 7 });
    expect(setup.config).toMatchObject({ variant: 'delayed', delay: 5, hiddenSize: 16, inputSize: 1, window: 64 });
    expect(setup.data).toMatchObject({ horizon: 4, noise: 0.1, seed: 7 });
    expect(setup).toMatchObject({ learningRate: defaults.lr, batchSize: defaults.batch, seed: 7, sampling: 'random' });
    expect(setup.training).toEqual({ optimizer: 'adam', epsilon: 1e-7 });
    expect(labSetup({ ...defaults, delay: 5 }).config.delay).toBe(0);
    expect(labSchedule({ ...defaults, steps: 120, lr: 0.003 })).toEqual([{ steps: 120, learningRate: 0.003 }]);
  });

  it('every setting has a kind, and only the learning rate and length apply while training', () => {
    expect(Object.keys(LAB_SETTING_KINDS).sort()).toEqual([...LAB_SCHEMA.names].sort());
    const schedule = Object.entries(LAB_SETTING_KINDS).filter(([, kind]) => kind === 'schedule');
    expect(LAB_SCHEMA.fields.batch.max).toBe(2048);
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

describe('presets', () => {
  it('the original preset is the original post’s run: TF1 Adam, batch size 2,048, 100 shuffled epochs', () => {
    const original = presetState('original', defaults);
    expect(original).toMatchObject({
      lr: TF1_ADAM.learningRate,
      eps: TF1_ADAM.epsilon,
      batch: PRESET_ORIGINAL.batchSize,
      sampling: 'epochs',
      steps: originalPresetSteps(DATA_DEFAULTS.trainSize),
      hidden: 32,
      variant: 'synced',
    });
    expect(original.steps).toBe(200);
    expect(batchesPerEpoch(original.batch)).toBe(2);
    expect(original.steps / batchesPerEpoch(original.batch)).toBe(PRESET_ORIGINAL.epochs);
    expect(labSetup(original)).toMatchObject({ batchSize: 2048, sampling: 'epochs', training: { epsilon: 1e-8 } });
  });

  it('start from the defaults, keep the engine and display, and are recognised again', () => {
    const current: LabState = { ...defaults, hidden: 7, engine: 'scratch', scale: 'linear', zoom: 'start' };
    const h2 = presetState('h2', current);
    expect(h2).toEqual({ ...defaults, hidden: 2, engine: 'scratch', scale: 'linear', zoom: 'start' });
    for (const name of LAB_PRESET_NAMES) expect(activePreset(presetState(name, current))).toBe(name);
    expect(activePreset(defaults)).toBeNull();
    expect(activePreset({ ...presetState('original', defaults), seed: 2 })).toBeNull();
    expect(presetState('delay2', defaults)).toMatchObject({ variant: 'delayed', delay: 2 });
    expect(presetState('noise', defaults).noise).toBe(0.3);
  });

  it('every preset value is a valid setting', () => {
    for (const name of LAB_PRESET_NAMES) {
      for (const [field, value] of Object.entries(LAB_PRESETS[name])) {
        const spec = LAB_SCHEMA.fields[field as keyof LabState];
        if (spec.kind === 'enum') expect(spec.values).toContain(value);
        else expect(value).toBeGreaterThanOrEqual(spec.min);
      }
    }
  });

  it('a lab placed with a preset has the preset as its defaults', () => {
    const schema = labSchemaFor('original');
    expect(schema.fields.batch.default).toBe(2048);
    expect(schema.fields.sampling.default).toBe('epochs');
    expect(schema.fields.hidden).toEqual(LAB_SCHEMA.fields.hidden);
    expect(labSchemaFor(null)).toBe(LAB_SCHEMA);
  });
});

describe('the original run’s pretrained model', () => {
  const original = presetState('original', defaults);
  const file = pretrainedFromText(originalFile, 'synced');

  it('is looked up first for the original preset only', () => {
    expect(pretrainedNames(original)).toEqual(['original', 'synced']);
    expect(pretrainedNames(defaults)).toEqual(['synced']);
    expect(pretrainedNames({ ...defaults, variant: 'delayed' })).toEqual(['delayed']);
  });

  it('matches only the settings that rerun it exactly', () => {
    expect(file?.metrics?.epochs).toBe(100);
    expect(matchingPretrained(file, original)).toMatchObject({ name: 'original' });
    expect(matchingPretrained(file, defaults)).toBeNull();
    for (const change of [
      { lr: 0.01 },
      { eps: 1e-7 },
      { batch: 1024 },
      { sampling: 'random' as const },
      { steps: 100 },
    ])
      expect(matchingPretrained(file, { ...original, ...change })).toBeNull();
    expect(matchingPretrained(pretrainedFromText(syncedFile, 'synced'), original)).toMatchObject({ name: 'synced' });
  });
});

describe('run timing', () => {
  it('counts epochs of the training set', () => {
    expect(batchesPerEpoch(64)).toBe(64);
    expect(batchesPerEpoch(3000)).toBe(2);
    expect(epochsDone(199, 2048)).toBe(99);
    expect(epochsDone(200, 2048)).toBe(100);
  });

  it('wants an estimate for long runs only, and keys speeds by what they depend on', () => {
    expect(wantsEstimate(defaults, defaults.steps)).toBe(false);
    const original = presetState('original', defaults);
    expect(wantsEstimate(original, original.steps)).toBe(true);
    expect(speedKey({ ...defaults, lr: 0.5, steps: 9, seed: 4, delay: 3 })).toBe(speedKey(defaults));
    expect(speedKey({ ...defaults, batch: 65 })).not.toBe(speedKey(defaults));
    expect(speedKey({ ...defaults, engine: 'wasm' })).not.toBe(speedKey(defaults));
  });

  it('words durations: seconds, then minutes and seconds by 5, then hours and minutes', () => {
    expect(durationParts(0.2)).toEqual({ s: 1 });
    expect(durationParts(42.4)).toEqual({ s: 42 });
    expect(durationParts(83)).toEqual({ m: 1, s: 25 });
    expect(durationParts(3599)).toEqual({ m: 60, s: 0 });
    expect(durationParts(7260)).toEqual({ h: 2, m: 1 });
  });
});

describe('file settings', () => {
  it('turns a file’s set-up back into lab settings (delay only for delayed)', () => {
    const setupOf = (overrides: Partial<LabState>) => labSetup({ ...defaults, ...overrides });
    expect(settingsOfSetup(setupOf({ variant: 'delayed', delay: 3, hidden: 8, seed: 5 }))).toEqual({
      hidden: 8,
      variant: 'delayed',
      delay: 3,
      horizon: defaults.horizon,
      noise: defaults.noise,
      seed: 5,
    });
    expect(settingsOfSetup(setupOf({ delay: 3 }))).not.toHaveProperty('delay');
  });
});

describe('kept models', () => {
  it('are keyed by the settings that shape the weights only', () => {
    const key = savedModelKey(defaults);
    expect(savedModelKey({ ...defaults, lr: 0.5, steps: 9, engine: 'scratch', scale: 'linear', zoom: 'start' })).toBe(
      key,
    );
    expect(savedModelKey({ ...defaults, delay: 3 })).toBe(key);
    expect(savedModelKey({ ...defaults, variant: 'delayed', delay: 3 })).not.toBe(
      savedModelKey({ ...defaults, variant: 'delayed', delay: 4 }),
    );
    const changes = [{ hidden: 8 }, { seed: 2 }, { batch: 8 }, { noise: 0.2 }, { horizon: 3 }, { eps: 1e-8 }];
    for (const change of [...changes, { sampling: 'epochs' as const }]) {
      expect(savedModelKey({ ...defaults, ...change })).not.toBe(key);
    }
  });

  it('round-trip float32 values exactly (float64 ones to 9 digits), and a kept model of another shape or a damaged one is ignored', () => {
    const config = makeConfig('bidirectional', { hiddenSize: 5 });
    const wide = seededParams(config, 3);
    const params = asFloat32(wide);
    const fromWide = decodeSavedModel(encodeSavedModel(config, { params: wide, losses: [] }), config);
    for (const [index, value] of (fromWide?.params.Wxh ?? []).entries())
      expect(Math.abs(value - paramOf(wide, 'Wxh')[index])).toBeLessThanOrEqual(5e-9 * Math.abs(value));
    const text = encodeSavedModel(config, { params, losses: [0.5, 0.25] });
    const restored = decodeSavedModel(text, config);
    expect(restored?.losses).toEqual([0.5, 0.25]);
    expect(toFloat32(restored?.params.Whh_b)).toEqual(params.Whh_b);
    expect(decodeSavedModel(text, makeConfig('bidirectional', { hiddenSize: 6 }))).toBeNull();
    expect(decodeSavedModel(text, makeConfig('synced', { hiddenSize: 5 }))).toBeNull();
    expect(decodeSavedModel(text.replace('"losses":[0.5', '"losses":["x"'), config)).toBeNull();
    expect(decodeSavedModel('{', config)).toBeNull();
    expect(decodeSavedModel(null, config)).toBeNull();
  });

  it("keep the optimiser's state when given (an entry without one still restores), and drop a damaged one", () => {
    const config = makeConfig('synced', { hiddenSize: 4 });
    const params = asFloat32(seededParams(config, 3));
    const optimizer = { step: 12, moment1: asFloat32(seededParams(config, 4)), moment2: seededParams(config, 5) };
    for (const values of Object.values(optimizer.moment2)) values.forEach((v, i) => (values[i] = Math.fround(v * v)));
    const text = encodeSavedModel(config, { params, losses: [0.5], optimizer });
    const restored = decodeSavedModel(text, config);
    expect(restored?.optimizer?.step).toBe(12);
    expect(toFloat32(restored?.optimizer?.moment1.Whh)).toEqual(optimizer.moment1.Whh);
    expect(toFloat32(restored?.optimizer?.moment2.Wl)).toEqual(optimizer.moment2.Wl);
    const without = decodeSavedModel(encodeSavedModel(config, { params, losses: [0.5], optimizer }, false), config);
    expect(toFloat32(without?.params.Whh)).toEqual(params.Whh);
    expect(without?.optimizer).toBeUndefined();
    const damaged = { ...optimizer, moment2: { ...optimizer.moment2, bh: Float64Array.of(-1, 0, 0, 0) } };
    expect(
      decodeSavedModel(encodeSavedModel(config, { params, losses: [0.5], optimizer: damaged }), config),
    ).toBeNull();
    expect(decodeSavedModel(text.replace('"step":12', '"step":-1'), config)).toBeNull();
  });
});

describe('window error', () => {
  it('is the mean squared difference over the window', () => {
    expect(windowMse([0, 1, 2, 3], [0, 1, 2, 5])).toBe(1);
    expect(windowMse([], [])).toBe(0);
  });
});
