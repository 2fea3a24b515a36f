/**
 * The fused kernels of the hand-derived path (`kernels: 'fused'`, see tfjs-bptt.ts). Each one
 * computes in a single dispatch what the reference graph spreads over many small ops: on a GPU
 * every dispatch costs about the same whatever its size, so the number of dispatches per step
 * is what decides the speed. This file states what each kernel computes and how to call it;
 * tfjs-kernels-webgl.ts implements them as WebGL programs and tfjs-kernels-cpu.ts as plain
 * loops (the cpu backend, so Node tests run the same path). Matrices are time-major
 * [S·B, K]: row r = s·B + b is step s of batch row b.
 */
import * as tf from '@tensorflow/tfjs-core';
import { cpuKernels } from './tfjs-kernels-cpu.ts';
import { webglKernels } from './tfjs-kernels-webgl.ts';

/** Kernel names, prefixed so they never collide with TF.js's own. */
export const KERNEL = {
  cellForward: 'RnnCellForward',
  cellBackward: 'RnnCellBackward',
  joinRows: 'RnnJoinRows',
  dense: 'RnnDense',
  denseBackward: 'RnnDenseBackward',
  weightGrad: 'RnnWeightGrad',
  initialGrad: 'RnnInitialGrad',
  columnSum: 'RnnColumnSum',
  squaredError: 'RnnSquaredError',
  squaredErrorGrad: 'RnnSquaredErrorGrad',
  globalNorm: 'RnnGlobalNorm',
  stepStatus: 'RnnStepStatus',
  adamMoments: 'RnnAdamMoments',
  updateParam: 'RnnUpdateParam',
} as const;

/** Which step of a cell a dispatch computes. */
export interface CellStepAttrs {
  batchSize: number;
  /** The time step s (it picks x_s, and dU's read-out row in the backward step). */
  step: number;
}

/** Read-out rows of a cell in the backward step: where ∂L/∂u (rows of dU) enters the cell. */
export interface CellBackwardAttrs extends CellStepAttrs {
  /** First state step that is read out (d + k forward, k for the backward cell). */
  readOutStart: number;
  /** First row of this cell's block in Why (0, or H for the backward cell). */
  weightRow: number;
}

/** Rows and row offsets of {@link dense} and {@link weightGrad}. */
export interface RowAttrs {
  /** N: rows of the result (dense) or rows summed over (weightGrad). */
  rows: number;
  /** Row of `a` paired with result row 0 (may be negative for weightGrad, see there). */
  offset: number;
  /** Row of `a2` paired with result row 0. */
  offset2: number;
}

/** Attributes of {@link dense}. */
export interface DenseAttrs extends RowAttrs {
  activation: 'tanh' | 'linear';
}

/** Attributes of the update kernels; the clip scale is computed from the step status. */
export interface UpdateAttrs {
  rule: 'adam' | 'sgd';
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Global-norm clip threshold, 0 = off. */
  clipNorm: number;
}

/** Runs a registered kernel; the tensors it returns belong to the surrounding tf.tidy. */
function run<T extends tf.Tensor>(name: string, inputs: tf.NamedTensorMap, attrs: object): T {
  return tf.engine().runKernel<T>(name, inputs, attrs as tf.NamedAttrMap);
}

/**
 * One step of a cell, forward: h_s = tanh(x_s·Wx + b + h_prev·Wh) → [B, H], with h_prev the
 * state of the step before in the cell's order ([B, H]), or at the first step `initial` [H]
 * (the learned h0, broadcast over the batch) or 0. x is [S·B, F], Wx [F, H], b [H], Wh [H, H].
 */
export function cellForward(
  previous: tf.Tensor2D | null,
  x: tf.Tensor2D,
  weights: { inputWeights: tf.Tensor; bias: tf.Tensor; recurrent: tf.Tensor; initial?: tf.Tensor },
  attrs: CellStepAttrs,
): tf.Tensor2D {
  const { initial, ...required } = weights;
  const optional = { ...(previous ? { previous } : {}), ...(initial ? { initial } : {}) };
  return run(KERNEL.cellForward, { x, ...required, ...optional }, attrs);
}

/**
 * One step of a cell, backward: the pre-activation gradient → [B, H]
 *   δ_s = (dU_{s−readOutStart}·Why[weightRow …]ᵀ + δ_next·Whᵀ) ⊙ (1 − h_s²),
 * δ_next the δ of the step after in the cell's order (absent at its last step), dU [N, O] the
 * output layer's ∂L/∂u (the read-out term only for steps that are read out), Why [K, O],
 * h_s [B, H], Wh [H, H].
 */
export function cellBackward(
  next: tf.Tensor2D | null,
  tensors: { outputGrads: tf.Tensor2D; outputWeights: tf.Tensor; state: tf.Tensor2D; recurrent: tf.Tensor },
  attrs: CellBackwardAttrs,
): tf.Tensor2D {
  return run(KERNEL.cellBackward, { ...(next ? { next } : {}), ...tensors }, attrs);
}

/** Most blocks one {@link joinRows} dispatch reads: WebGL 2 guarantees 16 textures per shader. */
export const MAX_JOINED = 16;

/** Blocks [R_i, K] stacked in order → [ΣR_i, K] (at most {@link MAX_JOINED} blocks). */
export function joinRows(blocks: tf.Tensor2D[]): tf.Tensor2D {
  return run(KERNEL.joinRows, Object.fromEntries(blocks.map((block, i) => [`block${i}`, block])), {});
}

/**
 * An affine layer with optional tanh over N rows: out[r] = act([a_{r+offset} ; a2_{r+offset2}]·W + b),
 * a [·, K1], a2 [·, K2] (optional: the bidirectional [h ; g]), W [K1 + K2, M], b [M] → [N, M].
 */
export function dense(
  a: tf.Tensor2D,
  a2: tf.Tensor2D | null,
  layer: { weights: tf.Tensor; bias: tf.Tensor },
  attrs: DenseAttrs,
): tf.Tensor2D {
  return run(KERNEL.dense, { a, ...(a2 ? { a2 } : {}), ...layer }, attrs);
}

/**
 * Back through a tanh layer whose output feeds a linear one: (dY·Wᵀ) ⊙ (1 − Z²), for dY [N, M]
 * (∂L/∂ of the linear layer's output), W [O, M] (its weights), Z [N, O] (the tanh outputs).
 */
export function denseBackward(gradient: tf.Tensor2D, weights: tf.Tensor, outputs: tf.Tensor2D): tf.Tensor2D {
  return run(KERNEL.denseBackward, { gradient, weights, outputs }, {});
}

/**
 * A weight gradient as one sum over rows: out = Σ_{r<N} [a_{r+offset} ; a2_{r+offset2}]ᵀ·D_r,
 * → [K1 + K2, M] for D [N, M]. A row of `a` outside its range stands for the state before
 * the first step: `initial` [K1] (the learned h0) or 0 — this is how ∂L/∂Wh pairs each δ_s
 * with h_{s∓1} in one pass.
 */
export function weightGrad(
  inputs: { a: tf.Tensor2D; a2?: tf.Tensor2D; initial?: tf.Tensor },
  gradient: tf.Tensor2D,
  attrs: RowAttrs,
): tf.Tensor2D {
  const { a, a2, initial } = inputs;
  return run(KERNEL.weightGrad, { a, gradient, ...(a2 ? { a2 } : {}), ...(initial ? { initial } : {}) }, attrs);
}

/**
 * ∂L/∂h0 of a cell: Σ_b δ_{first, b}·Whᵀ → [H], where the cell's first step occupies rows
 * `start` … `start` + B − 1 of `gradient` [S·B, H] (the deltas).
 */
export function initialGrad(
  gradient: tf.Tensor2D,
  recurrent: tf.Tensor,
  attrs: { start: number; batchSize: number },
): tf.Tensor1D {
  return run(KERNEL.initialGrad, { gradient, recurrent }, attrs);
}

/** A bias gradient: the column sums Σ_r D[r, m] of D [N, M], → [M]. */
export function columnSum(gradient: tf.Tensor2D): tf.Tensor1D {
  return run(KERNEL.columnSum, { gradient }, {});
}

/** The loss L = mean over the N rows of (ŷ − y)², a scalar, for ŷ and y [N, 1]. */
export function squaredError(predictions: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return run(KERNEL.squaredError, { predictions, targets }, {});
}

/** ∂L/∂ŷ = 2(ŷ − y)/N, [N, 1], for ŷ and y [N, 1]. */
export function squaredErrorGrad(predictions: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor2D {
  return run(KERNEL.squaredErrorGrad, { predictions, targets }, {});
}

/** ‖g‖ = √(Σ over every element of every gradient of g²), [1]; at most 16 gradients. */
export function globalNorm(gradients: tf.Tensor[]): tf.Tensor1D {
  return run(KERNEL.globalNorm, Object.fromEntries(gradients.map((g, i) => [`g${i}`, g])), {});
}

/**
 * A step's status [4] = [loss, ‖g‖, ok, applied]: ok = 1 when loss and ‖g‖ are finite (else the
 * step is not applied and ‖g‖ reads NaN), applied = the previous status's applied + ok — the
 * number of updates applied so far in this run, which picks each update's step size.
 */
export function stepStatus(loss: tf.Tensor, norm: tf.Tensor, previous: tf.Tensor1D): tf.Tensor1D {
  return run(KERNEL.stepStatus, { loss, norm, previous }, {});
}

/**
 * Adam's moments [2, n] (rows m, v) after one step with gradient g (any shape of n elements)
 * scaled by the clip factor: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g²; unchanged unless ok.
 */
export function adamMoments(
  moments: tf.Tensor2D,
  gradient: tf.Tensor,
  status: tf.Tensor1D,
  attrs: UpdateAttrs,
): tf.Tensor2D {
  return run(KERNEL.adamMoments, { moments, gradient, status }, attrs);
}

/**
 * A parameter after one update, same shape, unchanged unless the status is ok:
 * Adam p − η_j·m/(√v + ε) from the new moments (ε on √v, as TF1's AdamOptimizer);
 * SGD p − η_j·scale·g. η_j = stepSizes[j], j = updates applied before this one in the run
 * (Adam: lr·√(1 − β2^t)/(1 − β1^t) with t = t0 + j + 1; SGD: lr).
 */
export function updateParam(
  param: tf.Tensor,
  source: { moments: tf.Tensor2D } | { gradient: tf.Tensor },
  step: { status: tf.Tensor1D; stepSizes: tf.Tensor1D },
  attrs: UpdateAttrs,
): tf.Tensor {
  return run(KERNEL.updateParam, { param, ...step, ...source }, attrs);
}

let registered = false;

/** Registers every fused kernel for the cpu and webgl backends, once. */
export function registerFusedKernels(): void {
  if (registered) return;
  registered = true;
  for (const [backendName, kernels] of [
    ['cpu', cpuKernels],
    ['webgl', webglKernels],
  ] as const) {
    for (const [key, kernelName] of Object.entries(KERNEL) as Array<[keyof typeof KERNEL, string]>) {
      if (!tf.getKernel(kernelName, backendName))
        tf.registerKernel({ kernelName, backendName, kernelFunc: kernels[key] });
    }
  }
}

/**
 * Whether the active backend runs the fused kernels: cpu (plain loops) and WebGL 2 (the
 * programs use integer bit tests that WebGL 1 lacks). wasm uses the reference path.
 */
export function fusedKernelsAvailable(): boolean {
  const backend = tf.getBackend();
  return backend === 'cpu' || (backend === 'webgl' && tf.env().getNumber('WEBGL_VERSION') === 2);
}
