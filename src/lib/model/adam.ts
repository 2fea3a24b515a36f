/**
 * The update rules of the scratch engine, applied to its whole parameter block at once
 * (see scratch-memory.ts), after optional gradient clipping:
 *
 *   clipping  ‖g‖ = √(Σ g²) over every parameter; if clipNorm > 0 and ‖g‖ > clipNorm: g ← g·clipNorm/‖g‖
 *   sgd       p ← p − lr·g
 *   adam      m ← β1·m + (1 − β1)·g
 *             v ← β2·v + (1 − β2)·g²
 *             lr_t = lr·√(1 − β2^t) / (1 − β1^t)          (bias correction folded into the step size)
 *             p ← p − lr_t·m / (√v + ε)
 *
 * Adam's ε is added to √v, not to √v̂, as the original's TensorFlow 1 AdamOptimizer does (its
 * default ε is 1e-8). TensorFlow.js's tf.train.adam adds ε to √v̂ (default 1e-7); the two differ
 * only while √v̂ is tiny (the scratch engine's effective ε is ε/√(1 − β2^t), ≈ 31·ε at t = 1),
 * which is why multi-step comparisons of the two engines use a looser tolerance than gradients.
 */
import type { AdamOptions, Optimizer, OptimizerSnapshot, TrainingOptions } from './engine.ts';
import type { Kernels } from './scratch-ops.ts';
import { readParams, writeParams, type MemoryLayout } from './scratch-memory.ts';

/** Largest accepted learning rate: Adam moves each parameter by about lr per step. */
export const MAX_LEARNING_RATE = 10;

/** Every optimizer, for checks and menus. */
export const OPTIMIZERS: readonly Optimizer[] = ['adam', 'sgd'];

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

/**
 * Throws an Error naming the problem unless the options are usable for windows of `windowSize`
 * steps: a known optimizer, valid Adam settings, clipNorm ≥ 0, 0 ≤ burnIn < T (an integer).
 */
export function checkTrainingOptions(options: TrainingOptions, windowSize: number): void {
  if (!OPTIMIZERS.includes(options.optimizer)) {
    throw new Error(`optimizer must be adam or sgd, got ${JSON.stringify(options.optimizer)}`);
  }
  checkAdamOptions(options);
  if (!Number.isFinite(options.clipNorm) || options.clipNorm < 0) {
    throw new Error(`clipNorm must be a number ≥ 0 (0 = no clipping), got ${options.clipNorm}`);
  }
  const { burnIn } = options;
  if (!Number.isInteger(burnIn) || burnIn < 0 || burnIn >= windowSize) {
    throw new Error(
      `burn-in must be an integer from 0 to ${windowSize - 1} (the window is ${windowSize}), got ${burnIn}`,
    );
  }
}

/** The optimiser's own state: Adam's step count t (the moments live in the engine's memory). */
export interface OptimizerState {
  options: TrainingOptions;
  step: number;
}

/** Zeroes Adam's moments and step count (a fresh optimiser). */
export function resetOptimizer(state: OptimizerState, kernels: Kernels, layout: MemoryLayout): void {
  kernels.memory.fill(0, layout.moment1, layout.moment2 + layout.paramBlock);
  state.step = 0;
}

/** Adam's t and a float64 copy of its moments, in the parameters' logical shapes. */
export function readOptimizer(state: OptimizerState, kernels: Kernels, layout: MemoryLayout): OptimizerSnapshot {
  return {
    step: state.step,
    moment1: readParams(layout, kernels.memory, layout.moment1),
    moment2: readParams(layout, kernels.memory, layout.moment2),
  };
}

/**
 * Puts Adam's t and moments back (already checked against the config): the moment blocks get
 * the same padded layout as the parameters, their padding 0, so the next update is the one
 * the run that saved them would have made.
 */
export function writeOptimizer(
  state: OptimizerState,
  kernels: Kernels,
  layout: MemoryLayout,
  snapshot: OptimizerSnapshot,
): void {
  writeParams(layout, kernels.memory, layout.moment1, snapshot.moment1);
  writeParams(layout, kernels.memory, layout.moment2, snapshot.moment2);
  state.step = snapshot.step;
}

/** The global gradient norm ‖g‖ over the gradient block. */
export function gradientNorm(kernels: Kernels, layout: MemoryLayout): number {
  return Math.sqrt(kernels.sumSquares(layout.grads, layout.paramBlock));
}

/**
 * Clips (when `clipNorm` > 0 and ‖g‖ > clipNorm) and applies one update with the gradients in
 * memory. Returns false, changing nothing, when the update would not be finite.
 */
export function applyUpdate(state: OptimizerState, kernels: Kernels, layout: MemoryLayout, norm: number): boolean {
  const { optimizer, learningRate, beta1, beta2, epsilon, clipNorm } = state.options;
  if (clipNorm > 0 && norm > clipNorm) kernels.scale(layout.grads, layout.paramBlock, clipNorm / norm);
  if (optimizer === 'sgd') return kernels.sgd(0, layout.grads, layout.paramBlock, learningRate);
  const t = state.step + 1;
  const stepSize = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
  const ok = kernels.adam(
    0,
    layout.grads,
    layout.moment1,
    layout.moment2,
    layout.paramBlock,
    stepSize,
    beta1,
    beta2,
    epsilon,
  );
  if (ok) state.step = t;
  return ok;
}
