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
  a: Numbers,
  aOffset: number,
  weights: Numbers,
  wOffset: number,
  out: Numbers,
  outOffset: number,
  rows: number,
  inner: number,
  cols: number,
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
  a: Numbers,
  aOffset: number,
  dOut: Numbers,
  dOutOffset: number,
  dWeights: Numbers,
  dwOffset: number,
  rows: number,
  inner: number,
  cols: number,
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
  dOut: Numbers,
  dOutOffset: number,
  weights: Numbers,
  wOffset: number,
  dA: Numbers,
  dAOffset: number,
  rows: number,
  inner: number,
  cols: number,
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

/**
 * The workhorse product C += A·Bᵀ: out[r, c] += Σ_k a[r, k]·b[c, k], every sum a dot product
 * of two contiguous rows kept in registers (2×2 blocks: four sums share each load).
 * Shapes: a [rows, inner] at aOffset, b [cols, inner] at bOffset, out [rows, cols] at outOffset.
 * It serves two roles of the affine map out = a·W (the third is `matMulTransposedA`):
 *   forward          out = a·W            with b = Wᵀ (a transposed copy of W)
 *   backward input   ∂L/∂a = ∂L/∂out·Wᵀ   with a = ∂L/∂out, b = W
 */
export function matMulTransposedB(
  a: Numbers,
  aOffset: number,
  b: Numbers,
  bOffset: number,
  out: Numbers,
  outOffset: number,
  rows: number,
  cols: number,
  inner: number,
): void {
  let r = 0;
  for (; r + 1 < rows; r += 2) {
    const a0 = aOffset + r * inner;
    const a1 = a0 + inner;
    const o0 = outOffset + r * cols;
    let c = 0;
    for (; c + 1 < cols; c += 2) {
      const b0 = bOffset + c * inner;
      const b1 = b0 + inner;
      let s00 = 0,
        s01 = 0,
        s10 = 0,
        s11 = 0;
      for (let k = 0; k < inner; k++) {
        const x0 = a[a0 + k],
          x1 = a[a1 + k],
          y0 = b[b0 + k],
          y1 = b[b1 + k];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      out[o0 + c] += s00;
      out[o0 + c + 1] += s01;
      out[o0 + cols + c] += s10;
      out[o0 + cols + c + 1] += s11;
    }
    if (c < cols) rowDots(a, a0, b, bOffset + c * inner, out, o0 + c, 2, inner, cols);
  }
  if (r < rows) {
    for (let c = 0; c < cols; c++)
      rowDots(a, aOffset + r * inner, b, bOffset + c * inner, out, outOffset + r * cols + c, 1, inner, cols);
  }
}

/** Tail helper of `matMulTransposedB`: `count` consecutive rows of a against one row of b. */
function rowDots(
  a: Numbers,
  aStart: number,
  b: Numbers,
  bStart: number,
  out: Numbers,
  outIndex: number,
  count: number,
  inner: number,
  outStride: number,
): void {
  for (let q = 0; q < count; q++) {
    let sum = 0;
    for (let k = 0; k < inner; k++) sum += a[aStart + q * inner + k] * b[bStart + k];
    out[outIndex + q * outStride] += sum;
  }
}

/**
 * Backward of the affine map with respect to W, over many rows at once:
 * ∂L/∂W[i, j] += Σ_n a[n, i]·∂L/∂out[n, j], i.e. ∂L/∂W += aᵀ·∂L/∂out.
 * Shapes: a [rows, inner] at aOffset, dOut [rows, cols] at dOffset, dW [inner, cols] at outOffset.
 * Walks the rows once per 4×2 block of dW, keeping eight sums in registers (no transposes).
 */
export function matMulTransposedA(
  a: Numbers,
  aOffset: number,
  dOut: Numbers,
  dOffset: number,
  dWeights: Numbers,
  outOffset: number,
  rows: number,
  inner: number,
  cols: number,
): void {
  const innerBlocked = inner - (inner % 4);
  const colsBlocked = cols - (cols % 2);
  for (let i = 0; i < innerBlocked; i += 4) {
    for (let j = 0; j < colsBlocked; j += 2) {
      let s00 = 0,
        s01 = 0,
        s10 = 0,
        s11 = 0,
        s20 = 0,
        s21 = 0,
        s30 = 0,
        s31 = 0;
      let ai = aOffset + i;
      let dj = dOffset + j;
      for (let n = 0; n < rows; n++, ai += inner, dj += cols) {
        const y0 = dOut[dj],
          y1 = dOut[dj + 1];
        const x0 = a[ai],
          x1 = a[ai + 1],
          x2 = a[ai + 2],
          x3 = a[ai + 3];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s30 += x3 * y0;
        s31 += x3 * y1;
      }
      const o = outOffset + i * cols + j;
      dWeights[o] += s00;
      dWeights[o + 1] += s01;
      dWeights[o + cols] += s10;
      dWeights[o + cols + 1] += s11;
      dWeights[o + 2 * cols] += s20;
      dWeights[o + 2 * cols + 1] += s21;
      dWeights[o + 3 * cols] += s30;
      dWeights[o + 3 * cols + 1] += s31;
    }
  }
  for (let i = 0; i < inner; i++) {
    for (let j = i < innerBlocked ? colsBlocked : 0; j < cols; j++) {
      let sum = 0;
      for (let n = 0; n < rows; n++) sum += a[aOffset + n * inner + i] * dOut[dOffset + n * cols + j];
      dWeights[outOffset + i * cols + j] += sum;
    }
  }
}

/** dst[c, r] = src[r, c]: transposes src [rows, cols] at srcOffset into dst [cols, rows] at dstOffset. */
export function transpose(
  src: Numbers,
  srcOffset: number,
  rows: number,
  cols: number,
  dst: Numbers,
  dstOffset = 0,
): void {
  for (let r = 0; r < rows; r++) {
    const srcRow = srcOffset + r * cols;
    for (let c = 0; c < cols; c++) dst[dstOffset + c * rows + r] = src[srcRow + c];
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

/** Coefficients of Eigen's float tanh: odd polynomial p(x) of degree 13 over even q(x) of degree 6. */
const TANH_P = [
  4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8, -8.60467152213735e-11,
  2.00018790482477e-13, -2.76076847742355e-16,
] as const;
const TANH_Q = [4.89352518554385e-3, 2.268434632439e-3, 1.18534705686654e-4, 1.19825839466702e-6] as const;
/** Beyond this |u| the rational form is clamped; tanh(7.905…) rounds to 1 in float32. */
const TANH_CLAMP = 7.90531110763549805;

/**
 * tanh to float32 accuracy (absolute error < 3e-7): the rational approximation TensorFlow's
 * CPU kernels (Eigen) use for float32, about 4× faster than Math.tanh.
 */
export function tanhFloat32(u: number): number {
  const x = u > TANH_CLAMP ? TANH_CLAMP : u < -TANH_CLAMP ? -TANH_CLAMP : u;
  const x2 = x * x;
  let p = x2 * TANH_P[6] + TANH_P[5];
  p = x2 * p + TANH_P[4];
  p = x2 * p + TANH_P[3];
  p = x2 * p + TANH_P[2];
  p = x2 * p + TANH_P[1];
  p = x2 * p + TANH_P[0];
  let q = x2 * TANH_Q[3] + TANH_Q[2];
  q = x2 * q + TANH_Q[1];
  q = x2 * q + TANH_Q[0];
  return (x * p) / q;
}

/**
 * tanh to float64 accuracy (error ~1e-16): tanh(u) = sign(u)·(1 − e^{−2|u|})/(1 + e^{−2|u|}),
 * faster than Math.tanh in V8 and never overflows (e^{−2|u|} ≤ 1).
 */
export function tanhFloat64(u: number): number {
  const e = Math.exp(-2 * Math.abs(u));
  const magnitude = (1 - e) / (1 + e);
  return u < 0 ? -magnitude : magnitude;
}

/**
 * Forward of tanh, in place: u ← tanh(u) on `length` elements from `offset`. A Float32Array
 * gets the float32-accurate `tanhFloat32`, a Float64Array the exact `tanhFloat64`.
 */
export function tanhInPlace(values: Numbers, offset: number, length: number): void {
  const end = offset + length;
  if (values instanceof Float32Array) {
    for (let k = offset; k < end; k++) values[k] = tanhFloat32(values[k]);
  } else {
    for (let k = offset; k < end; k++) values[k] = tanhFloat64(values[k]);
  }
}

/**
 * Backward of tanh, in place: given y = tanh(u) and ∂L/∂y in `grad`, overwrite `grad` with
 * ∂L/∂u = ∂L/∂y·(1 − y²)  (since d tanh(u)/du = 1 − tanh²(u)).
 */
export function tanhBackInPlace(
  activations: Numbers,
  activationOffset: number,
  grad: Numbers,
  gradOffset: number,
  length: number,
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
export function meanSquaredError(predictions: Numbers, targets: Numbers, n: number, dPredictions?: Numbers): number {
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const diff = predictions[k] - targets[k];
    sum += diff * diff;
    if (dPredictions) dPredictions[k] = (2 * diff) / n;
  }
  return sum / n;
}
