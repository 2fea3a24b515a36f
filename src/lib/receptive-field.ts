/**
 * The receptive field of a trained (or untrained) RNN: how strongly each prediction ŷ_t
 * depends on each input x_s, measured by the engine's own backward pass. Framework-free.
 *
 *   R[t, s] = |∂ŷ_t / ∂x_s|      (rows: output step t, columns: input step s)
 *
 * A synced model cannot see the future, so R[t, s] = 0 for s > t (a lower triangle); a
 * delayed model reads ŷ_t at step t + d and sees up to s = t + d; a bidirectional model's
 * backward cell reads the whole window, so every cell can be non-zero.
 */
import type { ModelConfig } from './model/config.ts';
import type { NumArray, Params } from './model/params.ts';
import { inputGradient } from './model/scratch.ts';

/**
 * |∂ŷ_t/∂x_s| for one window x [T] (F = 1; for F > 1 the features of a step are summed in
 * absolute value). Returns a row-major Float64Array [T, T]: entry t·T + s.
 * Uses the scratch engine's backpropagation in float64 (one backward pass per row).
 */
export function receptiveField(config: ModelConfig, params: Params, x: NumArray): Float64Array {
  const matrix = new Float64Array(config.window * config.window);
  for (let t = 0; t < config.window; t++) writeRow(matrix, config, t, inputGradient(config, params, x, t));
  return matrix;
}

/** ∂ŷ_t/∂x for one window as [T, F] (e.g. from the TensorFlow.js engine's autodiff). */
export type InputGradient = (t: number) => Promise<ArrayLike<number>>;

/**
 * The same matrix [T, T] as {@link receptiveField}, with each row's gradient from
 * `gradientOf` — any engine's own differentiation, e.g. TensorFlow.js autodiff.
 */
export async function receptiveFieldFrom(config: ModelConfig, gradientOf: InputGradient): Promise<Float64Array> {
  const matrix = new Float64Array(config.window * config.window);
  for (let t = 0; t < config.window; t++) writeRow(matrix, config, t, await gradientOf(t));
  return matrix;
}

/** Row t of the matrix: |∂ŷ_t/∂x_s| summed over the F features of each input step s. */
function writeRow(matrix: Float64Array, config: ModelConfig, t: number, gradient: ArrayLike<number>): void {
  const { window: T, inputSize: F } = config;
  for (let s = 0; s < T; s++) {
    let sum = 0;
    for (let f = 0; f < F; f++) sum += Math.abs(gradient[s * F + f]);
    matrix[t * T + s] = sum;
  }
}

/** Mean |gradient| of the cells above and on/below a diagonal of a square matrix. */
export interface DiagonalSummary {
  /** Mean over cells with s > t + offset (the "future" of step t). */
  above: number;
  /** Mean over cells with s ≤ t + offset. */
  below: number;
  /** Share of the total mass that lies above: above-sum / (above-sum + below-sum), 0 when empty. */
  aboveShare: number;
}

/**
 * Splits a row-major [T, T] matrix at the diagonal s = t + offset (offset 0: the main
 * diagonal, s = t counts as "below"). For a synced model `above` is exactly 0.
 */
export function summariseDiagonal(matrix: ArrayLike<number>, size: number, offset = 0): DiagonalSummary {
  let aboveSum = 0;
  let belowSum = 0;
  let aboveCount = 0;
  let belowCount = 0;
  for (let t = 0; t < size; t++) {
    for (let s = 0; s < size; s++) {
      const value = matrix[t * size + s];
      if (s > t + offset) {
        aboveSum += value;
        aboveCount++;
      } else {
        belowSum += value;
        belowCount++;
      }
    }
  }
  const total = aboveSum + belowSum;
  return {
    above: aboveCount > 0 ? aboveSum / aboveCount : 0,
    below: belowCount > 0 ? belowSum / belowCount : 0,
    aboveShare: total > 0 ? aboveSum / total : 0,
  };
}
