/**
 * How many steps the trainer's next slice of work trains. A slice is one `trainSteps` call —
 * one read-back from the engine — so it should last about `sliceMs`: long enough that the
 * read-back is a small share of it, short enough that a pause, a new setting or a report
 * waits little. The time per step is learned from the slices before (a WebGL engine's first
 * step, which compiles its shaders, is slow, so the first slice of a loop is one step).
 */

/** Most steps in one slice, whatever the clock says (each slice draws its batches up front). */
export const MAX_SLICE_STEPS = 256;

/** Weight of the latest slice in the running estimate of ms per step. */
const SMOOTHING = 0.5;

/** Sizes slices from the measured time per step. */
export class SlicePacer {
  private readonly sliceMs: number;
  /** Estimated ms per step; NaN until a slice was timed. */
  private msPerStep = Number.NaN;

  constructor(sliceMs: number) {
    this.sliceMs = sliceMs;
  }

  /** Steps for the next slice, from 1 to `left` (and at most {@link MAX_SLICE_STEPS}). */
  next(left: number): number {
    const limit = Math.max(1, Math.min(left, MAX_SLICE_STEPS));
    if (Number.isNaN(this.msPerStep)) return 1;
    if (this.msPerStep <= 0) return limit;
    return Math.max(1, Math.min(limit, Math.floor(this.sliceMs / this.msPerStep)));
  }

  /** Records that `steps` steps took `ms` milliseconds. */
  record(steps: number, ms: number): void {
    if (steps < 1 || !(ms >= 0)) return;
    const latest = ms / steps;
    this.msPerStep = Number.isNaN(this.msPerStep) ? latest : SMOOTHING * latest + (1 - SMOOTHING) * this.msPerStep;
  }
}

/**
 * A report waits at least this many times as long as it took last time, so reports (predictions
 * of the windows on show, a test-set evaluation, a copy of the weights) never take more than
 * about a fifth of the trainer's time, however slow they are on this device or model.
 */
export const REPORT_PAUSE_FACTOR = 4;

/** When the trainer's periodic reports are due: each at its interval, and never more than its share of the time. */
export class ReportSchedule<K extends string> {
  private readonly every: Readonly<Record<K, number>>;
  private readonly now: () => number;
  private readonly last: Record<string, number> = {};
  private readonly took: Record<string, number> = {};

  /** `every`: the interval of each kind of report in ms (≤ 0: never); the intervals start now. */
  constructor(every: Record<K, number>, now: () => number) {
    this.every = every;
    this.now = now;
    for (const kind of Object.keys(every)) [this.last[kind], this.took[kind]] = [now(), 0];
  }

  /** Sends a report of `kind` if it is due, and times it. */
  async run(kind: K, send: () => unknown): Promise<void> {
    const every = this.every[kind];
    const start = this.now();
    if (every <= 0 || start - this.last[kind] < Math.max(every, REPORT_PAUSE_FACTOR * this.took[kind])) return;
    await send();
    const end = this.now();
    this.took[kind] = end - start;
    this.last[kind] = end;
  }
}
