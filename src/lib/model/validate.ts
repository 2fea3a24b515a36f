/**
 * Input checks shared by the engines: parameters and optimiser states against a config, batches
 * against a config.
 * Each throws an Error whose message names the offending item, before anything is changed.
 */
import { configProblems, paramShapes, type ModelConfig, type ParamName } from './config.ts';
import type { Batch, OptimizerSnapshot } from './engine.ts';
import { sizeOf, type NumArray, type Params } from './params.ts';

/** Throws if the config is invalid (all problems in one message). */
export function checkConfig(config: ModelConfig): void {
  const problems = configProblems(config);
  if (problems.length > 0) throw new Error(`invalid model config: ${problems.join('; ')}`);
}

/**
 * Throws unless `params` holds exactly the parameters of `config`: every expected name with
 * the expected number of elements, no extra names, every value finite. `label` names what the
 * arrays are in messages (the parameters, or an optimiser moment of the same shapes).
 */
export function checkParams(config: ModelConfig, params: Params, label = 'parameter'): void {
  const expected = new Map(paramShapes(config));
  for (const name of Object.keys(params)) {
    if (!expected.has(name as ParamName)) throw new Error(`unexpected ${label} ${name} for variant ${config.variant}`);
  }
  for (const [name, shape] of expected) {
    const values = params[name];
    if (!values) throw new Error(`${label} ${name} is missing`);
    const length = sizeOf(shape);
    if (values.length !== length) {
      throw new Error(`${label} ${name} has ${values.length} values, expected ${length} (shape [${shape.join(', ')}])`);
    }
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) throw new Error(`${label} ${name}[${i}] is not finite (${values[i]})`);
    }
  }
}

/**
 * Throws unless `state` is an optimiser state for `config` (see {@link OptimizerSnapshot}):
 * t an integer ≥ 0, both moments shaped like the parameters with finite values, and the second
 * moment v ≥ 0 everywhere (it is a mean of squares; √v of a negative entry would be NaN).
 */
export function checkOptimizerSnapshot(config: ModelConfig, state: OptimizerSnapshot): void {
  if (typeof state !== 'object' || state === null) throw new Error('optimizer state must be an object');
  if (!Number.isInteger(state.step) || state.step < 0) {
    throw new Error(`optimizer step must be an integer ≥ 0, got ${state.step}`);
  }
  for (const moment of ['moment1', 'moment2'] as const) {
    const values = state[moment] as Params | undefined;
    if (typeof values !== 'object' || values === null) throw new Error(`optimizer ${moment} is missing`);
    checkParams(config, values, `optimizer ${moment}`);
  }
  for (const [name, values] of Object.entries(state.moment2) as Array<[ParamName, NumArray]>) {
    const negative = values.findIndex((value) => value < 0);
    if (negative >= 0) throw new Error(`optimizer moment2 ${name}[${negative}] is negative (${values[negative]})`);
  }
}

/** Throws unless the batch size is a positive integer. */
export function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  }
}

/** Throws unless `values` has exactly `length` finite numbers; `label` names it in messages. */
export function checkFiniteArray(label: string, values: ArrayLike<number>, length: number, shape: string): void {
  if (values.length !== length) {
    throw new Error(`${label} has ${values.length} values, expected ${length} (${shape})`);
  }
  for (let i = 0; i < length; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`${label}[${i}] is not finite (${values[i]})`);
  }
}

/** Throws unless x is [B, T, F] of finite numbers. */
export function checkInputs(config: ModelConfig, x: ArrayLike<number>, batchSize: number): void {
  checkBatchSize(batchSize);
  const { window: T, inputSize: F } = config;
  checkFiniteArray('batch x', x, batchSize * T * F, `B×T×F = ${batchSize}×${T}×${F}`);
}

/** Throws unless the batch has x [B, T, F] and y [B, T] of finite numbers. */
export function checkBatch(config: ModelConfig, batch: Batch): void {
  checkInputs(config, batch.x, batch.batchSize);
  checkFiniteArray('batch y', batch.y, batch.batchSize * config.window, `B×T = ${batch.batchSize}×${config.window}`);
}
