/**
 * Chooses and activates a TensorFlow.js backend. Framework-free (only tf.* calls, no DOM), so
 * the page, a Web Worker and Node can all use it. Each backend package is imported
 * dynamically only when it is tried, so a page loads just the backends it actually uses.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Backends the project knows how to load. */
export type BackendName = 'webgl' | 'wasm' | 'cpu';

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /**
   * Accept a software (CPU-emulated) WebGL implementation such as SwiftShader; by default
   * tfjs refuses it. Sets the SOFTWARE_WEBGL_ENABLED flag before WebGL initialises.
   */
  allowSoftwareWebgl?: boolean;
  /**
   * Where the tfjs-backend-wasm binaries are: a URL prefix (directory ending in '/') or a map
   * from file name ('tfjs-backend-wasm.wasm', '-simd', '-threaded-simd') to URL.
   */
  wasmPaths?: string | Record<string, string>;
}

/** Why a backend was passed over: missing, without float32 render targets, or failed to start. */
export type SkipReason = 'unavailable' | 'noFloat32' | 'failed';

/** A backend that was tried and not used; `message` is an English sentence for logs. */
export interface BackendNote {
  backend: BackendName;
  reason: SkipReason;
  message: string;
}

/** The activated backend and what happened on the way (skipped or failed backends). */
export interface SelectedBackend {
  backend: BackendName;
  notes: BackendNote[];
}

/** Imports a backend's package (registering it with tfjs) and applies its set-up options. */
async function loadBackend(name: BackendName, options: SelectBackendOptions): Promise<void> {
  if (name === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
  } else if (name === 'webgl') {
    await import('@tensorflow/tfjs-backend-webgl');
    if (options.allowSoftwareWebgl) tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  } else {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (options.wasmPaths) wasm.setWasmPaths(options.wasmPaths);
  }
}

/**
 * Why an active backend cannot be used for training, or null if it can. WebGL must render to
 * float32 textures; otherwise tfjs falls back to half precision and training results are wrong.
 */
function unusableReason(name: BackendName): BackendNote | null {
  if (name !== 'webgl') return null;
  if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE')) {
    return {
      backend: name,
      reason: 'noFloat32',
      message: 'webgl: skipped, this GPU cannot render to float32 textures (results would be half precision)',
    };
  }
  return null;
}

/** Tries one backend; resolves to null on success or to a note explaining the failure. */
async function tryBackend(name: BackendName, options: SelectBackendOptions): Promise<BackendNote | null> {
  try {
    await loadBackend(name, options);
    if (!(await tf.setBackend(name)))
      return { backend: name, reason: 'unavailable', message: `${name}: could not be initialised` };
    await tf.ready();
    return unusableReason(name);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { backend: name, reason: 'failed', message: `${name}: failed (${detail})` };
  }
}

/**
 * Activates the first backend of `preferred` that initialises and is usable, in order, e.g.
 * ['webgl', 'wasm', 'cpu']. Resolves to its name and notes about each skipped backend;
 * rejects with all notes if none works.
 */
export async function selectBackend(
  preferred: BackendName[],
  options: SelectBackendOptions = {},
): Promise<SelectedBackend> {
  const notes: BackendNote[] = [];
  for (const name of preferred) {
    const failure = await tryBackend(name, options);
    if (failure === null) return { backend: name, notes };
    notes.push(failure);
  }
  throw new Error(
    `no usable TF.js backend among ${preferred.join(', ')}: ${notes.map((note) => note.message).join('; ')}`,
  );
}

/**
 * The renderer behind the active WebGL backend (unmasked where the browser allows it), or null
 * when the active backend is not WebGL. Reads the backend's own context, so it works in a worker.
 */
export function webglRenderer(): string | null {
  if (tf.getBackend() !== 'webgl') return null;
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}
