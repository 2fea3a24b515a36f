/**
 * What a TF.js engine holds between calls and how data enters and leaves the device: the
 * parameters as float32 variables, the optimiser state, the training options, and the
 * conversions of batches to time-major tensors and of tensors back to float64 arrays.
 * tfjs.ts wires this state to the engine interface.
 */
import * as tf from '@tensorflow/tfjs-core';
import { paramShapes, unrolledSteps, type ModelConfig, type ParamName } from './config.ts';
import type { Batch, TrainingOptions } from './engine.ts';
import { paramOf, type NumArray, type Params } from './params.ts';
import type { BatchTensors, KernelPath } from './tfjs-gradients.ts';
import { inputsTimeMajor, toTimeMajor } from './layout.ts';
import { createOptimizer, type OptimizerState } from './tfjs-update.ts';
import { checkParams } from './validate.ts';

/** Everything one engine owns. */
export interface EngineState {
  config: ModelConfig;
  backend: string;
  kernels: KernelPath;
  /** Parameters in `paramShapes` order. */
  variables: Map<ParamName, tf.Variable>;
  optimizer: OptimizerState;
}

let engineCount = 0;

/** A float32 tensor of `values` with `shape`. */
function float32Tensor(values: NumArray, shape: number[]): tf.Tensor {
  return tf.tensor(Float32Array.from(values), shape, 'float32');
}

/**
 * New engine state: float32 variables named `rnn-engine-<n>/<param>` (variable names are
 * global in tfjs) from validated `params`, and a fresh optimiser.
 */
export function createState(
  config: ModelConfig,
  params: Params,
  settings: { backend: string; kernels: KernelPath; training: TrainingOptions },
): EngineState {
  checkParams(config, params);
  const prefix = `rnn-engine-${++engineCount}`;
  const variables = new Map<ParamName, tf.Variable>();
  for (const [name, shape] of paramShapes(config)) {
    const initial = float32Tensor(paramOf(params, name), shape);
    variables.set(name, tf.variable(initial, true, `${prefix}/${name}`));
    initial.dispose();
  }
  return { config, ...settings, variables, optimizer: createOptimizer(settings.training) };
}

/** Replaces every parameter value (validated first, so a bad set changes nothing). */
export function writeParams(state: EngineState, params: Params): void {
  checkParams(state.config, params);
  for (const [name, variable] of state.variables) {
    const value = float32Tensor(paramOf(params, name), variable.shape);
    variable.assign(value);
    value.dispose();
  }
}

/** Float64 copies of every parameter, read from the device in one transfer. */
export function readParams(state: EngineState): Params {
  const flat = tf.tidy(() => tf.concat([...state.variables.values()].map((v) => tf.reshape(v, [-1]))));
  const values = flat.dataSync();
  flat.dispose();
  const params: Params = {};
  let offset = 0;
  for (const [name, variable] of state.variables) {
    params[name] = Float64Array.from(values.subarray(offset, offset + variable.size));
    offset += variable.size;
  }
  return params;
}

/**
 * Time-major inputs x [S·B, F] for x [B, T, F] (steps T … S−1 zero: the delayed padding), as a
 * tensor the caller disposes.
 */
export function inputTensor(config: ModelConfig, x: NumArray, batchSize: number): tf.Tensor2D {
  const steps = unrolledSteps(config);
  const values = inputsTimeMajor(x, batchSize, config.window, config.inputSize, steps);
  return tf.tensor2d(values, [steps * batchSize, config.inputSize]);
}

/**
 * A batch (already validated with checkBatch) as device tensors: x [S·B, F] and the scored
 * targets y [(T−k)·B, 1] (steps k … T−1). The caller disposes them.
 */
export function uploadBatch(config: ModelConfig, batch: Batch, burnIn: number): BatchTensors {
  const { batchSize } = batch;
  const timeMajor = toTimeMajor(batch.y, batchSize, config.window, 1, new Float32Array(batchSize * config.window));
  const targets = timeMajor.subarray(burnIn * batchSize);
  return {
    batchSize,
    x: inputTensor(config, batch.x, batchSize),
    y: tf.tensor2d(targets, [targets.length, 1]),
  };
}
