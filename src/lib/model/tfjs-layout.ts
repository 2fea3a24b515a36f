/**
 * Conversions between the engines' batch-major arrays ([B, T, …], as in {@link Batch}) and
 * the time-major arrays ([T, B, …]) the TF.js graph works on. Plain typed-array loops, so
 * the graph never spends ops on transposes.
 */
import type { NumArray } from './params.ts';

/**
 * x [B, T, F] → time-major float32 [S, B, F], with steps T … S−1 left at 0 (the `delayed`
 * variant's zero padding; S = T when no padding is needed).
 */
export function inputsTimeMajor(
  x: NumArray,
  batchSize: number,
  windowSize: number,
  features: number,
  steps: number,
): Float32Array {
  if (x.length !== batchSize * windowSize * features) {
    throw new Error(`x must have B·T·F = ${batchSize}·${windowSize}·${features} values, got ${x.length}`);
  }
  const out = new Float32Array(steps * batchSize * features);
  for (let b = 0; b < batchSize; b++) {
    for (let t = 0; t < windowSize; t++) {
      const from = (b * windowSize + t) * features;
      out.set(x.subarray(from, from + features), (t * batchSize + b) * features);
    }
  }
  return out;
}

/** y [B, T] → time-major float32 [T, B]. */
export function targetsTimeMajor(y: NumArray, batchSize: number, windowSize: number): Float32Array {
  if (y.length !== batchSize * windowSize)
    throw new Error(`y must have B·T = ${batchSize}·${windowSize} values, got ${y.length}`);
  const out = new Float32Array(batchSize * windowSize);
  for (let b = 0; b < batchSize; b++) {
    for (let t = 0; t < windowSize; t++) out[t * batchSize + b] = y[b * windowSize + t];
  }
  return out;
}

/** Time-major [S, B, K] → batch-major float64 [B, S, K] (K = 1 for predictions). */
export function batchMajor(values: ArrayLike<number>, steps: number, batchSize: number, width: number): Float64Array {
  const out = new Float64Array(steps * batchSize * width);
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batchSize; b++) {
      const from = (t * batchSize + b) * width;
      const to = (b * steps + t) * width;
      for (let k = 0; k < width; k++) out[to + k] = values[from + k];
    }
  }
  return out;
}
