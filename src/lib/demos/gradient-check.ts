/**
 * The gradient check's pure side: its settings (URL keys `gc.variant`, `gc.seed`), the small
 * model and batch it checks, and the comparison of the three gradients per parameter.
 */
import { relativeError } from '../gradcheck.ts';
import { makeConfig, paramShapes, VARIANTS, type ModelConfig, type ParamName, type Variant } from '../model/config.ts';
import type { Batch } from '../model/engine.ts';
import { initParams, paramOf, type Params } from '../model/params.ts';
import { createRng } from '../rng.ts';
import { defineSchema, type StateOf } from '../state.ts';
import type { Preset } from './teacher.ts';

/** URL keys `gc.variant` and `gc.seed`. */
export const GRADCHECK_SCHEMA = defineSchema(
  {
    variant: { kind: 'enum', values: VARIANTS, default: 'synced' },
    seed: { kind: 'int', min: 0, max: 2 ** 31 - 1, default: 1 },
  },
  { prefix: 'gc.' },
);

/** The gradient check's settings. */
export type GradcheckState = StateOf<typeof GRADCHECK_SCHEMA>;

/** One click per variant, with the weights of the default seed. */
export const GRADCHECK_PRESETS: readonly Preset<typeof GRADCHECK_SCHEMA>[] = VARIANTS.map((variant) => ({
  id: variant,
  label: `variant.${variant}`,
  values: { variant },
}));

/** The small model of the check: F = 1, H = 4, O = 3, T = 8 (delay 2 when delayed). */
export function checkConfig(variant: Variant): ModelConfig {
  return makeConfig(variant, { delay: 2, inputSize: 1, hiddenSize: 4, outputSize: 3, window: 8 });
}

/** Seeded weights (Glorot) with non-zero biases, and a batch of two sine windows (B = 2). */
export function checkProblem(config: ModelConfig, seed: number): { params: Params; batch: Batch } {
  const rng = createRng(seed);
  const params = initParams(config, rng);
  for (const [name, shape] of paramShapes(config)) {
    if (shape.length === 1) params[name] = Float64Array.from({ length: shape[0] }, () => rng.uniform(-0.5, 0.5));
  }
  const T = config.window;
  const phases = [rng.uniform(0, 2 * Math.PI), rng.uniform(0, 2 * Math.PI)];
  const wave = (i: number, shift: number) => Math.sin(0.8 * ((i % T) + shift) + phases[Math.floor(i / T)]);
  const x = Float64Array.from({ length: 2 * T }, (_, i) => wave(i, 0));
  const y = Float64Array.from({ length: 2 * T }, (_, i) => wave(i, 2));
  return { params, batch: { batchSize: 2, x, y } };
}

/** One parameter's three gradients and their relative errors against finite differences. */
export interface GradientRow {
  name: ParamName;
  shape: number[];
  /** Relative error of BPTT against finite differences. */
  errorBptt: number;
  /** Relative error of TensorFlow.js against finite differences (NaN without TensorFlow.js). */
  errorTfjs: number;
  bptt: Float64Array | Float32Array;
  tfjs: Float64Array | Float32Array | null;
  fd: Float64Array | Float32Array;
}

/** Compares the gradients parameter by parameter; `tfjs` is null when TensorFlow.js could not run. */
export function compareGradients(config: ModelConfig, bptt: Params, tfjs: Params | null, fd: Params): GradientRow[] {
  return paramShapes(config).map(([name, shape]) => {
    const reference = paramOf(fd, name);
    const tfjsValues = tfjs ? paramOf(tfjs, name) : null;
    return {
      name,
      shape,
      errorBptt: relativeError(paramOf(bptt, name), reference),
      errorTfjs: tfjsValues ? relativeError(tfjsValues, reference) : NaN,
      bptt: paramOf(bptt, name),
      tfjs: tfjsValues,
      fd: reference,
    };
  });
}

/** The largest errors over all rows (NaN for TensorFlow.js when it did not run). */
export function largestErrors(rows: readonly GradientRow[]): { bptt: number; tfjs: number; overall: number } {
  const bptt = Math.max(...rows.map((row) => row.errorBptt));
  const tfjs = rows.some((row) => row.tfjs) ? Math.max(...rows.map((row) => row.errorTfjs)) : NaN;
  return { bptt, tfjs, overall: Number.isNaN(tfjs) ? bptt : Math.max(bptt, tfjs) };
}
