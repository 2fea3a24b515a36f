/**
 * The TensorFlow.js engine: the same model as the scratch engine on tfjs-core tensors, running
 * in Node, a Web Worker or the page on whichever backend the caller activated (backend.ts).
 * The story of one training step, one file per step, each calling only the ones below it:
 *   tfjs-state.ts      the parameters as variables; a batch uploaded as time-major tensors
 *   tfjs-graph.ts      1. the forward pass and loss as a graph of tfjs-core ops
 *   tfjs-gradients.ts  2. loss and gradients: autodiff through that graph (`reference`), or
 *   tfjs-bptt.ts          the hand-derived BPTT on the fused kernels of tfjs-kernels.ts (`fused`)
 *   tfjs-update.ts     3. clipping, then Adam or SGD, applied on the device when the step is finite
 * This file creates the engine, runs steps and reads their statuses back once per call.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { unrolledSteps, type ModelConfig } from './config.ts';
import {
  TRAINING_OPTION_DEFAULTS,
  type AdamOptions,
  type Batch,
  type LossAndGrads,
  type RnnEngine,
  type StepStats,
  type TrainingOptions,
} from './engine.ts';
import { paramOf, type NumArray, type Params } from './params.ts';
import {
  forwardPass,
  inputGradient,
  lossAndGradients,
  type ForwardTensors,
  type KernelPath,
} from './tfjs-gradients.ts';
import { fusedKernelsAvailable, registerFusedKernels } from './tfjs-kernels.ts';
import { toBatchMajor } from './layout.ts';
import { checkTrainingOptions } from './adam.ts';
import type { BackendName } from './backend.ts';
import { createState, inputTensor, readParams, uploadBatch, writeParams, type EngineState } from './tfjs-state.ts';
import { applyUpdate, initialStatus, readMoments, resetOptimizer, stepSizes, writeMoments } from './tfjs-update.ts';
import { checkBatch, checkConfig, checkInputs, checkOptimizerSnapshot } from './validate.ts';

/** Options of {@link createTfjsEngine}. */
export interface TfjsEngineOptions {
  /** Backend the caller already activated; asserted against tf.getBackend(). */
  backend?: BackendName;
  /** Adam settings (kept for callers that only set these); `training` overrides them. */
  adam?: Partial<AdamOptions>;
  /** How to train; missing fields take TRAINING_OPTION_DEFAULTS. */
  training?: Partial<TrainingOptions>;
  /**
   * `reference` (autodiff) or `fused` (hand-derived BPTT on fused kernels). Default: fused on
   * WebGL 2, reference elsewhere; fused falls back to reference where its kernels do not run
   * (wasm, WebGL 1).
   */
  kernels?: KernelPath;
}

/** Hidden states of one forward pass, batch-major. */
export interface HiddenStates {
  /** Forward states h, [B, S, H] (S = T + d for `delayed`, else T). */
  forward: Float64Array;
  /** Backward states g, [B, T, H] in time order (`bidirectional` only). */
  backward?: Float64Array;
}

/** The TF.js engine: the {@link RnnEngine} contract plus introspection for the demos. */
export interface TfjsEngine extends RnnEngine {
  readonly kind: 'tfjs';
  /** The backend the engine runs on (tf.getBackend() when it was created). */
  readonly backend: string;
  /** The path that computes gradients (after any fallback). */
  readonly kernels: KernelPath;
  /** Hidden states for inputs x [B, T, F]. */
  hiddenStates(x: NumArray, batchSize: number): Promise<HiddenStates>;
  /** ∂ŷ_t/∂x for one window x [T, F], returned as [T, F] (i.e. [T] when F = 1). */
  inputGradient(x: NumArray, t: number): Promise<Float64Array>;
}

/**
 * The kernel path for the active backend: what was asked for, if it runs here; by default
 * fused on WebGL (fewer dispatches; bench:kernels shows it at least as fast on software WebGL
 * too) and reference elsewhere, where the tfjs-core ops are the faster-maintained kernels.
 */
function chooseKernels(requested: KernelPath | undefined): KernelPath {
  if (!fusedKernelsAvailable() || requested === 'reference') return 'reference';
  return requested ?? (tf.getBackend() === 'webgl' ? 'fused' : 'reference');
}

/**
 * Creates a TF.js engine for `config` starting from `params` (copied to float32 variables).
 * The caller must have activated a backend (tf.setBackend or selectBackend); when
 * `options.backend` is given, a different active backend is an Error. Config, parameters and
 * training options are validated here, once.
 */
export async function createTfjsEngine(
  config: ModelConfig,
  params: Params,
  options: TfjsEngineOptions = {},
): Promise<TfjsEngine> {
  checkConfig(config);
  await tf.ready();
  const backend = tf.getBackend();
  if (options.backend && backend !== options.backend) {
    throw new Error(
      `TF.js engine: backend ${options.backend} requested but ${backend} is active; set it up first (selectBackend)`,
    );
  }
  const training = { ...TRAINING_OPTION_DEFAULTS, ...options.adam, ...options.training };
  checkTrainingOptions(training, config.window);
  const kernels = chooseKernels(options.kernels);
  if (kernels === 'fused') registerFusedKernels();
  return buildEngine(createState({ ...config }, params, { backend, kernels, training }));
}

/**
 * One update per batch; every step's status stays on the device and all of them are read back
 * in one transfer at the end. A step whose loss or gradient is not finite is not applied (its
 * gradient norm reads NaN); later steps go on from the parameters before it.
 */
async function trainSteps(state: EngineState, batches: readonly Batch[]): Promise<StepStats> {
  for (const batch of batches) checkBatch(state.config, batch);
  const { burnIn } = state.optimizer.options;
  const statuses: tf.Tensor1D[] = [];
  const initial = initialStatus();
  const sizes = stepSizes(state.optimizer, batches.length);
  let previous = initial;
  let values: Float32Array;
  try {
    for (const batch of batches) {
      const tensors = uploadBatch(state.config, batch, burnIn);
      const status = tf.tidy(() => {
        const result = lossAndGradients(state.kernels, state.config, state.variables, tensors, burnIn);
        return applyUpdate(state.kernels, state.optimizer, state.variables, result, { previous, stepSizes: sizes });
      });
      tf.dispose([tensors.x, tensors.y]);
      statuses.push(status);
      previous = status;
    }
    const stacked = tf.tidy(() => tf.concat([tf.tensor1d([]), ...statuses]));
    values = (await stacked.data()) as Float32Array;
    stacked.dispose();
  } finally {
    tf.dispose([...statuses, initial, sizes]);
  }
  return readStatuses(state, values);
}

/**
 * Splits the statuses [n·4] into losses and norms and counts the applied steps into Adam's t
 * (SGD has no step count: t stays 0, as in the scratch engine, so both report the same state).
 */
function readStatuses(state: EngineState, values: Float32Array): StepStats {
  const count = values.length / 4;
  const losses = new Float64Array(count);
  const gradNorms = new Float64Array(count);
  const adam = state.optimizer.options.optimizer === 'adam';
  for (let i = 0; i < count; i++) {
    losses[i] = values[4 * i];
    gradNorms[i] = values[4 * i + 1];
    if (adam && values[4 * i + 2] > 0.5) state.optimizer.step++;
  }
  return { losses, gradNorms };
}

/** One step; throws when it was not applied because its loss or gradient is not finite. */
async function trainStep(state: EngineState, batch: Batch): Promise<number> {
  const { losses, gradNorms } = await trainSteps(state, [batch]);
  const [loss, norm] = [losses[0], gradNorms[0]];
  if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
    throw new Error(
      `TF.js engine: non-finite ${Number.isFinite(loss) ? 'gradient' : `loss (${loss})`}; parameters left unchanged (lower the learning rate)`,
    );
  }
  return loss;
}

/** Loss and float64 copies of every gradient, parameters unchanged; one read-back. */
async function lossAndGrads(state: EngineState, batch: Batch): Promise<LossAndGrads> {
  checkBatch(state.config, batch);
  const { burnIn } = state.optimizer.options;
  const tensors = uploadBatch(state.config, batch, burnIn);
  const names = [...state.variables.keys()];
  const flat = tf.tidy(() => {
    const { loss, grads } = lossAndGradients(state.kernels, state.config, state.variables, tensors, burnIn);
    const flatGrads = names.map((name) => tf.reshape(paramOf(Object.fromEntries(grads), name), [-1]));
    return tf.concat([tf.reshape(loss, [1]), ...flatGrads]);
  });
  tf.dispose([tensors.x, tensors.y]);
  const values = await flat.data();
  flat.dispose();
  const grads: Params = {};
  let offset = 1;
  for (const [name, variable] of state.variables) {
    grads[name] = Float64Array.from(values.subarray(offset, offset + variable.size));
    offset += variable.size;
  }
  return { loss: values[0], grads };
}

/**
 * Runs the forward pass on x [B, T, F] and reads the time-major tensors `pick` selects, each
 * [S·B, K]: predictions (K = 1), forward states, backward states.
 */
async function forwardRead(
  state: EngineState,
  x: NumArray,
  batchSize: number,
  pick: (forward: ForwardTensors) => tf.Tensor[],
): Promise<Float32Array[]> {
  checkInputs(state.config, x, batchSize);
  const inputs = inputTensor(state.config, x, batchSize);
  const outputs = tf.tidy(() => pick(forwardPass(state.kernels, state.config, state.variables, inputs, batchSize)));
  inputs.dispose();
  try {
    const flat = tf.tidy(() => tf.concat(outputs.map((tensor) => tf.reshape(tensor, [-1]))));
    const values = (await flat.data()) as Float32Array;
    flat.dispose();
    let offset = 0;
    return outputs.map((tensor) => values.subarray(offset, (offset += tensor.size)));
  } finally {
    tf.dispose(outputs);
  }
}

/** Time-major [S, B, K] → a new batch-major float64 array [B, S, K]. */
function batchMajor(values: ArrayLike<number>, steps: number, batchSize: number, width: number): Float64Array {
  const out = new Float64Array(steps * batchSize * width);
  toBatchMajor(values, 0, steps, batchSize, width, out);
  return out;
}

/** Predictions ŷ [B, T] for inputs x [B, T, F]. */
async function predict(state: EngineState, x: NumArray, batchSize: number): Promise<Float64Array> {
  const [values] = await forwardRead(state, x, batchSize, (forward) => [forward.predictions]);
  return batchMajor(values, state.config.window, batchSize, 1);
}

/** Forward (and backward) hidden states, batch-major. */
async function hiddenStates(state: EngineState, x: NumArray, batchSize: number): Promise<HiddenStates> {
  const { config } = state;
  const [forward, backward] = await forwardRead(state, x, batchSize, (pass) => [
    pass.states,
    ...(pass.backStates ? [pass.backStates] : []),
  ]);
  const result: HiddenStates = { forward: batchMajor(forward, unrolledSteps(config), batchSize, config.hiddenSize) };
  if (backward) result.backward = batchMajor(backward, config.window, batchSize, config.hiddenSize);
  return result;
}

/** ∂ŷ_t/∂x for one window x [T, F] (B = 1), as [T, F]; tfjs autodiff with respect to the input. */
async function inputGradientOf(state: EngineState, x: NumArray, t: number): Promise<Float64Array> {
  const { config } = state;
  if (!Number.isInteger(t) || t < 0 || t >= config.window)
    throw new Error(`t must be an integer in [0, ${config.window}), got ${t}`);
  checkInputs(config, x, 1);
  const inputs = inputTensor(config, x, 1);
  const gradient = tf.tidy(() => inputGradient(config, state.variables, inputs, t));
  inputs.dispose();
  try {
    return Float64Array.from(await gradient.data());
  } finally {
    gradient.dispose();
  }
}

/** Changes how later steps train; a different optimizer starts from fresh moments. */
function configureTraining(state: EngineState, options: Partial<TrainingOptions>): void {
  const next = { ...state.optimizer.options, ...options };
  checkTrainingOptions(next, state.config.window);
  if (next.optimizer !== state.optimizer.options.optimizer) resetOptimizer(state.optimizer);
  state.optimizer.options = next;
}

/** Wires the state to the engine interface. */
function buildEngine(state: EngineState): TfjsEngine {
  return {
    kind: 'tfjs',
    config: state.config,
    backend: state.backend,
    kernels: state.kernels,
    predict: (x, batchSize) => predict(state, x, batchSize),
    lossAndGrads: (batch) => lossAndGrads(state, batch),
    trainStep: (batch) => trainStep(state, batch),
    trainSteps: (batches) => trainSteps(state, batches),
    configureTraining: (options) => configureTraining(state, options),
    getParams: () => readParams(state),
    setParams(params: Params) {
      writeParams(state, params);
      resetOptimizer(state.optimizer);
    },
    getOptimizerState: () => readMoments(state.optimizer, state.variables),
    setOptimizerState(snapshot) {
      checkOptimizerSnapshot(state.config, snapshot);
      writeMoments(state.kernels, state.optimizer, state.variables, snapshot);
    },
    hiddenStates: (x, batchSize) => hiddenStates(state, x, batchSize),
    inputGradient: (x, t) => inputGradientOf(state, x, t),
    dispose() {
      resetOptimizer(state.optimizer);
      for (const variable of state.variables.values()) variable.dispose();
      state.variables.clear();
    },
  };
}

/**
 * ∂ŷ_t/∂x_s for s = 0 … T−1 of one window x [T, F] — how much each input step moves the
 * prediction at step t (the receptive field). Returns [T, F] row-major, i.e. [T] when F = 1.
 * Accepts a live engine, or a config and parameters (a temporary engine on the active backend).
 */
export async function tfjsInputGradient(
  source: TfjsEngine | { config: ModelConfig; params: Params },
  x: NumArray,
  t: number,
): Promise<Float64Array> {
  if ('inputGradient' in source) return source.inputGradient(x, t);
  const engine = await createTfjsEngine(source.config, source.params);
  try {
    return await engine.inputGradient(x, t);
  } finally {
    engine.dispose();
  }
}
