/**
 * The WebAssembly SIMD kernels against the TypeScript reference (both float32): loss and every
 * gradient, 10 training steps (Adam and SGD, with clipping), for every variant, initial state
 * and burn-in; memory growth; divergence; the kernel choice.
 */
import { describe, expect, it } from 'vitest';
import { relativeError, relativeErrors } from '../../src/lib/gradcheck.ts';
import { INITIAL_STATES, makeConfig, paramShapes, VARIANTS, type ModelConfig } from '../../src/lib/model/config.ts';
import { createEngine, scratchKernels } from '../../src/lib/model/create.ts';
import type { Batch, RnnEngine, TrainingOptions } from '../../src/lib/model/engine.ts';
import { initParams, paramOf, type Params } from '../../src/lib/model/params.ts';
import { simdSupported } from '../../src/lib/model/simd/simd-kernels.ts';
import { createRng } from '../../src/lib/rng.ts';

/** float32 keeps ~1e-7 of each sum's scale; gradients are compared against their parameter's scale. */
const SCALE = 1;

function randomBatch(config: ModelConfig, batchSize: number, seed: number): Batch {
  const rng = createRng(seed);
  const x = new Float32Array(batchSize * config.window).map(() => rng.uniform(-1, 1));
  const y = new Float32Array(batchSize * config.window).map(() => rng.uniform(-1, 1));
  return { batchSize, x, y };
}

/** Glorot weights and random biases and initial states, so every gradient path carries signal. */
function randomParams(config: ModelConfig, seed: number): Params {
  const rng = createRng(seed);
  const params = initParams(config, rng);
  for (const [name, shape] of paramShapes(config)) {
    if (shape.length === 1) params[name] = paramOf(params, name).map(() => rng.uniform(-0.5, 0.5));
  }
  return params;
}

/** Every parameter flattened in file order. */
function flat(config: ModelConfig, params: Params): number[] {
  return paramShapes(config).flatMap(([name]) => Array.from(paramOf(params, name)));
}

async function pair(config: ModelConfig, params: Params, training: Partial<TrainingOptions>): Promise<RnnEngine[]> {
  const make = (kernels: 'js' | 'simd') =>
    createEngine('scratch', config, params, { dtype: 'float32', kernels, training });
  return Promise.all([make('js'), make('simd')]);
}

describe('SIMD kernels', () => {
  it('are supported by this runtime and chosen by auto for float32 only', async () => {
    expect(simdSupported()).toBe(true);
    expect((await scratchKernels('float32', 'auto')).name).toBe('simd');
    expect((await scratchKernels('float64', 'auto')).name).toBe('js');
    await expect(scratchKernels('float64', 'simd')).rejects.toThrow(/float32 only/);
  });

  for (const variant of VARIANTS) {
    for (const initialState of INITIAL_STATES) {
      for (const burnIn of [0, 2]) {
        it(`match TypeScript: ${variant}, ${initialState}, burn-in ${burnIn} — loss, gradients, 10 steps`, async () => {
          // H = 6 and O = 5 are not multiples of 4: the SIMD memory pads them.
          const config = makeConfig(variant, { hiddenSize: 6, outputSize: 5, window: 12, delay: 3, initialState });
          const params = randomParams(config, 5);
          const [js, simd] = await pair(config, params, { learningRate: 0.01, burnIn, clipNorm: 0.5 });
          const batch = randomBatch(config, 7, 6);
          const reference = await js.lossAndGrads(batch);
          const fast = await simd.lossAndGrads(batch);
          expect(relativeError([fast.loss], [reference.loss])).toBeLessThan(1e-5);
          for (const { name, error } of relativeErrors(config, fast.grads, reference.grads, SCALE)) {
            expect(error, name).toBeLessThan(1e-5);
          }
          const batches = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seed) => randomBatch(config, 7, seed));
          const slow = await js.trainSteps(batches);
          const quick = await simd.trainSteps(batches);
          expect(relativeError(quick.losses, slow.losses)).toBeLessThan(1e-5);
          // A norm is a sum of squares with cancellation across steps whose parameters already
          // differ by float32 round-off; it agrees to 1e-7 on equal parameters (above: gradients).
          expect(relativeError(quick.gradNorms, slow.gradNorms)).toBeLessThan(1e-4);
          // Adam moves every parameter by about lr per step whatever its gradient's size, so
          // parameters are compared against the scale of the whole model.
          expect(relativeError(flat(config, simd.getParams()), flat(config, js.getParams()), SCALE)).toBeLessThan(1e-5);
        });
      }
    }
  }

  it('match TypeScript on SGD steps with clipping at the original sizes', async () => {
    const config = makeConfig('synced');
    const [js, simd] = await pair(config, randomParams(config, 2), {
      optimizer: 'sgd',
      learningRate: 0.1,
      clipNorm: 1,
    });
    const batches = [1, 2, 3].map((seed) => randomBatch(config, 64, seed));
    const slow = await js.trainSteps(batches);
    const quick = await simd.trainSteps(batches);
    expect(relativeError(quick.losses, slow.losses)).toBeLessThan(1e-5);
    expect(relativeError(flat(config, simd.getParams()), flat(config, js.getParams()), SCALE)).toBeLessThan(1e-5);
  });

  it('grow their memory for a larger batch and give the same results as a fresh engine', async () => {
    const config = makeConfig('bidirectional', { hiddenSize: 8, outputSize: 8, window: 16 });
    const params = randomParams(config, 3);
    const grown = await createEngine('scratch', config, params, { dtype: 'float32', kernels: 'simd' });
    await grown.predict(randomBatch(config, 2, 1).x, 2);
    const large = randomBatch(config, 600, 2);
    const fresh = await createEngine('scratch', config, params, { dtype: 'float32', kernels: 'simd' });
    expect(Array.from(await grown.predict(large.x, 600))).toEqual(Array.from(await fresh.predict(large.x, 600)));
    expect(grown.getParams()).toEqual(fresh.getParams());
  });

  it('report a non-finite loss without changing the parameters', async () => {
    const config = makeConfig('synced', { hiddenSize: 4, outputSize: 4, window: 8 });
    const params = randomParams(config, 4);
    paramOf(params, 'Wl').fill(3e38);
    const engine = await createEngine('scratch', config, params, { dtype: 'float32', kernels: 'simd' });
    const before = engine.getParams();
    const { losses, gradNorms } = await engine.trainSteps([randomBatch(config, 4, 1)]);
    expect(Number.isFinite(losses[0])).toBe(false);
    expect(Number.isNaN(gradNorms[0])).toBe(true);
    expect(engine.getParams()).toEqual(before);
    await expect(engine.trainStep(randomBatch(config, 4, 1))).rejects.toThrow(/training diverged/);
  });
});
