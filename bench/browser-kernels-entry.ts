/**
 * Browser entry of the kernel count in `npm run bench:browser` (bundled by browser-kernels.ts):
 * `countSiteKernels(batchSize)` activates WebGL (software WebGL accepted: headless Chromium
 * without a GPU has only SwiftShader, which runs the same kernels a GPU would) and, for every
 * variant, counts what one training step of the engine the site builds launches: kernels
 * (tf.profile) and WebGL programs run (packing and uploads included).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { webglRenderer } from '../src/lib/model/backend.ts';
import { makeConfig, VARIANTS, type Variant } from '../src/lib/model/config.ts';
import type { Batch } from '../src/lib/model/engine.ts';
import { seededParams } from '../src/lib/model/params.ts';
import { createTfjsEngine } from '../src/lib/model/tfjs.ts';

/** One variant's training step on WebGL. */
export interface SiteKernels {
  variant: Variant;
  /** The kernel path the site's engine takes here (fused on WebGL 2). */
  path: string;
  kernels: number;
  dispatches: number;
}

/** What the page reports: the renderer, and each variant's count. */
export interface SiteKernelReport {
  renderer: string | null;
  batchSize: number;
  variants: SiteKernels[];
}

/** A batch of sine windows (the values do not change the count). */
function batchOf(batchSize: number, window: number): Batch {
  const x = Float32Array.from({ length: batchSize * window }, (_, i) => Math.sin(0.3 * i));
  return { batchSize, x, y: x.map((value) => 0.9 * value) };
}

/** Runs `step` with every WebGL program launch counted; resolves with the count. */
async function countDispatches(step: () => Promise<unknown>): Promise<number> {
  const backend = tf.backend() as unknown as Record<string, unknown>;
  const original = backend.runWebGLProgram as (...args: unknown[]) => unknown;
  let count = 0;
  backend.runWebGLProgram = (...args: unknown[]) => {
    count++;
    return original.apply(backend, args);
  };
  try {
    await step();
  } finally {
    backend.runWebGLProgram = original;
  }
  return count;
}

async function countVariant(variant: Variant, batchSize: number): Promise<SiteKernels> {
  const config = makeConfig(variant);
  const engine = await createTfjsEngine(config, seededParams(config, 1), { backend: 'webgl' });
  try {
    const batch = batchOf(batchSize, config.window);
    // The first step creates Adam's moments; the second is the steady one counted.
    await engine.trainStep(batch);
    let kernels = 0;
    const dispatches = await countDispatches(async () => {
      kernels = (await tf.profile(() => engine.trainStep(batch))).kernels.length;
    });
    return { variant, path: engine.kernels, kernels, dispatches };
  } finally {
    engine.dispose();
  }
}

async function countSiteKernels(batchSize: number): Promise<SiteKernelReport> {
  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  if (!(await tf.setBackend('webgl'))) throw new Error('WebGL could not be initialised');
  const variants: SiteKernels[] = [];
  for (const variant of VARIANTS) variants.push(await countVariant(variant, batchSize));
  return { renderer: webglRenderer(), batchSize, variants };
}

(globalThis as unknown as { countSiteKernels: typeof countSiteKernels }).countSiteKernels = countSiteKernels;
