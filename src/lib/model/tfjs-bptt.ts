/**
 * The fused path (`kernels: 'fused'`): the forward pass and backpropagation through time
 * derived by hand — the same equations as scratch-backward.ts — on the kernels of
 * tfjs-kernels.ts, so a training step launches one kernel per time step and direction plus a
 * few whole-sequence ones, instead of the dozens of small ops per step autodiff records.
 * All matrices are time-major [S·B, K] (row r = s·B + b); k = burn-in, d = delay.
 *
 * Forward:  h_s = tanh(x_s·Wxh + bh + h_{s−1}·Whh)        one kernel per step (g_t: reverse),
 *           the steps' [B, H] states gathered into one [S·B, H] by a few join kernels
 *           Z = tanh([h ; g]_{read-out rows}·Why + by),  ŷ = Z·Wl + bl     one kernel each
 * Loss:     L = mean over the N = (T−k)·B scored rows of (ŷ − y)²,  ∂L/∂ŷ = 2(ŷ − y)/N     one kernel each
 * Backward: dU = (∂L/∂ŷ·Wlᵀ) ⊙ (1 − Z²)                              ∂L/∂ of Z's pre-activation
 *           δ_s = (dU_s·Whyᵀ + δ_{s+1}·Whhᵀ) ⊙ (1 − h_s²)            one kernel per step, then joined
 *           ∂L/∂Wxh = Σ_s x_sᵀ·δ_s, ∂L/∂Whh = Σ_s h_{s−1}ᵀ·δ_s, ∂L/∂bh = Σ_s δ_s,
 *           ∂L/∂h0 = Σ_b δ_0·Whhᵀ — each one kernel over all steps.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { unrolledSteps, type ModelConfig, type ParamName } from './config.ts';
import { paramOf } from './params.ts';
import type { ParamTensors } from './tfjs-graph.ts';
import {
  cellBackward,
  cellForward,
  columnSum,
  joinRows,
  MAX_JOINED,
  dense,
  denseBackward,
  initialGrad,
  squaredError,
  squaredErrorGrad,
  weightGrad,
} from './tfjs-kernels.ts';

/** One cell's parameter names: the forward cell, or the bidirectional model's backward cell. */
interface CellNames {
  input: ParamName;
  recurrent: ParamName;
  bias: ParamName;
  initial: ParamName;
  reverse: boolean;
}

const FORWARD_CELL: CellNames = { input: 'Wxh', recurrent: 'Whh', bias: 'bh', initial: 'h0', reverse: false };
const BACKWARD_CELL: CellNames = { input: 'Wxh_b', recurrent: 'Whh_b', bias: 'bh_b', initial: 'h0_b', reverse: true };

/** Sizes and offsets of one batch through one model. */
interface Layout {
  batchSize: number;
  /** S: steps of the forward cell (T + d for delayed). */
  steps: number;
  /** T: steps of the window (and of the backward cell). */
  window: number;
  /** First read-out step of the forward cell (d + k) and of the backward cell (k). */
  readOutStart: number;
  readOutStartBack: number;
  /** N = (T − k)·B: scored rows. */
  rows: number;
}

/** A cell's states: each step's [B, H] in time order, and all of them as one [steps·B, H]. */
interface CellStates {
  steps: tf.Tensor2D[];
  sequence: tf.Tensor2D;
}

/** The forward pass's tensors the backward pass needs. */
export interface FusedForward {
  /** Forward states [S·B, H]. */
  states: tf.Tensor2D;
  /** Backward-cell states [T·B, H] (bidirectional only). */
  backStates: tf.Tensor2D | null;
  /** Output-layer activations Z [N, O]. */
  outputs: tf.Tensor2D;
  /** ŷ for the scored rows, [N, 1]. */
  predictions: tf.Tensor2D;
}

/** The layout of a batch of `batchSize` rows with the first `burnIn` steps left out. */
function layoutOf(config: ModelConfig, batchSize: number, burnIn: number): Layout {
  const delay = config.variant === 'delayed' ? config.delay : 0;
  return {
    batchSize,
    steps: unrolledSteps(config),
    window: config.window,
    readOutStart: delay + burnIn,
    readOutStartBack: burnIn,
    rows: (config.window - burnIn) * batchSize,
  };
}

/**
 * Stacks blocks [R, K] in order into one [n·R, K]: one join kernel per 16 blocks, then joins of
 * the joins, so 64 steps take 5 dispatches.
 */
function joinSequence(blocks: tf.Tensor2D[]): tf.Tensor2D {
  if (blocks.length <= MAX_JOINED) return joinRows(blocks);
  const groups: tf.Tensor2D[] = [];
  for (let i = 0; i < blocks.length; i += MAX_JOINED) groups.push(joinRows(blocks.slice(i, i + MAX_JOINED)));
  return joinSequence(groups);
}

/** Runs one cell over every step, one kernel per step, in the cell's order. */
function runCell(x: tf.Tensor2D, params: ParamTensors, cell: CellNames, batchSize: number, count: number): CellStates {
  const weights = {
    inputWeights: paramOf(params, cell.input),
    bias: paramOf(params, cell.bias),
    recurrent: paramOf(params, cell.recurrent),
    initial: params[cell.initial],
  };
  const steps: tf.Tensor2D[] = new Array(count);
  let previous: tf.Tensor2D | null = null;
  for (let i = 0; i < count; i++) {
    const step = cell.reverse ? count - 1 - i : i;
    previous = cellForward(previous, x, weights, { batchSize, step });
    steps[step] = previous;
  }
  return { steps, sequence: joinSequence(steps) };
}

/** Forward pass over x [S·B, F] for the scored rows of `layout`. Call inside tf.tidy. */
function forward(config: ModelConfig, params: ParamTensors, x: tf.Tensor2D, layout: Layout) {
  const { batchSize, rows } = layout;
  const cell = runCell(x, params, FORWARD_CELL, batchSize, layout.steps);
  const backCell =
    config.variant === 'bidirectional' ? runCell(x, params, BACKWARD_CELL, batchSize, layout.window) : null;
  const outputs = dense(
    cell.sequence,
    backCell?.sequence ?? null,
    { weights: paramOf(params, 'Why'), bias: paramOf(params, 'by') },
    { rows, offset: layout.readOutStart * batchSize, offset2: layout.readOutStartBack * batchSize, activation: 'tanh' },
  );
  const predictions = dense(
    outputs,
    null,
    { weights: paramOf(params, 'Wl'), bias: paramOf(params, 'bl') },
    { rows, offset: 0, offset2: 0, activation: 'linear' },
  );
  const pass: FusedForward = { states: cell.sequence, backStates: backCell?.sequence ?? null, outputs, predictions };
  return { pass, cell, backCell };
}

/**
 * Predictions ŷ for every window step, time-major [T·B, 1], and the forward pass behind them,
 * for inputs x [S·B, F]. Call inside tf.tidy.
 */
export function fusedForward(
  config: ModelConfig,
  params: ParamTensors,
  x: tf.Tensor2D,
  batchSize: number,
): FusedForward {
  return forward(config, params, x, layoutOf(config, batchSize, 0)).pass;
}

/**
 * Backward pass of one cell and its parameter gradients, given dU [N, O]: the deltas δ (one
 * kernel per step, last to first in the cell's own order, then joined), then ∂L/∂Wx, ∂L/∂Wh,
 * ∂L/∂b (and ∂L/∂h0) as one kernel each over all steps.
 */
function cellGradients(
  x: tf.Tensor2D,
  params: ParamTensors,
  cell: CellNames,
  inputs: { states: CellStates; outputGrads: tf.Tensor2D; readOutStart: number; weightRow: number },
  grads: Map<ParamName, tf.Tensor>,
): void {
  const { states, readOutStart, weightRow } = inputs;
  const count = states.steps.length;
  const batchSize = states.steps[0].shape[0];
  const recurrent = paramOf(params, cell.recurrent);
  const outputWeights = paramOf(params, 'Why');
  const steps: tf.Tensor2D[] = new Array(count);
  let next: tf.Tensor2D | null = null;
  for (let i = 0; i < count; i++) {
    const step = cell.reverse ? i : count - 1 - i;
    const tensors = { outputGrads: inputs.outputGrads, outputWeights, state: states.steps[step], recurrent };
    next = cellBackward(next, tensors, { batchSize, step, readOutStart, weightRow });
    steps[step] = next;
  }
  const deltas = joinSequence(steps);
  const rows = count * batchSize;
  const initial = params[cell.initial];
  grads.set(cell.input, weightGrad({ a: x }, deltas, { rows, offset: 0, offset2: 0 }));
  // The previous state of step s is h_{s−1} (rows one block earlier) or g_{t+1} (one block later).
  const previous = cell.reverse ? batchSize : -batchSize;
  grads.set(
    cell.recurrent,
    weightGrad({ a: states.sequence, initial }, deltas, { rows, offset: previous, offset2: 0 }),
  );
  grads.set(cell.bias, columnSum(deltas));
  if (initial) {
    const start = cell.reverse ? rows - batchSize : 0;
    grads.set(cell.initial, initialGrad(deltas, recurrent, { start, batchSize }));
  }
}

/**
 * Loss and gradients of every parameter for one batch: x [S·B, F] time-major inputs, y [N, 1]
 * the scored targets (steps k … T−1), by the hand-derived BPTT above. Call inside tf.tidy.
 */
export function fusedLossAndGrads(
  config: ModelConfig,
  params: ParamTensors,
  batch: { x: tf.Tensor2D; y: tf.Tensor2D; batchSize: number },
  burnIn: number,
): { loss: tf.Scalar; grads: Map<ParamName, tf.Tensor> } {
  const layout = layoutOf(config, batch.batchSize, burnIn);
  const { pass, cell, backCell } = forward(config, params, batch.x, layout);
  const loss = squaredError(pass.predictions, batch.y);
  const dPredictions = squaredErrorGrad(pass.predictions, batch.y);
  const dU = denseBackward(dPredictions, paramOf(params, 'Wl'), pass.outputs);
  const grads = new Map<ParamName, tf.Tensor>();
  const { rows, batchSize } = layout;
  grads.set('Wl', weightGrad({ a: pass.outputs }, dPredictions, { rows, offset: 0, offset2: 0 }));
  grads.set('bl', columnSum(dPredictions));
  const offsets = { offset: layout.readOutStart * batchSize, offset2: layout.readOutStartBack * batchSize };
  grads.set('Why', weightGrad({ a: pass.states, a2: pass.backStates ?? undefined }, dU, { rows, ...offsets }));
  grads.set('by', columnSum(dU));
  const forwardInputs = { states: cell, outputGrads: dU, readOutStart: layout.readOutStart, weightRow: 0 };
  cellGradients(batch.x, params, FORWARD_CELL, forwardInputs, grads);
  if (backCell) {
    const backInputs = { states: backCell, outputGrads: dU, readOutStart: layout.readOutStartBack };
    cellGradients(batch.x, params, BACKWARD_CELL, { ...backInputs, weightRow: config.hiddenSize }, grads);
  }
  return { loss, grads };
}
