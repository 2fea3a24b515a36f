/**
 * A training session: one model, its data and its optimiser, stepped on demand. It is what the
 * training lab drives — from a Web Worker or, where workers cannot run the engine, from the page —
 * and what the CLI and the pretrained-model script train with. It holds no DOM, timers or
 * messaging of its own, so the same code runs everywhere. The one training-loop class.
 */
import { createEpochSampler, makeDataset, sampleBatch, type DataSettings, type WindowSet } from './data.ts';
import type { ModelConfig } from './model/config.ts';
import {
  TRAINING_OPTION_DEFAULTS,
  type Batch,
  type OptimizerSnapshot,
  type RnnEngine,
  type StepStats,
  type TrainingOptions,
} from './model/engine.ts';
import { parseModel, serializeModel } from './model/format.ts';
import { seededParams, type Params } from './model/params.ts';
import { pickDistinct, streamRng, type Rng } from './rng.ts';
import { evaluate, type Evaluation } from './train.ts';

/** How batches are drawn: uniformly with replacement, or shuffled epochs without replacement. */
export type Sampling = 'random' | 'epochs';

/** Everything that defines a run. The same setup gives the same initial weights, data and batches. */
export interface SessionSetup {
  config: ModelConfig;
  data: DataSettings;
  /** Learning rate; `training.learningRate` takes precedence when given. */
  learningRate: number;
  /** How to train (optimizer, clipping, burn-in, …); missing fields take TRAINING_OPTION_DEFAULTS. */
  training?: Partial<TrainingOptions>;
  batchSize: number;
  /** Seed of the initial weights and of the batch order (the data has its own `data.seed`). */
  seed: number;
  /** Default 'random'; 'epochs' walks the training set in shuffled epochs (the original's way). */
  sampling?: Sampling;
}

/**
 * Makes an engine for a config, starting parameters and the set-up's full training options
 * (scratch or tfjs on some backend).
 */
export type EngineFactory = (config: ModelConfig, params: Params, training: TrainingOptions) => Promise<RnnEngine>;

/** One test window with the model's prediction: target and prediction are [T]. */
export interface PredictedWindow {
  index: number;
  input: Float64Array;
  target: Float64Array;
  prediction: Float64Array;
}

/** Windows per forward pass when evaluating the test set. */
const EVALUATION_BATCH = 256;

/** The initial parameters of a setup: the seed's weights, so Reset reproduces them. */
export function initialParams(setup: SessionSetup): Params {
  return seededParams(setup.config, setup.seed);
}

/** The full training options of a setup: defaults, then `learningRate`, then `training`. */
export function trainingOptionsOf(setup: SessionSetup): TrainingOptions {
  return { ...TRAINING_OPTION_DEFAULTS, learningRate: setup.learningRate, ...setup.training };
}

/** A model being trained on sine windows; see {@link createSession}. */
export class TrainingSession {
  readonly setup: SessionSetup;
  readonly engine: RnnEngine;
  readonly train: WindowSet;
  readonly test: WindowSet;
  /** Training loss of every step so far, in order (non-finite: that step diverged). */
  readonly losses: number[] = [];
  /**
   * Global gradient norm (before clipping) of every step so far, aligned with `losses`; NaN for
   * a step that diverged or that `trainStep` took (the single-step form does not measure it).
   */
  readonly gradNorms: number[] = [];
  private nextBatch: () => Batch = () => {
    throw new Error('no batches yet');
  };

  constructor(setup: SessionSetup, engine: RnnEngine, train: WindowSet, test: WindowSet) {
    this.setup = setup;
    this.engine = engine;
    this.train = train;
    this.test = test;
    this.restartBatches();
  }

  /** Steps trained in this run. */
  get step(): number {
    return this.losses.length;
  }

  /** Batches per epoch of the training set at this batch size. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.train.count / this.setup.batchSize);
  }

  /** One update on the next batch; resolves to its training loss. Throws if training diverges. */
  async trainStep(): Promise<number> {
    const loss = await this.engine.trainStep(this.nextBatch());
    this.losses.push(loss);
    this.gradNorms.push(Number.NaN);
    return loss;
  }

  /**
   * `count` updates, one per freshly drawn batch, in one engine call (one read-back); appends
   * and returns every step's loss and gradient norm. Never throws on divergence: a diverged
   * step is reported as a non-finite entry and leaves the parameters unchanged.
   */
  async trainSteps(count: number): Promise<StepStats> {
    if (!Number.isInteger(count) || count < 1) throw new Error(`step count must be a positive integer, got ${count}`);
    const batches = Array.from({ length: count }, () => this.nextBatch());
    const stats = await this.engine.trainSteps(batches);
    this.losses.push(...stats.losses);
    this.gradNorms.push(...stats.gradNorms);
    return stats;
  }

  /**
   * Continues a kept model's run: `history` holds the losses of the steps its weights were
   * already trained, [steps]. They become this session's first losses (their gradient norms
   * are unknown: NaN), and the batch order moves past the batches those steps used, so the run
   * goes on with the batches it would have drawn next. With `optimizer` (the optimiser's state
   * when the weights were kept; checked first) the next update is the one the run would have
   * made; without it the optimiser starts afresh. Only on a session that has not trained.
   */
  restore(history: readonly number[], optimizer?: OptimizerSnapshot): void {
    if (this.step > 0) throw new Error(`restore needs a session at step 0, this one is at step ${this.step}`);
    if (optimizer) this.engine.setOptimizerState(optimizer);
    for (let step = 0; step < history.length; step++) this.nextBatch();
    this.losses.push(...history);
    this.gradNorms.push(...history.map(() => Number.NaN));
  }

  /**
   * Goes back to `params`, the weights after `step` updates (the last good ones after a blow-up):
   * the losses from `step` on are dropped and the optimiser starts afresh (on purpose: its moments
   * carry the gradients of the steps that blew up). The batch order goes on, so the steps that
   * follow see batches the dropped steps did not.
   */
  rollBack(step: number, params: Params): void {
    if (!Number.isInteger(step) || step < 0 || step > this.step) {
      throw new Error(`can only roll back to a step from 0 to ${this.step}, got ${step}`);
    }
    this.engine.setParams(params);
    this.losses.length = step;
    this.gradNorms.length = step;
  }

  /** Changes how later steps train (e.g. a learning-rate cool-down); see RnnEngine.configureTraining. */
  configureTraining(options: Partial<TrainingOptions>): void {
    this.engine.configureTraining(options);
  }

  /**
   * Test-set error per time step and its summaries (all test windows), in chunks of
   * {@link EVALUATION_BATCH} windows, so the engine's buffers hold 256 windows, not the whole test set.
   */
  evaluate(): Promise<Evaluation> {
    return evaluate(this.engine, this.test, EVALUATION_BATCH);
  }

  /** Predictions for the given test windows. */
  async predictWindows(indices: number[]): Promise<PredictedWindow[]> {
    const T = this.test.window;
    const x = new Float64Array(indices.length * T);
    indices.forEach((index, row) => x.set(this.test.x.subarray(index * T, (index + 1) * T), row * T));
    const predictions = await this.engine.predict(x, indices.length);
    return indices.map((index, row) => ({
      index,
      input: this.test.x.slice(index * T, (index + 1) * T),
      target: this.test.y.slice(index * T, (index + 1) * T),
      prediction: predictions.slice(row * T, (row + 1) * T),
    }));
  }

  /** `count` distinct random test-window indices drawn from `rng`. */
  pickWindows(count: number, rng: Rng): number[] {
    return pickDistinct(count, this.test.count, rng);
  }

  /** Back to the setup's initial weights and a fresh optimiser and batch order. */
  reset(): void {
    this.engine.setParams(initialParams(this.setup));
    this.losses.length = 0;
    this.gradNorms.length = 0;
    this.restartBatches();
  }

  /** The current model as a model file (JSON text), with its test metrics. */
  async exportModel(): Promise<string> {
    const metrics = await this.evaluate();
    return serializeModel({
      config: this.setup.config,
      data: this.setup.data,
      params: this.engine.getParams(),
      metrics: { ...metrics, trainSteps: this.step },
    });
  }

  /** Frees the engine. */
  dispose(): void {
    this.engine.dispose();
  }

  /** The batch order from the start: random batches, or shuffled epochs. */
  private restartBatches(): void {
    const rng = streamRng(this.setup.seed, 'batches');
    const { batchSize } = this.setup;
    if (this.setup.sampling === 'epochs') {
      const sampler = createEpochSampler(this.train, batchSize, rng);
      this.nextBatch = () => sampler.next();
    } else {
      this.nextBatch = () => sampleBatch(this.train, batchSize, rng);
    }
  }
}

/**
 * Builds a session: data from `setup.data`, and parameters from `params` when given (e.g. a
 * pretrained or imported model), otherwise the seed's initial weights; the engine is made with
 * the setup's full training options.
 */
export async function createSession(
  setup: SessionSetup,
  makeEngine: EngineFactory,
  params?: Params,
): Promise<TrainingSession> {
  const { train, test } = makeDataset(setup.data, setup.config.window);
  const engine = await makeEngine(setup.config, params ?? initialParams(setup), trainingOptionsOf(setup));
  return new TrainingSession(setup, engine, train, test);
}

/**
 * Reads a model file into a setup and parameters; throws an Error naming the problem.
 * Training settings not stored in the file come from `fallback`.
 */
export function setupFromModelFile(
  text: string,
  fallback: Pick<SessionSetup, 'learningRate' | 'batchSize' | 'seed'> & Pick<Partial<SessionSetup>, 'training'>,
): { setup: SessionSetup; params: Params } {
  const model = parseModel(text);
  return {
    setup: { ...fallback, config: model.config, data: model.data },
    params: model.params,
  };
}
