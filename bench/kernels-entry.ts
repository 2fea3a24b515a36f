/**
 * Browser entry of `npm run bench:kernels`, bundled by bench/kernels.ts: exposes
 * `measureKernels(backend, batchSize)`, which activates the backend (accepting software WebGL,
 * as headless Chromium without a GPU only has SwiftShader) and measures every variant.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { VARIANTS } from '../src/lib/model/config.ts';
import { measureVariant, type VariantMeasurement } from './kernels-measure.ts';

/** What the page reports about its WebGL, next to the measurements. */
export interface BrowserMeasurement {
  backend: string;
  webglVersion: number;
  results: VariantMeasurement[];
}

async function measureKernels(backend: string, batchSize: number): Promise<BrowserMeasurement> {
  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} could not be initialised`);
  const results: VariantMeasurement[] = [];
  for (const variant of VARIANTS) results.push(await measureVariant(variant, batchSize));
  const webglVersion = backend === 'webgl' ? tf.env().getNumber('WEBGL_VERSION') : 0;
  return { backend, webglVersion, results };
}

(globalThis as unknown as { measureKernels: typeof measureKernels }).measureKernels = measureKernels;
