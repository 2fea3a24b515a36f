/**
 * TensorFlow.js on its CPU backend, loaded on first use only, for the small on-page computations
 * of the "inside" demos (autodiff gradients of a tiny model, input gradients of one window).
 * The training demos run TensorFlow.js in a worker instead (see engine-factory.ts).
 */
import type { ModelConfig } from '../../lib/model/config.ts';
import type { Params } from '../../lib/model/params.ts';
import type { TfjsEngine } from '../../lib/model/tfjs.ts';
import { markTfjsLoaded } from './tfjs-marker.ts';

let tfjsModule: Promise<typeof import('../../lib/model/tfjs.ts')> | null = null;

/** Loads TensorFlow.js and activates the cpu backend, once per page. */
function loadTfjs(): Promise<typeof import('../../lib/model/tfjs.ts')> {
  tfjsModule ??= (async () => {
    const [{ selectBackend }, tfjs] = await Promise.all([
      import('../../lib/model/backend.ts'),
      import('../../lib/model/tfjs.ts'),
    ]);
    markTfjsLoaded();
    await selectBackend(['cpu']);
    return tfjs;
  })();
  // A failed load (e.g. offline) is not kept, so the next use tries again.
  tfjsModule.catch(() => {
    tfjsModule = null;
  });
  return tfjsModule;
}

/** Runs `use` with a TensorFlow.js engine for `config`/`params` on the cpu backend, then frees it. */
export async function withTfjsEngine<R>(
  config: ModelConfig,
  params: Params,
  use: (engine: TfjsEngine) => Promise<R>,
): Promise<R> {
  const { createTfjsEngine } = await loadTfjs();
  const engine = await createTfjsEngine(config, params, { backend: 'cpu' });
  try {
    return await use(engine);
  } finally {
    engine.dispose();
  }
}
