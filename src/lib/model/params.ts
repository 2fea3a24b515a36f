/**
 * Parameter storage shared by both engines: one flat row-major typed array per parameter.
 */
import { streamRng, type Rng } from '../rng.ts';
import { paramShapes, type ModelConfig, type ParamName } from './config.ts';

/** Element type of the scratch engine's arithmetic. */
export type DType = 'float64' | 'float32';

/** A flat row-major array of numbers. */
export type NumArray = Float64Array | Float32Array;

/** Every parameter of a model by name; absent names do not belong to the variant. */
export type Params = Partial<Record<ParamName, NumArray>>;

/**
 * The parameter `name` of a set (typed arrays, tensors, …); throws when the variant has no such
 * parameter (e.g. `Wxh_b` of a synced model). The one accessor for "this parameter must exist".
 */
export function paramOf<T>(params: Partial<Record<ParamName, T>>, name: ParamName): T {
  const value = params[name];
  if (value === undefined) throw new Error(`parameter ${name} is missing`);
  return value;
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** Allocates a zeroed typed array of the given element type. */
export function allocate(length: number, dtype: DType): NumArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/**
 * Glorot-uniform initialisation (the original's Xavier initialiser): every weight matrix
 * [fanIn, fanOut] is drawn from U(−a, a) with a = √(6 / (fanIn + fanOut)); biases start at 0.
 * Parameters are drawn in `paramShapes` order, so the same seed gives the same weights.
 */
export function initParams(config: ModelConfig, rng: Rng, dtype: DType = 'float64'): Params {
  const params: Params = {};
  for (const [name, shape] of paramShapes(config)) {
    const values = allocate(sizeOf(shape), dtype);
    if (shape.length === 2) {
      const limit = Math.sqrt(6 / (shape[0] + shape[1]));
      for (let i = 0; i < values.length; i++) values[i] = rng.uniform(-limit, limit);
    }
    params[name] = values;
  }
  return params;
}

/**
 * The initial weights of `seed`: {@link initParams} drawn from a stream reserved for weights,
 * so they share no draws with the data or the batch order of the same seed. The CLI, the
 * pretrained models and every demo start from these, so one seed means one set of weights.
 */
export function seededParams(config: ModelConfig, seed: number, dtype: DType = 'float64'): Params {
  return initParams(config, streamRng(seed, 'weights'), dtype);
}

/** Deep copy of a parameter set, optionally converting the element type. */
export function cloneParams(params: Params, dtype?: DType): Params {
  const copy: Params = {};
  for (const [name, values] of Object.entries(params) as Array<[ParamName, NumArray]>) {
    const target = dtype ?? (values instanceof Float64Array ? 'float64' : 'float32');
    const out = allocate(values.length, target);
    out.set(values);
    copy[name] = out;
  }
  return copy;
}
