/**
 * The early-error figure's pure side: the synced model's test MSE at the first time steps
 * t = 0…3 against training steps, at the lab's defaults (Adam lr 0.01 held constant, batch
 * size 64, seed 1). Its settings (URL keys `ee.noise`, `ee.steps`, `ee.engine`), the run's
 * set-up, where the live run stops to be measured (every {@link MEASURE_EVERY} steps, as in the
 * recorded run), the curve it builds, and the recorded runs it opens on
 * (`recorded/early-error.json`, written by `scripts/make-recorded.ts` from the real engine).
 */
import { DATA_DEFAULTS } from '../data.ts';
import { makeConfig } from '../model/config.ts';
import type { SessionSetup } from '../session.ts';
import { defineSchema, type StateOf } from '../state.ts';
import { EARLY_STEPS, TRAINING_DEFAULTS } from '../train.ts';
import { ENGINES } from '../trainer/engines.ts';
import type { TrainingPhase } from '../trainer/schedule.ts';

/** Input-noise levels offered (standard deviations); each has a recorded run. */
export const NOISE_LEVELS = ['0', '0.1', '0.3'] as const;

/** One of {@link NOISE_LEVELS}. */
export type NoiseLevel = (typeof NOISE_LEVELS)[number];

/** The figure's settings. */
export const EARLY_ERROR_SCHEMA = defineSchema(
  {
    noise: { kind: 'enum', values: NOISE_LEVELS, default: '0' },
    steps: { kind: 'int', min: 100, max: 5000, default: 3000 },
    engine: { kind: 'enum', values: ENGINES, default: 'scratch' },
  },
  { prefix: 'ee.' },
);

/** The figure's state, as decoded from the URL. */
export type EarlyErrorState = StateOf<typeof EARLY_ERROR_SCHEMA>;

/** Training steps between two measurements of the test error. */
export const MEASURE_EVERY = 50;

/** The seed of the data, the initial weights and the batches (the lab's default). */
export const EARLY_ERROR_SEED = 1;

/** The run's set-up: a synced model at the lab's defaults, on data with the chosen input noise. */
export function earlyErrorSetup(noise: NoiseLevel): SessionSetup {
  return {
    config: makeConfig('synced'),
    data: { ...DATA_DEFAULTS, noise: Number(noise), seed: EARLY_ERROR_SEED },
    learningRate: TRAINING_DEFAULTS.learningRate,
    batchSize: TRAINING_DEFAULTS.batchSize,
    seed: EARLY_ERROR_SEED,
  };
}

/**
 * The schedule to the next measurement after `step`: lr held constant up to the next multiple of
 * {@link MEASURE_EVERY} (or `total`). The trainer stops there and reports the test error, so the
 * live curve is measured at the same steps as the recorded one. Empty once `step` ≥ `total`.
 */
export function nextLeg(step: number, total: number): TrainingPhase[] {
  const stop = Math.min(total, (Math.floor(step / MEASURE_EVERY) + 1) * MEASURE_EVERY);
  return stop > step ? [{ steps: stop, learningRate: TRAINING_DEFAULTS.learningRate }] : [];
}

/** One measurement: the training step and the test MSE at t = 0…3, [EARLY_STEPS]. */
export interface EarlyPoint {
  step: number;
  mse: number[];
}

/**
 * Adds a measurement to a curve kept in step order; a second measurement at the same step
 * replaces the first. `msePerStep` is the whole test MSE per time step, [T].
 */
export function addPoint(curve: readonly EarlyPoint[], step: number, msePerStep: ArrayLike<number>): EarlyPoint[] {
  const point = { step, mse: Array.from({ length: EARLY_STEPS }, (_, t) => msePerStep[t]) };
  return [...curve.filter((other) => other.step !== step), point].sort((a, b) => a.step - b.step);
}

/** The curve of time step `t` as [step, mse] pairs. */
export function seriesOf(curve: readonly EarlyPoint[], t: number): Array<[number, number]> {
  return curve.map((point) => [point.step, point.mse[t]]);
}

/** The measurement nearest to `step` (the chart's readout), or null for an empty curve. */
export function pointNear(curve: readonly EarlyPoint[], step: number): EarlyPoint | null {
  let best: EarlyPoint | null = null;
  for (const point of curve) if (!best || Math.abs(point.step - step) < Math.abs(best.step - step)) best = point;
  return best;
}

/** A recorded run: how it was made and its measurements. */
export interface RecordedRun {
  noise: number;
  steps: number;
  curve: EarlyPoint[];
}

/** The recorded runs by noise level, as shipped in `recorded/early-error.json`. */
export type RecordedRuns = Partial<Record<NoiseLevel, RecordedRun>>;

/**
 * Reads the recorded runs (the JSON file's text or value); throws an Error naming the problem,
 * so a damaged file is reported, never drawn.
 */
export function parseRecordedRuns(input: unknown): RecordedRuns {
  const value: unknown = typeof input === 'string' ? JSON.parse(input) : input;
  const runs = (value as { runs?: unknown } | null)?.runs;
  if (typeof runs !== 'object' || runs === null) throw new Error('recorded runs: no "runs" object');
  const result: RecordedRuns = {};
  for (const [level, run] of Object.entries(runs as Record<string, unknown>)) {
    if (!(NOISE_LEVELS as readonly string[]).includes(level)) throw new Error(`recorded runs: unknown noise ${level}`);
    result[level as NoiseLevel] = checkRun(level, run);
  }
  return result;
}

function checkRun(level: string, run: unknown): RecordedRun {
  const { noise, steps, curve } = (run ?? {}) as Partial<RecordedRun>;
  const valid =
    typeof noise === 'number' &&
    typeof steps === 'number' &&
    Array.isArray(curve) &&
    curve.every(
      (point) =>
        Number.isInteger(point.step) &&
        Array.isArray(point.mse) &&
        point.mse.length === EARLY_STEPS &&
        point.mse.every((mse) => Number.isFinite(mse) && mse >= 0),
    );
  if (!valid) throw new Error(`recorded runs: run ${level} is malformed`);
  return { noise, steps, curve };
}
