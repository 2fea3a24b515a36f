/**
 * The training lab's pure side: its settings (URL state) and presets, the session set-up and
 * schedule they give, what kind of change each setting is, which shipped pretrained model
 * matches them, how long a run will take, and the key a trained model is kept under for the
 * browser session. Why an imported file cannot run here is lab-import.ts.
 */
import { DATA_DEFAULTS } from '../data.ts';
import { makeConfig, VARIANTS, type Variant } from '../model/config.ts';
import type { ModelFile } from '../model/format.ts';
import type { Params } from '../model/params.ts';
import type { SessionSetup } from '../session.ts';
import { defineSchema, defaultState, type StateOf } from '../state.ts';
import { ENGINES } from '../trainer/engines.ts';
import type { TrainingPhase } from '../trainer/schedule.ts';
import { originalPresetSteps, PRESET_ORIGINAL, TF1_ADAM } from '../train.ts';
import type { SettingKind } from './lifecycle.ts';
import type { Preset } from './teacher.ts';

/** Scale kinds of the loss chart's y axis. */
export const LOSS_SCALES = ['linear', 'log'] as const;

/**
 * How training batches are drawn: `random` windows with replacement (the lab's default), or
 * shuffled `epochs` that use every training window once each (the original post's way).
 */
export const SAMPLINGS = ['random', 'epochs'] as const;

/** What the 3×3 grid's panels show: the `window` (all T time steps) or its `start` (the first {@link ZOOM_STEPS}). */
export const GRID_ZOOMS = ['window', 'start'] as const;

/** Time steps a zoomed grid panel shows (t = 0 … 11): the early miss, and where it ends. */
export const ZOOM_STEPS = 12;

/** The training lab's state: model size, optimiser, data and display settings. */
export const LAB_SCHEMA = defineSchema({
  hidden: { kind: 'int', min: 1, max: 128, default: 32 },
  lr: { kind: 'float', min: 1e-5, max: 1, default: 0.01, scale: 'log' },
  eps: { kind: 'float', min: 1e-10, max: 1e-3, default: 1e-7, scale: 'log' },
  batch: { kind: 'int', min: 1, max: 2048, default: 64 },
  sampling: { kind: 'enum', values: SAMPLINGS, default: 'random' },
  steps: { kind: 'int', min: 1, max: 20000, default: 300 },
  horizon: { kind: 'int', min: 0, max: 63, default: 8 },
  noise: { kind: 'float', min: 0, max: 1, default: 0 },
  variant: { kind: 'enum', values: VARIANTS, default: 'synced' },
  delay: { kind: 'int', min: 1, max: 32, default: 8 },
  seed: { kind: 'int', min: 0, max: 2 ** 31 - 1, default: 1 },
  engine: { kind: 'enum', values: ENGINES, default: 'auto' },
  scale: { kind: 'enum', values: LOSS_SCALES, default: 'log' },
  zoom: { kind: 'enum', values: GRID_ZOOMS, default: 'window' },
});

/** State of the training lab, e.g. `{ hidden: 32, lr: 0.01, variant: 'synced', ... }`. */
export type LabState = StateOf<typeof LAB_SCHEMA>;

/** A lab setting's name. */
export type LabField = keyof LabState;

/**
 * What changing each setting does (see lifecycle.ts): the learning rate and the run's length
 * apply to the running trainer; everything that shapes the model, its data or its engine
 * needs a new model.
 */
export const LAB_SETTING_KINDS: Readonly<Record<LabField, SettingKind>> = {
  hidden: 'model',
  lr: 'schedule',
  eps: 'model',
  batch: 'model',
  sampling: 'model',
  steps: 'schedule',
  horizon: 'model',
  noise: 'model',
  variant: 'model',
  delay: 'model',
  seed: 'model',
  engine: 'model',
  scale: 'display',
  zoom: 'display',
};

/** Test windows in the lab's 3×3 figure. */
export const LAB_WINDOW_COUNT = 9;

/** How often the lab keeps a snapshot of a training model for the session, in ms. */
export const LAB_SNAPSHOT_EVERY_MS = 1000;

/** The session set-up for the lab's settings. */
export function labSetup(state: LabState): SessionSetup {
  return {
    config: makeConfig(state.variant, { delay: state.delay, hiddenSize: state.hidden }),
    data: { ...DATA_DEFAULTS, horizon: state.horizon, noise: state.noise, seed: state.seed },
    learningRate: state.lr,
    // Adam with the lab's ε (TF.js's default 1e-7; the original's TF1 used 1e-8).
    training: { optimizer: 'adam', epsilon: state.eps },
    batchSize: state.batch,
    seed: state.seed,
    sampling: state.sampling,
  };
}

/** The lab's run: `steps` steps at one learning rate. */
export function labSchedule(state: LabState): TrainingPhase[] {
  return [{ steps: state.steps, learningRate: state.lr }];
}

/** Names of the lab's presets, in the order their buttons show. */
export const LAB_PRESET_NAMES = ['original', 'h2', 'noise', 'delay2'] as const;

/** A preset's name. */
export type LabPreset = (typeof LAB_PRESET_NAMES)[number];

/**
 * The lab's presets as data: each is the lab's defaults with these settings changed.
 * `original` is the original post's run exactly: TF1's Adam (lr 0.001, ε 1e-8), batch size
 * 2,048, 100 shuffled epochs of the training set (200 steps of 4,096 windows).
 */
export const LAB_PRESETS: Readonly<Record<LabPreset, Partial<LabState>>> = {
  original: {
    lr: PRESET_ORIGINAL.learningRate,
    eps: TF1_ADAM.epsilon,
    batch: PRESET_ORIGINAL.batchSize,
    sampling: 'epochs',
    steps: originalPresetSteps(DATA_DEFAULTS.trainSize),
    seed: PRESET_ORIGINAL.seed,
  },
  h2: { hidden: 2 },
  noise: { noise: 0.3 },
  delay2: { variant: 'delayed', delay: 2 },
};

/**
 * The same presets for teacher links (`?preset=original`, lib/demos/teacher.ts): a link's preset
 * is the lab's defaults with the preset's settings, and every setting the link gives still wins.
 */
export const LAB_LINK_PRESETS: readonly Preset<typeof LAB_SCHEMA>[] = LAB_PRESET_NAMES.map((name) => ({
  id: name,
  label: `lab.preset.${name}`,
  values: LAB_PRESETS[name],
}));

/** Settings a preset leaves as the reader has them: where it runs and how it is drawn. */
const PRESET_KEEPS = ['engine', 'scale', 'zoom'] as const;

/** Whether `name` is a preset's name. */
export function isLabPreset(name: unknown): name is LabPreset {
  return typeof name === 'string' && (LAB_PRESET_NAMES as readonly string[]).includes(name);
}

/** The state a preset gives: the lab's defaults, the preset's settings, and `current`'s engine and display. */
export function presetState(name: LabPreset, current: LabState): LabState {
  const kept = Object.fromEntries(PRESET_KEEPS.map((field) => [field, current[field]]));
  return { ...defaultState(LAB_SCHEMA), ...LAB_PRESETS[name], ...kept };
}

/** The preset `state` is exactly (engine and display aside), or null. */
export function activePreset(state: LabState): LabPreset | null {
  const same = (name: LabPreset) => {
    const preset = presetState(name, state);
    return LAB_SCHEMA.names.every((field) => preset[field as LabField] === state[field as LabField]);
  };
  return LAB_PRESET_NAMES.find(same) ?? null;
}

/**
 * The lab's schema with a preset's settings as its defaults: a lab placed on a page with a
 * preset (e.g. the original-experiment chapter) opens on it, and its links stay short.
 */
export function labSchemaFor(preset: LabPreset | null): typeof LAB_SCHEMA {
  if (preset === null) return LAB_SCHEMA;
  const values = LAB_PRESETS[preset] as Record<string, unknown>;
  const fields = Object.fromEntries(
    Object.entries(LAB_SCHEMA.fields).map(([name, spec]) => [
      name,
      name in values ? { ...spec, default: values[name] } : spec,
    ]),
  );
  return defineSchema(fields as typeof LAB_SCHEMA.fields);
}

/** A pretrained model that matches the lab's settings: its weights, recorded test MSE, and which file. */
export interface PretrainedMatch {
  params: Params;
  mse: number;
  /** The file's name: a variant's model, or `original` (the original post's exact run). */
  name: PretrainedName;
}

/** The shipped pretrained files: one per variant, and the original post's run. */
export type PretrainedName = Variant | 'original';

/**
 * The pretrained files that could match the settings, most specific first: the original run
 * when the settings are its preset's, then the variant's own model.
 */
export function pretrainedNames(state: LabState): PretrainedName[] {
  return activePreset(state) === 'original' ? ['original', state.variant] : [state.variant];
}

/**
 * The shipped pretrained model if it was trained with these settings (size, delay, data). A
 * file that records an exact run (its epochs) matches only the settings that rerun it: the
 * same learning rate, ε, batch size, epoch sampling and number of steps.
 */
export function matchingPretrained(model: ModelFile | null, state: LabState): PretrainedMatch | null {
  if (!model) return null;
  const { config, data, metrics } = model;
  const same =
    config.variant === state.variant &&
    config.hiddenSize === state.hidden &&
    (config.variant !== 'delayed' || config.delay === state.delay) &&
    data.horizon === state.horizon &&
    data.noise === state.noise;
  if (!same) return null;
  const exactRun = metrics?.epochs !== undefined;
  const name: PretrainedName = exactRun ? 'original' : config.variant;
  if (exactRun && !rerunsExactly(model, state)) return null;
  return { params: model.params, mse: metrics?.mse ?? NaN, name };
}

/** Whether the settings rerun the training a file records (learning rate, ε, batch, epochs). */
function rerunsExactly(model: ModelFile, state: LabState): boolean {
  const { metrics, data } = model;
  if (metrics?.epochs === undefined || metrics.batchSize === undefined) return false;
  return (
    state.sampling === 'epochs' &&
    state.batch === metrics.batchSize &&
    state.lr === metrics.learningRate &&
    state.eps === metrics.epsilon &&
    state.steps === metrics.epochs * Math.ceil(data.trainSize / metrics.batchSize)
  );
}

/** Batches in one epoch of the lab's training set at batch size `batch`. */
export function batchesPerEpoch(batch: number): number {
  return Math.ceil(DATA_DEFAULTS.trainSize / Math.max(1, batch));
}

/** Whole epochs done after `step` steps at batch size `batch` (epoch sampling). */
export function epochsDone(step: number, batch: number): number {
  return Math.floor(step / batchesPerEpoch(batch));
}

/**
 * Windows processed (steps × batch size) from which a run is long enough to be worth an
 * estimate before it starts, and to measure the speed for one. The lab's default run
 * (300 × 64) is below it; the original run (200 × 2,048) far above.
 */
export const ESTIMATE_FROM_WINDOWS = 100_000;

/** Whether a run of `steps` more steps of these settings deserves an estimated time before it starts. */
export function wantsEstimate(state: LabState, steps: number): boolean {
  return steps * state.batch >= ESTIMATE_FROM_WINDOWS;
}

/**
 * The key of a measured speed: what the time per step depends on (engine, model size, batch
 * size), so a speed measured for one set-up is reused for another only when they cost the same.
 */
export function speedKey(state: LabState): string {
  const delay = state.variant === 'delayed' ? state.delay : 0;
  return [state.engine, state.variant, delay, state.hidden, state.batch].join('|');
}

/**
 * A duration for people: whole seconds under a minute (at least 1), then minutes and seconds
 * rounded to 5 s, then hours and minutes. E.g. 0.2 → { s: 1 }; 83 → { m: 1, s: 25 }.
 */
export function durationParts(seconds: number): { h?: number; m?: number; s?: number } {
  const total = Math.max(1, Math.round(seconds));
  if (total < 60) return { s: total };
  if (total < 3600) {
    const rounded = Math.round(total / 5) * 5;
    return { m: Math.floor(rounded / 60), s: rounded % 60 };
  }
  const minutes = Math.round(total / 60);
  return { h: Math.floor(minutes / 60), m: minutes % 60 };
}

/** The settings a model's weights depend on, in the order they make up its key. */
const MODEL_KEY_FIELDS = [
  'hidden',
  'variant',
  'delay',
  'horizon',
  'noise',
  'seed',
  'batch',
  'sampling',
  'eps',
] as const;

/**
 * The key a model trained with these settings is kept under for the session. Only settings
 * that shape the weights count (not the learning rate, run length, engine or display), and
 * `delay` only for the delayed variant.
 */
export function savedModelKey(state: LabState): string {
  const values = MODEL_KEY_FIELDS.map((field) => {
    const value = field === 'delay' && state.variant !== 'delayed' ? 0 : state[field];
    return [field, String(value)];
  });
  return `rnn.lab.model?${new URLSearchParams(values).toString()}`;
}

/** Mean squared error of one window's prediction [T] against its target [T]. */
export function windowMse(target: ArrayLike<number>, prediction: ArrayLike<number>): number {
  let sum = 0;
  for (let t = 0; t < target.length; t++) sum += (prediction[t] - target[t]) ** 2;
  return sum / Math.max(1, target.length);
}
