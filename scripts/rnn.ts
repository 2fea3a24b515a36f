/**
 * Command-line tool: train, evaluate and differentiate the RNN with either engine.
 *   node --import ./scripts/node-hooks.mjs scripts/rnn.ts <train|eval|grad> [flags]   (npm run rnn -- …)
 * Usage mistakes print one line on stderr and exit with code 2; other failures exit with 1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DATA_DEFAULTS, makeDataset, type DataSettings } from '../src/lib/data.ts';
import { OPTIMIZERS } from '../src/lib/model/adam.ts';
import { INITIAL_STATES, makeConfig, VARIANTS, type ModelConfig } from '../src/lib/model/config.ts';
import { createEngine, type EngineKind, type KernelChoice } from '../src/lib/model/create.ts';
import type { Batch, RnnEngine, StepStats } from '../src/lib/model/engine.ts';
import { parseModel, serializeModel } from '../src/lib/model/format.ts';
import { paramOf, type DType } from '../src/lib/model/params.ts';
import { createSession, initialParams, type SessionSetup, type TrainingSession } from '../src/lib/session.ts';
import { evaluate, PRESET_ORIGINAL, totalSteps, TRAINING_DEFAULTS, type Evaluation } from '../src/lib/train.ts';
import {
  choiceFlag,
  numberFlag,
  parseCommandLine,
  requiredFlag,
  UsageError,
  USAGE,
  type CommandLine,
} from './rnn-args.ts';

const ENGINES: readonly EngineKind[] = ['scratch', 'tfjs'];
const DTYPES: readonly DType[] = ['float32', 'float64'];
const KERNELS: readonly KernelChoice[] = ['auto', 'js', 'simd'];
/** Steps per engine call when no report interval asks for fewer. */
const CHUNK = 50;

/** Activates the tfjs CPU backend (Node) before a tfjs engine is created. */
async function prepareEngine(kind: EngineKind): Promise<void> {
  if (kind !== 'tfjs') return;
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
}

/** Model config of `train` from its flags. */
function trainConfig(flags: CommandLine['flags']): ModelConfig {
  const variant = choiceFlag(flags, 'variant', VARIANTS, 'synced');
  const delay = numberFlag(flags, 'delay', { integer: true, min: 1, max: 256 });
  if (delay !== undefined && variant !== 'delayed') throw new UsageError('--delay needs --variant delayed');
  const hiddenSize = numberFlag(flags, 'hidden', { integer: true, min: 1, max: 512 });
  const initialState = choiceFlag(flags, 'initial-state', INITIAL_STATES, 'zero');
  return makeConfig(variant, { delay, initialState, ...(hiddenSize === undefined ? {} : { hiddenSize }) });
}

/** The session set-up of `train` from its flags, and the number of steps to take. */
function trainSetup(flags: CommandLine['flags'], config: ModelConfig): { setup: SessionSetup; steps: number } {
  const preset = choiceFlag(flags, 'preset', ['original', 'default'], 'default');
  const base = preset === 'original' ? PRESET_ORIGINAL : TRAINING_DEFAULTS;
  const seed = numberFlag(flags, 'seed', { integer: true, min: 0 }) ?? base.seed;
  const steps = numberFlag(flags, 'steps', { integer: true, min: 1, max: 10_000_000 });
  const epochs = numberFlag(flags, 'epochs', { integer: true, min: 1, max: 100_000 });
  if (steps !== undefined && epochs !== undefined) throw new UsageError('give either --steps or --epochs, not both');
  const learningRate = numberFlag(flags, 'lr', { positive: true, max: 10 }) ?? base.learningRate;
  const burnIn = numberFlag(flags, 'burn-in', { integer: true, min: 0, max: config.window - 1 }) ?? 0;
  const training = {
    ...base.training,
    learningRate,
    optimizer: choiceFlag(flags, 'optimizer', OPTIMIZERS, base.training?.optimizer ?? 'adam'),
    clipNorm: numberFlag(flags, 'clip', { min: 0 }) ?? 0,
    burnIn,
  };
  const batchSize = numberFlag(flags, 'batch', { integer: true, min: 1, max: 65_536 }) ?? base.batchSize;
  const data: DataSettings = {
    ...DATA_DEFAULTS,
    seed,
    horizon: numberFlag(flags, 'horizon', { integer: true, min: 0, max: 1024 }) ?? DATA_DEFAULTS.horizon,
    noise: numberFlag(flags, 'noise', { min: 0, max: 10 }) ?? DATA_DEFAULTS.noise,
  };
  const epochCount = steps !== undefined ? undefined : (epochs ?? base.epochs);
  const setup: SessionSetup = {
    config,
    data,
    learningRate,
    training,
    batchSize,
    seed,
    sampling: epochCount === undefined ? 'random' : 'epochs',
  };
  const count = totalSteps({ steps: steps ?? base.steps, epochs: epochCount, batchSize }, data.trainSize);
  return { setup, steps: count };
}

/** A progress bar on stderr (redrawn in place on a terminal, every 10 % otherwise). */
function progressReporter(total: number): (step: number, loss: number) => void {
  const interactive = process.stderr.isTTY === true;
  let lastShown = -1;
  return (step, loss) => {
    const fraction = step / total;
    const bucket = Math.floor(fraction * (interactive ? 100 : 10));
    if (bucket === lastShown && step !== total) return;
    lastShown = bucket;
    const filled = Math.round(fraction * 30);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] step ${step}/${total} loss ${loss.toExponential(3)}`;
    process.stderr.write(interactive ? `\r${line}${step === total ? '\n' : ''}` : `${line}\n`);
  };
}

/** Header of the `--report-every` table (tab-separated, on stdout). */
const REPORT_HEADER = 'step\tt=0\tt=1\tt=2\tt=3\tt>=16\ttrain-loss\tgrad-norm';

/** One row of the `--report-every` table: test MSE at t = 0..3 and t ≥ 16, last loss and norm. */
function reportRow(step: number, evaluation: Evaluation, stats: StepStats): string {
  const last = stats.losses.length - 1;
  const cells = [0, 1, 2, 3].map((t) => evaluation.msePerStep[t].toExponential(3));
  cells.push(evaluation.mseLate.toExponential(3), stats.losses[last].toExponential(3));
  cells.push(stats.gradNorms[last].toExponential(3));
  return `${step}\t${cells.join('\t')}`;
}

/** Trains `steps` steps in chunks, with progress on stderr and the optional report on stdout. */
async function runTraining(session: TrainingSession, steps: number, reportEvery: number | undefined): Promise<void> {
  const progress = progressReporter(steps);
  if (reportEvery) process.stdout.write(`${REPORT_HEADER}\n`);
  let diverged = 0;
  while (session.step < steps) {
    const untilReport = reportEvery ? reportEvery - (session.step % reportEvery) : CHUNK;
    const stats = await session.trainSteps(Math.min(CHUNK, untilReport, steps - session.step));
    diverged += stats.losses.filter((loss, i) => !Number.isFinite(loss) || Number.isNaN(stats.gradNorms[i])).length;
    progress(session.step, stats.losses[stats.losses.length - 1]);
    if (reportEvery && session.step % reportEvery === 0) {
      process.stdout.write(`${reportRow(session.step, await session.evaluate(), stats)}\n`);
    }
  }
  if (diverged > 0) process.stderr.write(`${diverged} step(s) diverged; their updates were skipped\n`);
}

/** `train`: trains, prints test metrics, optionally writes the model file. */
async function commandTrain(flags: CommandLine['flags']): Promise<void> {
  const config = trainConfig(flags);
  const { setup, steps } = trainSetup(flags, config);
  const kind = choiceFlag(flags, 'engine', ENGINES, 'scratch');
  const dtype = choiceFlag(flags, 'dtype', DTYPES, 'float32');
  const kernels = choiceFlag(flags, 'kernels', KERNELS, 'auto');
  const reportEvery = numberFlag(flags, 'report-every', { integer: true, min: 1 });
  const whhScale = numberFlag(flags, 'whh-scale', { positive: true, max: 100 });
  await prepareEngine(kind);
  const params = initialParams(setup);
  if (whhScale !== undefined) {
    for (const name of config.variant === 'bidirectional' ? (['Whh', 'Whh_b'] as const) : (['Whh'] as const)) {
      paramOf(params, name).forEach((value, i, values) => (values[i] = value * whhScale));
    }
  }
  const session = await createSession(
    setup,
    (c, p, training) => createEngine(kind, c, p, { dtype, kernels, training }),
    params,
  );
  await runTraining(session, steps, reportEvery);
  const metrics = await session.evaluate();
  process.stdout.write(`test MSE ${metrics.mse.toExponential(3)}\n`);
  process.stdout.write(`test MSE t=0..3 ${metrics.mseEarly.toExponential(3)}\n`);
  process.stdout.write(`test MSE t>=16 ${metrics.mseLate.toExponential(3)}\n`);
  if (flags.out) {
    const file = serializeModel({
      config,
      data: setup.data,
      dtype: kind === 'tfjs' ? 'float32' : dtype,
      params: session.engine.getParams(),
      metrics: {
        ...metrics,
        trainSteps: steps,
        learningRate: setup.learningRate,
        batchSize: setup.batchSize,
        engine: kind,
      },
    });
    writeFileSync(flags.out, `${file}\n`);
    process.stderr.write(`wrote ${flags.out}\n`);
  }
  session.dispose();
}

/** Reads and parses a model file named by --model. */
function loadModel(flags: CommandLine['flags']) {
  const path = requiredFlag(flags, 'model');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseModel(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** `eval`: test metrics of a model file on its own regenerated test set, as JSON. */
async function commandEval(flags: CommandLine['flags']): Promise<void> {
  const model = loadModel(flags);
  const dataset = makeDataset(model.data, model.config.window);
  const engine = await createEngine('scratch', model.config, model.params, { dtype: model.dtype, kernels: 'js' });
  const { msePerStep, mse, mseEarly, mseLate } = await evaluate(engine, dataset.test);
  process.stdout.write(`${JSON.stringify({ msePerStep: Array.from(msePerStep), mse, mseEarly, mseLate })}\n`);
}

/** Flattens batch.json ({x: number[B][T], y: number[B][T]}) into a Batch for `config`. */
function readBatchFile(path: string, config: ModelConfig): Batch {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read batch ${path}: ${(error as Error).message}`, { cause: error });
  }
  const { x, y } = (raw ?? {}) as { x?: unknown; y?: unknown };
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length || x.length === 0) {
    throw new Error(`batch ${path}: expected {"x": number[B][T], "y": number[B][T]} with the same B ≥ 1`);
  }
  const flatten = (rows: unknown[], name: string, perRow: number): Float64Array => {
    const values = rows.flat(2);
    if (!rows.every((row) => Array.isArray(row)) || values.length !== rows.length * perRow) {
      throw new Error(`batch ${path}: ${name} must be ${rows.length} rows of ${perRow} numbers`);
    }
    return Float64Array.from(values, (v) => (typeof v === 'number' ? v : Number.NaN));
  };
  const batchSize = x.length;
  return { batchSize, x: flatten(x, 'x', config.window * config.inputSize), y: flatten(y, 'y', config.window) };
}

/** `grad`: loss and gradients of a model on a batch file, as JSON. */
async function commandGrad(flags: CommandLine['flags']): Promise<void> {
  const kind = choiceFlag(flags, 'engine', ENGINES, 'scratch');
  const model = loadModel(flags);
  const batch = readBatchFile(requiredFlag(flags, 'batch'), model.config);
  await prepareEngine(kind);
  const engine: RnnEngine = await createEngine(kind, model.config, model.params, { dtype: 'float64' });
  const { loss, grads } = await engine.lossAndGrads(batch);
  const out: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(grads)) out[name] = Array.from(values ?? []);
  process.stdout.write(`${JSON.stringify({ loss, grads: out })}\n`);
  engine.dispose();
}

/** Runs the command line; returns the exit code. */
async function main(argv: string[]): Promise<number> {
  try {
    const { command, flags } = parseCommandLine(argv);
    if (command === 'help') process.stdout.write(`${USAGE}\n`);
    else if (command === 'train') await commandTrain(flags);
    else if (command === 'eval') await commandEval(flags);
    else await commandGrad(flags);
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError;
    process.stderr.write(`rnn: ${(error as Error).message}${usage ? ' (see --help)' : ''}\n`);
    return usage ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
