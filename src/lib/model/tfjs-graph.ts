/**
 * The model's forward pass as a TensorFlow.js graph (tfjs-core ops only, no library RNN layer), so
 * tfjs autodiff can differentiate it. Everything is time-major: step t of a batch is the
 * [B, F] (or [B, H]) slab at index t of the leading axis, which makes the per-step tensors
 * contiguous and lets whole-sequence work run as single matrix products:
 *   P = X·Wxh + bh            one matMul for all S steps, X is [S·B, F]
 *   h_t = tanh(P_t + h_{t-1}·Whh)   the only per-step work (one matMul, one add, one tanh)
 *   ŷ = tanh(Hs·Why + by)·Wl + bl    one matMul per layer over all read-out steps
 */
import * as tf from '@tensorflow/tfjs-core';
import { unrolledSteps, type ModelConfig, type ParamName } from './config.ts';
import { paramOf } from './params.ts';

/** The model's parameters as tensors (variables in an engine), keyed by parameter name. */
export type ParamTensors = Partial<Record<ParamName, tf.Tensor>>;

/** Output of {@link forwardGraph}; every tensor is owned by the surrounding tf.tidy. */
export interface ForwardGraph {
  /** ŷ, time-major [T, B]: prediction for window step t of batch row b at [t, b]. */
  predictions: tf.Tensor2D;
  /** Forward cell states h_0 … h_{S−1}, each [B, H] (S = T + d for `delayed`). */
  forwardStates: tf.Tensor2D[];
  /** Backward cell states g_0 … g_{T−1} in time order, each [B, H] (`bidirectional` only). */
  backwardStates?: tf.Tensor2D[];
}

/** Returns the named parameter tensor or throws if the variant lacks it. */
export function requireParam(params: ParamTensors, name: ParamName): tf.Tensor {
  return paramOf(params, name);
}

/** Affine map a·W + b for a [N, K], W [K, M], b [M] (b broadcast over the N rows). */
function affine(a: tf.Tensor2D, weights: tf.Tensor, bias: tf.Tensor): tf.Tensor2D {
  return tf.add(tf.matMul(a, weights as tf.Tensor2D), bias);
}

/**
 * Projects every step's input at once: P = X·Wxh + bh, returned as S tensors [B, H]
 * (P_t = x_t·Wxh + bh). `inputs` is time-major [S, B, F].
 */
function projectInputs(inputs: tf.Tensor3D, inputWeights: tf.Tensor, bias: tf.Tensor): tf.Tensor2D[] {
  const [steps, batchSize, features] = inputs.shape;
  const flat = tf.reshape(inputs, [steps * batchSize, features]) as tf.Tensor2D;
  const projected = affine(flat, inputWeights, bias);
  const hiddenSize = inputWeights.shape[1] as number;
  return tf.unstack(tf.reshape(projected, [steps, batchSize, hiddenSize])) as tf.Tensor2D[];
}

/**
 * Runs h_t = tanh(P_t + h_{prev}·Whh) with h before the first visited step = 0, so that step
 * is just tanh(P_t). `reverse` visits steps from last to first (the backward cell, whose
 * "previous" state is g_{t+1}). Returns the states in time order, each [B, H].
 */
export function runRecurrence(projected: tf.Tensor2D[], recurrentWeights: tf.Tensor, reverse: boolean): tf.Tensor2D[] {
  const steps = projected.length;
  const states: tf.Tensor2D[] = new Array(steps);
  const order = Array.from({ length: steps }, (_, i) => (reverse ? steps - 1 - i : i));
  let previous: tf.Tensor2D | null = null;
  for (const step of order) {
    const preActivation: tf.Tensor2D = previous
      ? tf.add(projected[step], tf.matMul(previous, recurrentWeights as tf.Tensor2D))
      : projected[step];
    previous = tf.tanh(preActivation);
    states[step] = previous;
  }
  return states;
}

/**
 * Output layers over all read-out steps at once: stacks the states [T, B, K] (K = H, or 2H
 * with [h_t ; g_t] for bidirectional), then ŷ = tanh(S·Why + by)·Wl + bl, returned [T, B].
 */
function readOut(params: ParamTensors, stateSequences: tf.Tensor2D[][]): tf.Tensor2D {
  const stacked = stateSequences.map((states) => tf.stack(states) as tf.Tensor3D);
  const joined = stacked.length === 1 ? stacked[0] : tf.concat(stacked, 2);
  const [steps, batchSize, width] = joined.shape;
  const flat = tf.reshape(joined, [steps * batchSize, width]) as tf.Tensor2D;
  const hidden = tf.tanh(affine(flat, requireParam(params, 'Why'), requireParam(params, 'by')));
  const output = affine(hidden, requireParam(params, 'Wl'), requireParam(params, 'bl'));
  return tf.reshape(output, [steps, batchSize]);
}

/**
 * The full forward pass. `inputs` is time-major [S, B, F] with S = unrolledSteps(config)
 * (for `delayed`, the last d steps are the zero padding). Call inside tf.tidy (or a gradient
 * function), which owns every tensor created here.
 */
export function forwardGraph(config: ModelConfig, params: ParamTensors, inputs: tf.Tensor3D): ForwardGraph {
  const steps = unrolledSteps(config);
  if (inputs.shape[0] !== steps) throw new Error(`TF.js engine: expected ${steps} input steps, got ${inputs.shape[0]}`);
  const projected = projectInputs(inputs, requireParam(params, 'Wxh'), requireParam(params, 'bh'));
  const forwardStates = runRecurrence(projected, requireParam(params, 'Whh'), false);
  if (config.variant === 'bidirectional') {
    const projectedBack = projectInputs(inputs, requireParam(params, 'Wxh_b'), requireParam(params, 'bh_b'));
    const backwardStates = runRecurrence(projectedBack, requireParam(params, 'Whh_b'), true);
    return { predictions: readOut(params, [forwardStates, backwardStates]), forwardStates, backwardStates };
  }
  const readOutStates = config.variant === 'delayed' ? forwardStates.slice(config.delay) : forwardStates;
  return { predictions: readOut(params, [readOutStates]), forwardStates };
}

/** Mean squared error over all [T, B] entries: mean((ŷ − y)²), a scalar. */
export function meanSquaredError(predictions: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.squaredDifference(predictions, targets));
}
