/**
 * Batch-major ↔ time-major conversions, the one place that knows both layouts. Batches arrive
 * batch-major ([B, T, K], one window after another, as in {@link Batch}); the engines compute
 * time-major ([T, B, K]), so that one step of the recurrence is one contiguous [B, K] block
 * and all T·B rows of a layer form a single matrix. Plain loops, no allocation unless asked.
 */
import type { NumArray } from './params.ts';

/**
 * Writes `src` [B, T, K] (batch-major, from offset 0) into `dst` as [T, B, K] from `dstOffset`.
 * Returns `dst`. When `dst` holds more steps (e.g. the delayed variant's padding), the extra
 * steps are left as they are.
 */
export function toTimeMajor<A extends NumArray>(
  src: ArrayLike<number>,
  batchSize: number,
  steps: number,
  width: number,
  dst: A,
  dstOffset = 0,
): A {
  for (let b = 0; b < batchSize; b++) {
    for (let t = 0; t < steps; t++) {
      const from = (b * steps + t) * width;
      const to = dstOffset + (t * batchSize + b) * width;
      for (let k = 0; k < width; k++) dst[to + k] = src[from + k];
    }
  }
  return dst;
}

/**
 * Reads [T, B, K] (time-major) from `src` at `srcOffset` into `dst` as [B, T, K] from offset 0
 * (a new Float64Array when not given). Returns `dst`.
 */
export function toBatchMajor(
  src: ArrayLike<number>,
  srcOffset: number,
  steps: number,
  batchSize: number,
  width: number,
  dst: NumArray = new Float64Array(steps * batchSize * width),
): NumArray {
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batchSize; b++) {
      const from = srcOffset + (t * batchSize + b) * width;
      const to = (b * steps + t) * width;
      for (let k = 0; k < width; k++) dst[to + k] = src[from + k];
    }
  }
  return dst;
}

/**
 * x [B, T, F] → a new time-major float32 array [S, B, F] whose steps T … S−1 stay 0 (the delayed
 * variant's zero padding; S = T when there is none). Throws when x has the wrong length.
 */
export function inputsTimeMajor(
  x: ArrayLike<number>,
  batchSize: number,
  windowSize: number,
  features: number,
  steps = windowSize,
): Float32Array {
  if (x.length !== batchSize * windowSize * features) {
    throw new Error(`x must have B·T·F = ${batchSize}·${windowSize}·${features} values, got ${x.length}`);
  }
  return toTimeMajor(x, batchSize, windowSize, features, new Float32Array(steps * batchSize * features));
}
