/**
 * Loads the engine a demo trains with (on the page or in its worker). `scratch` needs nothing;
 * the TensorFlow.js choices load TensorFlow.js and a backend on first use, trying backends in
 * the order lib/trainer/engines.ts decides, and mark where they run (tfjs-marker.ts).
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  autoCandidates,
  backendOrder,
  type ChosenEngine,
  type DeviceInfo,
  type EngineChooser,
  type EngineNote,
  type EngineSource,
  type WebglProbe,
} from '../../lib/trainer/engines.ts';
import { markTfjsLoaded } from './tfjs-marker.ts';

const WASM_FILES = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

const NO_WEBGL: WebglProbe = { available: false, software: false, renderer: '' };

/** Whether WebGL exists here, whether it is a software renderer, and its name. Works in workers. */
export function probeWebgl(): WebglProbe {
  try {
    const canvas =
      typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return NO_WEBGL;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, software: /swiftshader|llvmpipe|software|basic render/i.test(renderer), renderer };
  } catch {
    return NO_WEBGL;
  }
}

/** The engines `auto` may time here and the renderer its decisions are remembered under. */
export function probeDevice(): DeviceInfo {
  const webgl = probeWebgl();
  return { renderer: webgl.renderer, candidates: autoCandidates(webgl, typeof WebAssembly === 'object') };
}

/** Builds the engine factory for a choice, loading TensorFlow.js only when the choice needs it. */
export const makeEngineFactory: EngineChooser = async (choice, wasmPaths = WASM_FILES): Promise<ChosenEngine> => {
  if (choice === 'scratch') {
    const { createEngine } = await import('../../lib/model/create.ts');
    return {
      // float32 on the WebAssembly SIMD kernels, or the TypeScript ones where SIMD is missing.
      create: (config, params, training) =>
        createEngine('scratch', config, params, { dtype: 'float32', kernels: 'auto', training }),
      backend: 'scratch',
      notes: [],
      softwareWebgl: false,
    };
  }
  const webgl = probeWebgl();
  const [{ selectBackend }, { createEngine }] = await Promise.all([
    import('../../lib/model/backend.ts'),
    import('../../lib/model/create.ts'),
  ]);
  markTfjsLoaded();
  const selected = await selectBackend(backendOrder(choice, webgl), {
    allowSoftwareWebgl: choice === 'webgl',
    wasmPaths,
  });
  const backend = selected.backend;
  const notes: EngineNote[] = selected.notes.map(({ backend: skipped, reason }) => ({ backend: skipped, reason }));
  if (choice === 'auto' && webgl.software) notes.unshift({ backend: 'webgl', reason: 'software' });
  if (choice === 'auto' && !webgl.available) notes.unshift({ backend: 'webgl', reason: 'unavailable' });
  return {
    create: (config, params, training) => createEngine('tfjs', config, params, { backend, training }),
    backend,
    notes,
    softwareWebgl: webgl.software && backend === 'webgl',
    watchDevice: backend === 'webgl' ? await webglContextWatcher() : undefined,
  };
};

/** The global through which end-to-end tests make the trainer's WebGL context go away. */
export const LOSE_CONTEXT_HOOK = '__rnnLoseWebglContext';

/**
 * Watches the WebGL backend's canvas (an OffscreenCanvas in the worker) for a lost context, and
 * sets {@link LOSE_CONTEXT_HOOK} where it runs: a function that loses the context on purpose
 * (WEBGL_lose_context), as a GPU reset or driver crash would.
 */
async function webglContextWatcher(): Promise<ChosenEngine['watchDevice']> {
  const tf = await import('@tensorflow/tfjs-core');
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
  if (!gl) return undefined;
  const canvas = gl.canvas as EventTarget;
  (globalThis as Record<string, unknown>)[LOSE_CONTEXT_HOOK] = () =>
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  return (onLost) => {
    canvas.addEventListener('webglcontextlost', onLost);
    return () => canvas.removeEventListener('webglcontextlost', onLost);
  };
}

/** What a trainer host builds its engines with, on the page or in the worker. */
export const ENGINE_SOURCE: EngineSource = { choose: makeEngineFactory, probe: probeDevice };
