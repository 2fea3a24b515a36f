/**
 * Backpropagation through time for the scratch engine, derived by hand. Given ∂L/∂ŷ in the
 * workspace (time-major [T, B]) and the intermediates of `forwardInto`, it fills the float64
 * gradients of every parameter and, optionally, ∂L/∂x.
 *
 * Output layers (all T·B rows at once, rows r = (t, b)):
 *   ŷ_r = z_r·Wl + bl       ∂L/∂bl = Σ_r ∂L/∂ŷ_r,  ∂L/∂Wl[o] = Σ_r z_r[o]·∂L/∂ŷ_r,  ∂L/∂z_r = ∂L/∂ŷ_r·Wlᵀ
 *   z_r = tanh(u_r)         ∂L/∂u_r = ∂L/∂z_r ⊙ (1 − z_r²)
 *   u_r = s_r·Why + by      ∂L/∂Why = Σ_r s_rᵀ·∂L/∂u_r,  ∂L/∂by = Σ_r ∂L/∂u_r,  ∂L/∂s_r = ∂L/∂u_r·Whyᵀ
 * where s_r = h_{t+d} (or [h_t ; g_t] when bidirectional, splitting Why into its two row blocks).
 *
 * Recurrence, from the last step back to the first (the forward cell):
 *   δh_s = ∂L/∂h_s from the output layer + carry_s            (carry_{S-1} = 0)
 *   a_s  = δh_s ⊙ (1 − h_s²)                                   (through tanh)
 *   ∂L/∂bh += Σ_b a_s,  ∂L/∂Wxh += x_sᵀ·a_s,  ∂L/∂Whh += h_{s-1}ᵀ·a_s
 *   carry_{s-1} = a_s·Whhᵀ,  ∂L/∂x_s += a_s·Wxhᵀ
 * The backward cell is the mirror image: it ran from t = T−1 down to 0, so its gradients
 * flow from t = 0 up to T−1, with g_{t+1} in place of h_{s-1}.
 */
import { unrolledSteps } from './config.ts';
import type { NumArray, Params } from './params.ts';
import {
  broadcastBiasBack,
  matMulAddBackInput,
  matMulAddBackWeights,
  matMulTransposedA,
  matMulTransposedB,
  tanhBackInPlace,
} from './scratch-ops.ts';
import { param, type Workspace } from './scratch-forward.ts';

/** Recurrent-cell parameters and their gradients, as the backward recurrence needs them. */
interface CellGradients {
  input: NumArray;
  recurrent: NumArray;
  dInput: NumArray;
  dRecurrent: NumArray;
  dBias: NumArray;
  steps: number;
  backward: boolean;
}

/** Sets every gradient of the workspace to zero. */
function zeroGradients(grads: Params): void {
  for (const values of Object.values(grads)) values?.fill(0);
}

/**
 * Output layers backward (see the file comment): fills ∂L/∂Wl, ∂L/∂bl, ∂L/∂Why, ∂L/∂by and
 * writes ∂L/∂h_s into dHidden (zero for steps before d) and ∂L/∂g_t into dBackHidden.
 */
function outputLayersBackward(workspace: Workspace, params: Params, batchSize: number): void {
  const { config, outputs, dOutputs, dPredictions, grads } = workspace;
  const { window: T, hiddenSize: H, outputSize: O } = config;
  const delay = config.variant === 'delayed' ? config.delay : 0;
  const rows = T * batchSize;
  const wl = param(params, 'Wl');
  const dWl = param(grads, 'Wl');
  const dBl = param(grads, 'bl');
  for (let r = 0; r < rows; r++) {
    const dPrediction = dPredictions[r];
    dBl[0] += dPrediction;
    for (let o = 0; o < O; o++) {
      dWl[o] += outputs[r * O + o] * dPrediction;
      dOutputs[r * O + o] = wl[o] * dPrediction;
    }
  }
  tanhBackInPlace(outputs, 0, dOutputs, 0, rows * O);
  broadcastBiasBack(dOutputs, 0, param(grads, 'by'), rows, O);
  const why = param(params, 'Why');
  const dWhy = param(grads, 'Why');
  const stateOffset = delay * batchSize * H;
  workspace.dHidden.fill(0, 0, unrolledSteps(config) * batchSize * H);
  matMulTransposedA(workspace.hidden, stateOffset, dOutputs, 0, dWhy, 0, rows, H, O);
  matMulTransposedB(dOutputs, 0, why, 0, workspace.dHidden, stateOffset, rows, H, O);
  if (config.variant === 'bidirectional') {
    workspace.dBackHidden.fill(0, 0, rows * H);
    matMulTransposedA(workspace.backHidden, 0, dOutputs, 0, dWhy, H * O, rows, H, O);
    matMulTransposedB(dOutputs, 0, why, H * O, workspace.dBackHidden, 0, rows, H, O);
  }
}

/**
 * Backward recurrence of one cell. `states`/`dStates` are [steps, B, H]; on entry dStates
 * holds ∂L/∂state from the output layer, on exit the pre-activation gradients a_s. The
 * recurrent weight gradient Σ_s state_prevᵀ·a_s is one product over all steps at the end
 * (rows s = 1..S−1 of a pair with rows s−1 of the states: two equally long contiguous blocks).
 * Adds a_s·Wxᵀ into dx ([B, T, F]) when given.
 */
function cellBackward(
  workspace: Workspace,
  states: NumArray,
  dStates: NumArray,
  x: NumArray,
  batchSize: number,
  cell: CellGradients,
  dx: NumArray | null,
): void {
  const { window: T, inputSize: F, hiddenSize: H } = workspace.config;
  const block = batchSize * H;
  const carry = workspace.carry;
  carry.fill(0, 0, block);
  for (let k = cell.steps - 1; k >= 0; k--) {
    const step = cell.backward ? cell.steps - 1 - k : k;
    const offset = step * block;
    for (let i = 0; i < block; i++) dStates[offset + i] += carry[i];
    tanhBackInPlace(states, offset, dStates, offset, block);
    broadcastBiasBack(dStates, offset, cell.dBias, batchSize, H);
    if (step < T) {
      for (let b = 0; b < batchSize; b++) {
        const xRow = (b * T + step) * F;
        matMulAddBackWeights(x, xRow, dStates, offset + b * H, cell.dInput, 0, 1, F, H);
        if (dx) matMulAddBackInput(dStates, offset + b * H, cell.input, 0, dx, xRow, 1, F, H);
      }
    }
    if (k > 0) {
      carry.fill(0, 0, block);
      matMulTransposedB(dStates, offset, cell.recurrent, 0, carry, 0, batchSize, H, H);
    }
  }
  if (cell.steps < 2) return;
  const pairs = (cell.steps - 1) * batchSize;
  const previousOffset = cell.backward ? block : 0;
  const currentOffset = cell.backward ? 0 : block;
  matMulTransposedA(states, previousOffset, dStates, currentOffset, cell.dRecurrent, 0, pairs, H, H);
}
/**
 * Full backward pass. Needs `forwardInto` on the same batch and ∂L/∂ŷ in
 * workspace.dPredictions ([T, B]). Overwrites workspace.grads; adds ∂L/∂x into dx [B, T, F]
 * when given (dx must start at zero).
 */
export function backwardInto(
  workspace: Workspace,
  params: Params,
  x: NumArray,
  batchSize: number,
  dx: NumArray | null = null,
): void {
  const { config, grads } = workspace;
  zeroGradients(grads);
  outputLayersBackward(workspace, params, batchSize);
  cellBackward(
    workspace,
    workspace.hidden,
    workspace.dHidden,
    x,
    batchSize,
    {
      input: param(params, 'Wxh'),
      recurrent: param(params, 'Whh'),
      dInput: param(grads, 'Wxh'),
      dRecurrent: param(grads, 'Whh'),
      dBias: param(grads, 'bh'),
      steps: unrolledSteps(config),
      backward: false,
    },
    dx,
  );
  if (config.variant === 'bidirectional') {
    cellBackward(
      workspace,
      workspace.backHidden,
      workspace.dBackHidden,
      x,
      batchSize,
      {
        input: param(params, 'Wxh_b'),
        recurrent: param(params, 'Whh_b'),
        dInput: param(grads, 'Wxh_b'),
        dRecurrent: param(grads, 'Whh_b'),
        dBias: param(grads, 'bh_b'),
        steps: config.window,
        backward: true,
      },
      dx,
    );
  }
}
