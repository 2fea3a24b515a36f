/**
 * Trains the shipped pretrained models (npm run pretrained), one per variant, with the scratch
 * engine (float32) at fixed seeds on the default task, and writes
 * public/models/{synced,delayed,bidirectional}.json with their test metrics.
 * Schedule: Adam lr 0.01 for most steps, then lr 0.001 to settle; batches of 64.
 * Parameters are rounded to 7 significant digits; the recorded metrics are measured on the
 * rounded parameters, so re-evaluating a file reproduces them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { DATA_DEFAULTS, makeDataset } from '../src/lib/data.ts';
import { ORIGINAL_CONFIG, type ModelConfig, type Variant } from '../src/lib/model/config.ts';
import { parseModel, serializeModel } from '../src/lib/model/format.ts';
import { seededParams } from '../src/lib/model/params.ts';
import { createScratchEngine } from '../src/lib/model/scratch.ts';
import { evaluate, train } from '../src/lib/train.ts';

const OUT_DIR = 'public/models';
const SIGNIFICANT_DIGITS = 7;
const SCHEDULE = [
  { learningRate: 0.01, steps: 1500 },
  { learningRate: 0.001, steps: 500 },
] as const;
const BATCH_SIZE = 64;
const MODELS: Array<{ variant: Variant; delay: number; seed: number }> = [
  { variant: 'synced', delay: 0, seed: 1 },
  { variant: 'delayed', delay: 8, seed: 1 },
  { variant: 'bidirectional', delay: 0, seed: 1 },
];

/** Trains one model and returns its model file text. */
async function makeModel(variant: Variant, delay: number, seed: number): Promise<string> {
  const config: ModelConfig = { ...ORIGINAL_CONFIG, variant, delay };
  const data = { ...DATA_DEFAULTS, seed };
  const dataset = makeDataset(data, config.window);
  const engine = createScratchEngine(config, seededParams(config, seed), { dtype: 'float32' });
  let phase = 0;
  for (const { learningRate, steps } of SCHEDULE) {
    await train(engine, dataset, {
      learningRate,
      steps,
      batchSize: BATCH_SIZE,
      seed: seed * 100 + phase,
      dtype: 'float32',
    });
    phase += 1;
  }
  const rounded = parseModel(
    serializeModel({ config, data, dtype: 'float32', params: engine.getParams() }, SIGNIFICANT_DIGITS),
  );
  const metrics = await evaluate(createScratchEngine(config, rounded.params, { dtype: 'float32' }), dataset.test);
  const trainSteps = SCHEDULE.reduce((sum, phaseSettings) => sum + phaseSettings.steps, 0);
  return serializeModel(
    {
      config,
      data,
      dtype: 'float32',
      params: rounded.params,
      metrics: {
        ...metrics,
        trainSteps,
        learningRate: SCHEDULE[0].learningRate,
        batchSize: BATCH_SIZE,
        engine: 'scratch',
      },
    },
    SIGNIFICANT_DIGITS,
  );
}

mkdirSync(OUT_DIR, { recursive: true });
for (const { variant, delay, seed } of MODELS) {
  const started = performance.now();
  const text = await makeModel(variant, delay, seed);
  const path = `${OUT_DIR}/${variant}.json`;
  writeFileSync(path, `${text}\n`);
  const { metrics } = parseModel(text);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${path}: mse ${metrics?.mse.toExponential(3)}, t=0..3 ${metrics?.mseEarly.toExponential(3)}, ` +
      `t>=16 ${metrics?.mseLate.toExponential(3)} (${seconds} s, ${text.length} bytes)`,
  );
}
