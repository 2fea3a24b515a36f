/**
 * Backpropagation through time for the scratch engine, derived by hand. Given ∂L/∂ŷ in the
 * memory (time-major [T, B]) and the intermediates of `forwardInto`, it fills the gradient
 * block (same layout as the parameters).
 *
 * Output layers (all T·B rows at once, rows r = (t, b)):
 *   ŷ_r = z_r·Wl + bl       ∂L/∂bl = Σ_r ∂L/∂ŷ_r,  ∂L/∂Wl[o] = Σ_r z_r[o]·∂L/∂ŷ_r,  ∂L/∂z_r = ∂L/∂ŷ_r·Wlᵀ
 *   z_r = tanh(u_r)         ∂L/∂u_r = ∂L/∂z_r ⊙ (1 − z_r²)
 *   u_r = s_r·Why + by      ∂L/∂Why = Σ_r s_rᵀ·∂L/∂u_r,  ∂L/∂by = Σ_r ∂L/∂u_r,  ∂L/∂s_r = ∂L/∂u_r·Whyᵀ
 * where s_r = h_{t+d} (or [h_t ; g_t] when bidirectional, splitting Why into its two row blocks).
 * With burn-in k, ∂L/∂ŷ_r is 0 for t < k, so those rows add nothing.
 *
 * Recurrence, from the last step back to the first (the forward cell), in buffer dHidden:
 *   δh_s = ∂L/∂h_s from the output layer + carry_s              (carry_{S-1} = 0)
 *   a_s  = δh_s ⊙ (1 − h_s²)                                     (through tanh; a_s overwrites δh_s)
 *   carry_{s-1} = a_s·Whhᵀ, added straight into δh_{s-1}'s slot
 * then, for all steps at once (one product each over every (s, b) row):
 *   ∂L/∂bh = Σ_s Σ_b a_s,  ∂L/∂Wxh = Σ_s x_sᵀ·a_s,  ∂L/∂Whh = Σ_s h_{s-1}ᵀ·a_s
 * The initial state h_{-1} has its own slot (slot 0) in front of h_0: it is 0, or the learned
 * h0 repeated for every window. For a learned h0 the carry does not stop at s = 0:
 *   carry_{-1} = a_0·Whhᵀ = ∂L/∂h_{-1} per window,   ∂L/∂h0 = Σ_b carry_{-1}
 * and h_{-1} = h0 also enters ∂L/∂Whh through the pair (h_{-1}, a_0).
 * The backward cell is the mirror image: it ran from t = T−1 down to 0, so its gradients
 * flow from t = 0 up to T−1, with g_{t+1} in place of h_{s-1} and g_T = h0_b as its start.
 */
import type { ParamName } from './config.ts';
import {
  cellOf,
  gradAt,
  paramAt,
  previousSlot,
  readOutStates,
  slotOfStep,
  type Cell,
  type ScratchMemory,
} from './scratch-forward.ts';

/**
 * Output layers backward (see the file comment): fills ∂L/∂Wl, ∂L/∂bl, ∂L/∂Why, ∂L/∂by and
 * writes ∂L/∂h_s into dHidden (zero for steps before d) and ∂L/∂g_t into dBackHidden.
 */
function outputLayersBackward(memory: ScratchMemory, batchSize: number): void {
  const { kernels: k, config, layout, offsets } = memory;
  const { hiddenStride: Hp, outputStride: Op, stateRows } = layout;
  const rows = config.window * batchSize;
  const block = batchSize * Hp;
  const m = k.memory;
  m.fill(0, offsets.dHidden, offsets.dHidden + (layout.steps + 1) * block);
  k.readoutBackward(
    offsets.outputs,
    Op,
    paramAt(memory, 'Wl'),
    offsets.dPredictions,
    offsets.dOutputs,
    gradAt(memory, 'Wl'),
    gradAt(memory, 'bl'),
    rows,
    Op,
  );
  k.sumRows(offsets.dOutputs, rows, Op, gradAt(memory, 'by'));
  const dWhy = gradAt(memory, 'Why');
  const states = readOutStates(memory, batchSize);
  const dStates = offsets.dHidden + (states - offsets.hidden);
  k.matMul(states, 1, Hp, offsets.dOutputs, Op, dWhy, Op, Hp, rows, Op);
  k.matMul(offsets.dOutputs, Op, 1, layout.outputT, stateRows, dStates, Hp, rows, Op, Hp);
  if (config.variant === 'bidirectional') {
    m.fill(0, offsets.dBackHidden, offsets.dBackHidden + (config.window + 1) * block);
    k.matMul(offsets.backHidden, 1, Hp, offsets.dOutputs, Op, dWhy + Hp * Op, Op, Hp, rows, Op);
    k.matMul(offsets.dOutputs, Op, 1, layout.outputT + Hp, stateRows, offsets.dBackHidden, Hp, rows, Op, Hp);
  }
}

/**
 * Backward recurrence of one cell. On entry `dStates` holds ∂L/∂state from the output layer;
 * on exit the pre-activation gradients a_s, and the initial slot holds ∂L/∂(initial state)
 * when it is learned. `recurrentT` is Whᵀ. The weight and bias gradients are single products
 * over all steps after the loop (slots are contiguous, so the pairs (state_prev, a_s) are two
 * equally long blocks, one slot apart).
 */
export function cellBackward(
  memory: ScratchMemory,
  batchSize: number,
  cell: Cell,
  recurrentT: number,
  grads: { input: number; recurrent: number; bias: number; initial: number },
): void {
  const { kernels: k, config, layout, offsets } = memory;
  const { window: T, inputSize: F } = config;
  const Hp = layout.hiddenStride;
  const block = batchSize * Hp;
  const learned = cell.initial >= 0;
  for (let n = cell.steps - 1; n >= 0; n--) {
    const step = cell.backward ? cell.steps - 1 - n : n;
    const at = slotOfStep(cell, step) * block;
    k.tanhBackward(cell.states + at, cell.dStates + at, block);
    if (n > 0 || learned) {
      const previous = cell.dStates + previousSlot(cell, step) * block;
      k.matMul(cell.dStates + at, Hp, 1, recurrentT, Hp, previous, Hp, batchSize, Hp, Hp);
    }
  }
  const firstStep = slotOfStep(cell, 0) * block;
  k.sumRows(cell.dStates + firstStep, cell.steps * batchSize, Hp, grads.bias);
  k.matMul(offsets.inputs, 1, F, cell.dStates + firstStep, Hp, grads.input, Hp, F, T * batchSize, Hp);
  // Pairs (state_prev, a_s): forward slots (s, s+1), backward slots (t+1, t); a zero initial
  // state contributes nothing, so its pair is skipped.
  const pairs = learned ? cell.steps : cell.steps - 1;
  const previousStart = cell.backward ? block : learned ? 0 : block;
  const currentStart = cell.backward ? 0 : learned ? block : 2 * block;
  k.matMul(
    cell.states + previousStart,
    1,
    Hp,
    cell.dStates + currentStart,
    Hp,
    grads.recurrent,
    Hp,
    Hp,
    pairs * batchSize,
    Hp,
  );
  if (learned) {
    const initialSlot = previousSlot(cell, cell.backward ? cell.steps - 1 : 0);
    k.sumRows(cell.dStates + initialSlot * block, batchSize, Hp, grads.initial);
  }
}

/** The gradient offsets of one cell's parameters. */
function cellGradients(memory: ScratchMemory, backward: boolean) {
  const name = (base: string) => (backward ? `${base}_b` : base) as ParamName;
  return {
    input: gradAt(memory, name('Wxh')),
    recurrent: gradAt(memory, name('Whh')),
    bias: gradAt(memory, name('bh')),
    initial: memory.config.initialState === 'learned' ? gradAt(memory, name('h0')) : -1,
  };
}

/**
 * Full backward pass. Needs `forwardInto` on the same batch and ∂L/∂ŷ in dPredictions
 * ([T, B], e.g. from `lossInto`). Overwrites the gradient block.
 */
export function backwardInto(memory: ScratchMemory, batchSize: number): void {
  const { kernels: k, config, layout } = memory;
  const Hp = layout.hiddenStride;
  k.memory.fill(0, layout.grads, layout.grads + layout.paramBlock);
  k.transpose(paramAt(memory, 'Whh'), Hp, Hp, layout.recurrentT);
  k.transpose(paramAt(memory, 'Why'), layout.stateRows, layout.outputStride, layout.outputT);
  outputLayersBackward(memory, batchSize);
  cellBackward(memory, batchSize, cellOf(memory, false), layout.recurrentT, cellGradients(memory, false));
  if (config.variant === 'bidirectional') {
    k.transpose(paramAt(memory, 'Whh_b'), Hp, Hp, layout.backRecurrentT);
    cellBackward(memory, batchSize, cellOf(memory, true), layout.backRecurrentT, cellGradients(memory, true));
  }
}
