/**
 * The variant race's pure side: its settings (URL keys `race.delay`, `race.steps`,
 * `race.seed`, `race.engine`), the set-up of each variant, the learning-rate schedule (the
 * chosen steps at lr 0.01, the last fifth at lr/5: a short cool-down that removes Adam's
 * occasional late spikes), which models a settings change starts again, whether a shipped
 * pretrained model matches a lane (the race opens on those), and which status line describes
 * the three models, so the status always agrees with the table.
 */
import { DATA_DEFAULTS } from '../data.ts';
import { makeConfig, VARIANTS, type Variant } from '../model/config.ts';
import type { ModelFile } from '../model/format.ts';
import type { SessionSetup } from '../session.ts';
import { defineSchema, type StateOf } from '../state.ts';
import { summarise, TRAINING_DEFAULTS, type Evaluation } from '../train.ts';
import { ENGINES } from '../trainer/engines.ts';
import type { TrainingPhase } from '../trainer/schedule.ts';
import type { ModelOrigin, Phase, SettingKind, TrainPlan } from './lifecycle.ts';

/** The race's state; the default engine is the scratch one (fastest on a CPU for this model). */
export const RACE_SCHEMA = defineSchema(
  {
    delay: { kind: 'int', min: 1, max: 32, default: 8 },
    steps: { kind: 'int', min: 10, max: 5000, default: 400 },
    seed: { kind: 'int', min: 0, max: 2 ** 31 - 1, default: 1 },
    engine: { kind: 'enum', values: ENGINES, default: 'scratch' },
  },
  { prefix: 'race.' },
);

/** The race's settings, as decoded from the URL. */
export type RaceState = StateOf<typeof RACE_SCHEMA>;

/** What changing each race setting does (see lifecycle.ts). */
export const RACE_SETTING_KINDS: Readonly<Record<keyof RaceState, SettingKind>> = {
  delay: 'model',
  steps: 'schedule',
  seed: 'model',
  engine: 'model',
};

/** Share of the steps trained at the full learning rate; the rest use {@link COOL_DOWN_FACTOR}·lr. */
export const MAIN_SHARE = 0.8;
/** Learning-rate factor of the cool-down (the last 1 − MAIN_SHARE of the steps). */
export const COOL_DOWN_FACTOR = 0.2;

/** The race's schedule for `total` steps: the main run, then the cool-down. */
export function raceSchedule(total: number): TrainingPhase[] {
  const main = Math.round(total * MAIN_SHARE);
  const learningRate = TRAINING_DEFAULTS.learningRate;
  return [
    { steps: main, learningRate },
    { steps: total - main, learningRate: learningRate * COOL_DOWN_FACTOR },
  ];
}

/** The session set-up of one variant: same data, seed and batch size for all three. */
export function raceSetup(variant: Variant, state: RaceState): SessionSetup {
  return {
    config: makeConfig(variant, { delay: state.delay }),
    data: { ...DATA_DEFAULTS, seed: state.seed },
    learningRate: TRAINING_DEFAULTS.learningRate,
    batchSize: TRAINING_DEFAULTS.batchSize,
    seed: state.seed,
  };
}

/** A shipped pretrained model that matches a lane: its weights and its recorded test error. */
export interface PretrainedLane {
  params: ModelFile['params'];
  /** Test error per step as recorded in the file (measured on the same test set), [T]. */
  evaluation: Evaluation;
  /** Steps the file's model was trained. */
  steps: number;
}

/**
 * The pretrained model of a lane when the file was trained on exactly the lane's model and data
 * (same sizes, delay, initial state and data settings, seed included) and records its per-step
 * test error; null otherwise, so the race never shows a model trained on another task.
 */
export function matchPretrained(file: ModelFile | null, setup: SessionSetup): PretrainedLane | null {
  const metrics = file?.metrics;
  if (!file || !metrics || metrics.msePerStep.length !== setup.config.window) return null;
  const sameModel = (Object.keys(setup.config) as Array<keyof SessionSetup['config']>).every(
    (key) => file.config[key] === setup.config[key],
  );
  const sameData = (Object.keys(setup.data) as Array<keyof SessionSetup['data']>).every(
    (key) => file.data[key] === setup.data[key],
  );
  if (!sameModel || !sameData) return null;
  return {
    params: file.params,
    evaluation: summarise(Float64Array.from(metrics.msePerStep)),
    steps: metrics.trainSteps ?? 0,
  };
}

/**
 * Where the race stands as one model origin for the shared lifecycle: `trained` once any lane
 * has trained here, `pretrained` when, untrained here, at least one lane shows a shipped model
 * (Train then races all three from their seeds), `seed` otherwise.
 */
export function raceOrigin(steps: LaneSteps, pretrained: readonly Variant[]): ModelOrigin {
  if (VARIANTS.some((variant) => steps[variant] > 0)) return 'trained';
  return pretrained.length > 0 ? 'pretrained' : 'seed';
}

/**
 * Which models a settings change starts again from untrained weights: all three for a new
 * seed or engine (`newTrainers` when the engine changed), only the delayed one for a new delay,
 * none for a new length.
 */
export function modelsToRebuild(before: RaceState, after: RaceState): { variants: Variant[]; newTrainers: boolean } {
  if (after.engine !== before.engine) return { variants: [...VARIANTS], newTrainers: true };
  if (after.seed !== before.seed) return { variants: [...VARIANTS], newTrainers: false };
  if (after.delay !== before.delay) return { variants: ['delayed'], newTrainers: false };
  return { variants: [], newTrainers: false };
}

/** Steps trained by each model. */
export type LaneSteps = Record<Variant, number>;

/**
 * The race's status line, from the demo's phase, where its models came from and their steps:
 * `training` (live steps), `pretrained` (the shipped models on show; `missing` names the lanes
 * no file matches), `untrained` (all at step 0, none pretrained), `level` (all at the same step, short of the end),
 * `uneven` (the models stand at different steps, e.g. after a new delay reset one of them),
 * `done` (all at the end), or `loading`/`broken`.
 */
export type RaceStatus =
  | { kind: 'loading' | 'broken' | 'untrained' | 'done' }
  | { kind: 'pretrained'; missing: Variant[] }
  | { kind: 'level'; step: number }
  | { kind: 'training' | 'uneven'; steps: LaneSteps };

/** The status line that matches the models' steps. */
export function raceStatus(
  phase: Phase,
  steps: LaneSteps,
  total: number,
  pretrained: readonly Variant[] = [],
): RaceStatus {
  if (phase === 'loading' || phase === 'broken') return { kind: phase };
  if (phase === 'training') return { kind: 'training', steps };
  const values = VARIANTS.map((variant) => steps[variant]);
  if (raceOrigin(steps, pretrained) === 'pretrained') {
    return { kind: 'pretrained', missing: VARIANTS.filter((variant) => !pretrained.includes(variant)) };
  }
  if (values.every((step) => step === 0)) return { kind: 'untrained' };
  if (values.every((step) => step >= total)) return { kind: 'done' };
  if (values.every((step) => step === values[0])) return { kind: 'level', step: values[0] };
  return { kind: 'uneven', steps };
}

/**
 * What the race's Train button says, from the three models' steps: `fromSeed` while the
 * pretrained models are on show (Train races three fresh models from their seeds), `again`
 * when all have finished (Train starts all three over), `resume` when any has trained (each
 * continues to the end), `start` when none has.
 */
export function raceTrainLabel(
  steps: LaneSteps,
  total: number,
  pretrained: readonly Variant[] = [],
): TrainPlan['label'] {
  const values = VARIANTS.map((variant) => steps[variant]);
  if (raceOrigin(steps, pretrained) === 'pretrained') return 'fromSeed';
  if (values.every((step) => step >= total)) return 'again';
  return values.some((step) => step > 0) ? 'resume' : 'start';
}
