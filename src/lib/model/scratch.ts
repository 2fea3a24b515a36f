/**
 * The scratch engine: the RNN of `config.ts` in plain TypeScript on typed arrays (float64 or
 * float32), with hand-derived backpropagation through time (`scratch-backward.ts`) and Adam
 * (`adam.ts`). No DOM, no TensorFlow: runs in Node, a Web Worker or the page.
 *
 * Besides the `RnnEngine` implementation this module exports synchronous helpers for tests
 * and demos: `forwardScratch`, `lossAndGradsScratch`, `hiddenStates`, `inputGradient`.
 */
import { adamUpdate, checkAdamOptions, createAdamState, type AdamState } from './adam.ts';
import { paramShapes, unrolledSteps, type ModelConfig } from './config.ts';
import { ADAM_DEFAULTS, type AdamOptions, type Batch, type LossAndGrads, type RnnEngine } from './engine.ts';
import { cloneParams, type DType, type NumArray, type Params } from './params.ts';
import { backwardInto } from './scratch-backward.ts';
import {
  createWorkspace,
  ensureCapacity,
  forwardInto,
  predictionsBatchMajor,
  type Workspace,
} from './scratch-forward.ts';
import { meanSquaredError } from './scratch-ops.ts';
import { checkBatch, checkConfig, checkInputs, checkParams } from './validate.ts';

/** Reusable buffers for `forwardScratch` / `lossAndGradsScratch` (avoid reallocating per call). */
export { createWorkspace, type Workspace } from './scratch-forward.ts';

/** Options of `createScratchEngine`. */
export interface ScratchOptions {
  /** Element type of parameters and activations (gradients and Adam moments are float64). Default float64. */
  dtype?: DType;
  /** Adam settings; missing fields take ADAM_DEFAULTS. */
  adam?: Partial<AdamOptions>;
}

/** Intermediate values of one forward pass (float64 copies, safe to keep). */
export interface ForwardResult {
  /** ŷ, [B, T]. */
  predictions: Float64Array;
  /** Forward states h_s, [S, B, H] with S = unrolled steps (T + d when delayed). */
  hidden: Float64Array;
  /** Backward states g_t, [T, B, H] (bidirectional only). */
  backHidden?: Float64Array;
  /** Output-layer activations z_t, [T, B, O]. */
  outputs: Float64Array;
}

/** Converts and keeps exactly the parameters of `config` in `dtype`. */
function ownParams(config: ModelConfig, params: Params, dtype: DType): Params {
  checkParams(config, params);
  const own: Params = {};
  for (const [name] of paramShapes(config)) own[name] = cloneParams({ [name]: params[name] }, dtype)[name];
  return own;
}

/**
 * Forward pass and loss for `batch` in `workspace`: L = mean over B·T of (ŷ − y)²; leaves
 * ∂L/∂ŷ in workspace.dPredictions. Inputs must already be validated.
 */
function forwardLoss(workspace: Workspace, params: Params, batch: Batch): number {
  const { batchSize, x, y } = batch;
  const T = workspace.config.window;
  ensureCapacity(workspace, batchSize);
  forwardInto(workspace, params, x, batchSize);
  for (let b = 0; b < batchSize; b++) {
    for (let t = 0; t < T; t++) workspace.targets[t * batchSize + b] = y[b * T + t];
  }
  return meanSquaredError(workspace.predictions, workspace.targets, T * batchSize, workspace.dPredictions);
}

/** Float64 copy of the first `length` values. */
function toFloat64(values: NumArray, length: number): Float64Array {
  return Float64Array.from(values.subarray(0, length));
}

/**
 * Synchronous forward pass for x [B, T, F]; returns ŷ [B, T] and all hidden states.
 * Validates config, params and inputs; uses `workspace` when given (else a temporary one).
 */
export function forwardScratch(
  config: ModelConfig,
  params: Params,
  x: NumArray,
  batchSize: number,
  workspace?: Workspace,
): ForwardResult {
  checkConfig(config);
  checkParams(config, params);
  checkInputs(config, x, batchSize);
  const ws = workspace ?? createWorkspace(config, 'float64', batchSize);
  ensureCapacity(ws, batchSize);
  forwardInto(ws, params, x, batchSize);
  const { window: T, hiddenSize: H, outputSize: O } = config;
  const result: ForwardResult = {
    predictions: predictionsBatchMajor(ws, batchSize),
    hidden: toFloat64(ws.hidden, unrolledSteps(config) * batchSize * H),
    outputs: toFloat64(ws.outputs, T * batchSize * O),
  };
  if (config.variant === 'bidirectional') result.backHidden = toFloat64(ws.backHidden, T * batchSize * H);
  return result;
}

/**
 * Synchronous loss and gradients (float64 copies, same shapes as the parameters) for one batch:
 * L = (1/(B·T))·Σ_{b,t} (ŷ_{b,t} − y_{b,t})², grads = ∂L/∂θ by backpropagation through time.
 */
export function lossAndGradsScratch(
  config: ModelConfig,
  params: Params,
  batch: Batch,
  workspace?: Workspace,
): LossAndGrads {
  checkConfig(config);
  checkParams(config, params);
  checkBatch(config, batch);
  const ws = workspace ?? createWorkspace(config, 'float64', batch.batchSize);
  const loss = forwardLoss(ws, params, batch);
  backwardInto(ws, params, batch.x, batch.batchSize);
  return { loss, grads: cloneParams(ws.grads, 'float64') };
}

/**
 * Hidden states of one window x [T, F]: forward states h_s [S, H] (S = T + d when delayed),
 * backward states g_t [T, H] (bidirectional) and predictions ŷ [T].
 */
export function hiddenStates(
  config: ModelConfig,
  params: Params,
  x: NumArray,
): { forward: Float64Array; backward?: Float64Array; predictions: Float64Array } {
  const result = forwardScratch(config, params, x, 1);
  return { forward: result.hidden, backward: result.backHidden, predictions: result.predictions };
}

/**
 * Sensitivity of one prediction to the whole input window: ∂ŷ_t/∂x_s for every step s, for
 * one window x [T, F]. Returns [T, F] row-major (just [T] when F = 1). Computed by one
 * backward pass seeded with ∂ŷ_t/∂ŷ_t = 1; plot |value| for a receptive-field heatmap.
 * A synced model gives 0 for s > t; delayed sees up to s = t + d; bidirectional sees all s.
 */
export function inputGradient(config: ModelConfig, params: Params, x: NumArray, t: number): Float64Array {
  if (!Number.isInteger(t) || t < 0 || t >= config.window) {
    throw new Error(`output step t must be an integer in [0, ${config.window - 1}], got ${t}`);
  }
  checkConfig(config);
  checkParams(config, params);
  checkInputs(config, x, 1);
  const workspace = createWorkspace(config, 'float64', 1);
  forwardInto(workspace, params, x, 1);
  workspace.dPredictions.fill(0);
  workspace.dPredictions[t] = 1;
  const dx = new Float64Array(config.window * config.inputSize);
  backwardInto(workspace, params, x, 1, dx);
  return dx;
}

/** Everything one scratch engine owns. */
interface ScratchState {
  config: ModelConfig;
  dtype: DType;
  params: Params;
  adam: AdamState;
  workspace: Workspace;
}

/** One Adam step on a validated batch; throws (parameters untouched) on non-finite values. */
function trainOnBatch(state: ScratchState, batch: Batch): number {
  checkBatch(state.config, batch);
  const loss = forwardLoss(state.workspace, state.params, batch);
  if (!Number.isFinite(loss)) {
    throw new Error(`training diverged: the loss is ${loss}; parameters were left unchanged (lower the learning rate)`);
  }
  backwardInto(state.workspace, state.params, batch.x, batch.batchSize);
  const failed = adamUpdate(state.adam, state.params, state.workspace.grads);
  if (failed) {
    throw new Error(
      `training diverged: the update of ${failed} is not finite; parameters were left unchanged (lower the learning rate)`,
    );
  }
  return loss;
}

/**
 * Creates the scratch engine (kind 'scratch') for `config`, starting from a copy of `params`
 * (converted to `options.dtype`, default float64). Throws if config, params or Adam options are
 * invalid. Workspaces are allocated once and grow with the largest batch seen.
 */
export function createScratchEngine(config: ModelConfig, params: Params, options: ScratchOptions = {}): RnnEngine {
  checkConfig(config);
  const dtype = options.dtype ?? 'float64';
  const ownConfig = { ...config };
  const own = ownParams(ownConfig, params, dtype);
  const adamOptions = { ...ADAM_DEFAULTS, ...options.adam };
  const state: ScratchState = {
    config: ownConfig,
    dtype,
    params: own,
    adam: createAdamState(own, adamOptions),
    workspace: createWorkspace(ownConfig, dtype, 1),
  };
  return {
    kind: 'scratch',
    config: ownConfig,
    predict: async (x, batchSize) => {
      checkInputs(state.config, x, batchSize);
      ensureCapacity(state.workspace, batchSize);
      forwardInto(state.workspace, state.params, x, batchSize);
      return predictionsBatchMajor(state.workspace, batchSize);
    },
    lossAndGrads: async (batch) => lossAndGradsScratch(state.config, state.params, batch, state.workspace),
    trainStep: async (batch) => trainOnBatch(state, batch),
    getParams: () => cloneParams(state.params, 'float64'),
    setParams: (next) => {
      state.params = ownParams(state.config, next, state.dtype);
      state.adam = createAdamState(state.params, state.adam.options);
    },
    setLearningRate: (learningRate) => {
      const next = { ...state.adam.options, learningRate };
      checkAdamOptions(next);
      state.adam.options = next;
    },
    dispose: () => {
      state.workspace = createWorkspace(state.config, state.dtype, 1);
    },
  };
}
