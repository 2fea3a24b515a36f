/**
 * The measured numbers the chapters quote, looked up in the files that record them — the
 * shipped pretrained models (`public/models/*.json`) and the recorded runs of the demos
 * (`src/lib/demos/recorded/*.json`) — so that a number in the prose is read at build time and
 * cannot drift from the model on the page when the files are regenerated. Pure: the caller
 * passes the parsed files in (the chapters' `<Measured>` component at build time, a unit test
 * in Node). Every lookup that finds nothing throws an Error naming what was asked.
 */
import { EARLY_STEPS, LATE_FROM } from './train.ts';
import { defaultState } from './state.ts';
import { PRACTICE_SCHEMA, recordKey, type PracticeState } from './demos/practice.ts';

/** The pretrained files a chapter may quote. */
export const MEASURED_MODELS = ['synced', 'delayed', 'bidirectional', 'original'] as const;

/** One of {@link MEASURED_MODELS}. */
export type MeasuredModel = (typeof MEASURED_MODELS)[number];

/**
 * The practice demo's recorded runs by the names the chapter uses: the plain run (Adam, k = 0,
 * zero initial state, 2,000 steps), burn-in k = 4, a learned initial state, and SGD at lr 0.5
 * for 300 steps without and with clipping at c = 1.
 */
export const PRACTICE_RUNS: Readonly<Record<string, Partial<PracticeState>>> = {
  plain: {},
  'burn-in': { burnIn: 4 },
  learned: { init: 'learned' },
  sgd: { optimizer: 'sgd', steps: 300 },
  'sgd-clip': { optimizer: 'sgd', clip: 1, steps: 300 },
};

/** The parsed files a lookup reads (only the fields it needs). */
export interface MeasuredSources {
  /** Model files by name: their recorded test MSE per time step, [T]. */
  models: Readonly<Record<string, { metrics: { msePerStep: readonly number[] } }>>;
  /** `recorded/early-error.json`: per noise level, the test MSE at t = 0…3 every few steps. */
  earlyError: { runs: Readonly<Record<string, { curve: ReadonlyArray<{ step: number; mse: readonly number[] }> }>> };
  /** `recorded/practice.json`: runs by their record key. */
  practice: {
    runs: Readonly<
      Record<string, { msePerStep: readonly number[] | null; gradNorms: ReadonlyArray<readonly [number, number]> }>
    >;
  };
}

/**
 * What to look up, as the chapters write it (the props of `<Measured>`):
 * - where: `model` (a pretrained file), `run="early-error"` with `noise` and `step`, or
 *   `run="practice"` with `setting` (a key of {@link PRACTICE_RUNS});
 * - which number: `t` (the test MSE at one time step), `from`/`to` (its mean over t = from…to,
 *   `to` defaulting to the last step), `stat` (`mse` all steps, `early` t = 0…3, `late`
 *   t ≥ 16, `maxNorm` the largest gradient norm of a practice run) or `normAt` (a practice
 *   run's gradient norm at that training step).
 */
export interface MeasuredQuery {
  model?: string;
  run?: string;
  noise?: string;
  step?: number;
  setting?: string;
  t?: number;
  from?: number;
  to?: number;
  stat?: string;
  normAt?: number;
}

/** Mean of `values[from…to]` (inclusive). */
function meanOf(values: readonly number[], from: number, to: number): number {
  if (!(from >= 0 && to < values.length && from <= to)) {
    throw new Error(`measured: time steps ${from}…${to} are outside 0…${values.length - 1}`);
  }
  let sum = 0;
  for (let t = from; t <= to; t++) sum += values[t];
  return sum / (to - from + 1);
}

/** The number a query picks from a per-step error curve [T]. */
function fromPerStep(mse: readonly number[], query: MeasuredQuery): number {
  const last = mse.length - 1;
  if (query.t !== undefined) return meanOf(mse, query.t, query.t);
  if (query.from !== undefined) return meanOf(mse, query.from, query.to ?? last);
  switch (query.stat) {
    case 'mse':
      return meanOf(mse, 0, last);
    case 'early':
      return meanOf(mse, 0, EARLY_STEPS - 1);
    case 'late':
      return meanOf(mse, Math.min(LATE_FROM, last), last);
    default:
      throw new Error(`measured: say which number — t, from/to, or stat (mse | early | late), got ${query.stat}`);
  }
}

/** The practice run a query names, by its record key. */
function practiceRun(sources: MeasuredSources, setting: string | undefined) {
  const partial = setting === undefined ? undefined : PRACTICE_RUNS[setting];
  if (!partial) {
    throw new Error(`measured: practice setting must be one of ${Object.keys(PRACTICE_RUNS).join(', ')}`);
  }
  const key = recordKey({ ...defaultState(PRACTICE_SCHEMA), ...partial });
  const run = sources.practice.runs[key];
  if (!run) throw new Error(`measured: no recorded practice run "${key}"`);
  return run;
}

/** A practice run's number: a gradient norm, or its final test error (when it finished). */
function fromPractice(sources: MeasuredSources, query: MeasuredQuery): number {
  const run = practiceRun(sources, query.setting);
  if (query.normAt !== undefined) {
    const pair = run.gradNorms.find(([step]) => step === query.normAt);
    if (!pair)
      throw new Error(`measured: practice run "${query.setting}" kept no gradient norm at step ${query.normAt}`);
    return pair[1];
  }
  if (query.stat === 'maxNorm') return Math.max(...run.gradNorms.map(([, norm]) => norm).filter(Number.isFinite));
  if (!run.msePerStep) throw new Error(`measured: practice run "${query.setting}" diverged and has no test error`);
  return fromPerStep(run.msePerStep, query);
}

/** The early-error figure's recorded test MSE at one of t = 0…3 after `step` training steps. */
function fromEarlyError(sources: MeasuredSources, query: MeasuredQuery): number {
  const run = query.noise === undefined ? undefined : sources.earlyError.runs[query.noise];
  if (!run) throw new Error(`measured: no recorded early-error run for noise ${query.noise}`);
  const point = run.curve.find((candidate) => candidate.step === query.step);
  if (!point)
    throw new Error(`measured: the early-error run (noise ${query.noise}) has no point at step ${query.step}`);
  if (query.t === undefined || !(query.t >= 0 && query.t < point.mse.length)) {
    throw new Error(`measured: early-error runs record t = 0…${point.mse.length - 1}, got t = ${query.t}`);
  }
  return point.mse[query.t];
}

/** The number `query` names in `sources`; throws an Error naming what is missing. */
export function measuredValue(sources: MeasuredSources, query: MeasuredQuery): number {
  if (query.model !== undefined) {
    const file = sources.models[query.model];
    if (!file) throw new Error(`measured: no model file "${query.model}"`);
    return fromPerStep(file.metrics.msePerStep, query);
  }
  if (query.run === 'early-error') return fromEarlyError(sources, query);
  if (query.run === 'practice') return fromPractice(sources, query);
  throw new Error(`measured: say where the number comes from — model, or run (early-error | practice)`);
}

/** A number as the chapters print it: plain digits, or a mantissa and a power of ten. */
export interface FormattedNumber {
  /** Plain text, e.g. `0.029`, `38` or `2.9 × 10⁻⁴` (for search and screen readers). */
  text: string;
  /** The TeX of a power of ten, e.g. `2.9 \times 10^{-4}`; null when plain digits read well. */
  tex: string | null;
}

const SUPERSCRIPTS: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/**
 * Formats a measured number with `digits` significant digits, as the chapters write numbers:
 * plain decimals from 0.001 up to 10,000 (`0.52`, `0.0020`, `38`, `8.5`), a mantissa times a
 * power of ten outside that range (`2.9 × 10⁻⁴`, `8.4 × 10⁴`). `plain` keeps small numbers as
 * decimals (`0.00092`), for a narrow table column. Throws on a value that is not a finite
 * number (a lookup gone wrong must not print “NaN”).
 */
export function formatMeasured(value: number, digits = 2, plain = false): FormattedNumber {
  if (!Number.isFinite(value)) throw new Error(`measured: ${value} is not a finite number`);
  if (!(Number.isInteger(digits) && digits >= 1 && digits <= 6)) throw new Error(`measured: digits ${digits}`);
  const size = Math.abs(value);
  if (size === 0 || ((size >= 1e-3 || (plain && size >= 1e-6)) && size < 1e4)) {
    const text = size >= 10 ? String(Number(value.toPrecision(digits))) : value.toPrecision(digits);
    return { text, tex: null };
  }
  const [mantissa, exponentText] = value.toExponential(digits - 1).split('e');
  const exponent = String(Number(exponentText));
  const superscript = [...exponent].map((char) => SUPERSCRIPTS[char]).join('');
  return { text: `${mantissa} × 10${superscript}`, tex: `${mantissa} \\times 10^{${exponent}}` };
}
