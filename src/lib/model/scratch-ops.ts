/**
 * The three operations the scratch RNN is built from, each with its forward rule and, right
 * next to it, the backward rule derived by hand (in the spirit of micrograd):
 *
 *   affine   out = a·W (+ b)      ∂L/∂W = aᵀ·∂L/∂out,  ∂L/∂a = ∂L/∂out·Wᵀ,  ∂L/∂b = Σ_rows ∂L/∂out
 *   tanh     y = tanh(u)          ∂L/∂u = ∂L/∂y ⊙ (1 − y²)
 *   mse      L = mean (ŷ − y)²    ∂L/∂ŷ = 2(ŷ − y) / n
 *
 * Every kernel works on flat row-major typed arrays addressed by an offset, so callers can
 * point into preallocated workspaces without creating views (no allocation per step). Loops
 * keep the innermost index on contiguous memory: rows of W and of the output.
 */
import type { NumArray } from './params.ts';

/** Any flat array of numbers the kernels read or write. */
export type Numbers = NumArray;

/**
 * Forward of an affine map without bias: out[r, j] += Σ_i a[r, i]·W[i, j].
 * Shapes: a [rows, inner] at aOffset, W [inner, cols] at wOffset, out [rows, cols] at
 * outOffset. Accumulates (+=) so several products can share one output (e.g. x·Wxh + h·Whh).
 */
export function matMulAdd(
  a: Numbers, aOffset: number, weights: Numbers, wOffset: number,
  out: Numbers, outOffset: number, rows: number, inner: number, cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    const outRow = outOffset + r * cols;
    const aRow = aOffset + r * inner;
    for (let i = 0; i < inner; i++) {
      const scale = a[aRow + i];
      if (scale === 0) continue;
      const wRow = wOffset + i * cols;
      for (let j = 0; j < cols; j++) out[outRow + j] += scale * weights[wRow + j];
    }
  }
}

/**
 * Backward of `matMulAdd` with respect to W: ∂L/∂W[i, j] += Σ_r a[r, i]·∂L/∂out[r, j],
 * i.e. ∂L/∂W += aᵀ·∂L/∂out. Shapes: a [rows, inner], dOut [rows, cols], dW [inner, cols].
 */
export function matMulAddBackWeights(
  a: Numbers, aOffset: number, dOut: Numbers, dOutOffset: number,
  dWeights: Numbers, dwOffset: number, rows: number, inner: number, cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    const aRow = aOffset + r * inner;
    const dRow = dOutOffset + r * cols;
    for (let i = 0; i < inner; i++) {
      const scale = a[aRow + i];
      if (scale === 0) continue;
      const wRow = dwOffset + i * cols;
      for (let j = 0; j < cols; j++) dWeights[wRow + j] += scale * dOut[dRow + j];
    }
  }
}

/**
 * Backward of `matMulAdd` with respect to its input: ∂L/∂a[r, i] += Σ_j ∂L/∂out[r, j]·W[i, j],
 * i.e. ∂L/∂a += ∂L/∂out·Wᵀ (a dot product of two contiguous rows per element).
 * Shapes: dOut [rows, cols], W [inner, cols], dA [rows, inner].
 */
export function matMulAddBackInput(
  dOut: Numbers, dOutOffset: number, weights: Numbers, wOffset: number,
  dA: Numbers, dAOffset: number, rows: number, inner: number, cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    const dRow = dOutOffset + r * cols;
    const aRow = dAOffset + r * inner;
    for (let i = 0; i < inner; i++) {
      const wRow = wOffset + i * cols;
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += dOut[dRow + j] * weights[wRow + j];
      dA[aRow + i] += sum;
    }
  }
}

/** Forward of a bias: out[r, j] = b[j] for every row r (sets, the products then add on top). */
export function broadcastBias(bias: Numbers, out: Numbers, outOffset: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const outRow = outOffset + r * cols;
    for (let j = 0; j < cols; j++) out[outRow + j] = bias[j];
  }
}

/** Backward of `broadcastBias`: ∂L/∂b[j] += Σ_r ∂L/∂out[r, j]. Shapes: dOut [rows, cols], dB [cols]. */
export function broadcastBiasBack(dOut: Numbers, dOutOffset: number, dBias: Numbers, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const dRow = dOutOffset + r * cols;
    for (let j = 0; j < cols; j++) dBias[j] += dOut[dRow + j];
  }
}

/** Forward of tanh, in place: u ← tanh(u) on `length` elements from `offset`. */
export function tanhInPlace(values: Numbers, offset: number, length: number): void {
  for (let k = offset; k < offset + length; k++) values[k] = Math.tanh(values[k]);
}

/**
 * Backward of tanh, in place: given y = tanh(u) and ∂L/∂y in `grad`, overwrite `grad` with
 * ∂L/∂u = ∂L/∂y·(1 − y²)  (since d tanh(u)/du = 1 − tanh²(u)).
 */
export function tanhBackInPlace(
  activations: Numbers, activationOffset: number, grad: Numbers, gradOffset: number, length: number,
): void {
  for (let k = 0; k < length; k++) {
    const y = activations[activationOffset + k];
    grad[gradOffset + k] *= 1 - y * y;
  }
}

/**
 * Forward of the mean squared error over n values: L = (1/n)·Σ_k (ŷ_k − y_k)².
 * Backward, written into `dPredictions` when given: ∂L/∂ŷ_k = 2(ŷ_k − y_k)/n.
 */
export function meanSquaredError(
  predictions: Numbers, targets: Numbers, n: number, dPredictions?: Numbers,
): number {
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const diff = predictions[k] - targets[k];
    sum += diff * diff;
    if (dPredictions) dPredictions[k] = (2 * diff) / n;
  }
  return sum / n;
}
