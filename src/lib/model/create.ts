/**
 * One factory for both engines. TensorFlow.js is imported lazily, so code that only uses the
 * scratch engine never loads it.
 */
import type { ModelConfig } from './config.ts';
import type { AdamOptions, RnnEngine } from './engine.ts';
import type { DType, Params } from './params.ts';
import { createScratchEngine } from './scratch.ts';

/** Which implementation runs the model. */
export type EngineKind = 'scratch' | 'tfjs';

/** Options for `createEngine`; each engine reads the fields that apply to it. */
export interface EngineOptions {
  /** Scratch only: element type of parameters and activations (default float64). */
  dtype?: DType;
  /** Adam settings; missing fields take ADAM_DEFAULTS. */
  adam?: Partial<AdamOptions>;
  /** TF.js only: the backend the caller already activated (checked against tf.getBackend()). */
  backend?: 'cpu' | 'webgl' | 'wasm';
}

/**
 * Creates an engine of `kind` for `config`, starting from a copy of `params`. For 'tfjs' the
 * caller must have set up a backend first (in Node: import '@tensorflow/tfjs-backend-cpu'
 * and await tf.setBackend('cpu')).
 */
export async function createEngine(
  kind: EngineKind,
  config: ModelConfig,
  params: Params,
  options: EngineOptions = {},
): Promise<RnnEngine> {
  if (kind === 'scratch') return createScratchEngine(config, params, { dtype: options.dtype, adam: options.adam });
  if (kind === 'tfjs') {
    const { createTfjsEngine } = await import('./tfjs.ts');
    return createTfjsEngine(config, params, { backend: options.backend, adam: options.adam });
  }
  throw new Error(`unknown engine ${JSON.stringify(kind)}: expected scratch or tfjs`);
}
