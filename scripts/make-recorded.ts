/**
 * Records the runs the variants and practice figures open on, with the real engine (scratch,
 * float32 on the SIMD kernels, as the page trains), so a figure's first state is a measurement,
 * never hand-written numbers:
 *   src/lib/demos/recorded/early-error.json  the synced model's test MSE at t = 0…3 every 50
 *     steps for 3,000 steps at the lab's defaults, for each input-noise level of the figure.
 *   src/lib/demos/recorded/practice.json     (see practice-recorded.ts) the practice demo's presets.
 * Deterministic: the same seeds give the same batches and the same files on every machine.
 *   npm run recorded [-- --only early-error|practice]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  addPoint,
  earlyErrorSetup,
  EARLY_ERROR_SCHEMA,
  MEASURE_EVERY,
  NOISE_LEVELS,
  type EarlyPoint,
  type RecordedRun,
} from '../src/lib/demos/early-error.ts';
import { createEngine } from '../src/lib/model/create.ts';
import { createSession, trainingOptionsOf, type SessionSetup, type TrainingSession } from '../src/lib/session.ts';
import { recordPractice } from './practice-recorded.ts';

const OUT_DIR = 'src/lib/demos/recorded';
/** Significant digits kept of every recorded number (far more than a chart or the text shows). */
const DIGITS = 4;

/** A session on the scratch engine as the page runs it: float32 on the SIMD kernels. */
export function scratchSession(setup: SessionSetup): Promise<TrainingSession> {
  return createSession(setup, (config, params) =>
    createEngine('scratch', config, params, { dtype: 'float32', kernels: 'simd', training: trainingOptionsOf(setup) }),
  );
}

/** Rounds every number in a JSON value to {@link DIGITS} significant digits. */
export function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(DIGITS));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rounded(inner)]));
  }
  return value;
}

/** Trains one early-error run, measuring the test error before training and every 50 steps. */
async function recordEarlyError(noise: (typeof NOISE_LEVELS)[number], total: number): Promise<RecordedRun> {
  const session = await scratchSession(earlyErrorSetup(noise));
  let curve: EarlyPoint[] = addPoint([], 0, (await session.evaluate()).msePerStep);
  while (session.step < total) {
    const stats = await session.trainSteps(Math.min(MEASURE_EVERY, total - session.step));
    if (stats.losses.some((loss) => !Number.isFinite(loss))) throw new Error(`noise ${noise}: training diverged`);
    curve = addPoint(curve, session.step, (await session.evaluate()).msePerStep);
  }
  session.dispose();
  return { noise: Number(noise), steps: total, curve };
}

/** Writes `name`.json with the generator's name, what the run was and the measurements. */
function write(name: string, body: Record<string, unknown>): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const text = JSON.stringify({ generator: 'scripts/make-recorded.ts', ...(rounded(body) as object) });
  writeFileSync(`${OUT_DIR}/${name}.json`, `${text}\n`);
  console.log(`${OUT_DIR}/${name}.json: ${text.length} bytes`);
}

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
if (only === undefined || only === 'early-error') {
  const total = EARLY_ERROR_SCHEMA.fields.steps.default;
  const runs: Record<string, RecordedRun> = {};
  for (const noise of NOISE_LEVELS) {
    const started = performance.now();
    runs[noise] = await recordEarlyError(noise, total);
    const last = runs[noise].curve
      .at(-1)
      ?.mse.map((mse) => mse.toExponential(2))
      .join(', ');
    console.log(
      `early-error noise ${noise}: t = 0…3 at ${total} steps ${last} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  write('early-error', { setup: 'synced, lab defaults: Adam lr 0.01, batch size 64, seed 1', runs });
}
if (only === undefined || only === 'practice') write('practice', await recordPractice(scratchSession));
