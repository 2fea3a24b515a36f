/**
 * The scratch engine: the RNN of `config.ts` on one flat memory (float64 or float32), with
 * hand-derived backpropagation through time (`scratch-backward.ts`), Adam or SGD and gradient
 * clipping (`adam.ts`). The arithmetic is a {@link Kernels} set: the TypeScript reference
 * (`scratch-ops.ts`) or the WebAssembly SIMD one (`simd/`). No DOM, no TensorFlow: runs in
 * Node, a Web Worker or the page.
 *
 * Besides the `RnnEngine` implementation this module exports synchronous float64 helpers for
 * tests and demos: `forwardScratch`, `lossAndGradsScratch`, `hiddenStates`, `inputGradient`.
 */
import {
  applyUpdate,
  checkTrainingOptions,
  gradientNorm,
  readOptimizer,
  resetOptimizer,
  writeOptimizer,
  type OptimizerState,
} from './adam.ts';
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
import type { DType, NumArray, Params } from './params.ts';
import { backwardInto } from './scratch-backward.ts';
import {
  createMemory,
  forwardInto,
  lossInto,
  paramAt,
  predictionsBatchMajor,
  type ScratchMemory,
} from './scratch-forward.ts';
import { readParams, writeParams } from './scratch-memory.ts';
import { createJsKernels, type Kernels } from './scratch-ops.ts';
import { checkBatch, checkConfig, checkInputs, checkOptimizerSnapshot, checkParams } from './validate.ts';

/** Options of `createScratchEngine`. */
export interface ScratchOptions {
  /** Element type of the TypeScript kernels' memory (default float64); ignored when `kernels` is given. */
  dtype?: DType;
  /** The kernel set to compute with (default: TypeScript kernels of `dtype`). */
  kernels?: Kernels;
  /** How to train; missing fields take TRAINING_OPTION_DEFAULTS. */
  training?: Partial<TrainingOptions>;
  /** Older spelling of the Adam fields of `training` (the learning rate above all). */
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

/** Copies `count` rows of `width` (padded to `stride`) from the memory into a new [count, width] array. */
function unpadRows(memory: NumArray, offset: number, count: number, width: number, stride: number): Float64Array {
  const out = new Float64Array(count * width);
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < width; c++) out[r * width + c] = memory[offset + r * stride + c];
  }
  return out;
}

/** A float64 TypeScript-kernel memory for `config` holding `params` (checked first). */
function float64Memory(config: ModelConfig, params: Params, batchSize: number): ScratchMemory {
  checkConfig(config);
  checkParams(config, params);
  const memory = createMemory(config, createJsKernels('float64'), batchSize);
  writeParams(memory.layout, memory.kernels.memory, 0, params);
  return memory;
}

/**
 * Synchronous float64 forward pass for x [B, T, F]; returns ŷ [B, T] and all hidden states.
 * Validates config, params and inputs.
 */
export function forwardScratch(config: ModelConfig, params: Params, x: NumArray, batchSize: number): ForwardResult {
  const memory = float64Memory(config, params, batchSize);
  checkInputs(config, x, batchSize);
  forwardInto(memory, x, batchSize);
  const { window: T, hiddenSize: H, outputSize: O } = config;
  const { offsets, layout } = memory;
  const m = memory.kernels.memory;
  const block = batchSize * layout.hiddenStride;
  const result: ForwardResult = {
    predictions: predictionsBatchMajor(memory, batchSize),
    hidden: unpadRows(m, offsets.hidden + block, unrolledSteps(config) * batchSize, H, layout.hiddenStride),
    outputs: unpadRows(m, offsets.outputs, T * batchSize, O, layout.outputStride),
  };
  if (config.variant === 'bidirectional') {
    result.backHidden = unpadRows(m, offsets.backHidden, T * batchSize, H, layout.hiddenStride);
  }
  return result;
}

/**
 * Synchronous float64 loss and gradients (same shapes as the parameters) for one batch:
 * L = (1/(B·(T−k)))·Σ_b Σ_{t≥k} (ŷ_{b,t} − y_{b,t})² with burn-in k (default 0),
 * grads = ∂L/∂θ by backpropagation through time.
 */
export function lossAndGradsScratch(config: ModelConfig, params: Params, batch: Batch, burnIn = 0): LossAndGrads {
  const memory = float64Memory(config, params, batch.batchSize);
  checkBatch(config, batch);
  if (!Number.isInteger(burnIn) || burnIn < 0 || burnIn >= config.window) {
    throw new Error(`burn-in must be an integer from 0 to ${config.window - 1}, got ${burnIn}`);
  }
  forwardInto(memory, batch.x, batch.batchSize);
  const loss = lossInto(memory, batch.y, batch.batchSize, burnIn);
  backwardInto(memory, batch.batchSize);
  return { loss, grads: readParams(memory.layout, memory.kernels.memory, memory.layout.grads) };
}

/** Loss only (no gradients) of one batch in float64, with burn-in k: what finite differences need. */
export function lossScratch(config: ModelConfig, params: Params, batch: Batch, burnIn = 0): number {
  const memory = float64Memory(config, params, batch.batchSize);
  checkBatch(config, batch);
  forwardInto(memory, batch.x, batch.batchSize);
  return lossInto(memory, batch.y, batch.batchSize, burnIn);
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
 * backward pass seeded with ∂ŷ_t/∂ŷ_t = 1, then ∂ŷ_t/∂x_s = a_s·Wxhᵀ (+ the backward cell's
 * a_s·Wxh_bᵀ); plot |value| for a receptive-field heatmap. A synced model gives 0 for s > t;
 * delayed sees up to s = t + d; bidirectional sees all s.
 */
export function inputGradient(config: ModelConfig, params: Params, x: NumArray, t: number): Float64Array {
  if (!Number.isInteger(t) || t < 0 || t >= config.window) {
    throw new Error(`output step t must be an integer in [0, ${config.window - 1}], got ${t}`);
  }
  const memory = float64Memory(config, params, 1);
  checkInputs(config, x, 1);
  forwardInto(memory, x, 1);
  const m = memory.kernels.memory;
  const { offsets, layout } = memory;
  m.fill(0, offsets.dPredictions, offsets.dPredictions + config.window);
  m[offsets.dPredictions + t] = 1;
  backwardInto(memory, 1);
  const { window: T, inputSize: F, hiddenSize: H } = config;
  const Hp = layout.hiddenStride;
  const dx = new Float64Array(T * F);
  const cells = [{ a: offsets.dHidden + Hp, weights: paramAt(memory, 'Wxh') }];
  if (config.variant === 'bidirectional') cells.push({ a: offsets.dBackHidden, weights: paramAt(memory, 'Wxh_b') });
  for (const { a, weights } of cells) {
    for (let s = 0; s < T; s++) {
      for (let f = 0; f < F; f++) {
        let sum = 0;
        for (let k = 0; k < H; k++) sum += m[a + s * Hp + k] * m[weights + f * Hp + k];
        dx[s * F + f] += sum;
      }
    }
  }
  return dx;
}

/** What one step did: its loss, its gradient norm, and whether it diverged (nothing changed). */
interface StepOutcome {
  loss: number;
  gradNorm: number;
  diverged: null | 'loss' | 'update';
}

/** Everything one scratch engine owns. */
interface ScratchState {
  config: ModelConfig;
  memory: ScratchMemory;
  optimizer: OptimizerState;
}

/** One update on a validated batch; parameters stay untouched when the step diverges. */
function stepOn({ memory, optimizer }: ScratchState, batch: Batch): StepOutcome {
  forwardInto(memory, batch.x, batch.batchSize);
  const loss = lossInto(memory, batch.y, batch.batchSize, optimizer.options.burnIn);
  if (!Number.isFinite(loss)) return { loss, gradNorm: Number.NaN, diverged: 'loss' };
  backwardInto(memory, batch.batchSize);
  const gradNorm = gradientNorm(memory.kernels, memory.layout);
  if (!Number.isFinite(gradNorm)) return { loss, gradNorm, diverged: 'update' };
  const applied = applyUpdate(optimizer, memory.kernels, memory.layout, gradNorm);
  return { loss, gradNorm, diverged: applied ? null : 'update' };
}

/** `trainStep`: one update, throwing (parameters unchanged) when it diverges. */
function trainStepOn(state: ScratchState, batch: Batch): number {
  checkBatch(state.config, batch);
  const { loss, diverged } = stepOn(state, batch);
  if (diverged === 'loss') {
    throw new Error(`training diverged: the loss is ${loss}; parameters were left unchanged (lower the learning rate)`);
  }
  if (diverged === 'update') {
    throw new Error(
      'training diverged: the update is not finite; parameters were left unchanged (lower the learning rate)',
    );
  }
  return loss;
}

/** `trainSteps`: one update per batch; a diverged step is reported (NaN norm), never thrown. */
function trainStepsOn(state: ScratchState, batches: readonly Batch[]): StepStats {
  for (const batch of batches) checkBatch(state.config, batch);
  const stats: StepStats = { losses: new Float64Array(batches.length), gradNorms: new Float64Array(batches.length) };
  batches.forEach((batch, i) => {
    const { loss, gradNorm, diverged } = stepOn(state, batch);
    stats.losses[i] = loss;
    stats.gradNorms[i] = diverged ? Number.NaN : gradNorm;
  });
  return stats;
}

/** `lossAndGrads` with the configured burn-in, parameters unchanged. */
function lossAndGradsOn({ config, memory, optimizer }: ScratchState, batch: Batch): LossAndGrads {
  checkBatch(config, batch);
  forwardInto(memory, batch.x, batch.batchSize);
  const loss = lossInto(memory, batch.y, batch.batchSize, optimizer.options.burnIn);
  backwardInto(memory, batch.batchSize);
  return { loss, grads: readParams(memory.layout, memory.kernels.memory, memory.layout.grads) };
}

/** `configureTraining`: checks the merged options; a new optimizer starts afresh. */
function configureOn({ config, memory, optimizer }: ScratchState, partial: Partial<TrainingOptions>): void {
  const next = { ...optimizer.options, ...partial };
  checkTrainingOptions(next, config.window);
  const restart = next.optimizer !== optimizer.options.optimizer;
  optimizer.options = next;
  if (restart) resetOptimizer(optimizer, memory.kernels, memory.layout);
}

/**
 * The engine object: plain own properties (so callers may spread or wrap it), each delegating
 * to a function of the state above.
 */
function engineOf(state: ScratchState): RnnEngine {
  const { config, memory } = state;
  return {
    kind: 'scratch',
    config,
    predict: async (x, batchSize) => {
      checkInputs(config, x, batchSize);
      forwardInto(memory, x, batchSize);
      return predictionsBatchMajor(memory, batchSize);
    },
    lossAndGrads: async (batch) => lossAndGradsOn(state, batch),
    trainStep: async (batch) => trainStepOn(state, batch),
    trainSteps: async (batches) => trainStepsOn(state, batches),
    configureTraining: (partial) => configureOn(state, partial),
    getParams: () => readParams(memory.layout, memory.kernels.memory, 0),
    setParams: (params) => {
      checkParams(config, params);
      writeParams(memory.layout, memory.kernels.memory, 0, params);
      resetOptimizer(state.optimizer, memory.kernels, memory.layout);
    },
    getOptimizerState: () => readOptimizer(state.optimizer, memory.kernels, memory.layout),
    setOptimizerState: (snapshot) => {
      checkOptimizerSnapshot(config, snapshot);
      writeOptimizer(state.optimizer, memory.kernels, memory.layout, snapshot);
    },
    // The memory is garbage-collected with the engine; nothing is held elsewhere.
    dispose: () => undefined,
  };
}

/**
 * Creates the scratch engine (kind 'scratch') for `config`, starting from a copy of `params`.
 * The one place that validates: config, params and training options are checked here, once,
 * and throw an Error naming the problem. The memory grows with the largest batch seen.
 */
export function createScratchEngine(config: ModelConfig, params: Params, options: ScratchOptions = {}): RnnEngine {
  checkConfig(config);
  checkParams(config, params);
  const training: TrainingOptions = { ...TRAINING_OPTION_DEFAULTS, ...options.adam, ...options.training };
  checkTrainingOptions(training, config.window);
  const ownConfig = { ...config };
  const kernels = options.kernels ?? createJsKernels(options.dtype ?? 'float64');
  const memory = createMemory(ownConfig, kernels, 1);
  writeParams(memory.layout, kernels.memory, 0, params);
  const optimizer: OptimizerState = { options: training, step: 0 };
  resetOptimizer(optimizer, kernels, memory.layout);
  return engineOf({ config: ownConfig, memory, optimizer });
}
