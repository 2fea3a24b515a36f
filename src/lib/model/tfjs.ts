/**
 * The TensorFlow.js engine: the same model as the scratch engine, with the forward pass
 * built from tfjs-core ops (see tfjs-graph.ts), gradients from tfjs autodiff
 * (tf.variableGrads) and tf.train.adam as the optimiser. Framework-free: runs in Node, a
 * Web Worker or the page on whichever backend the caller activated (see backend.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { unrolledSteps, type ModelConfig, type ParamName } from './config.ts';
import { ADAM_DEFAULTS, type AdamOptions, type Batch, type LossAndGrads, type RnnEngine } from './engine.ts';
import type { NumArray, Params } from './params.ts';
import { forwardGraph, meanSquaredError, type ForwardGraph, type ParamTensors } from './tfjs-graph.ts';
import { batchMajor, checkedParams, inputsTimeMajor, targetsTimeMajor } from './tfjs-layout.ts';
import { checkBatch, checkConfig, checkInputs } from './validate.ts';
import { checkAdamOptions } from './adam.ts';

/** A TF.js backend this project can run on. */
export type TfjsBackendName = 'cpu' | 'webgl' | 'wasm';

/** Options of {@link createTfjsEngine}. */
export interface TfjsEngineOptions {
  /** Backend the caller already activated; asserted against tf.getBackend(). */
  backend?: TfjsBackendName;
  /** Adam settings; missing fields take {@link ADAM_DEFAULTS}. */
  adam?: Partial<AdamOptions>;
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
  /** Hidden states for inputs x [B, T, F]. */
  hiddenStates(x: NumArray, batchSize: number): Promise<HiddenStates>;
  /** ∂ŷ_t/∂x for one window x [T, F], returned as [T, F] (i.e. [T] when F = 1). */
  inputGradient(x: NumArray, t: number): Promise<Float64Array>;
}

let engineCount = 0;

/** Creates Adam with TF's parameterisation lr, β1, β2, ε. */
function createAdam(options: AdamOptions): tf.AdamOptimizer {
  return tf.train.adam(options.learningRate, options.beta1, options.beta2, options.epsilon);
}

/** Float32 variables for the parameters, named `<prefix>/<param>` (names are global in tfjs). */
function createVariables(config: ModelConfig, params: Params, prefix: string): Map<ParamName, tf.Variable> {
  const variables = new Map<ParamName, tf.Variable>();
  for (const [name, shape, values] of checkedParams(config, params)) {
    const initial = tf.tensor(Float32Array.from(values), shape);
    variables.set(name, tf.variable(initial, true, `${prefix}/${name}`));
    initial.dispose();
  }
  return variables;
}

/**
 * Creates a TF.js engine for `config` starting from `params` (copied to float32 variables).
 * The caller must have activated a backend (tf.setBackend or selectBackend); when
 * `options.backend` is given, a different active backend is an Error.
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
  const adamOptions: AdamOptions = { ...ADAM_DEFAULTS, ...options.adam };
  checkAdamOptions(adamOptions);
  const prefix = `rnn-engine-${++engineCount}`;
  const variables = createVariables(config, params, prefix);
  return buildEngine({ config, backend, variables, adamOptions, optimizer: createAdam(adamOptions) });
}

/** Mutable state behind one engine. */
interface EngineState {
  config: ModelConfig;
  backend: string;
  variables: Map<ParamName, tf.Variable>;
  adamOptions: AdamOptions;
  optimizer: tf.AdamOptimizer;
}

/** The variables as a name → tensor record for the graph builder. */
function paramTensors(state: EngineState): ParamTensors {
  return Object.fromEntries(state.variables) as ParamTensors;
}

/** Time-major input [S, B, F] and target [T, B] tensors for a batch (caller disposes). */
function batchTensors(config: ModelConfig, batch: Batch): { inputs: tf.Tensor3D; targets: tf.Tensor2D } {
  checkBatch(config, batch);
  const { batchSize } = batch;
  const steps = unrolledSteps(config);
  const x = inputsTimeMajor(batch.x, batchSize, config.window, config.inputSize, steps);
  const y = targetsTimeMajor(batch.y, batchSize, config.window);
  return {
    inputs: tf.tensor3d(x, [steps, batchSize, config.inputSize]),
    targets: tf.tensor2d(y, [config.window, batchSize]),
  };
}

/** Gradients keyed by parameter name, plus the loss, computed by tfjs autodiff. */
interface GradientResult {
  /** [loss, finiteness probe]; the probe is 0 when every gradient entry is finite, else NaN. */
  lossAndProbe: tf.Tensor1D;
  grads: Map<ParamName, tf.Tensor>;
}

/** Loss and ∂loss/∂θ for every variable, in one tidy scope; the caller disposes the result. */
function computeGradients(state: EngineState, batch: Batch): GradientResult {
  const { inputs, targets } = batchTensors(state.config, batch);
  try {
    const names = [...state.variables.keys()];
    const result = tf.tidy(() => {
      const lossFn = () =>
        meanSquaredError(forwardGraph(state.config, paramTensors(state), inputs).predictions, targets);
      const { value, grads } = tf.variableGrads(lossFn, [...state.variables.values()]);
      const ordered = names.map((name) => grads[state.variables.get(name)!.name]);
      const probe = tf.sum(tf.mul(tf.concat(ordered.map((grad) => tf.reshape(grad, [-1]))), 0));
      return { lossAndProbe: tf.stack([value, probe]) as tf.Tensor1D, ordered };
    });
    return { lossAndProbe: result.lossAndProbe, grads: new Map(names.map((name, i) => [name, result.ordered[i]])) };
  } finally {
    inputs.dispose();
    targets.dispose();
  }
}

/** Frees every tensor of a gradient result. */
function disposeGradients(result: GradientResult): void {
  result.lossAndProbe.dispose();
  for (const grad of result.grads.values()) grad.dispose();
}

/** Reads [loss, probe] once and throws if either is not finite. */
async function readFiniteLoss(result: GradientResult): Promise<number> {
  const [loss, probe] = await result.lossAndProbe.data();
  if (!Number.isFinite(loss) || !Number.isFinite(probe)) {
    throw new Error(
      `TF.js engine: non-finite ${Number.isFinite(loss) ? 'gradient' : `loss (${loss})`}; parameters left unchanged (lower the learning rate)`,
    );
  }
  return loss;
}

/** One Adam step: gradients, finiteness check, then the update. Resolves to the pre-update loss. */
async function trainStep(state: EngineState, batch: Batch): Promise<number> {
  const result = computeGradients(state, batch);
  try {
    const loss = await readFiniteLoss(result);
    const named = [...result.grads].map(([name, tensor]) => ({ name: state.variables.get(name)!.name, tensor }));
    state.optimizer.applyGradients(named);
    return loss;
  } finally {
    disposeGradients(result);
  }
}

/** Loss and float64 copies of every gradient, parameters unchanged. */
async function lossAndGrads(state: EngineState, batch: Batch): Promise<LossAndGrads> {
  const result = computeGradients(state, batch);
  try {
    const [lossAndProbe, ...values] = await Promise.all([
      result.lossAndProbe.data(),
      ...[...result.grads.values()].map((g) => g.data()),
    ]);
    const grads: Params = {};
    [...result.grads.keys()].forEach((name, i) => (grads[name] = Float64Array.from(values[i])));
    return { loss: lossAndProbe[0], grads };
  } finally {
    disposeGradients(result);
  }
}

/** Runs the forward graph on x [B, T, F] and reads the tensors `pick` selects, in one tidy. */
async function forwardRead(
  state: EngineState,
  x: NumArray,
  batchSize: number,
  pick: (graph: ForwardGraph) => tf.Tensor[],
): Promise<Float32Array[]> {
  const { config } = state;
  checkInputs(config, x, batchSize);
  const steps = unrolledSteps(config);
  const timeMajor = inputsTimeMajor(x, batchSize, config.window, config.inputSize, steps);
  const outputs = tf.tidy(() => {
    const inputs = tf.tensor3d(timeMajor, [steps, batchSize, config.inputSize]);
    return pick(forwardGraph(config, paramTensors(state), inputs));
  });
  try {
    return (await Promise.all(outputs.map((tensor) => tensor.data()))) as Float32Array[];
  } finally {
    tf.dispose(outputs);
  }
}

/** Predictions ŷ [B, T] for inputs x [B, T, F]. */
async function predict(state: EngineState, x: NumArray, batchSize: number): Promise<Float64Array> {
  const [values] = await forwardRead(state, x, batchSize, (graph) => [graph.predictions]);
  return batchMajor(values, state.config.window, batchSize, 1);
}

/** Forward (and backward) hidden states, batch-major. */
async function hiddenStates(state: EngineState, x: NumArray, batchSize: number): Promise<HiddenStates> {
  const { config } = state;
  const [forward, backward] = await forwardRead(state, x, batchSize, (graph) => [
    tf.stack(graph.forwardStates),
    ...(graph.backwardStates ? [tf.stack(graph.backwardStates)] : []),
  ]);
  const result: HiddenStates = { forward: batchMajor(forward, unrolledSteps(config), batchSize, config.hiddenSize) };
  if (backward) result.backward = batchMajor(backward, config.window, batchSize, config.hiddenSize);
  return result;
}

/** ∂ŷ_t/∂x for one window x [T, F] (B = 1), as [T, F]; tfjs autodiff with respect to the input. */
async function inputGradient(state: EngineState, x: NumArray, t: number): Promise<Float64Array> {
  const { config } = state;
  if (!Number.isInteger(t) || t < 0 || t >= config.window)
    throw new Error(`t must be an integer in [0, ${config.window}), got ${t}`);
  checkInputs(config, x, 1);
  const steps = unrolledSteps(config);
  const timeMajor = inputsTimeMajor(x, 1, config.window, config.inputSize, steps);
  const gradient = tf.tidy(() => {
    const outputAt = (inputs: tf.Tensor) =>
      tf.reshape(
        tf.slice(forwardGraph(config, paramTensors(state), inputs as tf.Tensor3D).predictions, [t, 0], [1, 1]),
        [],
      );
    const full = tf.grad(outputAt)(tf.tensor3d(timeMajor, [steps, 1, config.inputSize]));
    return tf.slice(full, [0, 0, 0], [config.window, 1, config.inputSize]);
  });
  try {
    return Float64Array.from(await gradient.data());
  } finally {
    gradient.dispose();
  }
}

/** Float64 copies of the current parameter values. */
function getParams(state: EngineState): Params {
  const params: Params = {};
  for (const [name, variable] of state.variables) params[name] = Float64Array.from(variable.dataSync());
  return params;
}

/** Validates and assigns new parameter values, then starts a fresh Adam. */
function setParams(state: EngineState, params: Params): void {
  const checked = checkedParams(state.config, params);
  for (const [name, shape, values] of checked) {
    const value = tf.tensor(Float32Array.from(values), shape);
    state.variables.get(name)!.assign(value);
    value.dispose();
  }
  state.optimizer.dispose();
  state.optimizer = createAdam(state.adamOptions);
}

/** Wires the state to the engine interface. */
function buildEngine(state: EngineState): TfjsEngine {
  return {
    kind: 'tfjs',
    config: state.config,
    backend: state.backend,
    predict: (x, batchSize) => predict(state, x, batchSize),
    lossAndGrads: (batch) => lossAndGrads(state, batch),
    trainStep: (batch) => trainStep(state, batch),
    getParams: () => getParams(state),
    setParams: (params) => setParams(state, params),
    setLearningRate(learningRate: number) {
      const next = { ...state.adamOptions, learningRate };
      checkAdamOptions(next);
      state.adamOptions = next;
      // tf.AdamOptimizer reads its (TS-protected) learningRate field on every update, so setting
      // it changes the step size while keeping the moment estimates.
      (state.optimizer as unknown as { learningRate: number }).learningRate = learningRate;
    },
    hiddenStates: (x, batchSize) => hiddenStates(state, x, batchSize),
    inputGradient: (x, t) => inputGradient(state, x, t),
    dispose() {
      state.optimizer.dispose();
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
