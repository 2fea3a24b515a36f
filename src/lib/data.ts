/**
 * The task: windows of a sine wave. Each window has a random phase φ; the input is the wave
 * (plus optional Gaussian noise) and the target is the same wave `horizon` steps ahead:
 *   x_t = sin(2π·cycles·t/T + φ) + noise·ε_t,   y_t = sin(2π·cycles·(t + horizon)/T + φ)
 * for t = 0..T−1 (T = window). F = 1 feature per step.
 */
import type { Batch } from './model/engine.ts';
import { allocate, type DType } from './model/params.ts';
import type { Rng } from './rng.ts';
import { createRng } from './rng.ts';

/** How the sine windows are generated. */
export interface DataSettings {
  /** Sine periods per window (default 2: a 32-step period at T = 64). */
  cycles: number;
  /** Steps ahead the target looks (default 8). */
  horizon: number;
  /** Standard deviation of Gaussian noise added to the inputs only (default 0). */
  noise: number;
  /** Windows in the training set (default 4096). */
  trainSize: number;
  /** Windows in the test set (default 1024). */
  testSize: number;
  /** Seed of the data generator (default 1). */
  seed: number;
}

/**
 * Defaults. horizon = 8 is a quarter period at T = 64, cycles = 2: the target is the wave's
 * cosine partner, which a single sample cannot determine (sin φ does not tell the sign of
 * cos φ), so a synced model visibly fails on its first steps and improves once it has seen a
 * few samples — the point of the delayed and bidirectional variants. horizon = 16 (half a
 * period) would make y = −x, a task a memoryless model solves exactly.
 */
export const DATA_DEFAULTS: DataSettings = {
  cycles: 2,
  horizon: 8,
  noise: 0,
  trainSize: 4096,
  testSize: 1024,
  seed: 1,
};

/** A set of N windows: x and y are [N, T] row-major (F = 1). */
export interface WindowSet {
  count: number;
  window: number;
  x: Float64Array;
  y: Float64Array;
}

/** Training and test windows drawn from independent seeded streams. */
export interface Dataset {
  train: WindowSet;
  test: WindowSet;
}

/** Offset between the training and test random streams (so test windows never depend on trainSize). */
const TEST_SEED_OFFSET = 0x5bd1e995;

/** Returns human-readable problems of a settings object (empty when valid). */
export function dataSettingsProblems(settings: DataSettings, windowSize: number): string[] {
  const problems: string[] = [];
  const check = (name: string, value: unknown, ok: (v: number) => boolean, rule: string) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
      problems.push(`${name} must be ${rule}, got ${JSON.stringify(value)}`);
    }
  };
  check('window', windowSize, (v) => Number.isInteger(v) && v >= 1 && v <= 1024, 'an integer from 1 to 1024');
  check('cycles', settings.cycles, (v) => v > 0 && v <= 64, 'a number in (0, 64]');
  check('horizon', settings.horizon, (v) => Number.isInteger(v) && v >= 0 && v <= 1024, 'an integer from 0 to 1024');
  check('noise', settings.noise, (v) => v >= 0 && v <= 10, 'a number from 0 to 10');
  check(
    'trainSize',
    settings.trainSize,
    (v) => Number.isInteger(v) && v >= 1 && v <= 1_000_000,
    'an integer from 1 to 1000000',
  );
  check(
    'testSize',
    settings.testSize,
    (v) => Number.isInteger(v) && v >= 1 && v <= 1_000_000,
    'an integer from 1 to 1000000',
  );
  check('seed', settings.seed, (v) => Number.isInteger(v), 'an integer');
  return problems;
}

/** Throws an Error listing every problem of the settings. */
export function checkDataSettings(settings: DataSettings, windowSize: number): void {
  const problems = dataSettingsProblems(settings, windowSize);
  if (problems.length > 0) throw new Error(`invalid data settings: ${problems.join('; ')}`);
}

/**
 * One noise-free window with phase φ: x_t = sin(2π·cycles·t/T + φ) and its target
 * y_t = sin(2π·cycles·(t + horizon)/T + φ), both [T]. Written into `x`/`y` at `offset` when
 * given (the dataset's layout), else into new arrays.
 */
export function sineWindow(
  settings: Pick<DataSettings, 'cycles' | 'horizon'>,
  windowSize: number,
  phase: number,
  out: { x: Float64Array; y: Float64Array; offset: number } = {
    x: new Float64Array(windowSize),
    y: new Float64Array(windowSize),
    offset: 0,
  },
): { x: Float64Array; y: Float64Array } {
  const angularStep = (2 * Math.PI * settings.cycles) / windowSize;
  for (let t = 0; t < windowSize; t++) {
    out.x[out.offset + t] = Math.sin(angularStep * t + phase);
    out.y[out.offset + t] = Math.sin(angularStep * (t + settings.horizon) + phase);
  }
  return out;
}

/** Draws `count` windows of length `window` from `rng` (phase, then noise per step). */
function makeWindows(settings: DataSettings, windowSize: number, count: number, rng: Rng): WindowSet {
  const x = new Float64Array(count * windowSize);
  const y = new Float64Array(count * windowSize);
  for (let n = 0; n < count; n++) {
    sineWindow(settings, windowSize, rng.uniform(0, 2 * Math.PI), { x, y, offset: n * windowSize });
    if (settings.noise > 0) {
      for (let t = 0; t < windowSize; t++) x[n * windowSize + t] += settings.noise * rng.normal();
    }
  }
  return { count, window: windowSize, x, y };
}

/**
 * Generates the training and test sets ([N, T] each). Deterministic in settings.seed: the
 * training set uses createRng(seed), the test set createRng(seed + 0x5bd1e995), so the test
 * windows stay the same when trainSize changes. Throws on invalid settings.
 */
export function makeDataset(settings: DataSettings, windowSize: number): Dataset {
  checkDataSettings(settings, windowSize);
  return {
    train: makeWindows(settings, windowSize, settings.trainSize, createRng(settings.seed)),
    test: makeWindows(settings, windowSize, settings.testSize, createRng(settings.seed + TEST_SEED_OFFSET)),
  };
}

/**
 * The windows at `indices` as a Batch: x [B, T, 1], y [B, T], B = indices.length.
 * Throws if an index is outside [0, count).
 */
export function batchOf(set: WindowSet, indices: ArrayLike<number>, dtype: DType = 'float64'): Batch {
  const T = set.window;
  const batchSize = indices.length;
  const x = allocate(batchSize * T, dtype);
  const y = allocate(batchSize * T, dtype);
  for (let b = 0; b < batchSize; b++) {
    const index = indices[b];
    if (!Number.isInteger(index) || index < 0 || index >= set.count) {
      throw new Error(`window index ${index} is outside [0, ${set.count})`);
    }
    x.set(set.x.subarray(index * T, (index + 1) * T), b * T);
    y.set(set.y.subarray(index * T, (index + 1) * T), b * T);
  }
  return { batchSize, x, y };
}

/**
 * A random batch of `batchSize` windows drawn uniformly WITH replacement (each pick is
 * rng.int(count)). Used for step-based training; see `createEpochSampler` for epochs.
 */
export function sampleBatch(set: WindowSet, batchSize: number, rng: Rng, dtype: DType = 'float64'): Batch {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  const indices = new Int32Array(batchSize);
  for (let b = 0; b < batchSize; b++) indices[b] = rng.int(set.count);
  return batchOf(set, indices, dtype);
}

/** Draws batches that walk through shuffled epochs. */
export interface EpochSampler {
  /** Batches per epoch: ⌈count / batchSize⌉ (the last one may be smaller). */
  readonly batchesPerEpoch: number;
  /** The next batch; a new Fisher–Yates shuffle starts every epoch. */
  next(): Batch;
}

/**
 * Shuffled epochs WITHOUT replacement: every window is used exactly once per epoch, in a
 * fresh random order each epoch; the last batch of an epoch holds the remainder.
 */
export function createEpochSampler(
  set: WindowSet,
  batchSize: number,
  rng: Rng,
  dtype: DType = 'float64',
): EpochSampler {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  const order = new Int32Array(set.count);
  let position = set.count;
  return {
    batchesPerEpoch: Math.ceil(set.count / batchSize),
    next() {
      if (position >= set.count) {
        for (let i = 0; i < set.count; i++) order[i] = i;
        for (let i = set.count - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        position = 0;
      }
      const end = Math.min(position + batchSize, set.count);
      const batch = batchOf(set, order.subarray(position, end), dtype);
      position = end;
      return batch;
    },
  };
}
