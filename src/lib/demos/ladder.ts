/**
 * The compute ladder's pure side: milliseconds per training step against batch size, for every
 * engine the reader's device offers. Its settings (URL keys `ladder.engines`, `ladder.from`,
 * `ladder.to`), the engines and batch sizes to measure, the order they are measured in, which
 * point to measure next (or skip, when it would take too long here), and which sentence sums the
 * numbers up ("WebGL overtakes the scratch engine from B = 1,024", or no crossover at all).
 *
 * Every point is one `measure` request to the trainer (lib/trainer/measure.ts): a few timed
 * `trainSteps` calls of a fresh model at that batch size, off the main thread.
 */
import { AUTO_CANDIDATES, TIMING_DEFAULTS, type AutoCandidate, type CandidateTiming } from '../auto-engine.ts';
import { DATA_DEFAULTS } from '../data.ts';
import { makeConfig } from '../model/config.ts';
import type { SessionSetup } from '../session.ts';
import { defineSchema, type StateOf } from '../state.ts';
import { TRAINING_DEFAULTS } from '../train.ts';
import type { DeviceInfo } from '../trainer/engines.ts';

/** The rungs: batch sizes measured, smallest first (2,048 is the original post's). */
export const LADDER_BATCHES = ['16', '64', '256', '1024', '2048'] as const;

/** One rung, as its URL value. */
export type LadderBatch = (typeof LADDER_BATCHES)[number];

/**
 * Which engines to measure: every one the device offers, those that run on the processor
 * (the scratch engine and WASM, leaving WebGL out), or one alone.
 */
export const ENGINE_SETS = ['all', 'processor', 'scratch', 'wasm', 'webgl'] as const;

/** One of {@link ENGINE_SETS}. */
export type EngineSet = (typeof ENGINE_SETS)[number];

/** URL keys `ladder.engines`, `ladder.from` and `ladder.to` (the smallest and largest batch size). */
export const LADDER_SCHEMA = defineSchema(
  {
    engines: { kind: 'enum', values: ENGINE_SETS, default: 'all' },
    from: { kind: 'enum', values: LADDER_BATCHES, default: '16' },
    to: { kind: 'enum', values: LADDER_BATCHES, default: '2048' },
  },
  { prefix: 'ladder.' },
);

/** The ladder's settings. */
export type LadderState = StateOf<typeof LADDER_SCHEMA>;

/** The batch sizes between `from` and `to` (either order), ascending. */
export function ladderBatches(state: Pick<LadderState, 'from' | 'to'>): number[] {
  const [low, high] = [Number(state.from), Number(state.to)].sort((a, b) => a - b);
  return LADDER_BATCHES.map(Number).filter((batch) => batch >= low && batch <= high);
}

/** An engine on the ladder; `software` marks WebGL drawn by the processor (no GPU). */
export interface LadderEngine {
  engine: AutoCandidate;
  software: boolean;
}

/**
 * The engines to measure on a device, in the order of {@link AUTO_CANDIDATES}. The ladder
 * measures what `auto` times (`device.candidates`: the scratch engine, WASM, WebGL on a GPU)
 * and also WebGL in software, marked as such: it shows the reader without a GPU why `auto`
 * passes it over. A device has WebGL in software when it names a renderer that `auto` does not
 * offer (lib/trainer/engines.ts offers WebGL only on hardware).
 */
export function ladderEngines(set: EngineSet, device: DeviceInfo): LadderEngine[] {
  const softwareWebgl = device.renderer !== '' && !device.candidates.includes('webgl');
  const available = AUTO_CANDIDATES.filter(
    (engine) => device.candidates.includes(engine) || (engine === 'webgl' && softwareWebgl),
  );
  return available
    .filter((engine) => inEngineSet(set, engine))
    .map((engine) => ({ engine, software: engine === 'webgl' && softwareWebgl }));
}

/** Whether the engine set `set` includes `engine`. */
export function inEngineSet(set: EngineSet, engine: AutoCandidate): boolean {
  return set === 'all' || (set === 'processor' ? engine !== 'webgl' : engine === set);
}

/**
 * The results the current settings describe: their engines, between their batch sizes. The
 * others stay measured (a reader who widens the range again sees them) but are not shown.
 */
export function resultsInView(results: readonly LadderResult[], state: LadderState): LadderResult[] {
  const batches = ladderBatches(state);
  return results.filter((result) => batches.includes(result.batch) && inEngineSet(state.engines, result.engine));
}

/**
 * The model every point trains: the synced RNN at the lab's defaults (H = 32, T = 64, Adam with
 * learning rate 0.01, seed 1) with `batchSize` windows per step.
 */
export function ladderSetup(batchSize: number): SessionSetup {
  return {
    config: makeConfig('synced'),
    data: { ...DATA_DEFAULTS },
    learningRate: TRAINING_DEFAULTS.learningRate,
    batchSize,
    seed: TRAINING_DEFAULTS.seed,
  };
}

/** One point of the ladder: an engine at a batch size. */
export interface LadderPoint {
  engine: AutoCandidate;
  batch: number;
}

/**
 * What became of a point: its milliseconds per step; why it could not be timed; or that it was
 * skipped, with the estimate that made it too slow to measure here (`estimateMs` per step), or
 * because the same engine already failed at a smaller batch (`estimateMs` NaN).
 */
export type LadderResult =
  | (LadderPoint & { msPerStep: number })
  | (LadderPoint & { failed: string })
  | (LadderPoint & { skipped: true; estimateMs: number });

/** The points to measure, rung by rung (every engine at B = 16, then at 64, …), so each curve grows to the right. */
export function ladderPlan(batches: readonly number[], engines: readonly LadderEngine[]): LadderPoint[] {
  return batches.flatMap((batch) => engines.map(({ engine }) => ({ engine, batch })));
}

/**
 * Steps one timing runs when each step outlasts the timing budget: the warm-up, then rounds of
 * 1, 2, 4, … steps until `minSteps` have run (lib/auto-engine.ts `timeSteps`).
 */
export const STEPS_PER_TIMING = ((): number => {
  let steps = 0;
  for (let round = 1; steps < TIMING_DEFAULTS.minSteps; round *= 2) steps += round;
  return TIMING_DEFAULTS.warmupSteps + steps;
})();

/** The longest one point may be expected to take; a slower one is skipped, in ms. */
export const POINT_BUDGET_MS = 30_000;

/** What to do next: measure a point, skip it (see {@link LadderResult}), or nothing is left. */
export type LadderMove =
  | { kind: 'measure'; point: LadderPoint }
  | { kind: 'skip'; result: LadderResult & { skipped: true } }
  | { kind: 'done' };

/** Whether a result is a timing (not a failure or a skip). */
export function isTimed(result: LadderResult): result is LadderPoint & { msPerStep: number } {
  return 'msPerStep' in result;
}

/**
 * Estimated ms per step of `engine` at `batch`, from its measurement at the largest smaller
 * batch, scaled in proportion to the batch: the work of a step grows linearly with B and its
 * fixed costs do not, so this errs on the slow side. NaN when nothing smaller was timed.
 */
export function estimateMs(results: readonly LadderResult[], engine: AutoCandidate, batch: number): number {
  const below = results.filter((result) => result.engine === engine && result.batch < batch && isTimed(result));
  const last = below.sort((a, b) => b.batch - a.batch)[0];
  return last && isTimed(last) ? (last.msPerStep * batch) / last.batch : NaN;
}

/**
 * The next move through `plan`, given the results so far: the first point without a result is
 * skipped when its engine already failed at a smaller batch (it will not start now either), or
 * when its estimated time ({@link estimateMs} × {@link STEPS_PER_TIMING}) exceeds `budgetMs`;
 * otherwise it is measured.
 */
export function nextMove(
  plan: readonly LadderPoint[],
  results: readonly LadderResult[],
  budgetMs: number = POINT_BUDGET_MS,
): LadderMove {
  const done = (point: LadderPoint) =>
    results.some((result) => result.engine === point.engine && result.batch === point.batch);
  const point = plan.find((candidate) => !done(candidate));
  if (!point) return { kind: 'done' };
  const earlier = results.filter((result) => result.engine === point.engine && result.batch < point.batch);
  if (earlier.some((result) => 'failed' in result))
    return { kind: 'skip', result: { ...point, skipped: true, estimateMs: NaN } };
  const estimate = estimateMs(results, point.engine, point.batch);
  if (estimate * STEPS_PER_TIMING > budgetMs)
    return { kind: 'skip', result: { ...point, skipped: true, estimateMs: estimate } };
  return { kind: 'measure', point };
}

/** The result of a point from the trainer's reply (the one timing of a one-engine `measure`). */
export function resultOf(point: LadderPoint, timings: readonly CandidateTiming[]): LadderResult {
  const timing = timings.find((candidate) => candidate.engine === point.engine);
  if (!timing) return { ...point, failed: 'no timing came back' };
  return 'msPerStep' in timing ? { ...point, msPerStep: timing.msPerStep } : { ...point, failed: timing.failed };
}

/**
 * Adds a result, replacing an earlier one of the same point; kept in plan order (batch, then
 * engine in the order of {@link AUTO_CANDIDATES}).
 */
export function addResult(results: readonly LadderResult[], result: LadderResult): LadderResult[] {
  const others = results.filter((other) => other.engine !== result.engine || other.batch !== result.batch);
  const order = (engine: AutoCandidate) => AUTO_CANDIDATES.indexOf(engine);
  return [...others, result].sort((a, b) => a.batch - b.batch || order(a.engine) - order(b.engine));
}

/** The timed points of one engine, ascending in batch size, as [batch, ms per step]. */
export function curveOf(results: readonly LadderResult[], engine: AutoCandidate): Array<[number, number]> {
  return results
    .filter(isTimed)
    .flatMap((result) => (result.engine === engine ? [[result.batch, result.msPerStep]] : []));
}

/** The engine with the fastest step at each batch size where at least two engines were timed, ascending. */
export function fastestByBatch(results: readonly LadderResult[]): Array<{ batch: number; engine: AutoCandidate }> {
  const batches = [...new Set(results.map((result) => result.batch))].sort((a, b) => a - b);
  return batches.flatMap((batch) => {
    const timed = results.filter((result) => result.batch === batch).filter(isTimed);
    if (timed.length < 2) return [];
    const best = timed.reduce((a, b) => (b.msPerStep < a.msPerStep ? b : a));
    return [{ batch, engine: best.engine }];
  });
}

/**
 * The sentence the numbers support: nothing timed yet; one engine only; the same engine fastest
 * at every batch size compared (no crossover on this device); or `winner`, fastest at the
 * largest batch, overtakes `loser` from `batch` on (fastest at `batch` and every larger one
 * compared; `loser` was fastest at the batch size below).
 */
export type LadderSummary =
  | { kind: 'empty' }
  | { kind: 'single'; engine: AutoCandidate }
  | { kind: 'same'; engine: AutoCandidate }
  | { kind: 'crossover'; winner: AutoCandidate; loser: AutoCandidate; batch: number };

/** Picks the {@link LadderSummary} of the results. */
export function summarize(results: readonly LadderResult[]): LadderSummary {
  const timed = results.filter(isTimed);
  if (timed.length === 0) return { kind: 'empty' };
  const fastest = fastestByBatch(results);
  if (fastest.length === 0) return { kind: 'single', engine: timed[0].engine };
  const winner = fastest[fastest.length - 1].engine;
  let from = fastest.length - 1;
  while (from > 0 && fastest[from - 1].engine === winner) from--;
  if (from === 0) return { kind: 'same', engine: winner };
  return { kind: 'crossover', winner, loser: fastest[from - 1].engine, batch: fastest[from].batch };
}

/** How much longer a step of `engine` took at batch size `to` than at `from` (the smallest and largest it was timed at). */
export interface Growth {
  engine: AutoCandidate;
  from: number;
  to: number;
  /** ms per step at `to` over ms per step at `from`; compare with `to / from`, the growth of the work. */
  ratio: number;
}

/** The growth of every engine timed at two batch sizes or more, in the order of {@link AUTO_CANDIDATES}. */
export function growthOf(results: readonly LadderResult[]): Growth[] {
  return AUTO_CANDIDATES.flatMap((engine) => {
    const curve = curveOf(results, engine);
    if (curve.length < 2) return [];
    const [[from, first], [to, last]] = [curve[0], curve[curve.length - 1]];
    return [{ engine, from, to, ratio: last / first }];
  });
}
