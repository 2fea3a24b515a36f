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
  /** Copy of the current parameters (float64 arrays). */
  getParams(): Params;
  /** Replaces all parameters (shapes must match) and resets the optimiser state. */
  setParams(params: Params): void;
  /** Changes the learning rate without resetting the optimiser. */
  setLearningRate(learningRate: number): void;
  /** Frees memory (tensors, buffers). */
  dispose(): void;
}
