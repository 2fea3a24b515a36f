/**
 * Forward pass of the scratch engine, and the memory that holds every intermediate value.
 *
 *   h_s = tanh(x_s·Wxh + h_{s-1}·Whh + bh),  h_{-1} = 0 or h0   (x_s = 0 for s ≥ T when delayed)
 *   g_t = tanh(x_t·Wxh_b + g_{t+1}·Whh_b + bh_b), g_T = 0 or h0_b   (bidirectional only)
 *   z_t = tanh(h_{t+d}·Why + by)    or tanh([h_t ; g_t]·Why + by) when bidirectional
 *   ŷ_t = z_t·Wl + bl
 *
 * Intermediates are stored time-major ([steps, B, units], see scratch-memory.ts), so x is
 * copied time-major once and the input projection of every step is one matrix product, one
 * step of the recurrence reads and writes one contiguous block, and all output-layer rows
 * form a single [T·B, H] block handled by one product. The arithmetic is done by a
 * {@link Kernels} set: the TypeScript reference or the WebAssembly SIMD one.
 */
import type { ModelConfig, ParamName } from './config.ts';
import { toBatchMajor, toTimeMajor } from './layout.ts';
import type { Kernels } from './scratch-ops.ts';
import { memoryLayout, slotOf, workspaceOffsets, type MemoryLayout, type WorkspaceOffsets } from './scratch-memory.ts';

/** A model's memory: layout, kernels and the current workspace offsets. */
export interface ScratchMemory {
  readonly config: ModelConfig;
  readonly layout: MemoryLayout;
  readonly kernels: Kernels;
  offsets: WorkspaceOffsets;
}

/** Lays out `config` in the memory of `kernels`, with room for batches of `capacity` windows. */
export function createMemory(config: ModelConfig, kernels: Kernels, capacity = 1): ScratchMemory {
  const layout = memoryLayout(config, kernels.lanes);
  const offsets = workspaceOffsets(layout, capacity);
  kernels.reserve(offsets.end);
  return { config, layout, kernels, offsets };
}

/** Grows the workspace so a batch of `batchSize` windows fits (never shrinks). */
export function ensureCapacity(memory: ScratchMemory, batchSize: number): void {
  if (batchSize <= memory.offsets.capacity) return;
  memory.offsets = workspaceOffsets(memory.layout, batchSize);
  memory.kernels.reserve(memory.offsets.end);
}

/** Offset of a parameter that must exist for this variant. */
export function paramAt(memory: ScratchMemory, name: ParamName): number {
  return slotOf(memory.layout, name).offset;
}

/** Offset of the gradient of a parameter. */
export function gradAt(memory: ScratchMemory, name: ParamName): number {
  return memory.layout.grads + slotOf(memory.layout, name).offset;
}

/** One recurrent cell as `runCell` and `cellBackward` see it (offsets). */
export interface Cell {
  /** Its state buffer [steps+1, B, Hp] and gradient buffer of the same shape. */
  states: number;
  dStates: number;
  input: number;
  recurrent: number;
  bias: number;
  /** h0 / h0_b, or −1 for a zero initial state. */
  initial: number;
  steps: number;
  /** True for the backward cell, which runs from t = T−1 down to 0. */
  backward: boolean;
}

/** The forward cell (and, with `backward`, the backward cell) of the memory's model. */
export function cellOf(memory: ScratchMemory, backward: boolean): Cell {
  const { config, offsets } = memory;
  const learned = config.initialState === 'learned';
  const name = (base: string) => (backward ? `${base}_b` : base) as ParamName;
  return {
    states: backward ? offsets.backHidden : offsets.hidden,
    dStates: backward ? offsets.dBackHidden : offsets.dHidden,
    input: paramAt(memory, name('Wxh')),
    recurrent: paramAt(memory, name('Whh')),
    bias: paramAt(memory, name('bh')),
    initial: learned ? paramAt(memory, name('h0')) : -1,
    steps: backward ? config.window : memory.layout.steps,
    backward,
  };
}

/** Slot of step s in a cell's buffer (forward: s + 1, after the initial state; backward: s). */
export function slotOfStep(cell: Cell, step: number): number {
  return cell.backward ? step : step + 1;
}

/** Slot of the state that step s reads (forward: s − 1, i.e. slot s; backward: s + 1). */
export function previousSlot(cell: Cell, step: number): number {
  return cell.backward ? step + 1 : step;
}

/**
 * One recurrent cell over all its steps: first the initial state, the bias and the input
 * projection x_s·Wx of every step at once (one product over T·B rows), then in step order
 * state_s = tanh(… + state_prev·Wh). Steps ≥ T get no input (the delayed variant's padding).
 */
function runCell(memory: ScratchMemory, batchSize: number, cell: Cell): void {
  const { kernels: k, config, layout, offsets } = memory;
  const { window: T, inputSize: F } = config;
  const Hp = layout.hiddenStride;
  const block = batchSize * Hp;
  const initialAt = cell.states + previousSlot(cell, cell.backward ? cell.steps - 1 : 0) * block;
  if (cell.initial >= 0) k.fillRows(cell.initial, initialAt, batchSize, Hp);
  else k.memory.fill(0, initialAt, initialAt + block);
  const firstInput = cell.states + slotOfStep(cell, 0) * block;
  k.fillRows(cell.bias, firstInput, cell.steps * batchSize, Hp);
  k.matMul(offsets.inputs, F, 1, cell.input, Hp, firstInput, Hp, T * batchSize, F, Hp);
  for (let n = 0; n < cell.steps; n++) {
    const step = cell.backward ? cell.steps - 1 - n : n;
    const at = cell.states + slotOfStep(cell, step) * block;
    if (n > 0 || cell.initial >= 0) {
      const previous = cell.states + previousSlot(cell, step) * block;
      k.matMul(previous, Hp, 1, cell.recurrent, Hp, at, Hp, batchSize, Hp, Hp);
    }
    k.tanh(at, block);
  }
}

/** Offset of the forward states the output layer reads: h_d … h_{d+T−1} (slots d+1 …). */
export function readOutStates(memory: ScratchMemory, batchSize: number): number {
  return memory.offsets.hidden + (memory.config.delay + 1) * batchSize * memory.layout.hiddenStride;
}

/**
 * Full forward pass for x [B, T, F] (batch-major); fills the states, outputs and predictions
 * ([T, B]) of the memory, growing it when the batch does not fit.
 */
export function forwardInto(memory: ScratchMemory, x: ArrayLike<number>, batchSize: number): void {
  ensureCapacity(memory, batchSize);
  const { kernels: k, config, layout, offsets } = memory;
  const { window: T, inputSize: F } = config;
  const { hiddenStride: Hp, outputStride: Op } = layout;
  toTimeMajor(x, batchSize, T, F, k.memory, offsets.inputs);
  runCell(memory, batchSize, cellOf(memory, false));
  const rows = T * batchSize;
  const why = paramAt(memory, 'Why');
  k.fillRows(paramAt(memory, 'by'), offsets.outputs, rows, Op);
  k.matMul(readOutStates(memory, batchSize), Hp, 1, why, Op, offsets.outputs, Op, rows, Hp, Op);
  if (config.variant === 'bidirectional') {
    runCell(memory, batchSize, cellOf(memory, true));
    k.matMul(offsets.backHidden, Hp, 1, why + Hp * Op, Op, offsets.outputs, Op, rows, Hp, Op);
  }
  k.tanh(offsets.outputs, rows * Op);
  k.readout(offsets.outputs, Op, paramAt(memory, 'Wl'), paramAt(memory, 'bl'), offsets.predictions, rows, Op);
}

/**
 * Mean squared error of the predictions against y [B, T] over steps t ≥ burnIn:
 * L = (1/(B·(T−k)))·Σ_b Σ_{t≥k} (ŷ_{b,t} − y_{b,t})². Leaves ∂L/∂ŷ in dPredictions (0 for t < k).
 */
export function lossInto(memory: ScratchMemory, y: ArrayLike<number>, batchSize: number, burnIn: number): number {
  const { kernels: k, config, offsets } = memory;
  const T = config.window;
  const m = k.memory;
  toTimeMajor(y, batchSize, T, 1, m, offsets.targets);
  const from = burnIn * batchSize;
  const n = (T - burnIn) * batchSize;
  m.fill(0, offsets.dPredictions, offsets.dPredictions + from);
  let sum = 0;
  for (let r = from; r < T * batchSize; r++) {
    const diff = m[offsets.predictions + r] - m[offsets.targets + r];
    sum += diff * diff;
    m[offsets.dPredictions + r] = (2 * diff) / n;
  }
  return sum / n;
}

/** The predictions as a new batch-major float64 array [B, T]. */
export function predictionsBatchMajor(memory: ScratchMemory, batchSize: number): Float64Array {
  const m = memory.kernels.memory;
  return toBatchMajor(m, memory.offsets.predictions, memory.config.window, batchSize, 1) as Float64Array;
}
