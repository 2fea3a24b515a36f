/**
 * Gradient checking: a numerical estimate of ∂L/∂θ by central finite differences, to compare
 * with the hand-derived BPTT gradients (scratch engine) and tfjs autodiff. Framework-free.
 *
 *   ∂L/∂θ_i ≈ (L(θ + ε·e_i) − L(θ − ε·e_i)) / (2ε)
 *
 * The error of this estimate is O(ε²) (truncation) plus O(u/ε) (rounding, u ≈ 1e-16 in
 * float64); ε = 1e-5 balances the two for losses of order 1.
 */
import { paramShapes, type ModelConfig, type ParamName } from './model/config.ts';
import type { Batch } from './model/engine.ts';
import { cloneParams, paramOf, type NumArray, type Params } from './model/params.ts';
import { lossScratch } from './model/scratch.ts';

/**
 * Central-difference estimate of the gradient of the mean squared loss for one batch, with the
 * first `burnIn` steps left out of the loss (default 0). `params` are not modified. Returns
 * float64 arrays with the same names and shapes as `paramShapes(config)`. Cost: 2 float64
 * forward passes per scalar parameter. The one finite-difference oracle of the project.
 */
export function finiteDifferenceGrads(
  config: ModelConfig,
  params: Params,
  batch: Batch,
  options: { epsilon?: number; burnIn?: number } = {},
): Params {
  const { epsilon = 1e-5, burnIn = 0 } = options;
  const work = cloneParams(params, 'float64');
  const grads: Params = {};
  for (const [name] of paramShapes(config)) {
    grads[name] = centralDifferences(paramOf(work, name), () => lossScratch(config, work, batch, burnIn), epsilon);
  }
  return grads;
}

/**
 * The central difference (f(v + ε·e_i) − f(v − ε·e_i)) / (2ε) for every element i of `values`,
 * where `f` reads `values` (changed in place and restored, so `values` ends as it began).
 * The rule behind {@link finiteDifferenceGrads}, for any scalar function (e.g. ∂ŷ_t/∂x_s).
 */
export function centralDifferences(values: NumArray, f: () => number, epsilon = 1e-5): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const original = values[i];
    values[i] = original + epsilon;
    const plus = f();
    values[i] = original - epsilon;
    const minus = f();
    values[i] = original;
    out[i] = (plus - minus) / (2 * epsilon);
  }
  return out;
}

/**
 * Largest element-wise relative difference of two gradients of the same parameter:
 *
 *   max_i |a_i − b_i| / max(|a_i|, |b_i|, floor),   floor = scaleFraction · max_j max(|a_j|, |b_j|) (≥ 1e-12)
 *
 * The floor keeps entries that are essentially zero (with the default scaleFraction 1e-3: a
 * thousand times smaller than the parameter's largest gradient) from turning round-off into
 * huge ratios: they are judged against the parameter's scale instead. scaleFraction 1 judges
 * every entry against that scale (max-norm relative error), the fair measure for float32,
 * whose sums with cancellation keep only ~1e-7 of the scale, not of the small result.
 * 0 means identical; < 1e-6 is typical for float64 BPTT vs finite differences, ~1e-4 for
 * float32 autodiff. Throws if the lengths differ.
 */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, scaleFraction = 1e-3): number {
  if (a.length !== b.length) throw new Error(`relativeError: lengths differ (${a.length} vs ${b.length})`);
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]), Math.abs(b[i]));
  const floor = Math.max(scaleFraction * scale, 1e-12);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = Math.abs(a[i] - b[i]);
    worst = Math.max(worst, difference / Math.max(Math.abs(a[i]), Math.abs(b[i]), floor));
  }
  return worst;
}

/** Relative error per parameter of two gradient sets (names of `paramShapes(config)`). */
export function relativeErrors(
  config: ModelConfig,
  a: Params,
  b: Params,
  scaleFraction = 1e-3,
): Array<{ name: ParamName; error: number }> {
  return paramShapes(config).map(([name]) => ({
    name,
    error: relativeError(paramOf(a, name), paramOf(b, name), scaleFraction),
  }));
}
