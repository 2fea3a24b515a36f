/**
 * Step 3 of the TF.js engine: the update. From a step's loss and gradients it computes, on the
 * device, the global norm ‖g‖, the step's status [loss, ‖g‖, ok] and the update of every
 * parameter — Adam or SGD, after clipping — applied only while every step so far was finite.
 * Nothing is read back here: the statuses of a run of steps are read once by the caller.
 *
 *   scale = min(1, clipNorm/‖g‖) (1 when clipNorm = 0),  g ← scale·g
 *   Adam:  m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,
 *          p ← p − lr·√(1 − β2^t)/(1 − β1^t) · m/(√v + ε)
 *   SGD:   p ← p − lr·g
 * ε sits on √v (not √v̂), as in the original's TensorFlow 1 AdamOptimizer and the scratch
 * engine; tf.train.adam would put it on √v̂. Both paths compute the same formulas: reference
 * with tfjs-core ops, fused with two kernels per parameter.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamName } from './config.ts';
import type { TrainingOptions } from './engine.ts';
import type { GradientTensors, KernelPath } from './tfjs-gradients.ts';
import { adamMoments, globalNorm, stepStatus, updateParam, type UpdateAttrs } from './tfjs-kernels.ts';

/** The optimiser's state: options, Adam's step count t and moments per parameter. */
export interface OptimizerState {
  options: TrainingOptions;
  /** Updates applied so far (Adam's t before the next step). */
  step: number;
  /** Adam moments, created at the first Adam step: reference [m, v]; fused one [2, n] (rows m, v). */
  moments: Map<ParamName, tf.Variable[]>;
}

/** A fresh optimiser (t = 0, no moments). */
export function createOptimizer(options: TrainingOptions): OptimizerState {
  return { options: { ...options }, step: 0, moments: new Map() };
}

/** Frees the moments and starts counting from t = 0 again. */
export function resetOptimizer(state: OptimizerState): void {
  for (const moments of state.moments.values()) tf.dispose(moments);
  state.moments.clear();
  state.step = 0;
}

/** The status a run of steps starts from: [loss, ‖g‖, ok] = [0, 0, 1]. */
export function initialStatus(): tf.Tensor1D {
  return tf.tensor1d([0, 0, 1]);
}

/** Kernel attributes of the `index`-th update from now (t = step + index + 1). */
function updateAttrs(state: OptimizerState, index: number): UpdateAttrs {
  const { optimizer, learningRate, beta1, beta2, epsilon, clipNorm } = state.options;
  const t = state.step + index + 1;
  const stepSize = optimizer === 'adam' ? (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t) : learningRate;
  return { rule: optimizer, stepSize, beta1, beta2, epsilon, clipNorm };
}

/** Status [loss, ‖g‖, ok] from tfjs-core ops (see stepStatus in tfjs-kernels.ts). */
function referenceStatus(loss: tf.Scalar, norm: tf.Scalar, previous: tf.Tensor1D): tf.Tensor1D {
  const wasOk = tf.greater(tf.slice(previous, [2], [1]), 0.5);
  const ok = tf.logicalAnd(wasOk, tf.logicalAnd(tf.isFinite(loss), tf.isFinite(norm)));
  const reported = tf.where(wasOk, tf.stack([loss, norm]), tf.fill([2], NaN));
  return tf.concat([reported, tf.cast(ok, 'float32')]) as tf.Tensor1D;
}

/** The reference update of one parameter with tfjs-core ops, gated by `ok`. */
function referenceUpdate(
  state: OptimizerState,
  name: ParamName,
  variable: tf.Variable,
  gradient: tf.Tensor,
  step: { attrs: UpdateAttrs; scale: tf.Tensor; ok: tf.Tensor },
): void {
  const { attrs, scale, ok } = step;
  const g = tf.mul(gradient, scale);
  if (attrs.rule === 'sgd') {
    variable.assign(tf.where(ok, tf.sub(variable, tf.mul(g, attrs.stepSize)), variable));
    return;
  }
  const [m, v] = momentsOf(state, name, () => [tf.zerosLike(variable), tf.zerosLike(variable)]);
  const nextM = tf.add(tf.mul(m, attrs.beta1), tf.mul(g, 1 - attrs.beta1));
  const nextV = tf.add(tf.mul(v, attrs.beta2), tf.mul(tf.square(g), 1 - attrs.beta2));
  const change = tf.div(tf.mul(nextM, attrs.stepSize), tf.add(tf.sqrt(nextV), attrs.epsilon));
  variable.assign(tf.where(ok, tf.sub(variable, change), variable));
  m.assign(tf.where(ok, nextM, m));
  v.assign(tf.where(ok, nextV, v));
}

/** The moments of `name`, created (as non-trainable variables) by `create` on first use. */
function momentsOf(state: OptimizerState, name: ParamName, create: () => tf.Tensor[]): tf.Variable[] {
  let moments = state.moments.get(name);
  if (!moments) {
    moments = create().map((initial) => tf.variable(initial, false));
    state.moments.set(name, moments);
  }
  return moments;
}

/** The fused update of one parameter: two kernels (moments, then the parameter). */
function fusedUpdate(
  state: OptimizerState,
  name: ParamName,
  variable: tf.Variable,
  gradient: tf.Tensor,
  step: { attrs: UpdateAttrs; status: tf.Tensor1D },
): void {
  const { attrs, status } = step;
  if (attrs.rule === 'sgd') {
    variable.assign(updateParam(variable, { gradient }, status, attrs));
    return;
  }
  const [moments] = momentsOf(state, name, () => [tf.zeros([2, variable.size])]);
  const next = adamMoments(moments as tf.Tensor2D, gradient, status, attrs);
  variable.assign(updateParam(variable, { moments: next }, status, attrs));
  moments.assign(next);
}

/**
 * Computes ‖g‖ and the status of the `index`-th step of a run (after `previous`), and applies
 * the update to `variables` when the status is ok. Returns the status [3]; call inside tf.tidy
 * and keep the result.
 */
export function applyUpdate(
  path: KernelPath,
  state: OptimizerState,
  variables: Map<ParamName, tf.Variable>,
  result: GradientTensors,
  step: { previous: tf.Tensor1D; index: number },
): tf.Tensor1D {
  const attrs = updateAttrs(state, step.index);
  const grads = [...variables.keys()].map((name) => {
    const grad = result.grads.get(name);
    if (!grad) throw new Error(`TF.js engine: no gradient for ${name}`);
    return grad;
  });
  if (path === 'fused') {
    const status = stepStatus(result.loss, globalNorm(grads), step.previous);
    [...variables].forEach(([name, variable], i) => fusedUpdate(state, name, variable, grads[i], { attrs, status }));
    return status;
  }
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
  const status = referenceStatus(result.loss, norm, step.previous);
  const clipNorm = attrs.clipNorm;
  const scale = clipNorm > 0 ? tf.div(clipNorm, tf.maximum(norm, clipNorm)) : tf.scalar(1);
  const ok = tf.greater(tf.slice(status, [2], [1]), 0.5);
  [...variables].forEach(([name, variable], i) =>
    referenceUpdate(state, name, variable, grads[i], { attrs, scale, ok }),
  );
  return status;
}
