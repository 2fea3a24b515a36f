/**
 * Evaluation and training presets shared by the CLI, the pretrained-model script and the
 * browser. They drive any `RnnEngine`, so the scratch and TensorFlow.js engines are measured
 * the same way; the training loop itself is the session (`session.ts`).
 */
import type { WindowSet } from './data.ts';
import { TRAINING_OPTION_DEFAULTS, type RnnEngine, type TrainingOptions } from './model/engine.ts';

/** Test error of a model, per step and summarised. */
export interface Evaluation {
  /** Mean over windows of (ŷ_t − y_t)², [T]. */
  msePerStep: Float64Array;
  /** Mean of msePerStep over all t. */
  mse: number;
  /** Mean over t = 0..3: the first steps, where a synced model lacks context. */
  mseEarly: number;
  /** Mean over t ≥ 16 (or the last step when T ≤ 16): the steady state. */
  mseLate: number;
}

/** First step counted in `mseLate`. */
export const LATE_FROM = 16;
/** Steps counted in `mseEarly`: t = 0..EARLY_STEPS−1. */
export const EARLY_STEPS = 4;

/** Mean of values[from..to). */
function meanOf(values: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let t = from; t < to; t++) sum += values[t];
  return sum / (to - from);
}

/** Summaries of a per-step MSE curve [T]. */
export function summarise(msePerStep: Float64Array): Evaluation {
  const T = msePerStep.length;
  return {
    msePerStep,
    mse: meanOf(msePerStep, 0, T),
    mseEarly: meanOf(msePerStep, 0, Math.min(EARLY_STEPS, T)),
    mseLate: meanOf(msePerStep, Math.min(LATE_FROM, T - 1), T),
  };
}

/** Evaluates `engine` on every window of `set` in chunks of `batchSize` (default 1024). */
export async function evaluate(engine: RnnEngine, set: WindowSet, batchSize = 1024): Promise<Evaluation> {
  const T = set.window;
  const squaredErrors = new Float64Array(T);
  for (let start = 0; start < set.count; start += batchSize) {
    const count = Math.min(batchSize, set.count - start);
    const x = set.x.subarray(start * T, (start + count) * T);
    const predictions = await engine.predict(x, count);
    for (let b = 0; b < count; b++) {
      for (let t = 0; t < T; t++) {
        const diff = predictions[b * T + t] - set.y[(start + b) * T + t];
        squaredErrors[t] += diff * diff;
      }
    }
  }
  for (let t = 0; t < T; t++) squaredErrors[t] /= set.count;
  return summarise(squaredErrors);
}

/** Settings of a training run: how to update, on which batches, for how long. */
export interface TrainingSettings {
  /** Learning rate; `training.learningRate` takes precedence when given (as in SessionSetup). */
  learningRate: number;
  /** Optimizer, Adam's β1, β2, ε, clipping and burn-in; missing fields take TRAINING_OPTION_DEFAULTS. */
  training?: Partial<TrainingOptions>;
  /** Windows per step. */
  batchSize: number;
  /** Number of updates (ignored when `epochs` is set). */
  steps: number;
  /** When set, train this many shuffled epochs (⌈trainSize / batchSize⌉ steps each). */
  epochs?: number;
  /** Seed of the initial weights and of batch sampling. */
  seed: number;
}

/**
 * Defaults for interactive training: Adam lr 0.01 (β1 0.9, β2 0.999, ε 1e-7 — TensorFlow.js's
 * defaults; the scratch engine adds ε to √v as TF1 does), batches of 64 random windows (with
 * replacement), 300 steps. Step counts to a given error are measured in tests and the benchmark.
 */
export const TRAINING_DEFAULTS: TrainingSettings = {
  learningRate: 0.01,
  batchSize: 64,
  steps: 300,
  seed: 1,
};

/**
 * TensorFlow 1's `tf.train.AdamOptimizer` defaults, which the original post used unchanged
 * except for the learning rate: β1 0.9, β2 0.999, ε 1e-8 added to √v (not to √v̂).
 */
export const TF1_ADAM: TrainingOptions = {
  ...TRAINING_OPTION_DEFAULTS,
  optimizer: 'adam',
  learningRate: 0.001,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
};

/** The original TensorFlow 1 post: TF1's Adam with lr 0.001, batch 2048, 100 shuffled epochs. */
export const PRESET_ORIGINAL: TrainingSettings = {
  training: TF1_ADAM,
  learningRate: TF1_ADAM.learningRate,
  batchSize: 2048,
  steps: 0,
  epochs: 100,
  seed: 1,
};

/** Number of updates a run takes on a training set of `trainSize` windows. */
export function totalSteps(
  settings: Pick<TrainingSettings, 'steps' | 'epochs' | 'batchSize'>,
  trainSize: number,
): number {
  if (settings.epochs === undefined) return settings.steps;
  return settings.epochs * Math.ceil(trainSize / settings.batchSize);
}

/** Updates of the original preset on a training set of `trainSize` windows (100 · ⌈N / 2048⌉). */
export function originalPresetSteps(trainSize: number): number {
  if (!Number.isInteger(trainSize) || trainSize < 1) {
    throw new Error(`training-set size must be a positive integer, got ${trainSize}`);
  }
  return totalSteps(PRESET_ORIGINAL, trainSize);
}

/** Estimated seconds for `steps` updates at a measured `msPerStep` (for an ETA before a run). */
export function etaSeconds(steps: number, msPerStep: number): number {
  if (!(steps >= 0) || !(msPerStep >= 0) || !Number.isFinite(steps) || !Number.isFinite(msPerStep)) {
    throw new Error(`steps and ms per step must be finite numbers ≥ 0, got ${steps} and ${msPerStep}`);
  }
  return (steps * msPerStep) / 1000;
}
