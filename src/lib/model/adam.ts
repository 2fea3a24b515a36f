/**
 * Adam with TensorFlow's semantics (tf.train.AdamOptimizer / tf.keras Adam):
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   lr_t = lr·√(1 − β2^t) / (1 − β1^t)          (bias correction folded into the step size)
 *   p ← p − lr_t·m / (√v + ε)
 * Note ε is added to √v, not to √v̂, as the original's TensorFlow 1 (Python) AdamOptimizer does.
 * TensorFlow.js's tf.train.adam adds ε to √v̂ instead; with ε = 1e-7 the two differ only while
 * √v̂ is tiny (the scratch engine's effective ε is ε/√(1 − β2^t), ≈ 31·ε at t = 1), which is why
 * multi-step comparisons of the two engines use a looser tolerance than single gradients.
 */
import type { AdamOptions } from './engine.ts';
import type { NumArray, Params } from './params.ts';
import type { ParamName } from './config.ts';

/** Largest accepted learning rate: Adam moves each parameter by about lr per step. */
export const MAX_LEARNING_RATE = 10;

/** Optimiser state: step count t and moment estimates m, v per parameter (float64). */
export interface AdamState {
  options: AdamOptions;
  step: number;
  firstMoment: Params;
  secondMoment: Params;
}

/** Throws an Error naming the problem if the Adam options are unusable. */
export function checkAdamOptions(options: AdamOptions): void {
  const { learningRate, beta1, beta2, epsilon } = options;
  if (!Number.isFinite(learningRate) || learningRate <= 0 || learningRate > MAX_LEARNING_RATE) {
    throw new Error(`learning rate must be a number in (0, ${MAX_LEARNING_RATE}], got ${learningRate}`);
  }
  for (const [name, value] of [
    ['beta1', beta1],
    ['beta2', beta2],
  ] as const) {
    if (!Number.isFinite(value) || value < 0 || value >= 1) throw new Error(`${name} must be in [0, 1), got ${value}`);
  }
  if (!Number.isFinite(epsilon) || epsilon <= 0) throw new Error(`epsilon must be a positive number, got ${epsilon}`);
}

/** Fresh state (t = 0, m = v = 0) for parameters shaped like `params`. */
export function createAdamState(params: Params, options: AdamOptions): AdamState {
  checkAdamOptions(options);
  const firstMoment: Params = {};
  const secondMoment: Params = {};
  for (const [name, values] of Object.entries(params) as Array<[ParamName, NumArray]>) {
    firstMoment[name] = new Float64Array(values.length);
    secondMoment[name] = new Float64Array(values.length);
  }
  return { options: { ...options }, step: 0, firstMoment, secondMoment };
}

/**
 * One Adam update of `params` in place from `grads` (same names and lengths). The step count
 * goes up first, so the first update uses t = 1. All-or-nothing: if any updated parameter or
 * moment would not be finite (in the parameter's own precision), nothing is changed and the
 * name of the first offending parameter is returned; otherwise returns null.
 */
export function adamUpdate(state: AdamState, params: Params, grads: Params): ParamName | null {
  const t = state.step + 1;
  const { learningRate, beta1, beta2 } = state.options;
  const stepSize = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
  const entries = Object.entries(params) as Array<[ParamName, NumArray]>;
  for (const [name, values] of entries) {
    if (!updateParameter(state, name, values, grads, stepSize, false)) return name;
  }
  for (const [name, values] of entries) updateParameter(state, name, values, grads, stepSize, true);
  state.step = t;
  return null;
}

/**
 * The per-element Adam rule for one parameter. With `commit` false it only checks that every
 * new value is finite; with `commit` true it writes m, v and the parameter.
 */
function updateParameter(
  state: AdamState,
  name: ParamName,
  values: NumArray,
  grads: Params,
  stepSize: number,
  commit: boolean,
): boolean {
  const { beta1, beta2, epsilon } = state.options;
  const grad = grads[name];
  const m = state.firstMoment[name];
  const v = state.secondMoment[name];
  if (!grad || !m || !v) throw new Error(`Adam: no gradient or state for ${name}`);
  const single = values instanceof Float32Array;
  for (let i = 0; i < values.length; i++) {
    const g = grad[i];
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    const updated = values[i] - (stepSize * mi) / (Math.sqrt(vi) + epsilon);
    if (commit) {
      m[i] = mi;
      v[i] = vi;
      values[i] = updated;
    } else if (!Number.isFinite(single ? Math.fround(updated) : updated) || !Number.isFinite(vi)) {
      return false;
    }
  }
  return true;
}
