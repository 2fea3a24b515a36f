/**
 * Where everything of the scratch engine lives: ONE flat array (a typed array in TypeScript,
 * the linear memory in WebAssembly) holding, in order,
 *
 *   parameters | gradients | Adam m | Adam v | transposed weights | workspace (grows with B)
 *
 * Every buffer is an element offset into that array. Parameters, gradients and the two moments
 * share one layout, so the optimiser and gradient clipping are single loops over one block.
 * Rows are padded to a multiple of `lanes` columns (1 in TypeScript: no padding; 4 for
 * 128-bit SIMD), padding entries are 0 and stay 0: they enter every product as 0, so their
 * gradients are 0 too. Intermediates are time-major ([steps, B, units]); the recurrent state
 * buffers have one extra slot for the initial state (h_{-1}, and g_T of the backward cell).
 */
import { paramShapes, unrolledSteps, type ModelConfig, type ParamName } from './config.ts';
import type { NumArray, Params } from './params.ts';

/** Where one parameter lives: its logical shape and padded placement. */
export interface ParamSlot {
  offset: number;
  rows: number;
  cols: number;
  /** Rows come in blocks of `rowBlock` (H for Why), each padded to `paddedRowBlock` rows. */
  rowBlock: number;
  paddedRowBlock: number;
  /** Padded row length (elements between rows). */
  stride: number;
  /** Padded size of the whole parameter. */
  size: number;
}

/** Offsets of the per-batch buffers; shapes use S = unrolled steps, T = window, B = capacity. */
export interface WorkspaceOffsets {
  capacity: number;
  /** x copied time-major, [T, B, F]. */
  inputs: number;
  /** Initial state then h_s after tanh: slot 0 = h_{-1}, slot s+1 = h_s; [S+1, B, Hp]. */
  hidden: number;
  /** g_t after tanh at slot t, slot T = g_T (initial); [T+1, B, Hp] (bidirectional). */
  backHidden: number;
  /** z_t after tanh, [T, B, Op]. */
  outputs: number;
  /** ŷ_t, y_t and ∂L/∂ŷ_t, [T, B] each. */
  predictions: number;
  targets: number;
  dPredictions: number;
  /** ∂L/∂(pre-activation of z), [T, B, Op]. */
  dOutputs: number;
  /** ∂L/∂h per slot, then the pre-activation gradients a_s; [S+1, B, Hp] (slot 0: ∂L/∂h_{-1}). */
  dHidden: number;
  /** Same for the backward cell, [T+1, B, Hp]. */
  dBackHidden: number;
  /** Elements used in total (the array must be at least this long). */
  end: number;
}

/** The layout of one model's memory. */
export interface MemoryLayout {
  config: ModelConfig;
  lanes: number;
  /** Padded H and O. */
  hiddenStride: number;
  outputStride: number;
  /** Rows of Why (padded): Hp, or 2·Hp when bidirectional. */
  stateRows: number;
  steps: number;
  params: Partial<Record<ParamName, ParamSlot>>;
  /** Length of the parameter block (and of the gradient and moment blocks). */
  paramBlock: number;
  /** Start of each block (the parameter block starts at 0). */
  grads: number;
  moment1: number;
  moment2: number;
  /** Whhᵀ, Whh_bᵀ [Hp, Hp] and Whyᵀ [Op, stateRows], refreshed before each pass. */
  recurrentT: number;
  backRecurrentT: number;
  outputT: number;
  /** Where the workspace starts. */
  fixedEnd: number;
}

/** Rounds n up to a multiple of `lanes`. */
export function padTo(n: number, lanes: number): number {
  return Math.ceil(n / lanes) * lanes;
}

/** The layout of `config` with rows padded to `lanes`. */
export function memoryLayout(config: ModelConfig, lanes: number): MemoryLayout {
  const { hiddenSize: H, outputSize: O } = config;
  const Hp = padTo(H, lanes);
  const Op = padTo(O, lanes);
  const params: Partial<Record<ParamName, ParamSlot>> = {};
  let offset = 0;
  for (const [name, shape] of paramShapes(config)) {
    const [rows, cols] = shape.length === 2 && name !== 'Wl' ? shape : [1, shape[0]];
    const rowBlock = name === 'Why' ? H : rows;
    const paddedRowBlock = name === 'Whh' || name === 'Whh_b' || name === 'Why' ? Hp : rowBlock;
    const stride = padTo(cols, lanes);
    const size = (rows / rowBlock) * paddedRowBlock * stride;
    params[name] = { offset, rows, cols, rowBlock, paddedRowBlock, stride, size };
    offset += size;
  }
  const paramBlock = padTo(offset, 4);
  const stateRows = config.variant === 'bidirectional' ? 2 * Hp : Hp;
  const recurrentT = 4 * paramBlock;
  const backRecurrentT = recurrentT + Hp * Hp;
  const outputT = backRecurrentT + Hp * Hp;
  return {
    config,
    lanes,
    hiddenStride: Hp,
    outputStride: Op,
    stateRows,
    steps: unrolledSteps(config),
    params,
    paramBlock,
    grads: paramBlock,
    moment1: 2 * paramBlock,
    moment2: 3 * paramBlock,
    recurrentT,
    backRecurrentT,
    outputT,
    fixedEnd: padTo(outputT + Op * stateRows, 4),
  };
}

/** The workspace offsets for batches of up to `capacity` windows. */
export function workspaceOffsets(layout: MemoryLayout, capacity: number): WorkspaceOffsets {
  const { config, hiddenStride: Hp, outputStride: Op, steps } = layout;
  const { window: T, inputSize: F } = config;
  const B = capacity;
  const backSlots = config.variant === 'bidirectional' ? T + 1 : 0;
  let next = layout.fixedEnd;
  const take = (size: number): number => {
    const at = next;
    next += padTo(size, 4);
    return at;
  };
  return {
    capacity,
    inputs: take(T * B * F),
    hidden: take((steps + 1) * B * Hp),
    backHidden: take(backSlots * B * Hp),
    outputs: take(T * B * Op),
    predictions: take(T * B),
    targets: take(T * B),
    dPredictions: take(T * B),
    dOutputs: take(T * B * Op),
    dHidden: take((steps + 1) * B * Hp),
    dBackHidden: take(backSlots * B * Hp),
    end: next,
  };
}

/** The slot of a parameter that must exist for this variant. */
export function slotOf(layout: MemoryLayout, name: ParamName): ParamSlot {
  const slot = layout.params[name];
  if (!slot) throw new Error(`parameter ${name} is missing`);
  return slot;
}

/** Index of logical element (r, c) of a parameter inside its block. */
function elementIndex(slot: ParamSlot, r: number, c: number): number {
  const row = Math.floor(r / slot.rowBlock) * slot.paddedRowBlock + (r % slot.rowBlock);
  return slot.offset + row * slot.stride + c;
}

/**
 * Copies a parameter set (logical row-major shapes) into the block starting at `base`
 * (0 for the parameters); padding is set to 0. Params must already be checked.
 */
export function writeParams(layout: MemoryLayout, memory: NumArray, base: number, params: Params): void {
  memory.fill(0, base, base + layout.paramBlock);
  for (const [name, slot] of Object.entries(layout.params) as Array<[ParamName, ParamSlot]>) {
    const values = params[name];
    if (!values) throw new Error(`parameter ${name} is missing`);
    for (let r = 0; r < slot.rows; r++) {
      for (let c = 0; c < slot.cols; c++) memory[base + elementIndex(slot, r, c)] = values[r * slot.cols + c];
    }
  }
}

/** Reads the block at `base` (parameters, gradients, …) back into float64 arrays of logical shape. */
export function readParams(layout: MemoryLayout, memory: NumArray, base: number): Params {
  const out: Params = {};
  for (const [name, slot] of Object.entries(layout.params) as Array<[ParamName, ParamSlot]>) {
    const values = new Float64Array(slot.rows * slot.cols);
    for (let r = 0; r < slot.rows; r++) {
      for (let c = 0; c < slot.cols; c++) values[r * slot.cols + c] = memory[base + elementIndex(slot, r, c)];
    }
    out[name] = values;
  }
  return out;
}
