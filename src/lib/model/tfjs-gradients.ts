/**
 * Step 2 of the TF.js engine: the loss of one batch and its gradient with respect to every
 * parameter (and the forward pass alone, for predictions and hidden states), by one of two
 * independent routes that must agree:
 *   reference  tfjs autodiff (tf.variableGrads) through the graph of tfjs-graph.ts;
 *   fused      the hand-derived BPTT of tfjs-bptt.ts on fused kernels (far fewer dispatches).
 * Both take the batch as time-major tensors: x [S·B, F] (zero rows for the delayed padding) and
 * the scored targets y [(T−k)·B, 1] (steps k … T−1 of every row). The input gradient ∂ŷ_t/∂x
 * is autodiff only.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig, ParamName } from './config.ts';
import { fusedForward, fusedLossAndGrads } from './tfjs-bptt.ts';
import { burnInLoss, forwardGraph } from './tfjs-graph.ts';

/** Which implementation computes loss and gradients. */
export type KernelPath = 'reference' | 'fused';

/** A batch on the device, time-major. */
export interface BatchTensors {
  batchSize: number;
  /** Inputs [S·B, F]. */
  x: tf.Tensor2D;
  /** Scored targets [(T−k)·B, 1]. */
  y: tf.Tensor2D;
}

/** Loss (a scalar) and ∂L/∂θ per parameter, owned by the surrounding tf.tidy. */
export interface GradientTensors {
  loss: tf.Scalar;
  grads: Map<ParamName, tf.Tensor>;
}

/** Autodiff through the reference graph. */
function referenceLossAndGrads(
  config: ModelConfig,
  variables: Map<ParamName, tf.Variable>,
  batch: BatchTensors,
  burnIn: number,
): GradientTensors {
  const params = Object.fromEntries(variables);
  const lossFn = () => burnInLoss(forwardGraph(config, params, batch.x).predictions, batch.y, burnIn);
  const { value, grads } = tf.variableGrads(lossFn, [...variables.values()]);
  const byParam = new Map<ParamName, tf.Tensor>();
  for (const [name, variable] of variables) byParam.set(name, grads[variable.name]);
  return { loss: value, grads: byParam };
}

/**
 * Loss L = mean over steps t ≥ k and rows b of (ŷ − y)² and ∂L/∂θ for every parameter
 * variable, by `path`. Call inside tf.tidy.
 */
export function lossAndGradients(
  path: KernelPath,
  config: ModelConfig,
  variables: Map<ParamName, tf.Variable>,
  batch: BatchTensors,
  burnIn: number,
): GradientTensors {
  if (path === 'reference') return referenceLossAndGrads(config, variables, batch, burnIn);
  return fusedLossAndGrads(config, Object.fromEntries(variables), batch, burnIn);
}

/** A forward pass's results, time-major; owned by the surrounding tf.tidy. */
export interface ForwardTensors {
  /** ŷ for every window step, [T·B] values (shape [T, B] or [T·B, 1]). */
  predictions: tf.Tensor;
  /** Forward states [S·B, H]. */
  states: tf.Tensor2D;
  /** Backward-cell states [T·B, H] (bidirectional), else null. */
  backStates: tf.Tensor2D | null;
}

/** The forward pass over x [S·B, F] by `path`, every window step read out. Call inside tf.tidy. */
export function forwardPass(
  path: KernelPath,
  config: ModelConfig,
  variables: Map<ParamName, tf.Variable>,
  x: tf.Tensor2D,
  batchSize: number,
): ForwardTensors {
  const params = Object.fromEntries(variables);
  if (path === 'fused') return fusedForward(config, params, x, batchSize);
  const graph = forwardGraph(config, params, x);
  const stack = (states: tf.Tensor2D[]) => tf.reshape(tf.stack(states), [-1, config.hiddenSize]) as tf.Tensor2D;
  return {
    predictions: graph.predictions,
    states: stack(graph.forwardStates),
    backStates: graph.backwardStates ? stack(graph.backwardStates) : null,
  };
}

/**
 * ∂ŷ_t/∂x_s for every input step s of one window (x [S, F] with B = 1), [T, F], by autodiff
 * through the reference graph. Call inside tf.tidy.
 */
export function inputGradient(
  config: ModelConfig,
  variables: Map<ParamName, tf.Variable>,
  x: tf.Tensor2D,
  t: number,
): tf.Tensor2D {
  const params = Object.fromEntries(variables);
  const outputAt = (input: tf.Tensor) =>
    tf.reshape(tf.slice(forwardGraph(config, params, input as tf.Tensor2D).predictions, [t, 0], [1, 1]), []);
  return tf.slice(tf.grad(outputAt)(x), [0, 0], [config.window, config.inputSize]) as tf.Tensor2D;
}
