/**
 * The practice demo's pure side: a synced model trained with the fixes of the practice chapter —
 * burn-in k (the first k time steps out of the loss), the initial state (zero or learned) and
 * gradient clipping by the global norm — with Adam at the lab's rate or plain SGD at lr 0.5, a
 * rate at which the gradients explode without clipping. Its settings (URL keys `pr.*`), the
 * run's set-up and schedule, the recorded runs it opens on (`recorded/practice.json`, written by
 * scripts/make-recorded.ts with the real engine) and how a run's gradient norms are kept.
 */
import { DATA_DEFAULTS } from '../data.ts';
import { OPTIMIZERS } from '../model/adam.ts';
import { INITIAL_STATES, makeConfig } from '../model/config.ts';
import type { Optimizer } from '../model/engine.ts';
import type { SessionSetup } from '../session.ts';
import { defineSchema, type StateOf } from '../state.ts';
import { summarise, TRAINING_DEFAULTS, type Evaluation } from '../train.ts';
import { ENGINES } from '../trainer/engines.ts';
import type { TrainingPhase } from '../trainer/schedule.ts';

/** The demo's settings. */
export const PRACTICE_SCHEMA = defineSchema(
  {
    optimizer: { kind: 'enum', values: OPTIMIZERS, default: 'adam' },
    burnIn: { kind: 'int', min: 0, max: 16, default: 0 },
    init: { kind: 'enum', values: INITIAL_STATES, default: 'zero' },
    clip: { kind: 'float', min: 0, max: 100, default: 0 },
    steps: { kind: 'int', min: 10, max: 5000, default: 2000 },
    seed: { kind: 'int', min: 0, max: 2 ** 31 - 1, default: 1 },
    engine: { kind: 'enum', values: ENGINES, default: 'scratch' },
  },
  { prefix: 'pr.' },
);

/** The demo's state, as decoded from the URL. */
export type PracticeState = StateOf<typeof PRACTICE_SCHEMA>;

/** Learning rate of each optimizer here: the lab's for Adam; for SGD one that explodes unclipped. */
export const LEARNING_RATES: Readonly<Record<Optimizer, number>> = {
  adam: TRAINING_DEFAULTS.learningRate,
  sgd: 0.5,
};

/** The run's set-up: a synced model with the chosen initial state, trained with the chosen fixes. */
export function practiceSetup(state: PracticeState): SessionSetup {
  const learningRate = LEARNING_RATES[state.optimizer];
  return {
    config: makeConfig('synced', { initialState: state.init }),
    data: { ...DATA_DEFAULTS, seed: state.seed },
    learningRate,
    training: { optimizer: state.optimizer, learningRate, clipNorm: state.clip, burnIn: state.burnIn },
    batchSize: TRAINING_DEFAULTS.batchSize,
    seed: state.seed,
  };
}

/** The run's schedule: `steps` steps at the optimizer's rate. */
export function practiceSchedule(state: PracticeState): TrainingPhase[] {
  return [{ steps: state.steps, learningRate: LEARNING_RATES[state.optimizer] }];
}

/** The settings that name a recorded run (all but the engine, which does not change the numbers). */
export function recordKey(state: PracticeState): string {
  const { optimizer, burnIn, init, clip, steps, seed } = state;
  return `${optimizer} k=${burnIn} ${init} c=${clip} ${steps} steps seed ${seed}`;
}

/** The runs recorded for the demo to open on (the chapter's examples), as partial states. */
export const RECORDED_SETTINGS: ReadonlyArray<Partial<PracticeState>> = [
  {},
  { burnIn: 4 },
  { init: 'learned' },
  { optimizer: 'sgd', steps: 300 },
  { optimizer: 'sgd', clip: 1, steps: 300 },
];

/** A run, recorded or live: its gradient norms and, unless it diverged, its final test error. */
export interface PracticeRun {
  /** Global gradient norm before clipping, as [step, norm] pairs (step counted from 1). */
  gradNorms: Array<[number, number]>;
  /** Test MSE per time step at the end, [T]; null when the run diverged. */
  msePerStep: number[] | null;
  /** The step whose loss blew up, or null. */
  divergedAt: number | null;
  /** Steps trained. */
  steps: number;
}

/** Recorded runs by {@link recordKey}. */
export type RecordedPractice = Record<string, PracticeRun>;

/** The test error summaries of a run that finished, or null. */
export function runEvaluation(run: PracticeRun): Evaluation | null {
  return run.msePerStep ? summarise(Float64Array.from(run.msePerStep)) : null;
}

/**
 * Appends the gradient norms of steps `from` … to a run's list (a progress report), keeping at
 * most one point per `stride` steps beyond the first {@link DENSE_STEPS} (so a long run stays
 * small) but always the largest norm of each stride, so a spike is never lost. NaN (unknown)
 * norms are skipped. Returns a new list.
 */
export function appendNorms(
  norms: ReadonlyArray<[number, number]>,
  from: number,
  values: readonly number[],
  stride: number,
): Array<[number, number]> {
  const result = norms.filter(([step]) => step <= from);
  values.forEach((norm, index) => {
    const step = from + index + 1;
    if (!Number.isFinite(norm) && !Number.isNaN(norm)) return void result.push([step, norm]);
    if (Number.isNaN(norm)) return;
    const last = result.at(-1);
    const sameBucket = last && step > DENSE_STEPS && bucket(last[0], stride) === bucket(step, stride);
    if (sameBucket && last) {
      if (norm > last[1]) result[result.length - 1] = [step, norm];
    } else result.push([step, norm]);
  });
  return result;
}

/** Steps whose norms are all kept (the first steps, where an explosion happens). */
export const DENSE_STEPS = 100;

function bucket(step: number, stride: number): number {
  return Math.floor((step - 1) / Math.max(1, stride));
}

/** The stride that keeps a run of `steps` steps to about 400 gradient-norm points. */
export function normStride(steps: number): number {
  return Math.max(1, Math.ceil(steps / 400));
}

/** The largest finite gradient norm of a run, or NaN when none is known. */
export function maxNorm(norms: ReadonlyArray<[number, number]>): number {
  const finite = norms.map(([, norm]) => norm).filter(Number.isFinite);
  return finite.length > 0 ? Math.max(...finite) : Number.NaN;
}

/** Reads the recorded runs (JSON text or value); throws an Error naming the problem. */
export function parseRecordedPractice(input: unknown): RecordedPractice {
  const value: unknown = typeof input === 'string' ? JSON.parse(input) : input;
  const runs = (value as { runs?: unknown } | null)?.runs;
  if (typeof runs !== 'object' || runs === null) throw new Error('recorded practice runs: no "runs" object');
  for (const [key, run] of Object.entries(runs as Record<string, Partial<PracticeRun>>)) {
    const valid =
      Array.isArray(run.gradNorms) &&
      run.gradNorms.every((pair) => Array.isArray(pair) && pair.length === 2) &&
      (run.msePerStep === null || (Array.isArray(run.msePerStep) && run.msePerStep.every(Number.isFinite))) &&
      (run.divergedAt === null || Number.isInteger(run.divergedAt)) &&
      Number.isInteger(run.steps);
    if (!valid) throw new Error(`recorded practice runs: run "${key}" is malformed`);
  }
  return runs as RecordedPractice;
}
