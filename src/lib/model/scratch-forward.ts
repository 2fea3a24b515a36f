/**
 * Forward pass of the scratch engine and the workspace that holds every intermediate value.
 *
 *   h_s = tanh(x_s·Wxh + h_{s-1}·Whh + bh),  h_{-1} = 0     (x_s = 0 for s ≥ T when delayed)
 *   g_t = tanh(x_t·Wxh_b + g_{t+1}·Whh_b + bh_b), g_T = 0   (bidirectional only)
 *   z_t = tanh(h_{t+d}·Why + by)    or tanh([h_t ; g_t]·Why + by) when bidirectional
 *   ŷ_t = z_t·Wl + bl
 *
 * Intermediates are stored time-major ([steps, B, units]) so that one step of the recurrence
 * reads and writes one contiguous block, and so that all output-layer rows (steps d..S−1)
 * form a single [T·B, H] block handled by one matrix product.
 */
import { paramShapes, unrolledSteps, type ModelConfig, type ParamName } from './config.ts';
import { allocate, paramOf, sizeOf, type DType, type NumArray, type Params } from './params.ts';
import { broadcastBias, matMulAdd, matMulTransposedB, tanhInPlace, transpose } from './scratch-ops.ts';

/**
 * Preallocated buffers for batches of up to `capacity` windows; `ensureCapacity` grows them.
 * Shapes below use S = unrolled steps, T = window, B = current batch size.
 */
export interface Workspace {
  readonly config: ModelConfig;
  readonly dtype: DType;
  capacity: number;
  /** h_s after tanh, [S, B, H]. */
  hidden: NumArray;
  /** g_t after tanh (bidirectional), [T, B, H]; empty otherwise. */
  backHidden: NumArray;
  /** z_t after tanh, [T, B, O]. */
  outputs: NumArray;
  /** ŷ_t, [T, B] (time-major; public results are transposed to [B, T]). */
  predictions: Float64Array;
  /** Targets y copied time-major, [T, B]. */
  targets: Float64Array;
  /** ∂L/∂ŷ, [T, B]. */
  dPredictions: Float64Array;
  /** ∂L/∂(pre-activation of z), [T, B, O]. */
  dOutputs: NumArray;
  /** ∂L/∂h_s, then ∂L/∂(pre-activation of h_s), [S, B, H]. */
  dHidden: NumArray;
  /** Same for g_t, [T, B, H] (bidirectional). */
  dBackHidden: NumArray;
  /** ∂L/∂h_{s-1} carried back through Whh, [B, H]. */
  carry: NumArray;
  /** Transposed weights for the forward products: Whhᵀ, Whh_bᵀ [H, H] and Whyᵀ per row block [2, O, H]. */
  transposedWeights: { recurrent: NumArray; backRecurrent: NumArray; output: NumArray };
  /** Gradients, float64, one array per parameter (same shapes as the parameters). */
  grads: Params;
}

/** Allocates a workspace for `config`, initially for batches of up to `capacity` windows. */
export function createWorkspace(config: ModelConfig, dtype: DType, capacity = 1): Workspace {
  const grads: Params = {};
  for (const [name, shape] of paramShapes(config)) grads[name] = new Float64Array(sizeOf(shape));
  const empty = allocate(0, dtype);
  const workspace: Workspace = {
    config,
    dtype,
    capacity: 0,
    hidden: empty,
    backHidden: empty,
    outputs: empty,
    predictions: new Float64Array(0),
    targets: new Float64Array(0),
    dPredictions: new Float64Array(0),
    dOutputs: empty,
    dHidden: empty,
    dBackHidden: empty,
    carry: empty,
    grads,
    transposedWeights: {
      recurrent: allocate(config.hiddenSize ** 2, dtype),
      backRecurrent: allocate(config.hiddenSize ** 2, dtype),
      output: allocate(2 * config.outputSize * config.hiddenSize, dtype),
    },
  };
  ensureCapacity(workspace, capacity);
  return workspace;
}

/** Grows the buffers so a batch of `batchSize` windows fits (never shrinks). */
export function ensureCapacity(workspace: Workspace, batchSize: number): void {
  if (batchSize <= workspace.capacity) return;
  const { config, dtype } = workspace;
  const steps = unrolledSteps(config);
  const { window: T, hiddenSize: H, outputSize: O } = config;
  const backSize = config.variant === 'bidirectional' ? T * batchSize * H : 0;
  workspace.capacity = batchSize;
  workspace.hidden = allocate(steps * batchSize * H, dtype);
  workspace.backHidden = allocate(backSize, dtype);
  workspace.outputs = allocate(T * batchSize * O, dtype);
  workspace.predictions = new Float64Array(T * batchSize);
  workspace.targets = new Float64Array(T * batchSize);
  workspace.dPredictions = new Float64Array(T * batchSize);
  workspace.dOutputs = allocate(T * batchSize * O, dtype);
  workspace.dHidden = allocate(steps * batchSize * H, dtype);
  workspace.dBackHidden = allocate(backSize, dtype);
  workspace.carry = allocate(batchSize * H, dtype);
}

/** Returns a parameter that must exist for this variant. */
export const param: (params: Params, name: ParamName) => NumArray = paramOf;

/**
 * Adds x_s·W for every window of the batch: out[b, :] += Σ_f x[b, s, f]·W[f, :].
 * x is batch-major [B, T, F]; out is one time step [B, H] at outOffset.
 */
function addInputProjection(
  x: NumArray,
  step: number,
  weights: NumArray,
  out: NumArray,
  outOffset: number,
  batchSize: number,
  config: ModelConfig,
): void {
  const { window: T, inputSize: F, hiddenSize: H } = config;
  for (let b = 0; b < batchSize; b++) {
    const xRow = (b * T + step) * F;
    matMulAdd(x, xRow, weights, 0, out, outOffset + b * H, 1, F, H);
  }
}

/**
 * One recurrent cell over all steps in the given order:
 * state_s = tanh(x_s·Wx + state_prev·Wh + bias), where prev = s − direction (zero state
 * before the first step). `states` is [steps, B, H]; steps ≥ T get no input (delayed padding).
 * `recurrentT` is Whᵀ, so state_prev·Wh is the row-dot product state_prev·(Whᵀ)ᵀ.
 */
function runCell(
  workspace: Workspace,
  states: NumArray,
  x: NumArray,
  batchSize: number,
  cell: { input: NumArray; recurrentT: NumArray; bias: NumArray; steps: number; backward: boolean },
): void {
  const { window: T, hiddenSize: H } = workspace.config;
  const block = batchSize * H;
  for (let k = 0; k < cell.steps; k++) {
    const step = cell.backward ? cell.steps - 1 - k : k;
    const offset = step * block;
    broadcastBias(cell.bias, states, offset, batchSize, H);
    if (step < T) addInputProjection(x, step, cell.input, states, offset, batchSize, workspace.config);
    if (k > 0) {
      const previous = cell.backward ? offset + block : offset - block;
      matMulTransposedB(states, previous, cell.recurrentT, 0, states, offset, batchSize, H, H);
    }
    tanhInPlace(states, offset, block);
  }
}

/**
 * Full forward pass for a batch x [B, T, F]; fills hidden, backHidden, outputs and
 * predictions ([T, B]) of the workspace. The workspace must already fit the batch.
 */
export function forwardInto(workspace: Workspace, params: Params, x: NumArray, batchSize: number): void {
  const { config, outputs, transposedWeights } = workspace;
  const { window: T, hiddenSize: H, outputSize: O } = config;
  const delay = config.variant === 'delayed' ? config.delay : 0;
  const bidirectional = config.variant === 'bidirectional';
  const why = param(params, 'Why');
  transpose(param(params, 'Whh'), 0, H, H, transposedWeights.recurrent);
  transpose(why, 0, H, O, transposedWeights.output);
  runCell(workspace, workspace.hidden, x, batchSize, {
    input: param(params, 'Wxh'),
    recurrentT: transposedWeights.recurrent,
    bias: param(params, 'bh'),
    steps: unrolledSteps(config),
    backward: false,
  });
  const rows = T * batchSize;
  broadcastBias(param(params, 'by'), outputs, 0, rows, O);
  matMulTransposedB(workspace.hidden, delay * batchSize * H, transposedWeights.output, 0, outputs, 0, rows, O, H);
  if (bidirectional) {
    transpose(param(params, 'Whh_b'), 0, H, H, transposedWeights.backRecurrent);
    transpose(why, H * O, H, O, transposedWeights.output, O * H);
    runCell(workspace, workspace.backHidden, x, batchSize, {
      input: param(params, 'Wxh_b'),
      recurrentT: transposedWeights.backRecurrent,
      bias: param(params, 'bh_b'),
      steps: T,
      backward: true,
    });
    matMulTransposedB(workspace.backHidden, 0, transposedWeights.output, O * H, outputs, 0, rows, O, H);
  }
  tanhInPlace(outputs, 0, rows * O);
  const wl = param(params, 'Wl');
  const bl = param(params, 'bl')[0];
  for (let r = 0; r < rows; r++) {
    let sum = bl;
    for (let o = 0; o < O; o++) sum += outputs[r * O + o] * wl[o];
    workspace.predictions[r] = sum;
  }
}

/** Copies time-major predictions [T, B] into a new batch-major array [B, T]. */
export function predictionsBatchMajor(workspace: Workspace, batchSize: number): Float64Array {
  const T = workspace.config.window;
  const out = new Float64Array(batchSize * T);
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < batchSize; b++) out[b * T + t] = workspace.predictions[t * batchSize + b];
  }
  return out;
}
