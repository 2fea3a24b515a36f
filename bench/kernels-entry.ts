/**
 * Browser entry of `npm run bench:kernels`, bundled by bench/kernels.ts: exposes
 * `measureKernels(backend, batchSize)`, which activates the backend (accepting software WebGL,
 * as headless Chromium without a GPU only has SwiftShader) and measures every variant.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { webglRenderer } from '../src/lib/model/backend.ts';
import { makeConfig, VARIANTS } from '../src/lib/model/config.ts';
import { seededParams } from '../src/lib/model/params.ts';
import { createTfjsEngine } from '../src/lib/model/tfjs.ts';
import { measureVariant, type VariantMeasurement } from './kernels-measure.ts';

/** What the page reports about its WebGL, next to the measurements. */
export interface BrowserMeasurement {
  backend: string;
  /** WEBGL_VERSION (0 off WebGL). */
  webglVersion: number;
  /** The unmasked renderer string (e.g. SwiftShader), or null off WebGL. */
  renderer: string | null;
  /** The kernel path a TF.js engine takes here when none is asked for. */
  defaultKernels: string;
  results: VariantMeasurement[];
}

/** The path an engine created without a `kernels` option takes on the active backend. */
async function defaultKernels(): Promise<string> {
  const config = makeConfig('synced');
  const engine = await createTfjsEngine(config, seededParams(config, 1));
  engine.dispose();
  return engine.kernels;
}

async function measureKernels(backend: string, batchSize: number): Promise<BrowserMeasurement> {
  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} could not be initialised`);
  const results: VariantMeasurement[] = [];
  for (const variant of VARIANTS) results.push(await measureVariant(variant, batchSize));
  const webglVersion = backend === 'webgl' ? tf.env().getNumber('WEBGL_VERSION') : 0;
  return { backend, webglVersion, renderer: webglRenderer(), defaultKernels: await defaultKernels(), results };
}

(globalThis as unknown as { measureKernels: typeof measureKernels }).measureKernels = measureKernels;
