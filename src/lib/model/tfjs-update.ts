/**
 * Step 3 of the TF.js engine: the update. From a step's loss and gradients it computes, on the
 * device, the global norm ‖g‖, the step's status [loss, ‖g‖, ok, applied] and the update of
 * every parameter — Adam or SGD, after clipping — applied only when loss and ‖g‖ are finite.
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
import type { OptimizerSnapshot, TrainingOptions } from './engine.ts';
import { paramOf, type Params } from './params.ts';
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

/**
 * Adam's t and float64 copies of its moments, read in one transfer; zeros for a parameter that
 * has none yet (before the first Adam step, or under SGD).
 */
export function readMoments(state: OptimizerState, variables: Map<ParamName, tf.Variable>): OptimizerSnapshot {
  const names = [...variables.keys()].filter((name) => state.moments.has(name));
  // Both layouts flatten to m, then v: the reference [m, v] variables and the fused [2, n] rows.
  const flat = tf.tidy(() =>
    tf.concat([
      tf.tensor1d([]),
      ...names.flatMap((name) => (state.moments.get(name) ?? []).map((moment) => tf.reshape(moment, [-1]))),
    ]),
  );
  const values = flat.dataSync();
  flat.dispose();
  const moment1: Params = {};
  const moment2: Params = {};
  let offset = 0;
  for (const [name, variable] of variables) {
    const n = variable.size;
    if (!state.moments.has(name)) {
      [moment1[name], moment2[name]] = [new Float64Array(n), new Float64Array(n)];
      continue;
    }
    moment1[name] = Float64Array.from(values.subarray(offset, offset + n));
    moment2[name] = Float64Array.from(values.subarray(offset + n, offset + 2 * n));
    offset += 2 * n;
  }
  return { step: state.step, moment1, moment2 };
}

/**
 * Replaces Adam's t and moments with `snapshot` (already checked against the config), in the
 * form `path` updates them: [m, v] variables shaped like the parameter, or one [2, n].
 */
export function writeMoments(
  path: KernelPath,
  state: OptimizerState,
  variables: Map<ParamName, tf.Variable>,
  snapshot: OptimizerSnapshot,
): void {
  resetOptimizer(state);
  for (const [name, variable] of variables) {
    const [m, v] = [paramOf(snapshot.moment1, name), paramOf(snapshot.moment2, name)];
    const rows = new Float32Array(2 * variable.size);
    rows.set(m);
    rows.set(v, variable.size);
    const initial =
      path === 'fused'
        ? [tf.tensor2d(rows, [2, variable.size])]
        : [
            tf.tensor(rows.subarray(0, variable.size), variable.shape),
            tf.tensor(rows.subarray(variable.size), variable.shape),
          ];
    // A variable takes its own reference to the data, so the initial tensors can go.
    state.moments.set(
      name,
      initial.map((tensor) => tf.variable(tensor, false)),
    );
    tf.dispose(initial);
  }
  state.step = snapshot.step;
}

/** The status a run of steps starts from: [loss, ‖g‖, ok, applied] = [0, 0, 1, 0]. */
export function initialStatus(): tf.Tensor1D {
  return tf.tensor1d([0, 0, 1, 0]);
}

/**
 * The step sizes of the next `count` updates, [count]: entry j is for the update that finds j
 * updates of this run applied before it, t = step + j + 1 (Adam's bias correction folded in;
 * plain lr for SGD). Computed here in float64, so t need not live on the device.
 */
export function stepSizes(state: OptimizerState, count: number): tf.Tensor1D {
  const { optimizer, learningRate, beta1, beta2 } = state.options;
  const sizes = Array.from({ length: Math.max(count, 1) }, (_, j) => {
    const t = state.step + j + 1;
    return optimizer === 'adam' ? (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t) : learningRate;
  });
  return tf.tensor1d(sizes);
}

/** Status [loss, ‖g‖, ok, applied] from tfjs-core ops (see stepStatus in tfjs-kernels.ts). */
function referenceStatus(loss: tf.Scalar, norm: tf.Scalar, previous: tf.Tensor1D): tf.Tensor1D {
  const ok = tf.logicalAnd(tf.isFinite(loss), tf.isFinite(norm));
  const okValue = tf.reshape(tf.cast(ok, 'float32'), [1]);
  const applied = tf.add(tf.slice(previous, [3], [1]), okValue);
  return tf.concat([tf.stack([loss, tf.where(ok, norm, NaN)]), okValue, applied]) as tf.Tensor1D;
}

/** The reference update of one parameter with tfjs-core ops, gated by `ok`. */
function referenceUpdate(
  state: OptimizerState,
  name: ParamName,
  variable: tf.Variable,
  gradient: tf.Tensor,
  step: { attrs: UpdateAttrs; scale: tf.Tensor; ok: tf.Tensor; stepSize: tf.Tensor },
): void {
  const { attrs, scale, ok, stepSize } = step;
  const g = tf.mul(gradient, scale);
  if (attrs.rule === 'sgd') {
    variable.assign(tf.where(ok, tf.sub(variable, tf.mul(g, stepSize)), variable));
    return;
  }
  const [m, v] = momentsOf(state, name, () => [tf.zerosLike(variable), tf.zerosLike(variable)]);
  const nextM = tf.add(tf.mul(m, attrs.beta1), tf.mul(g, 1 - attrs.beta1));
  const nextV = tf.add(tf.mul(v, attrs.beta2), tf.mul(tf.square(g), 1 - attrs.beta2));
  const change = tf.div(tf.mul(nextM, stepSize), tf.add(tf.sqrt(nextV), attrs.epsilon));
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
  step: { attrs: UpdateAttrs; status: tf.Tensor1D; stepSizes: tf.Tensor1D },
): void {
  const { attrs, ...sizes } = step;
  if (attrs.rule === 'sgd') {
    variable.assign(updateParam(variable, { gradient }, sizes, attrs));
    return;
  }
  const [moments] = momentsOf(state, name, () => [tf.zeros([2, variable.size])]);
  const next = adamMoments(moments as tf.Tensor2D, gradient, step.status, attrs);
  variable.assign(updateParam(variable, { moments: next }, sizes, attrs));
  moments.assign(next);
}

/** The gradients in the order of `variables`; throws when one is missing. */
function orderedGrads(variables: Map<ParamName, tf.Variable>, result: GradientTensors): tf.Tensor[] {
  return [...variables.keys()].map((name) => {
    const grad = result.grads.get(name);
    if (!grad) throw new Error(`TF.js engine: no gradient for ${name}`);
    return grad;
  });
}

/**
 * Computes ‖g‖ and the status of one step of a run (after `previous`) and applies the update
 * to `variables` when the status is ok, with its step size from `stepSizes`. Returns the
 * status [4]; call inside tf.tidy and keep the result.
 */
export function applyUpdate(
  path: KernelPath,
  state: OptimizerState,
  variables: Map<ParamName, tf.Variable>,
  result: GradientTensors,
  step: { previous: tf.Tensor1D; stepSizes: tf.Tensor1D },
): tf.Tensor1D {
  const { optimizer: rule, beta1, beta2, epsilon, clipNorm } = state.options;
  const attrs: UpdateAttrs = { rule, beta1, beta2, epsilon, clipNorm };
  const grads = orderedGrads(variables, result);
  const entries = [...variables];
  if (path === 'fused') {
    const status = stepStatus(result.loss, globalNorm(grads), step.previous);
    const sizes = { status, stepSizes: step.stepSizes };
    entries.forEach(([name, variable], i) => fusedUpdate(state, name, variable, grads[i], { attrs, ...sizes }));
    return status;
  }
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
  const status = referenceStatus(result.loss, norm, step.previous);
  const scale = clipNorm > 0 ? tf.div(clipNorm, tf.maximum(norm, clipNorm)) : tf.scalar(1);
  const okValue = tf.slice(status, [2], [1]);
  const appliedBefore = tf.sub(tf.slice(status, [3], [1]), okValue);
  const stepSize = tf.gather(step.stepSizes, tf.cast(appliedBefore, 'int32'));
  const update = { attrs, scale, ok: tf.greater(okValue, 0.5), stepSize };
  entries.forEach(([name, variable], i) => referenceUpdate(state, name, variable, grads[i], update));
  return status;
}
