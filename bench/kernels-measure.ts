/**
 * The measurement behind `npm run bench:kernels`, shared by Node (cpu backend) and the browser
 * bundle (cpu and webgl): for one variant at batch size B, how many kernels one training step
 * launches on the reference (autodiff) and the fused (hand-derived BPTT) path, how many WebGL
 * programs actually run (packing conversions and uploads included), and how far apart the two
 * paths are — loss and every gradient of one batch, then parameters and losses after 10 Adam
 * steps from the same start. Runs on whatever backend is active.
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeConfig, paramShapes, type ModelConfig, type Variant } from '../src/lib/model/config.ts';
import type { Batch } from '../src/lib/model/engine.ts';
import { paramOf, seededParams, type Params } from '../src/lib/model/params.ts';
import { createTfjsEngine, type TfjsEngine } from '../src/lib/model/tfjs.ts';
import { createRng } from '../src/lib/rng.ts';
import { lossAndGradsScratch } from '../src/lib/model/scratch.ts';

/** Adam steps compared after training both paths from the same start. */
export const COMPARED_STEPS = 10;

/** What one training step of one path launches. */
export interface StepCount {
  /** Kernels recorded by tf.profile (every op, including free reshapes). */
  kernels: number;
  /** WebGL programs run (webgl only; includes pack/unpack conversions and uploads), else null. */
  dispatches: number | null;
  /** The WebGL programs by kind (their class name, or the fused kernel's first input names). */
  programs?: Record<string, number>;
  /**
   * Milliseconds per step over the last COMPARED_STEPS − 2 steps (one trainSteps call). On
   * software WebGL this measures the CPU emulating a GPU: compare paths, not devices.
   */
  msPerStep?: number;
}

/** Largest relative differences between the fused and the reference path. */
export interface PathDifference {
  /** |ΔL| / |L| of one batch. */
  loss: number;
  /** Per parameter, the gradients' scaledDifference. */
  grads: Record<string, number>;
  /** After COMPARED_STEPS Adam steps: per parameter, the values' scaledDifference. */
  params: Record<string, number>;
  /** After COMPARED_STEPS steps: largest |ΔL| / |L| along the trajectory. */
  stepLosses: number;
}

/** One variant's figures on the active backend. */
export interface VariantMeasurement {
  variant: Variant;
  backend: string;
  batchSize: number;
  reference: StepCount;
  /** The fused path's count, or null where it falls back to reference (wasm, WebGL 1). */
  fused: StepCount | null;
  difference: PathDifference | null;
  /**
   * How far each path's gradients are from the scratch engine's in float64 (largest
   * scaledDifference over the parameters): the float32 error both paths carry.
   */
  accuracy: { reference: number; fused: number | null };
}

/** Noisy sine windows like the tutorial's task: x [B, T, 1] = sin + noise, y [B, T] = sin. */
function sineBatch(config: ModelConfig, batchSize: number, seed: number): Batch {
  const rng = createRng(seed);
  const x = new Float32Array(batchSize * config.window);
  const y = new Float32Array(batchSize * config.window);
  for (let b = 0; b < batchSize; b++) {
    const phase = rng.uniform(0, 2 * Math.PI);
    for (let t = 0; t < config.window; t++) {
      y[b * config.window + t] = Math.sin(phase + 0.1 * t);
      x[b * config.window + t] = y[b * config.window + t] + 0.1 * rng.normal();
    }
  }
  return { batchSize, x, y };
}

/** A WebGL program's kind: its class name, or for the fused kernels' plain objects their inputs. */
function programKind(program: unknown): string {
  const { constructor, variableNames } = program as { constructor: { name: string }; variableNames?: string[] };
  return constructor.name === 'Object' ? `fused(${(variableNames ?? []).join(',')})` : constructor.name;
}

/** Counts the WebGL programs `run` launches by kind (none on other backends). */
async function countPrograms(run: () => Promise<unknown>): Promise<Record<string, number>> {
  const backend = tf.backend() as unknown as Record<string, unknown>;
  const original = backend.runWebGLProgram;
  const programs: Record<string, number> = {};
  if (typeof original !== 'function') {
    await run();
    return programs;
  }
  backend.runWebGLProgram = (program: unknown, ...args: unknown[]) => {
    const kind = programKind(program);
    programs[kind] = (programs[kind] ?? 0) + 1;
    return original.call(backend, program, ...args);
  };
  try {
    await run();
  } finally {
    backend.runWebGLProgram = original;
  }
  return programs;
}

/** Kernels and dispatches of one training step of `engine` on `batch`, and its loss. */
async function countStep(engine: TfjsEngine, batch: Batch): Promise<{ count: StepCount; loss: number }> {
  let kernels = 0;
  let loss = NaN;
  const programs = await countPrograms(async () => {
    const profile = await tf.profile(async () => {
      loss = await engine.trainStep(batch);
    });
    kernels = profile.kernels.length;
  });
  if (tf.getBackend() !== 'webgl') return { count: { kernels, dispatches: null }, loss };
  const dispatches = Object.values(programs).reduce((sum, count) => sum + count, 0);
  return { count: { kernels, dispatches, programs }, loss };
}

/**
 * Relative difference of `actual` from `expected` on the scale of the whole array:
 * max_i |a_i − e_i| / max_i |e_i|. Each entry is judged against the parameter's largest value,
 * so float32 rounding in an entry that sums to nearly zero does not count as a disagreement.
 */
function scaledDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale > 0 ? difference / scale : difference;
}

/** Per-parameter scaledDifference of two parameter (or gradient) sets. */
function perParam(config: ModelConfig, actual: Params, expected: Params): Record<string, number> {
  return Object.fromEntries(
    paramShapes(config).map(([name]) => [name, scaledDifference(paramOf(actual, name), paramOf(expected, name))]),
  );
}

/** Largest |a_i − b_i| / |b_i| over two loss sequences. */
function lossDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return worst;
}

/**
 * Runs COMPARED_STEPS training steps: the first plain (it creates Adam's moments), the second
 * profiled, the rest in one trainSteps call. Returns the profiled count and every step's loss.
 */
async function trainAndCount(engine: TfjsEngine, batches: Batch[]): Promise<{ count: StepCount; losses: number[] }> {
  const first = await engine.trainStep(batches[0]);
  const { count, loss } = await countStep(engine, batches[1]);
  const started = performance.now();
  const rest = await engine.trainSteps(batches.slice(2));
  const msPerStep = (performance.now() - started) / (batches.length - 2);
  return { count: { ...count, msPerStep }, losses: [first, loss, ...rest.losses] };
}

/**
 * Measures `variant` at `batchSize` on the active backend: loss and gradients of one batch on
 * both paths, then COMPARED_STEPS Adam steps each (one of them profiled) and the parameters and
 * losses along the way.
 */
export async function measureVariant(variant: Variant, batchSize: number): Promise<VariantMeasurement> {
  const config = makeConfig(variant);
  const params = seededParams(config, 1);
  const batches = Array.from({ length: COMPARED_STEPS }, (_, i) => sineBatch(config, batchSize, 100 + i));
  const reference = await createTfjsEngine(config, params, { kernels: 'reference' });
  const fused = await createTfjsEngine(config, params, { kernels: 'fused' });
  try {
    const [refGrads, fusedGrads] = [await reference.lossAndGrads(batches[0]), await fused.lossAndGrads(batches[0])];
    const truth = lossAndGradsScratch(config, params, batches[0]).grads;
    const refRun = await trainAndCount(reference, batches);
    const worst = (grads: Params) => Math.max(...Object.values(perParam(config, grads, truth)));
    const base = { variant, backend: tf.getBackend(), batchSize, reference: refRun.count };
    const accuracy = { reference: worst(refGrads.grads), fused: worst(fusedGrads.grads) };
    if (fused.kernels !== 'fused')
      return { ...base, fused: null, difference: null, accuracy: { ...accuracy, fused: null } };
    const fusedRun = await trainAndCount(fused, batches);
    const difference: PathDifference = {
      loss: Math.abs(fusedGrads.loss - refGrads.loss) / Math.abs(refGrads.loss),
      grads: perParam(config, fusedGrads.grads, refGrads.grads),
      params: perParam(config, fused.getParams(), reference.getParams()),
      stepLosses: lossDifference(fusedRun.losses, refRun.losses),
    };
    return { ...base, fused: fusedRun.count, difference, accuracy };
  } finally {
    reference.dispose();
    fused.dispose();
  }
}
