/**
 * The contract every engine (scratch typed arrays, TensorFlow.js) fulfils, so the CLI,
 * the tests, the worker and the page can drive either one the same way.
 */
import type { ModelConfig } from './config.ts';
import type { Params } from './params.ts';

/** A batch of windows. x is [B, T, F] row-major, y is [B, T] (targets per step). */
export interface Batch {
  batchSize: number;
  x: Float32Array | Float64Array;
  y: Float32Array | Float64Array;
}

/** Adam settings; defaults follow TensorFlow: lr 0.001, β1 0.9, β2 0.999, ε 1e-7. */
export interface AdamOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** TensorFlow's Adam defaults (the original post used them). */
export const ADAM_DEFAULTS: AdamOptions = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** The update rule: Adam (the original's) or plain gradient descent p ← p − lr·g. */
export type Optimizer = 'adam' | 'sgd';

/**
 * How an engine trains, changeable between steps with {@link RnnEngine.configureTraining}.
 * The loss is L = (1/(B·(T−k)))·Σ_b Σ_{t≥k} (ŷ_{b,t} − y_{b,t})² with k = `burnIn`.
 */
export interface TrainingOptions {
  optimizer: Optimizer;
  learningRate: number;
  /** Adam's β1, β2 and ε (ignored by `sgd`). */
  beta1: number;
  beta2: number;
  epsilon: number;
  /**
   * Gradient clipping: when the global norm ‖g‖ = √(Σ over every parameter element of g²)
   * exceeds this, every gradient is scaled by clipNorm/‖g‖ before the update. 0 turns it off.
   */
  clipNorm: number;
  /** k: the first k time steps are left out of the loss (burn-in); 0 ≤ k < T. */
  burnIn: number;
}

/** Adam with TensorFlow's defaults, no clipping, every step in the loss. */
export const TRAINING_OPTION_DEFAULTS: TrainingOptions = {
  optimizer: 'adam',
  ...ADAM_DEFAULTS,
  clipNorm: 0,
  burnIn: 0,
};

/**
 * What a run of training steps reports, one entry per step, read back from the engine once per
 * call (never once per step): the loss of each step's batch before its update, and the global
 * gradient norm ‖g‖ before clipping. A non-finite entry means that step diverged.
 */
export interface StepStats {
  losses: Float64Array;
  gradNorms: Float64Array;
}

/**
 * An optimiser's state, to carry a run over to another engine (or another trainer) without
 * restarting Adam: a fresh Adam's first update moves every weight by about lr, which knocks a
 * trained model far off (tests/unit/optimizer-state.test.ts measures the jump). The same in both engines:
 * - `step`: Adam's t, the updates applied since the optimiser started (0 under SGD, which has
 *   no step count);
 * - `moment1`, `moment2`: Adam's m and v per parameter, logical row-major shapes as the
 *   parameters (float64 copies); zeros before the first Adam step and under SGD (no moments).
 * The training options are not part of it: they come with the set-up the state is restored into.
 */
export interface OptimizerSnapshot {
  step: number;
  moment1: Params;
  moment2: Params;
}

/** Loss and the gradient of the loss with respect to every parameter (same shapes). */
export interface LossAndGrads {
  loss: number;
  grads: Params;
}

/**
 * A trainable model instance. The loss is the mean over batch and time of (ŷ_t − y_t)².
 */
export interface RnnEngine {
  readonly kind: 'scratch' | 'tfjs';
  readonly config: ModelConfig;
  /** Predictions ŷ, [B, T], for inputs x [B, T, F]. */
  predict(x: Float32Array | Float64Array, batchSize: number): Promise<Float64Array>;
  /** Loss and gradients for one batch, parameters unchanged. */
  lossAndGrads(batch: Batch): Promise<LossAndGrads>;
  /** One Adam step on the batch; resolves to the loss before the update. Throws on a non-finite loss. */
  trainStep(batch: Batch): Promise<number>;
  /**
   * One update per batch, in order, with the current {@link TrainingOptions}; resolves once, after
   * the last, with every step's loss and gradient norm.
   */
  trainSteps(batches: readonly Batch[]): Promise<StepStats>;
  /** Changes how later steps train; changing the optimizer starts its state afresh. */
  configureTraining(options: Partial<TrainingOptions>): void;
  /** Copy of the current parameters (float64 arrays). */
  getParams(): Params;
  /** Replaces all parameters (shapes must match) and resets the optimiser state. */
  setParams(params: Params): void;
  /** Copy of the optimiser's state: Adam's t and moments m, v [same shapes as the parameters]. */
  getOptimizerState(): OptimizerSnapshot;
  /**
   * Puts an optimiser state back (after {@link setParams}, which starts a fresh one), so the
   * next update is the one an uninterrupted run would make. Throws an Error naming the problem,
   * changing nothing, unless t is an integer ≥ 0 and every moment has the parameters' names and
   * sizes, finite values, and v ≥ 0.
   */
  setOptimizerState(state: OptimizerSnapshot): void;
  /** Frees memory (tensors, buffers). */
  dispose(): void;
}
