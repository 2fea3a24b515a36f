/**
 * Chooses the engine the lab trains with. `scratch` needs nothing; the tfjs choices load
 * TensorFlow.js and a backend on first use. `auto` prefers WebGL on a real GPU, and WASM where
 * WebGL would run in software (SwiftShader), which is slower than WASM for this model.
 */
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName } from '../../lib/model/backend.ts';
import type { ChosenEngine, EngineChoice, EngineChooser, EngineNote } from '../../lib/trainer/protocol.ts';

const WASM_FILES = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

/** Whether WebGL exists here and whether it is a software renderer. Works in workers. */
export function probeWebgl(): { available: boolean; software: boolean } {
  try {
    const canvas =
      typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return { available: false, software: false };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, software: /swiftshader|llvmpipe|software|basic render/i.test(renderer) };
  } catch {
    return { available: false, software: false };
  }
}

/** Backends to try, in order, for a choice. */
function backendOrder(
  choice: Exclude<EngineChoice, 'scratch'>,
  webgl: { available: boolean; software: boolean },
): BackendName[] {
  if (choice === 'auto') return webgl.available && !webgl.software ? ['webgl', 'wasm', 'cpu'] : ['wasm', 'cpu'];
  if (choice === 'webgl') return ['webgl', 'wasm', 'cpu'];
  if (choice === 'wasm') return ['wasm', 'cpu'];
  return ['cpu'];
}

/** Builds the engine factory for a choice, loading tfjs only when the choice needs it. */
export const makeEngineFactory: EngineChooser = async (choice, wasmPaths = WASM_FILES): Promise<ChosenEngine> => {
  if (choice === 'scratch') {
    const { createScratchEngine } = await import('../../lib/model/scratch.ts');
    return {
      create: async (config, params, learningRate) =>
        createScratchEngine(config, params, { dtype: 'float32', adam: { learningRate } }),
      backend: 'scratch',
      notes: [],
      softwareWebgl: false,
    };
  }
  const webgl = probeWebgl();
  const [{ selectBackend }, { createTfjsEngine }] = await Promise.all([
    import('../../lib/model/backend.ts'),
    import('../../lib/model/tfjs.ts'),
  ]);
  const order = backendOrder(choice, webgl);
  const selected = await selectBackend(order, { allowSoftwareWebgl: choice === 'webgl', wasmPaths });
  const backend = selected.backend;
  const notes: EngineNote[] = selected.notes.map(({ backend: skipped, reason }) => ({ backend: skipped, reason }));
  if (choice === 'auto' && webgl.software) notes.unshift({ backend: 'webgl', reason: 'software' });
  if (choice === 'auto' && !webgl.available) notes.unshift({ backend: 'webgl', reason: 'unavailable' });
  return {
    create: (config, params, learningRate) => createTfjsEngine(config, params, { backend, adam: { learningRate } }),
    backend,
    notes,
    softwareWebgl: webgl.software && backend === 'webgl',
  };
};
