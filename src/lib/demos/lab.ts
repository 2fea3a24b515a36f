/**
 * The training lab's pure side: its settings (URL state), the session set-up and schedule they
 * give, what kind of change each setting is, whether a shipped pretrained model matches them,
 * why an imported file cannot run here (as structured reasons the page translates), and the
 * key a trained model is kept under for the browser session.
 */
import { DATA_DEFAULTS } from '../data.ts';
import { makeConfig, VARIANTS } from '../model/config.ts';
import type { ModelFile } from '../model/format.ts';
import type { Params } from '../model/params.ts';
import type { SessionSetup } from '../session.ts';
import { clampState, defineSchema, type StateOf } from '../state.ts';
import { ENGINES } from '../trainer/engines.ts';
import type { TrainingPhase } from '../trainer/schedule.ts';
import type { SettingKind } from './lifecycle.ts';

/** Scale kinds of the loss chart's y axis. */
export const LOSS_SCALES = ['linear', 'log'] as const;

/** The training lab's state: model size, optimiser, data and display settings. */
export const LAB_SCHEMA = defineSchema({
  hidden: { kind: 'int', min: 1, max: 128, default: 32 },
  lr: { kind: 'float', min: 1e-5, max: 1, default: 0.01, scale: 'log' },
  batch: { kind: 'int', min: 1, max: 1024, default: 64 },
  steps: { kind: 'int', min: 1, max: 20000, default: 300 },
  horizon: { kind: 'int', min: 0, max: 63, default: 8 },
  noise: { kind: 'float', min: 0, max: 1, default: 0 },
  variant: { kind: 'enum', values: VARIANTS, default: 'synced' },
  delay: { kind: 'int', min: 1, max: 32, default: 8 },
  seed: { kind: 'int', min: 0, max: 2 ** 31 - 1, default: 1 },
  engine: { kind: 'enum', values: ENGINES, default: 'auto' },
  scale: { kind: 'enum', values: LOSS_SCALES, default: 'log' },
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
  batch: 'model',
  steps: 'schedule',
  horizon: 'model',
  noise: 'model',
  variant: 'model',
  delay: 'model',
  seed: 'model',
  engine: 'model',
  scale: 'display',
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
    batchSize: state.batch,
    seed: state.seed,
  };
}

/** The lab's run: `steps` steps at one learning rate. */
export function labSchedule(state: LabState): TrainingPhase[] {
  return [{ steps: state.steps, learningRate: state.lr }];
}

/** A pretrained model that matches the lab's settings, and its recorded test MSE. */
export interface PretrainedMatch {
  params: Params;
  mse: number;
}

/** The shipped pretrained model if it was trained with these settings (size, delay, data). */
export function matchingPretrained(model: ModelFile | null, state: LabState): PretrainedMatch | null {
  if (!model) return null;
  const { config, data } = model;
  const same =
    config.variant === state.variant &&
    config.hiddenSize === state.hidden &&
    (config.variant !== 'delayed' || config.delay === state.delay) &&
    data.horizon === state.horizon &&
    data.noise === state.noise;
  return same ? { params: model.params, mse: model.metrics?.mse ?? NaN } : null;
}

/**
 * Why a model file cannot run in this lab, which feeds one value per step (F = 1) and offers
 * the ranges of LAB_SCHEMA: `inputSize` (F ≠ 1), or `range` (a setting outside what the lab
 * offers, with the value the file has).
 */
export type ImportProblem =
  | { kind: 'inputSize'; given: number }
  | { kind: 'range'; field: 'hidden' | 'horizon' | 'noise' | 'delay'; given: number };

/** The lab settings a model file implies (size, variant, delay, data). */
export function settingsOfSetup(setup: SessionSetup): Partial<LabState> {
  return {
    hidden: setup.config.hiddenSize,
    variant: setup.config.variant,
    horizon: setup.data.horizon,
    noise: setup.data.noise,
    ...(setup.config.variant === 'delayed' ? { delay: setup.config.delay } : {}),
  };
}

/** Every reason a model file's set-up cannot run in the lab (empty when it can). */
export function importProblems(setup: SessionSetup): ImportProblem[] {
  if (setup.config.inputSize !== 1) return [{ kind: 'inputSize', given: setup.config.inputSize }];
  const { hidden, horizon, noise, delay } = settingsOfSetup(setup);
  const { notes } = clampState(LAB_SCHEMA, { hidden, horizon, noise, delay });
  return notes.map((note) => ({
    kind: 'range',
    field: note.field as 'hidden' | 'horizon' | 'noise' | 'delay',
    given: Number(note.given),
  }));
}

/** The settings a model's weights depend on, in the order they make up its key. */
const MODEL_KEY_FIELDS = ['hidden', 'variant', 'delay', 'horizon', 'noise', 'seed', 'batch'] as const;

/**
 * The key a model trained with these settings is kept under for the session. Only settings
 * that shape the weights count (not the learning rate, run length, engine or chart scale), and
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
