/**
 * A training session: one model, its data and its optimiser, stepped on demand. It is what the
 * training lab drives — from a Web Worker or, where workers cannot run the engine, from the page —
 * and holds no DOM, timers or messaging of its own, so the same code runs everywhere.
 */
import { pickDistinct, streamRng, type Rng } from './rng.ts';
import { makeDataset, sampleBatch, type DataSettings, type WindowSet } from './data.ts';
import { evaluate, type Evaluation } from './train.ts';
import type { ModelConfig } from './model/config.ts';
import type { RnnEngine } from './model/engine.ts';
import { seededParams, type Params } from './model/params.ts';
import { parseModel, serializeModel } from './model/format.ts';

/** Everything that defines a run. The same setup gives the same initial weights, data and batches. */
export interface SessionSetup {
  config: ModelConfig;
  data: DataSettings;
  learningRate: number;
  batchSize: number;
  /** Seed of the initial weights and of the batch order (the data has its own `data.seed`). */
  seed: number;
}

/** Makes an engine for a config and starting parameters (scratch or tfjs on some backend). */
export type EngineFactory = (config: ModelConfig, params: Params, learningRate: number) => Promise<RnnEngine>;

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

/** A model being trained on sine windows; see {@link createSession}. */
export class TrainingSession {
  readonly setup: SessionSetup;
  readonly engine: RnnEngine;
  readonly train: WindowSet;
  readonly test: WindowSet;
  /** Training loss of every step so far, in order. */
  readonly losses: number[] = [];
  private batchRng: Rng;

  constructor(setup: SessionSetup, engine: RnnEngine, train: WindowSet, test: WindowSet) {
    this.setup = setup;
    this.engine = engine;
    this.train = train;
    this.test = test;
    this.batchRng = streamRng(setup.seed, 'batches');
  }

  /** Steps trained in this run. */
  get step(): number {
    return this.losses.length;
  }

  /** One Adam step on a fresh random batch; resolves to its training loss. */
  async trainStep(): Promise<number> {
    const batch = sampleBatch(this.train, this.setup.batchSize, this.batchRng);
    const loss = await this.engine.trainStep(batch);
    this.losses.push(loss);
    return loss;
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
    this.batchRng = streamRng(this.setup.seed, 'batches');
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
}

/**
 * Builds a session: data from `setup.data`, and parameters from `params` when given (e.g. a
 * pretrained or imported model), otherwise the seed's initial weights.
 */
export async function createSession(
  setup: SessionSetup,
  makeEngine: EngineFactory,
  params?: Params,
): Promise<TrainingSession> {
  const { train, test } = makeDataset(setup.data, setup.config.window);
  const engine = await makeEngine(setup.config, params ?? initialParams(setup), setup.learningRate);
  return new TrainingSession(setup, engine, train, test);
}

/**
 * Reads a model file into a setup and parameters; throws an Error naming the problem.
 * Training settings not stored in the file come from `fallback`.
 */
export function setupFromModelFile(
  text: string,
  fallback: Pick<SessionSetup, 'learningRate' | 'batchSize' | 'seed'>,
): { setup: SessionSetup; params: Params } {
  const model = parseModel(text);
  return {
    setup: { ...fallback, config: model.config, data: model.data },
    params: model.params,
  };
}
