/**
 * The scratch engine's kernels in AssemblyScript with 128-bit SIMD (f32x4): the same operations,
 * arguments and results as the TypeScript reference kernels in `../../scratch-ops.ts`, which
 * document each one. Compiled by `scripts/build-wasm.mjs` into a module with no runtime and no
 * allocation; the memory is imported, and every argument but sizes and scalars is an element
 * offset into it (a float32 index, ×4 for the byte address).
 *
 * Rows are padded to multiples of 4 floats (see `../../scratch-memory.ts`), so every vector
 * loop over H or O is a whole number of f32x4 vectors. Long sums (over the T·B rows of a batch)
 * are accumulated in chunks of CHUNK rows and then added up, which keeps float32 round-off
 * close to that of a float64 sum rounded once.
 */

/** Rows summed in registers before the partial sum is added to memory. */
const CHUNK: i32 = 256;

/** Byte address of float element `i`. */
function at(i: i32): usize {
  return (<usize>i) << 2;
}

/** f32x4 with every lane = the float at element `i`. */
function splatAt(i: i32): v128 {
  return f32x4.splat(load<f32>(at(i)));
}

/** mem[i … i+3] += v. */
function addTo(i: i32, v: v128): void {
  v128.store(at(i), f32x4.add(v128.load(at(i)), v));
}

/**
 * C[M, N] += A[M, K]·B[K, N], A[i, k] at a + i·aRow + k·aCol, B row-major (row stride ldb),
 * C row-major (row stride ldc); N a multiple of 4. Blocks of 4 rows × 8 columns keep eight
 * f32x4 sums in registers; each step of k loads two vectors of B and four scalars of A.
 */
export function matMul(a: i32, aRow: i32, aCol: i32, b: i32, ldb: i32, c: i32, ldc: i32, M: i32, K: i32, N: i32): void {
  for (let k0 = 0; k0 < K; k0 += CHUNK) {
    const kn = min(CHUNK, K - k0);
    const a0 = a + k0 * aCol;
    const b0 = b + k0 * ldb;
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      let j = 0;
      for (; j + 8 <= N; j += 8) block4x8(a0 + i * aRow, aRow, aCol, b0 + j, ldb, c + i * ldc + j, ldc, kn);
      if (j < N) block4x4(a0 + i * aRow, aRow, aCol, b0 + j, ldb, c + i * ldc + j, ldc, kn);
    }
    for (; i < M; i++) {
      for (let j = 0; j < N; j += 4) block1x4(a0 + i * aRow, aCol, b0 + j, ldb, c + i * ldc + j, kn);
    }
  }
}

/** 4 rows × 8 columns of C over kn steps of k. */
function block4x8(a: i32, aRow: i32, aCol: i32, b: i32, ldb: i32, c: i32, ldc: i32, kn: i32): void {
  let s00 = f32x4.splat(0),
    s01 = f32x4.splat(0),
    s10 = f32x4.splat(0),
    s11 = f32x4.splat(0);
  let s20 = f32x4.splat(0),
    s21 = f32x4.splat(0),
    s30 = f32x4.splat(0),
    s31 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let k = 0; k < kn; k++) {
    const y0 = v128.load(at(pb));
    const y1 = v128.load(at(pb), 16);
    const x0 = splatAt(pa);
    const x1 = splatAt(pa + aRow);
    const x2 = splatAt(pa + 2 * aRow);
    const x3 = splatAt(pa + 3 * aRow);
    s00 = f32x4.add(s00, f32x4.mul(x0, y0));
    s01 = f32x4.add(s01, f32x4.mul(x0, y1));
    s10 = f32x4.add(s10, f32x4.mul(x1, y0));
    s11 = f32x4.add(s11, f32x4.mul(x1, y1));
    s20 = f32x4.add(s20, f32x4.mul(x2, y0));
    s21 = f32x4.add(s21, f32x4.mul(x2, y1));
    s30 = f32x4.add(s30, f32x4.mul(x3, y0));
    s31 = f32x4.add(s31, f32x4.mul(x3, y1));
    pa += aCol;
    pb += ldb;
  }
  addTo(c, s00);
  addTo(c + 4, s01);
  addTo(c + ldc, s10);
  addTo(c + ldc + 4, s11);
  addTo(c + 2 * ldc, s20);
  addTo(c + 2 * ldc + 4, s21);
  addTo(c + 3 * ldc, s30);
  addTo(c + 3 * ldc + 4, s31);
}

/** 4 rows × 4 columns of C (the column tail of `matMul`). */
function block4x4(a: i32, aRow: i32, aCol: i32, b: i32, ldb: i32, c: i32, ldc: i32, kn: i32): void {
  let s0 = f32x4.splat(0),
    s1 = f32x4.splat(0),
    s2 = f32x4.splat(0),
    s3 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let k = 0; k < kn; k++) {
    const y = v128.load(at(pb));
    s0 = f32x4.add(s0, f32x4.mul(splatAt(pa), y));
    s1 = f32x4.add(s1, f32x4.mul(splatAt(pa + aRow), y));
    s2 = f32x4.add(s2, f32x4.mul(splatAt(pa + 2 * aRow), y));
    s3 = f32x4.add(s3, f32x4.mul(splatAt(pa + 3 * aRow), y));
    pa += aCol;
    pb += ldb;
  }
  addTo(c, s0);
  addTo(c + ldc, s1);
  addTo(c + 2 * ldc, s2);
  addTo(c + 3 * ldc, s3);
}

/** 1 row × 4 columns of C (the row tail of `matMul`). */
function block1x4(a: i32, aCol: i32, b: i32, ldb: i32, c: i32, kn: i32): void {
  let s = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let k = 0; k < kn; k++) {
    s = f32x4.add(s, f32x4.mul(splatAt(pa), v128.load(at(pb))));
    pa += aCol;
    pb += ldb;
  }
  addTo(c, s);
}

/** out[r, :] = bias[:] for `rows` rows of n (n a multiple of 4). */
export function fillRows(bias: i32, out: i32, rows: i32, n: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = out + r * n;
    for (let j = 0; j < n; j += 4) v128.store(at(row + j), v128.load(at(bias + j)));
  }
}

/** out[:] += Σ_r src[r, :] over `rows` rows of n, in chunks of CHUNK rows. */
export function sumRows(src: i32, rows: i32, n: i32, out: i32): void {
  for (let r0 = 0; r0 < rows; r0 += CHUNK) {
    const rn = min(CHUNK, rows - r0);
    for (let j = 0; j < n; j += 4) {
      let s = f32x4.splat(0);
      let p = src + r0 * n + j;
      for (let r = 0; r < rn; r++) {
        s = f32x4.add(s, v128.load(at(p)));
        p += n;
      }
      addTo(out + j, s);
    }
  }
}

/** tanh in place on `length` elements (a multiple of 4): Eigen's rational form, as `tanhFloat32`. */
export function tanh(offset: i32, length: i32): void {
  const hi = f32x4.splat(7.90531110763549805);
  const lo = f32x4.splat(-7.90531110763549805);
  const p6 = f32x4.splat(-2.76076847742355e-16),
    p5 = f32x4.splat(2.00018790482477e-13);
  const p4 = f32x4.splat(-8.60467152213735e-11),
    p3 = f32x4.splat(5.12229709037114e-8);
  const p2 = f32x4.splat(1.48572235717979e-5),
    p1 = f32x4.splat(6.37261928875436e-4);
  const p0 = f32x4.splat(4.89352455891786e-3);
  const q3 = f32x4.splat(1.19825839466702e-6),
    q2 = f32x4.splat(1.18534705686654e-4);
  const q1 = f32x4.splat(2.268434632439e-3),
    q0 = f32x4.splat(4.89352518554385e-3);
  for (let k = 0; k < length; k += 4) {
    const address = at(offset + k);
    const x = f32x4.min(f32x4.max(v128.load(address), lo), hi);
    const x2 = f32x4.mul(x, x);
    let p = f32x4.add(f32x4.mul(x2, p6), p5);
    p = f32x4.add(f32x4.mul(x2, p), p4);
    p = f32x4.add(f32x4.mul(x2, p), p3);
    p = f32x4.add(f32x4.mul(x2, p), p2);
    p = f32x4.add(f32x4.mul(x2, p), p1);
    p = f32x4.add(f32x4.mul(x2, p), p0);
    let q = f32x4.add(f32x4.mul(x2, q3), q2);
    q = f32x4.add(f32x4.mul(x2, q), q1);
    q = f32x4.add(f32x4.mul(x2, q), q0);
    v128.store(address, f32x4.div(f32x4.mul(x, p), q));
  }
}

/** grad ⊙= (1 − y²) on `length` elements (a multiple of 4). */
export function tanhBackward(y: i32, grad: i32, length: i32): void {
  const one = f32x4.splat(1);
  for (let k = 0; k < length; k += 4) {
    const v = v128.load(at(y + k));
    const g = at(grad + k);
    v128.store(g, f32x4.mul(v128.load(g), f32x4.sub(one, f32x4.mul(v, v))));
  }
}

/** Horizontal sum of the four lanes. */
function lanesSum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** out[r] = z[r, :]·wl + bl for `rows` rows of n (row stride ldz, n a multiple of 4). */
export function readout(z: i32, ldz: i32, wl: i32, bl: i32, out: i32, rows: i32, n: i32): void {
  const bias = load<f32>(at(bl));
  for (let r = 0; r < rows; r++) {
    let s = f32x4.splat(0);
    const row = z + r * ldz;
    for (let j = 0; j < n; j += 4) s = f32x4.add(s, f32x4.mul(v128.load(at(row + j)), v128.load(at(wl + j))));
    store<f32>(at(out + r), lanesSum(s) + bias);
  }
}

/**
 * dz[r, :] = dOut[r]·wl ⊙ (1 − z[r, :]²), dWl += Σ_r z[r, :]·dOut[r], dBl += Σ_r dOut[r];
 * the sums run over chunks of CHUNK rows.
 */
export function readoutBackward(
  z: i32,
  ldz: i32,
  wl: i32,
  dOut: i32,
  dz: i32,
  dWl: i32,
  dBl: i32,
  rows: i32,
  n: i32,
): void {
  const one = f32x4.splat(1);
  let biasSum: f64 = 0;
  for (let r0 = 0; r0 < rows; r0 += CHUNK) {
    const rn = min(CHUNK, rows - r0);
    for (let j = 0; j < n; j += 4) {
      const w = v128.load(at(wl + j));
      let s = f32x4.splat(0);
      for (let r = r0; r < r0 + rn; r++) {
        const d = splatAt(dOut + r);
        const v = v128.load(at(z + r * ldz + j));
        s = f32x4.add(s, f32x4.mul(v, d));
        v128.store(at(dz + r * ldz + j), f32x4.mul(f32x4.mul(d, w), f32x4.sub(one, f32x4.mul(v, v))));
      }
      addTo(dWl + j, s);
    }
  }
  for (let r = 0; r < rows; r++) biasSum += <f64>load<f32>(at(dOut + r));
  store<f32>(at(dBl), <f32>(<f64>load<f32>(at(dBl)) + biasSum));
}

/** dst [cols, rows] = src [rows, cols]ᵀ. */
export function transpose(src: i32, rows: i32, cols: i32, dst: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) store<f32>(at(dst + c * rows + r), load<f32>(at(src + r * cols + c)));
  }
}

/** Σ mem[i]² over `length` elements, in float64. */
export function sumSquares(offset: i32, length: i32): f64 {
  let sum: f64 = 0;
  for (let k = offset; k < offset + length; k++) {
    const v = <f64>load<f32>(at(k));
    sum += v * v;
  }
  return sum;
}

/** mem[i] *= factor on `length` elements (a multiple of 4). */
export function scale(offset: i32, length: i32, factor: f32): void {
  const f = f32x4.splat(factor);
  for (let k = 0; k < length; k += 4) v128.store(at(offset + k), f32x4.mul(v128.load(at(offset + k)), f));
}

/** Lanes of v that are not finite (x − x is NaN exactly for ±∞ and NaN). */
function notFinite(v: v128): v128 {
  return f32x4.ne(f32x4.sub(v, v), f32x4.splat(0));
}

/**
 * Adam on `length` elements (a multiple of 4), all-or-nothing: returns 0, changing nothing,
 * when any new p or v would not be finite; else commits and returns 1.
 */
export function adam(
  p: i32,
  g: i32,
  m: i32,
  v: i32,
  length: i32,
  stepSize: f32,
  beta1: f32,
  beta2: f32,
  epsilon: f32,
): i32 {
  const b1 = f32x4.splat(beta1),
    c1 = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2),
    c2 = f32x4.splat(1 - beta2);
  const lr = f32x4.splat(stepSize),
    eps = f32x4.splat(epsilon);
  for (let pass = 0; pass < 2; pass++) {
    let bad = i32x4.splat(0);
    for (let k = 0; k < length; k += 4) {
      const grad = v128.load(at(g + k));
      const first = f32x4.add(f32x4.mul(b1, v128.load(at(m + k))), f32x4.mul(c1, grad));
      const second = f32x4.add(f32x4.mul(b2, v128.load(at(v + k))), f32x4.mul(c2, f32x4.mul(grad, grad)));
      const step = f32x4.div(f32x4.mul(lr, first), f32x4.add(f32x4.sqrt(second), eps));
      const updated = f32x4.sub(v128.load(at(p + k)), step);
      if (pass === 0) {
        bad = v128.or(bad, v128.or(notFinite(updated), notFinite(second)));
      } else {
        v128.store(at(m + k), first);
        v128.store(at(v + k), second);
        v128.store(at(p + k), updated);
      }
    }
    if (pass === 0 && v128.any_true(bad)) return 0;
  }
  return 1;
}

/** p ← p − lr·g on `length` elements (a multiple of 4), all-or-nothing like `adam`. */
export function sgd(p: i32, g: i32, length: i32, learningRate: f32): i32 {
  const lr = f32x4.splat(learningRate);
  let bad = i32x4.splat(0);
  for (let k = 0; k < length; k += 4) {
    bad = v128.or(bad, notFinite(f32x4.sub(v128.load(at(p + k)), f32x4.mul(lr, v128.load(at(g + k))))));
  }
  if (v128.any_true(bad)) return 0;
  for (let k = 0; k < length; k += 4) {
    v128.store(at(p + k), f32x4.sub(v128.load(at(p + k)), f32x4.mul(lr, v128.load(at(g + k)))));
  }
  return 1;
}
