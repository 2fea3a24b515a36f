/**
 * Trains the shipped pretrained models (npm run pretrained) with the scratch engine at fixed
 * seeds on the default task — float32 on the SIMD kernels, float64 on the TypeScript ones; both
 * are deterministic IEEE arithmetic, so every machine writes the same files — and writes
 * public/models/{synced,delayed,bidirectional,original}.json with their test metrics.
 *   synced, delayed, bidirectional: float32, Adam lr 0.01 for most steps, then lr 0.001 to
 *     settle; batches of 64 random windows.
 *   original: the original post's exact run — synced, T = 64, F = 1, H = 32, O = 32, Xavier
 *     initialisation, TF1's Adam (lr 0.001, β1 0.9, β2 0.999, ε 1e-8 on √v), batches of 2,048,
 *     100 shuffled epochs, float64 like the original.
 * Parameters are rounded to 7 significant digits; the recorded metrics are measured on the
 * rounded parameters by the TypeScript kernels (as the unit test re-evaluates them), so
 * re-evaluating a file reproduces them. `--only name` regenerates one file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { DATA_DEFAULTS } from '../src/lib/data.ts';
import { makeConfig, type ModelConfig, type Variant } from '../src/lib/model/config.ts';
import type { TrainingOptions } from '../src/lib/model/engine.ts';
import { parseModel, serializeModel, type ModelMetrics } from '../src/lib/model/format.ts';
import type { DType } from '../src/lib/model/params.ts';
import { createEngine } from '../src/lib/model/create.ts';
import { createScratchEngine } from '../src/lib/model/scratch.ts';
import { createSession, type SessionSetup } from '../src/lib/session.ts';
import { evaluate, PRESET_ORIGINAL, totalSteps } from '../src/lib/train.ts';

const OUT_DIR = 'public/models';
const SIGNIFICANT_DIGITS = 7;

/** One file to make: its set-up and its learning-rate schedule (phases of steps). */
interface PretrainedModel {
  name: string;
  dtype: DType;
  setup: SessionSetup;
  schedule: Array<{ learningRate: number; steps: number }>;
  /** Facts of the run recorded with the metrics beyond steps, learning rate and batch size. */
  recorded?: Pick<ModelMetrics, 'epochs' | 'optimizer' | 'epsilon'>;
}

/** The lab-style models: lr 0.01 then 0.001, batch 64, float32. */
function labModel(variant: Variant): PretrainedModel {
  return {
    name: variant,
    dtype: 'float32',
    setup: { config: makeConfig(variant), data: DATA_DEFAULTS, learningRate: 0.01, batchSize: 64, seed: 1 },
    schedule: [
      { learningRate: 0.01, steps: 1500 },
      { learningRate: 0.001, steps: 500 },
    ],
  };
}

/** The original post's run (see the file comment). */
function originalModel(): PretrainedModel {
  const setup: SessionSetup = {
    config: makeConfig('synced'),
    data: DATA_DEFAULTS,
    learningRate: PRESET_ORIGINAL.learningRate,
    training: PRESET_ORIGINAL.training,
    batchSize: PRESET_ORIGINAL.batchSize,
    seed: PRESET_ORIGINAL.seed,
    sampling: 'epochs',
  };
  const steps = totalSteps(PRESET_ORIGINAL, DATA_DEFAULTS.trainSize);
  return {
    name: 'original',
    dtype: 'float64',
    setup,
    schedule: [{ learningRate: setup.learningRate, steps }],
    recorded: { epochs: PRESET_ORIGINAL.epochs, optimizer: 'adam', epsilon: PRESET_ORIGINAL.training?.epsilon },
  };
}

const MODELS: PretrainedModel[] = [labModel('synced'), labModel('delayed'), labModel('bidirectional'), originalModel()];

/** Trains one model and returns its model file text. */
async function makeModel({ dtype, setup, schedule, recorded }: PretrainedModel): Promise<string> {
  const kernels = dtype === 'float32' ? 'simd' : 'js';
  const session = await createSession(setup, (config: ModelConfig, params, training) =>
    createEngine('scratch', config, params, { dtype, kernels, training }),
  );
  for (const { learningRate, steps } of schedule) {
    session.configureTraining({ learningRate } satisfies Partial<TrainingOptions>);
    let left = steps;
    while (left > 0) {
      const stats = await session.trainSteps(Math.min(100, left));
      if (stats.losses.some((loss) => !Number.isFinite(loss))) throw new Error('training diverged');
      left -= stats.losses.length;
    }
  }
  const { config, data } = setup;
  const rounded = parseModel(
    serializeModel({ config, data, dtype, params: session.engine.getParams() }, SIGNIFICANT_DIGITS),
  );
  const metrics = await evaluate(createScratchEngine(config, rounded.params, { dtype }), session.test);
  return serializeModel(
    {
      config,
      data,
      dtype,
      params: rounded.params,
      metrics: {
        ...metrics,
        trainSteps: session.step,
        learningRate: schedule[0].learningRate,
        batchSize: setup.batchSize,
        engine: 'scratch',
        ...recorded,
      },
    },
    SIGNIFICANT_DIGITS,
  );
}

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
if (only !== undefined && !MODELS.some((model) => model.name === only)) {
  throw new Error(`--only must be one of ${MODELS.map((model) => model.name).join(', ')}, got ${only}`);
}
mkdirSync(OUT_DIR, { recursive: true });
for (const model of MODELS.filter((candidate) => only === undefined || candidate.name === only)) {
  const started = performance.now();
  const text = await makeModel(model);
  const path = `${OUT_DIR}/${model.name}.json`;
  writeFileSync(path, `${text}\n`);
  const { metrics } = parseModel(text);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const perStep = Array.from(metrics?.msePerStep ?? [])
    .slice(0, 4)
    .map((value, t) => `t=${t} ${value.toExponential(3)}`);
  console.log(
    `${path}: mse ${metrics?.mse.toExponential(3)}, ${perStep.join(', ')}, ` +
      `t>=16 ${metrics?.mseLate.toExponential(3)} (${seconds} s, ${text.length} bytes)`,
  );
}
