/**
 * The versioned JSON model file (see docs/model-format.md):
 *   { "format": "rnn-without-library/model", "version": 1,
 *     "config": { variant, delay, inputSize, hiddenSize, outputSize, window, initialState,
 *                 cycles, horizon, noise, seed, trainSize, testSize, dtype },
 *     "metrics": { msePerStep, mse, mseEarly, mseLate, trainSteps, ... },  (optional, test set)
 *     "params": { name: { "shape": [...], "data": [row-major numbers] } } }
 * `parseModel` validates everything before returning, so a bad file never half-loads.
 */
import { checkDataSettings, type DataSettings } from '../data.ts';
import {
  configProblems,
  paramShapes,
  VARIANTS,
  type InitialState,
  type ModelConfig,
  type ParamName,
  type Variant,
} from './config.ts';
import type { Optimizer } from './engine.ts';
import { sizeOf, type DType, type Params } from './params.ts';

/** Value of the "format" field. */
export const MODEL_FORMAT = 'rnn-without-library/model';
/** The only version this code reads and writes. */
export const MODEL_FORMAT_VERSION = 1;

/**
 * Test-set metrics (as returned by `evaluate` in train.ts) and training facts recorded with a
 * model. Parsed files give msePerStep as a Float64Array.
 */
export interface ModelMetrics {
  /** Test MSE per step t, [T]. */
  msePerStep: ArrayLike<number>;
  /** Mean of msePerStep. */
  mse: number;
  /** Mean test MSE over t = 0..3. */
  mseEarly: number;
  /** Mean test MSE over t ≥ 16. */
  mseLate: number;
  trainSteps?: number;
  learningRate?: number;
  batchSize?: number;
  engine?: 'scratch' | 'tfjs';
  /** Shuffled epochs over the training set, when the run counted epochs (the original's 100). */
  epochs?: number;
  /** The update rule and Adam's ε (e.g. 1e-8, TF1's default), when recorded. */
  optimizer?: Optimizer;
  epsilon?: number;
}

/** Everything a model file holds, parsed: parameters are float64 arrays. */
export interface ModelFile {
  config: ModelConfig;
  data: DataSettings;
  /** Element type the model was trained in (written as float64 when absent). */
  dtype?: DType;
  params: Params;
  metrics?: ModelMetrics;
}

/** Rounds to `digits` significant digits (7 keeps float32 values exact enough; 17 is lossless). */
function round(value: number, digits: number): number {
  return digits >= 17 ? value : Number(value.toPrecision(digits));
}

/**
 * Writes a model file as JSON text. `significantDigits` (default 17, lossless) rounds every
 * parameter and metric value, e.g. 7 for compact float32-safe files.
 */
export function serializeModel(model: ModelFile, significantDigits = 17): string {
  const { config, data, metrics } = model;
  const dtype = model.dtype ?? 'float64';
  const params: Record<string, { shape: number[]; data: number[] }> = {};
  for (const [name, shape] of paramShapes(config)) {
    const values = model.params[name];
    if (!values || values.length !== sizeOf(shape))
      throw new Error(`cannot save: parameter ${name} is missing or has the wrong size`);
    params[name] = { shape, data: Array.from(values, (v) => round(v, significantDigits)) };
  }
  const file = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    config: {
      variant: config.variant,
      delay: config.delay,
      inputSize: config.inputSize,
      hiddenSize: config.hiddenSize,
      outputSize: config.outputSize,
      window: config.window,
      initialState: config.initialState,
      cycles: data.cycles,
      horizon: data.horizon,
      noise: data.noise,
      seed: data.seed,
      trainSize: data.trainSize,
      testSize: data.testSize,
      dtype,
    },
    ...(metrics ? { metrics: serializeMetrics(metrics, significantDigits) } : {}),
    params,
  };
  return JSON.stringify(file);
}

/** Optional metric fields, in file order. */
const OPTIONAL_METRICS = [
  'trainSteps',
  'learningRate',
  'batchSize',
  'engine',
  'epochs',
  'optimizer',
  'epsilon',
] as const;

/** Metrics as plain JSON (only the known fields, numbers rounded). */
function serializeMetrics(metrics: ModelMetrics, digits: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    msePerStep: Array.from(metrics.msePerStep, (v) => round(v, digits)),
    mse: round(metrics.mse, digits),
    mseEarly: round(metrics.mseEarly, digits),
    mseLate: round(metrics.mseLate, digits),
  };
  for (const key of OPTIONAL_METRICS) {
    if (metrics[key] !== undefined) out[key] = metrics[key];
  }
  return out;
}

/** A plain JSON object (not an array, not null). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws unless `object` has only keys from `allowed`. */
function rejectUnknownKeys(object: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) throw new Error(`${where}: unknown field ${JSON.stringify(key)}`);
  }
}

/** A finite number field, or an Error naming it. */
function numberField(object: Record<string, unknown>, key: string, where: string): number {
  const value = object[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${where}.${key}: expected a finite number, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

const CONFIG_KEYS = [
  'variant',
  'delay',
  'inputSize',
  'hiddenSize',
  'outputSize',
  'window',
  'initialState',
  'cycles',
  'horizon',
  'noise',
  'seed',
  'trainSize',
  'testSize',
  'dtype',
] as const;

/** Parses and validates the "config" object into model config, data settings and dtype. */
function parseConfig(raw: unknown): { config: ModelConfig; data: DataSettings; dtype: DType } {
  if (!isObject(raw)) throw new Error('config: expected an object');
  rejectUnknownKeys(raw, CONFIG_KEYS, 'config');
  if (!VARIANTS.includes(raw.variant as Variant)) {
    throw new Error(`config.variant: expected one of ${VARIANTS.join(', ')}, got ${JSON.stringify(raw.variant)}`);
  }
  const num = (key: string) => numberField(raw, key, 'config');
  const config: ModelConfig = {
    variant: raw.variant as Variant,
    delay: num('delay'),
    inputSize: num('inputSize'),
    hiddenSize: num('hiddenSize'),
    outputSize: num('outputSize'),
    window: num('window'),
    // Version-1 files written before the learned initial state have no such field: zero.
    initialState: (raw.initialState ?? 'zero') as InitialState,
  };
  const problems = configProblems(config);
  if (problems.length > 0) throw new Error(`config: ${problems.join('; ')}`);
  const data: DataSettings = {
    cycles: num('cycles'),
    horizon: num('horizon'),
    noise: num('noise'),
    seed: num('seed'),
    trainSize: num('trainSize'),
    testSize: num('testSize'),
  };
  try {
    checkDataSettings(data, config.window);
  } catch (error) {
    throw new Error(`config: ${(error as Error).message}`, { cause: error });
  }
  const dtype = raw.dtype ?? 'float64';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new Error(`config.dtype: expected "float32" or "float64", got ${JSON.stringify(raw.dtype)}`);
  }
  return { config, data, dtype };
}

/** Parses one parameter entry, checking its shape against `expected` and every value. */
function parseParam(name: string, raw: unknown, expected: number[]): Float64Array {
  const where = `params.${name}`;
  if (!isObject(raw)) throw new Error(`${where}: expected an object with "shape" and "data"`);
  rejectUnknownKeys(raw, ['shape', 'data'], where);
  const { shape, data } = raw;
  if (!Array.isArray(shape) || !shape.every((dim) => Number.isInteger(dim))) {
    throw new Error(`${where}: shape must be an array of integers, got ${JSON.stringify(shape)}`);
  }
  if (shape.length !== expected.length || shape.some((dim, i) => dim !== expected[i])) {
    throw new Error(`${where}: shape [${shape.join(',')}] does not match [${expected.join(',')}]`);
  }
  const length = sizeOf(expected);
  if (!Array.isArray(data)) throw new Error(`${where}: data must be an array of numbers`);
  if (data.length !== length)
    throw new Error(`${where}: data has ${data.length} values, shape [${expected.join(',')}] needs ${length}`);
  const values = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const value: unknown = data[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${where}: data[${i}] is not a finite number (${JSON.stringify(value)})`);
    }
    values[i] = value;
  }
  return values;
}

/** Parses "params": exactly the parameters of `config`, no more, no fewer. */
function parseParams(raw: unknown, config: ModelConfig): Params {
  if (!isObject(raw)) throw new Error('params: expected an object');
  const shapes = paramShapes(config);
  const known = shapes.map(([name]) => name as string);
  for (const name of Object.keys(raw)) {
    if (!known.includes(name)) throw new Error(`params.${name}: not a parameter of a ${config.variant} model`);
  }
  const params: Params = {};
  for (const [name, shape] of shapes) {
    if (!(name in raw)) throw new Error(`params.${name}: missing`);
    params[name as ParamName] = parseParam(name, raw[name], shape);
  }
  return params;
}

/** Parses the optional "metrics" object; msePerStep must have T non-negative values. */
function parseMetrics(raw: unknown, windowSize: number): ModelMetrics {
  if (!isObject(raw)) throw new Error('metrics: expected an object');
  rejectUnknownKeys(raw, ['msePerStep', 'mse', 'mseEarly', 'mseLate', ...OPTIONAL_METRICS], 'metrics');
  const perStep = raw.msePerStep;
  if (
    !Array.isArray(perStep) ||
    perStep.length !== windowSize ||
    !perStep.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)
  ) {
    throw new Error(`metrics.msePerStep: expected ${windowSize} finite non-negative numbers`);
  }
  const metrics: ModelMetrics = {
    msePerStep: Float64Array.from(perStep as number[]),
    mse: numberField(raw, 'mse', 'metrics'),
    mseEarly: numberField(raw, 'mseEarly', 'metrics'),
    mseLate: numberField(raw, 'mseLate', 'metrics'),
  };
  for (const key of ['trainSteps', 'learningRate', 'batchSize', 'epochs', 'epsilon'] as const) {
    if (key in raw) metrics[key] = numberField(raw, key, 'metrics');
  }
  if ('optimizer' in raw) {
    if (raw.optimizer !== 'adam' && raw.optimizer !== 'sgd')
      throw new Error(`metrics.optimizer: expected "adam" or "sgd", got ${JSON.stringify(raw.optimizer)}`);
    metrics.optimizer = raw.optimizer;
  }
  if ('engine' in raw) {
    if (raw.engine !== 'scratch' && raw.engine !== 'tfjs')
      throw new Error(`metrics.engine: expected "scratch" or "tfjs", got ${JSON.stringify(raw.engine)}`);
    metrics.engine = raw.engine;
  }
  return metrics;
}

/**
 * Reads a model file from JSON text or an already-parsed value. Validates the format tag,
 * version, config (configProblems and data settings), every parameter (present, exact shape,
 * finite values, no extras) and the metrics; throws an Error naming the first problem.
 */
export function parseModel(input: unknown): ModelFile {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (error) {
      throw new Error(`model file is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!isObject(raw)) throw new Error('model file: expected a JSON object');
  rejectUnknownKeys(raw, ['format', 'version', 'config', 'metrics', 'params'], 'model file');
  if (raw.format !== MODEL_FORMAT) {
    throw new Error(`format: expected ${JSON.stringify(MODEL_FORMAT)}, got ${JSON.stringify(raw.format)}`);
  }
  if (raw.version !== MODEL_FORMAT_VERSION) {
    throw new Error(`version: only version ${MODEL_FORMAT_VERSION} is supported, got ${JSON.stringify(raw.version)}`);
  }
  const { config, data, dtype } = parseConfig(raw.config);
  const params = parseParams(raw.params, config);
  const model: ModelFile = { config, data, dtype, params };
  if (raw.metrics !== undefined) model.metrics = parseMetrics(raw.metrics, config.window);
  return model;
}
