/**
 * One factory for both engines. TensorFlow.js and the WebAssembly kernels are imported lazily,
 * so code that only uses the TypeScript scratch engine never loads them.
 */
import type { BackendName } from './backend.ts';
import type { ModelConfig } from './config.ts';
import type { AdamOptions, RnnEngine, TrainingOptions } from './engine.ts';
import type { DType, Params } from './params.ts';
import { createScratchEngine } from './scratch.ts';
import type { Kernels } from './scratch-ops.ts';
import type { KernelPath } from './tfjs-gradients.ts';

/** Which implementation runs the model. */
export type EngineKind = 'scratch' | 'tfjs';

/**
 * The scratch engine's kernels: 'js' the TypeScript reference, 'simd' WebAssembly with 128-bit
 * SIMD (float32 only), 'auto' SIMD where this runtime validates a SIMD module, else 'js'.
 */
export type KernelChoice = 'auto' | 'js' | 'simd';

/** Options for `createEngine`; each engine reads the fields that apply to it. */
export interface EngineOptions {
  /** Scratch only: element type of parameters and activations (default float64). */
  dtype?: DType;
  /** Scratch only: which kernels (default 'auto'; float64 always runs on 'js'). */
  kernels?: KernelChoice;
  /** How to train; missing fields take TRAINING_OPTION_DEFAULTS. */
  training?: Partial<TrainingOptions>;
  /** Adam settings (older spelling of the same fields of `training`). */
  adam?: Partial<AdamOptions>;
  /** TF.js only: the backend the caller already activated (checked against tf.getBackend()). */
  backend?: BackendName;
  /**
   * TF.js only: how gradients are computed, `reference` (autodiff) or `fused` (hand-derived
   * BPTT on fused kernels); default fused on WebGL 2, reference elsewhere (see tfjs.ts).
   */
  tfjsKernels?: KernelPath;
}

/**
 * The kernels for a scratch engine of `dtype`: the SIMD ones when chosen (or available under
 * 'auto') and the dtype is float32, else the TypeScript ones. Throws when 'simd' is asked for
 * float64 or where WebAssembly SIMD is missing.
 */
export async function scratchKernels(dtype: DType, choice: KernelChoice = 'auto'): Promise<Kernels> {
  if (choice === 'simd' && dtype !== 'float32') throw new Error('the SIMD kernels compute in float32 only');
  if (choice === 'js' || dtype === 'float64') {
    const { createJsKernels } = await import('./scratch-ops.ts');
    return createJsKernels(dtype);
  }
  const simd = await import('./simd/simd-kernels.ts');
  if (choice === 'auto' && !simd.simdSupported()) {
    const { createJsKernels } = await import('./scratch-ops.ts');
    return createJsKernels(dtype);
  }
  return simd.createSimdKernels();
}

/**
 * Creates an engine of `kind` for `config`, starting from a copy of `params`. For 'tfjs' the
 * caller must have set up a backend first (in Node: import '@tensorflow/tfjs-backend-cpu'
 * and await tf.setBackend('cpu')). The engine validates its inputs once, on creation.
 */
export async function createEngine(
  kind: EngineKind,
  config: ModelConfig,
  params: Params,
  options: EngineOptions = {},
): Promise<RnnEngine> {
  if (kind === 'scratch') {
    const dtype = options.dtype ?? 'float64';
    const kernels = await scratchKernels(dtype, options.kernels);
    return createScratchEngine(config, params, { kernels, training: options.training, adam: options.adam });
  }
  if (kind === 'tfjs') {
    const { createTfjsEngine } = await import('./tfjs.ts');
    const { backend, adam, training, tfjsKernels } = options;
    return createTfjsEngine(config, params, { backend, adam, training, kernels: tfjsKernels });
  }
  throw new Error(`unknown engine ${JSON.stringify(kind)}: expected scratch or tfjs`);
}
