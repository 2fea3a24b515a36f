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
  /** WEBGL_VERSION (0 off WebGL). */
  webglVersion: number;
  /** The unmasked renderer string (e.g. SwiftShader), or null off WebGL. */
  renderer: string | null;
  results: VariantMeasurement[];
}

/** The WebGL renderer's name, as the debug extension reports it. */
function rendererName(): string | null {
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  return gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : null;
}

async function measureKernels(backend: string, batchSize: number): Promise<BrowserMeasurement> {
  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} could not be initialised`);
  const results: VariantMeasurement[] = [];
  for (const variant of VARIANTS) results.push(await measureVariant(variant, batchSize));
  const webgl = backend === 'webgl';
  return {
    backend,
    webglVersion: webgl ? tf.env().getNumber('WEBGL_VERSION') : 0,
    renderer: webgl ? rendererName() : null,
    results,
  };
}

(globalThis as unknown as { measureKernels: typeof measureKernels }).measureKernels = measureKernels;
