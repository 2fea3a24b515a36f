/**
 * The fused kernels of tfjs-kernels.ts as plain loops for TF.js's cpu backend, so the fused
 * path runs (and is tested) in Node. Each function is the specification its WebGL program in
 * tfjs-kernels-webgl.ts follows line by line: one output element per loop body.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { CellBackwardAttrs, CellStepAttrs, DenseAttrs, KERNEL, RowAttrs, UpdateAttrs } from './tfjs-kernels.ts';

/** The part of the cpu backend a kernel uses: read an input, make an output. */
interface CpuBackend {
  readSync(dataId: tf.DataId): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

/** What a kernel function gets: its inputs by name, its attributes, and the backend. */
interface KernelArgs<A> {
  inputs: tf.NamedTensorInfoMap;
  attrs: A;
  backend: CpuBackend;
}

/** Wraps a loop implementation as a tfjs kernel function. */
function kernel<A>(body: (args: KernelArgs<A>) => tf.TensorInfo): tf.KernelFunc {
  return ({ inputs, attrs, backend }) =>
    body({ inputs, attrs: attrs as unknown as A, backend: backend as unknown as CpuBackend });
}

/** An input's values and shape; throws when the input is missing. */
function input(args: KernelArgs<unknown>, name: string): { values: ArrayLike<number>; shape: number[] } {
  const info = args.inputs[name];
  if (!info) throw new Error(`fused kernel: input ${name} is missing`);
  return { values: args.backend.readSync(info.dataId), shape: info.shape };
}

/** An optional input's values, or null. */
function optional(args: KernelArgs<unknown>, name: string): ArrayLike<number> | null {
  return args.inputs[name] ? input(args, name).values : null;
}

/** tanh the way the WebGL kernels compute it, rounded to float32. */
function tanh(value: number): number {
  return Math.fround(Math.tanh(value));
}

/** Finite in float32. */
function finite(value: number): boolean {
  return Number.isFinite(Math.fround(value));
}

const cellForward = kernel<CellStepAttrs>((args) => {
  const { batchSize: B, step } = args.attrs;
  const previous = optional(args, 'previous');
  const x = input(args, 'x');
  const [wx, bias, wh] = ['inputWeights', 'bias', 'recurrent'].map((name) => input(args, name).values);
  const initial = optional(args, 'initial');
  const H = bias.length;
  const F = x.shape[1];
  const out = new Float32Array(B * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      let sum = bias[j];
      for (let f = 0; f < F; f++) sum += x.values[(step * B + b) * F + f] * wx[f * H + j];
      for (let k = 0; k < H; k++) {
        const before = previous ? previous[b * H + k] : initial ? initial[k] : 0;
        sum += before * wh[k * H + j];
      }
      out[b * H + j] = tanh(sum);
    }
  }
  return args.backend.makeTensorInfo([B, H], 'float32', out);
});

const cellBackward = kernel<CellBackwardAttrs>((args) => {
  const { batchSize: B, step, readOutStart, weightRow } = args.attrs;
  const next = optional(args, 'next');
  const dU = input(args, 'outputGrads');
  const why = input(args, 'outputWeights').values;
  const state = input(args, 'state');
  const wh = input(args, 'recurrent').values;
  const H = state.shape[1];
  const O = dU.shape[1];
  const readOut = step - readOutStart;
  const hasReadOut = readOut >= 0 && readOut < dU.shape[0] / B;
  const out = new Float32Array(B * H);
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < H; j++) {
      let sum = 0;
      if (hasReadOut) {
        for (let o = 0; o < O; o++) sum += dU.values[(readOut * B + b) * O + o] * why[(weightRow + j) * O + o];
      }
      if (next) for (let k = 0; k < H; k++) sum += next[b * H + k] * wh[j * H + k];
      const h = state.values[b * H + j];
      out[b * H + j] = sum * (1 - h * h);
    }
  }
  return args.backend.makeTensorInfo([B, H], 'float32', out);
});

const joinRows = kernel<object>((args) => {
  const blocks = Object.keys(args.inputs).map((name) => input(args, name));
  const rows = blocks.reduce((sum, block) => sum + block.shape[0], 0);
  const K = blocks[0].shape[1];
  const out = new Float32Array(rows * K);
  let offset = 0;
  for (const block of blocks) {
    out.set(block.values, offset);
    offset += block.values.length;
  }
  return args.backend.makeTensorInfo([rows, K], 'float32', out);
});

const dense = kernel<DenseAttrs>((args) => {
  const { rows, offset, offset2, activation } = args.attrs;
  const a = input(args, 'a');
  const a2 = args.inputs.a2 ? input(args, 'a2') : null;
  const [weights, bias] = ['weights', 'bias'].map((name) => input(args, name).values);
  const K1 = a.shape[1];
  const K2 = a2 ? a2.shape[1] : 0;
  const M = bias.length;
  const out = new Float32Array(rows * M);
  for (let r = 0; r < rows; r++) {
    for (let m = 0; m < M; m++) {
      let sum = bias[m];
      for (let i = 0; i < K1; i++) sum += a.values[(r + offset) * K1 + i] * weights[i * M + m];
      if (a2) for (let i = 0; i < K2; i++) sum += a2.values[(r + offset2) * K2 + i] * weights[(K1 + i) * M + m];
      out[r * M + m] = activation === 'tanh' ? tanh(sum) : sum;
    }
  }
  return args.backend.makeTensorInfo([rows, M], 'float32', out);
});

const denseBackward = kernel<object>((args) => {
  const dY = input(args, 'gradient');
  const weights = input(args, 'weights').values;
  const z = input(args, 'outputs');
  const [N, O] = z.shape;
  const M = dY.shape[1];
  const out = new Float32Array(N * O);
  for (let r = 0; r < N; r++) {
    for (let o = 0; o < O; o++) {
      let sum = 0;
      for (let m = 0; m < M; m++) sum += dY.values[r * M + m] * weights[o * M + m];
      const zi = z.values[r * O + o];
      out[r * O + o] = sum * (1 - zi * zi);
    }
  }
  return args.backend.makeTensorInfo([N, O], 'float32', out);
});

const weightGrad = kernel<RowAttrs>((args) => {
  const { rows, offset, offset2 } = args.attrs;
  const a = input(args, 'a');
  const a2 = args.inputs.a2 ? input(args, 'a2') : null;
  const initial = optional(args, 'initial');
  const d = input(args, 'gradient');
  const [Ra, K1] = a.shape;
  const K2 = a2 ? a2.shape[1] : 0;
  const M = d.shape[1];
  const out = new Float32Array((K1 + K2) * M);
  for (let i = 0; i < K1 + K2; i++) {
    for (let m = 0; m < M; m++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) {
        const row = r + (i < K1 ? offset : offset2);
        let value: number;
        if (i >= K1 && a2) value = a2.values[row * K2 + i - K1];
        else if (row >= 0 && row < Ra) value = a.values[row * K1 + i];
        else value = initial ? initial[i] : 0;
        sum += value * d.values[r * M + m];
      }
      out[i * M + m] = sum;
    }
  }
  return args.backend.makeTensorInfo([K1 + K2, M], 'float32', out);
});

const initialGrad = kernel<{ start: number; batchSize: number }>((args) => {
  const { start, batchSize } = args.attrs;
  const d = input(args, 'gradient');
  const wh = input(args, 'recurrent').values;
  const H = d.shape[1];
  const out = new Float32Array(H);
  for (let i = 0; i < H; i++) {
    let sum = 0;
    for (let b = 0; b < batchSize; b++) {
      for (let j = 0; j < H; j++) sum += d.values[(start + b) * H + j] * wh[i * H + j];
    }
    out[i] = sum;
  }
  return args.backend.makeTensorInfo([H], 'float32', out);
});

const columnSum = kernel<object>((args) => {
  const d = input(args, 'gradient');
  const [N, M] = d.shape;
  const out = new Float32Array(M);
  for (let m = 0; m < M; m++) {
    let sum = 0;
    for (let r = 0; r < N; r++) sum += d.values[r * M + m];
    out[m] = sum;
  }
  return args.backend.makeTensorInfo([M], 'float32', out);
});

const squaredError = kernel<object>((args) => {
  const [predictions, targets] = ['predictions', 'targets'].map((name) => input(args, name).values);
  let sum = 0;
  for (let r = 0; r < targets.length; r++) sum += (predictions[r] - targets[r]) ** 2;
  return args.backend.makeTensorInfo([], 'float32', Float32Array.of(sum / targets.length));
});

const squaredErrorGrad = kernel<object>((args) => {
  const [predictions, targets] = ['predictions', 'targets'].map((name) => input(args, name).values);
  const N = targets.length;
  const out = Float32Array.from({ length: N }, (_, r) => (2 * (predictions[r] - targets[r])) / N);
  return args.backend.makeTensorInfo([N, 1], 'float32', out);
});

const globalNorm = kernel<object>((args) => {
  let sum = 0;
  for (const name of Object.keys(args.inputs)) {
    const { values } = input(args, name);
    for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  }
  return args.backend.makeTensorInfo([1], 'float32', Float32Array.of(Math.sqrt(sum)));
});

const stepStatus = kernel<object>((args) => {
  const [loss, norm, previous] = ['loss', 'norm', 'previous'].map((name) => input(args, name).values);
  const ok = finite(loss[0]) && finite(norm[0]);
  const status = [loss[0], ok ? norm[0] : NaN, ok ? 1 : 0, previous[3] + (ok ? 1 : 0)];
  return args.backend.makeTensorInfo([4], 'float32', Float32Array.from(status));
});

/** The clip factor min(1, clipNorm/‖g‖) (1 when clipping is off) and whether to apply the step. */
function clipAndGate(status: ArrayLike<number>, clipNorm: number): { scale: number; ok: boolean } {
  const norm = status[1];
  return { scale: clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1, ok: status[2] > 0.5 };
}

const adamMoments = kernel<UpdateAttrs>((args) => {
  const { beta1, beta2, clipNorm } = args.attrs;
  const moments = input(args, 'moments');
  const g = input(args, 'gradient').values;
  const { scale, ok } = clipAndGate(input(args, 'status').values, clipNorm);
  const n = moments.shape[1];
  const out = Float32Array.from(moments.values);
  if (ok) {
    for (let i = 0; i < n; i++) {
      const gi = g[i] * scale;
      out[i] = beta1 * out[i] + (1 - beta1) * gi;
      out[n + i] = beta2 * out[n + i] + (1 - beta2) * gi * gi;
    }
  }
  return args.backend.makeTensorInfo(moments.shape, 'float32', out);
});

const updateParam = kernel<UpdateAttrs>((args) => {
  const { rule, epsilon, clipNorm } = args.attrs;
  const param = input(args, 'param');
  const status = input(args, 'status').values;
  const { scale, ok } = clipAndGate(status, clipNorm);
  const stepSize = input(args, 'stepSizes').values[status[3] - status[2]];
  const out = Float32Array.from(param.values);
  if (ok && rule === 'adam') {
    const moments = input(args, 'moments').values;
    const n = out.length;
    for (let i = 0; i < n; i++) out[i] -= (stepSize * moments[i]) / (Math.sqrt(moments[n + i]) + epsilon);
  } else if (ok) {
    const g = input(args, 'gradient').values;
    for (let i = 0; i < out.length; i++) out[i] -= stepSize * scale * g[i];
  }
  return args.backend.makeTensorInfo(param.shape, 'float32', out);
});

/** Every fused kernel's cpu implementation, by the keys of {@link KERNEL}. */
export const cpuKernels: Record<keyof typeof KERNEL, tf.KernelFunc> = {
  cellForward,
  cellBackward,
  joinRows,
  dense,
  denseBackward,
  weightGrad,
  initialGrad,
  columnSum,
  squaredError,
  squaredErrorGrad,
  globalNorm,
  stepStatus,
  adamMoments,
  updateParam,
};
