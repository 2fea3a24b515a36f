/**
 * The scratch engine's kernels on WebAssembly with 128-bit SIMD (source: `assembly/kernels.ts`,
 * built into `generated/kernels.ts` by scripts/build-wasm.mjs). One linear memory holds the
 * parameters, gradients, Adam moments and the workspace (see scratch-memory.ts); it grows when
 * a larger batch arrives. The module is embedded as base64, so Node, a Web Worker and the page
 * load it the same way, compiled asynchronously once per realm.
 */
import { KERNELS_WASM_BASE64 } from './generated/kernels.ts';
import type { Kernels } from '../scratch-ops.ts';

/** The exports of the kernel module (element offsets in, as in {@link Kernels}). */
interface KernelExports {
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
  fillRows(bias: number, out: number, rows: number, n: number): void;
  sumRows(src: number, rows: number, n: number, out: number): void;
  tanh(offset: number, length: number): void;
  tanhBackward(y: number, grad: number, length: number): void;
  readout(z: number, ldz: number, wl: number, bl: number, out: number, rows: number, n: number): void;
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
  transpose(src: number, rows: number, cols: number, dst: number): void;
  sumSquares(offset: number, length: number): number;
  scale(offset: number, length: number, factor: number): void;
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
  ): number;
  sgd(p: number, g: number, length: number, learningRate: number): number;
}

/** Bytes of one WebAssembly page. */
const PAGE_BYTES = 65536;

let bytes: Uint8Array | null = null;
let compiled: Promise<WebAssembly.Module> | null = null;

/** The module's bytes, decoded once. */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  bytes ??= Uint8Array.from(atob(KERNELS_WASM_BASE64), (char) => char.charCodeAt(0));
  return bytes as Uint8Array<ArrayBuffer>;
}

/** True when this runtime accepts the kernel module, i.e. supports WebAssembly 128-bit SIMD. */
export function simdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(moduleBytes());
  } catch {
    return false;
  }
}

/**
 * A fresh SIMD kernel set with its own linear memory. Rejects where WebAssembly SIMD is
 * missing (check {@link simdSupported} first, or let `createEngine`'s 'auto' decide).
 */
export async function createSimdKernels(): Promise<Kernels> {
  if (!simdSupported()) throw new Error('this runtime has no WebAssembly SIMD (128-bit); use the TypeScript kernels');
  compiled ??= WebAssembly.compile(moduleBytes());
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = await WebAssembly.instantiate(await compiled, { env: { memory } });
  const k = instance.exports as unknown as KernelExports;
  let view = new Float32Array(memory.buffer);
  return {
    name: 'simd',
    lanes: 4,
    get memory() {
      // Growing detaches the old buffer; a fresh view always sees the current one.
      if (view.buffer !== memory.buffer) view = new Float32Array(memory.buffer);
      return view;
    },
    reserve(length) {
      const needed = Math.ceil((length * 4) / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES;
      if (needed > 0) memory.grow(needed);
    },
    matMul: (a, aRow, aCol, b, ldb, c, ldc, M, K, N) => k.matMul(a, aRow, aCol, b, ldb, c, ldc, M, K, N),
    fillRows: (bias, out, rows, n) => k.fillRows(bias, out, rows, n),
    sumRows: (src, rows, n, out) => k.sumRows(src, rows, n, out),
    tanh: (offset, length) => k.tanh(offset, length),
    tanhBackward: (y, grad, length) => k.tanhBackward(y, grad, length),
    readout: (z, ldz, wl, bl, out, rows, n) => k.readout(z, ldz, wl, bl, out, rows, n),
    readoutBackward: (z, ldz, wl, dOut, dz, dWl, dBl, rows, n) =>
      k.readoutBackward(z, ldz, wl, dOut, dz, dWl, dBl, rows, n),
    transpose: (src, rows, cols, dst) => k.transpose(src, rows, cols, dst),
    sumSquares: (offset, length) => k.sumSquares(offset, length),
    scale: (offset, length, factor) => k.scale(offset, length, factor),
    adam: (p, g, m, v, length, stepSize, beta1, beta2, epsilon) =>
      k.adam(p, g, m, v, length, stepSize, beta1, beta2, epsilon) === 1,
    sgd: (p, g, length, learningRate) => k.sgd(p, g, length, learningRate) === 1,
  };
}
