/**
 * Step 1 of the TF.js engine: the model's forward pass and loss as a TensorFlow.js graph
 * (tfjs-core ops only, no library RNN layer), so tfjs autodiff can differentiate it. This is
 * the reference path (`kernels: 'reference'`); `tfjs-bptt.ts` computes the same numbers with
 * fused kernels. Everything is time-major: row r = s·B + b of an [S·B, …] matrix is step s of
 * batch row b, which makes each step's [B, …] block contiguous and lets whole-sequence work
 * run as single matrix products:
 *   P = X·Wxh + bh                   one matMul for all S steps, X is [S·B, F]
 *   h_s = tanh(P_s + h_{s−1}·Whh)    the only per-step work, from h_{−1} = h0 (or 0)
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

/** Affine map a·W + b for a [N, K], W [K, M], b [M] (b broadcast over the N rows). */
function affine(a: tf.Tensor2D, weights: tf.Tensor, bias: tf.Tensor): tf.Tensor2D {
  return tf.add(tf.matMul(a, weights as tf.Tensor2D), bias);
}

/**
 * Projects every step's input at once: P = X·Wxh + bh for X [S·B, F], returned as S tensors
 * [B, H] (P_s = x_s·Wxh + bh).
 */
function projectInputs(inputs: tf.Tensor2D, steps: number, inputWeights: tf.Tensor, bias: tf.Tensor): tf.Tensor2D[] {
  const projected = affine(inputs, inputWeights, bias);
  const batchSize = inputs.shape[0] / steps;
  return tf.unstack(tf.reshape(projected, [steps, batchSize, projected.shape[1]])) as tf.Tensor2D[];
}

/**
 * Runs h_s = tanh(P_s + h_prev·Whh). Before the first visited step h_prev is `initial` ([H],
 * the learned h0, broadcast over the batch) or 0, so that step is just tanh(P_s). `reverse`
 * visits steps from last to first (the backward cell, whose "previous" state is g_{t+1}).
 * Returns the states in time order, each [B, H].
 */
function runRecurrence(
  projected: tf.Tensor2D[],
  recurrentWeights: tf.Tensor,
  initial: tf.Tensor | undefined,
  reverse: boolean,
): tf.Tensor2D[] {
  const steps = projected.length;
  const weights = recurrentWeights as tf.Tensor2D;
  const states: tf.Tensor2D[] = new Array(steps);
  let previous: tf.Tensor2D | null = initial ? tf.reshape(initial, [1, -1]) : null;
  for (let i = 0; i < steps; i++) {
    const step = reverse ? steps - 1 - i : i;
    const preActivation = previous ? tf.add(projected[step], tf.matMul(previous, weights)) : projected[step];
    const state = tf.tanh(preActivation) as tf.Tensor2D;
    states[step] = state;
    previous = state;
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
  const hidden = tf.tanh(affine(flat, paramOf(params, 'Why'), paramOf(params, 'by')));
  const output = affine(hidden, paramOf(params, 'Wl'), paramOf(params, 'bl'));
  return tf.reshape(output, [steps, batchSize]);
}

/**
 * The full forward pass. `inputs` is time-major [S·B, F] with S = unrolledSteps(config) (for
 * `delayed`, the last d steps are the zero padding). Call inside tf.tidy (or a gradient
 * function), which owns every tensor created here.
 */
export function forwardGraph(config: ModelConfig, params: ParamTensors, inputs: tf.Tensor2D): ForwardGraph {
  const steps = unrolledSteps(config);
  const cell = (weights: ParamName, recurrent: ParamName, bias: ParamName, initial: ParamName, reverse: boolean) =>
    runRecurrence(
      projectInputs(inputs, steps, paramOf(params, weights), paramOf(params, bias)),
      paramOf(params, recurrent),
      params[initial],
      reverse,
    );
  const forwardStates = cell('Wxh', 'Whh', 'bh', 'h0', false);
  if (config.variant === 'bidirectional') {
    const backwardStates = cell('Wxh_b', 'Whh_b', 'bh_b', 'h0_b', true);
    return { predictions: readOut(params, [forwardStates, backwardStates]), forwardStates, backwardStates };
  }
  const readOutStates = config.variant === 'delayed' ? forwardStates.slice(config.delay) : forwardStates;
  return { predictions: readOut(params, [readOutStates]), forwardStates };
}

/**
 * Mean squared error over the steps after the burn-in: mean over t ≥ k and b of (ŷ − y)², a
 * scalar. `predictions` is [T, B]; `targets` holds only the scored rows, [(T−k)·B, 1].
 */
export function burnInLoss(predictions: tf.Tensor2D, targets: tf.Tensor2D, burnIn: number): tf.Scalar {
  const [steps, batchSize] = predictions.shape;
  const scored = burnIn > 0 ? tf.slice(predictions, [burnIn, 0], [steps - burnIn, batchSize]) : predictions;
  return tf.mean(tf.squaredDifference(tf.reshape(scored, targets.shape), targets));
}
