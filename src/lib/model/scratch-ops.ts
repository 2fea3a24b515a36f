/**
 * The operations the scratch RNN is built from, each with its forward rule and, right next to
 * it, the backward rule derived by hand (in the spirit of micrograd):
 *
 *   affine   out = a·W (+ b)      ∂L/∂W = aᵀ·∂L/∂out,  ∂L/∂a = ∂L/∂out·Wᵀ,  ∂L/∂b = Σ_rows ∂L/∂out
 *   tanh     y = tanh(u)          ∂L/∂u = ∂L/∂y ⊙ (1 − y²)
 *   mse      L = mean (ŷ − y)²    ∂L/∂ŷ = 2(ŷ − y) / n
 *
 * All three products of the affine map are ONE kernel, `matMul` (C += A·B), because A is read
 * through two strides: a transposed operand (aᵀ of ∂L/∂W) is the same rows read column-wise.
 * Kernels address one flat memory by element offsets (see scratch-memory.ts), so they work
 * unchanged on a typed array (this file: the readable reference) and on WebAssembly's linear
 * memory (simd/: the same kernels with 128-bit SIMD).
 */
import type { DType, NumArray } from './params.ts';

/** The kernel set an engine computes with; every argument but sizes and scalars is an offset. */
export interface Kernels {
  /** Which implementation: 'js' (this file) or 'simd' (WebAssembly). */
  readonly name: 'js' | 'simd';
  /** Columns of every row-major block must be padded to a multiple of this (1 or 4). */
  readonly lanes: number;
  /** The memory every offset points into; re-read it after `reserve`. */
  readonly memory: NumArray;
  /** Grows the memory to at least `length` elements, keeping its contents. */
  reserve(length: number): void;
  /**
   * C[M, N] += A[M, K]·B[K, N]: A[i, k] = mem[a + i·aRow + k·aCol], B[k, j] = mem[b + k·ldb + j],
   * C[i, j] = mem[c + i·ldc + j]. aRow = K, aCol = 1 is a row-major A; aRow = 1, aCol = width
   * reads a row-major [K, width] block as its transpose.
   */
  matMul(
    a: number,
    aRow: number,
    aCol: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    M: number,
    K: number,
    N: number,
  ): void;
  /** Bias forward: out[r, :] = bias[:] for `rows` rows of `n`. */
  fillRows(bias: number, out: number, rows: number, n: number): void;
  /** Bias backward: out[:] += Σ_r src[r, :] over `rows` rows of `n`. */
  sumRows(src: number, rows: number, n: number, out: number): void;
  /** tanh forward, in place on `length` elements. */
  tanh(offset: number, length: number): void;
  /** tanh backward: grad ⊙= (1 − y²), y = tanh's output. */
  tanhBackward(y: number, grad: number, length: number): void;
  /** Linear read-out: out[r] = z[r, :]·wl + bl for `rows` rows of `n` (row stride `ldz`). */
  readout(z: number, ldz: number, wl: number, bl: number, out: number, rows: number, n: number): void;
  /**
   * Read-out backward through the output tanh: dz[r, :] = dOut[r]·wl ⊙ (1 − z[r, :]²),
   * dWl += Σ_r z[r, :]·dOut[r], dBl += Σ_r dOut[r].
   */
  readoutBackward(
    z: number,
    ldz: number,
    wl: number,
    dOut: number,
    dz: number,
    dWl: number,
    dBl: number,
    rows: number,
    n: number,
  ): void;
  /** dst [cols, rows] = src [rows, cols]ᵀ (both contiguous). */
  transpose(src: number, rows: number, cols: number, dst: number): void;
  /** Σ mem[i]² over `length` elements (accumulated in float64). */
  sumSquares(offset: number, length: number): number;
  /** mem[i] *= factor. */
  scale(offset: number, length: number, factor: number): void;
  /**
   * Adam on `length` elements (parameters p, gradients g, moments m, v), ε added to √v:
   *   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,  p ← p − stepSize·m/(√v + ε).
   * All-or-nothing: returns false, changing nothing, when any new p or v would not be finite.
   */
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    length: number,
    stepSize: number,
    beta1: number,
    beta2: number,
    epsilon: number,
  ): boolean;
  /** Gradient descent p ← p − lr·g; all-or-nothing like `adam`. */
  sgd(p: number, g: number, length: number, learningRate: number): boolean;
}

/** Coefficients of Eigen's float tanh: odd polynomial p(x) of degree 13 over even q(x) of degree 6. */
export const TANH_P = [
  4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8, -8.60467152213735e-11,
  2.00018790482477e-13, -2.76076847742355e-16,
] as const;
export const TANH_Q = [4.89352518554385e-3, 2.268434632439e-3, 1.18534705686654e-4, 1.19825839466702e-6] as const;
/** Beyond this |u| the rational form is clamped; tanh(7.905…) rounds to 1 in float32. */
export const TANH_CLAMP = 7.90531110763549805;

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
 * The reference kernels on one typed array of `dtype`. Sums run in JavaScript numbers (float64)
 * and are rounded once when stored, so float32 differs from float64 only by storage.
 */
export function createJsKernels(dtype: DType): Kernels {
  return new JsKernels(dtype);
}

/** One row of A (at a) against columns j0 ≤ j < N of B: the tail of `matMul`. */
function rowTimes(
  m: NumArray,
  a: number,
  aCol: number,
  b: number,
  ldb: number,
  c: number,
  K: number,
  j0: number,
  N: number,
): void {
  for (let j = j0; j < N; j++) {
    let sum = 0;
    for (let k = 0, ak = a, bk = b + j; k < K; k++, ak += aCol, bk += ldb) sum += m[ak] * m[bk];
    m[c + j] += sum;
  }
}

/** The TypeScript kernels (see {@link Kernels} for what each computes). */
class JsKernels implements Kernels {
  readonly name = 'js';
  readonly lanes = 1;
  private mem: NumArray;
  private readonly single: boolean;
  private readonly tanhOf: (u: number) => number;
  private readonly finite: (x: number) => boolean;

  constructor(dtype: DType) {
    this.single = dtype === 'float32';
    this.mem = this.single ? new Float32Array(0) : new Float64Array(0);
    this.tanhOf = this.single ? tanhFloat32 : tanhFloat64;
    this.finite = this.single ? (x) => Number.isFinite(Math.fround(x)) : Number.isFinite;
  }

  get memory(): NumArray {
    return this.mem;
  }

  reserve(length: number): void {
    if (length <= this.mem.length) return;
    const grown = this.single ? new Float32Array(length) : new Float64Array(length);
    grown.set(this.mem);
    this.mem = grown;
  }

  // Every C[i, j] is a dot product kept in registers; 2×2 blocks let four sums share each load.
  matMul(
    a: number,
    aRow: number,
    aCol: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    M: number,
    K: number,
    N: number,
  ): void {
    const m = this.mem;
    let i = 0;
    for (; i + 1 < M; i += 2) {
      const a0 = a + i * aRow;
      const a1 = a0 + aRow;
      const c0 = c + i * ldc;
      let j = 0;
      for (; j + 1 < N; j += 2) {
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let k = 0, ak = 0, bk = b + j; k < K; k++, ak += aCol, bk += ldb) {
          const x0 = m[a0 + ak];
          const x1 = m[a1 + ak];
          const y0 = m[bk];
          const y1 = m[bk + 1];
          s00 += x0 * y0;
          s01 += x0 * y1;
          s10 += x1 * y0;
          s11 += x1 * y1;
        }
        m[c0 + j] += s00;
        m[c0 + j + 1] += s01;
        m[c0 + ldc + j] += s10;
        m[c0 + ldc + j + 1] += s11;
      }
      if (j < N) {
        rowTimes(m, a0, aCol, b, ldb, c0, K, j, N);
        rowTimes(m, a1, aCol, b, ldb, c0 + ldc, K, j, N);
      }
    }
    if (i < M) rowTimes(m, a + i * aRow, aCol, b, ldb, c + i * ldc, K, 0, N);
  }

  fillRows(bias: number, out: number, rows: number, n: number): void {
    for (let r = 0; r < rows; r++) this.mem.copyWithin(out + r * n, bias, bias + n);
  }

  sumRows(src: number, rows: number, n: number, out: number): void {
    const m = this.mem;
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let r = 0, at = src + j; r < rows; r++, at += n) sum += m[at];
      m[out + j] += sum;
    }
  }

  tanh(offset: number, length: number): void {
    const m = this.mem;
    const tanhOf = this.tanhOf;
    for (let k = offset; k < offset + length; k++) m[k] = tanhOf(m[k]);
  }

  tanhBackward(y: number, grad: number, length: number): void {
    const m = this.mem;
    for (let k = 0; k < length; k++) m[grad + k] *= 1 - m[y + k] * m[y + k];
  }

  readout(z: number, ldz: number, wl: number, bl: number, out: number, rows: number, n: number): void {
    const m = this.mem;
    for (let r = 0; r < rows; r++) {
      let sum = m[bl];
      for (let j = 0; j < n; j++) sum += m[z + r * ldz + j] * m[wl + j];
      m[out + r] = sum;
    }
  }

  readoutBackward(
    z: number,
    ldz: number,
    wl: number,
    dOut: number,
    dz: number,
    dWl: number,
    dBl: number,
    rows: number,
    n: number,
  ): void {
    const m = this.mem;
    let biasSum = 0;
    for (let r = 0; r < rows; r++) {
      const d = m[dOut + r];
      biasSum += d;
      for (let j = 0; j < n; j++) {
        const zj = m[z + r * ldz + j];
        m[dWl + j] += zj * d;
        m[dz + r * ldz + j] = d * m[wl + j] * (1 - zj * zj);
      }
    }
    m[dBl] += biasSum;
  }

  transpose(src: number, rows: number, cols: number, dst: number): void {
    const m = this.mem;
    for (let r = 0; r < rows; r++) {
      for (let col = 0; col < cols; col++) m[dst + col * rows + r] = m[src + r * cols + col];
    }
  }

  sumSquares(offset: number, length: number): number {
    const m = this.mem;
    let sum = 0;
    for (let k = offset; k < offset + length; k++) sum += m[k] * m[k];
    return sum;
  }

  scale(offset: number, length: number, factor: number): void {
    const m = this.mem;
    for (let k = offset; k < offset + length; k++) m[k] *= factor;
  }

  adam(
    p: number,
    g: number,
    m1: number,
    m2: number,
    length: number,
    stepSize: number,
    beta1: number,
    beta2: number,
    epsilon: number,
  ): boolean {
    const m = this.mem;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < length; k++) {
        const grad = m[g + k];
        const first = beta1 * m[m1 + k] + (1 - beta1) * grad;
        const second = beta2 * m[m2 + k] + (1 - beta2) * grad * grad;
        const updated = m[p + k] - (stepSize * first) / (Math.sqrt(second) + epsilon);
        if (pass === 0) {
          if (!this.finite(updated) || !this.finite(second)) return false;
        } else {
          m[m1 + k] = first;
          m[m2 + k] = second;
          m[p + k] = updated;
        }
      }
    }
    return true;
  }

  sgd(p: number, g: number, length: number, learningRate: number): boolean {
    const m = this.mem;
    for (let k = 0; k < length; k++) if (!this.finite(m[p + k] - learningRate * m[g + k])) return false;
    for (let k = 0; k < length; k++) m[p + k] -= learningRate * m[g + k];
    return true;
  }
}
