/**
 * Pacing for live regions: a screen reader queues every change of a polite live region, so a
 * status line rewritten at every training step would be read out long after the numbers moved
 * on. A {@link LatestThrottle} passes on at most one value per interval — the first at once, and
 * of those that arrive sooner only the newest, when the interval has passed — so what is read is
 * always current and nothing is lost at the end.
 */

/** At most one announcement per live line per this many ms. */
export const ANNOUNCE_EVERY_MS = 1000;

/** The clock and timer a throttle uses (injected, so tests run without waiting). */
export interface ThrottleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Writes values at most once per interval, keeping only the latest; see the module comment. */
export class LatestThrottle<T> {
  private readonly write: (value: T) => void;
  private readonly everyMs: number;
  private readonly clock: ThrottleClock;
  private lastWrite = -Infinity;
  private timer: unknown = null;
  private pending: { value: T } | null = null;

  /**
   * @param write called with each value that gets through, in order.
   * @param everyMs shortest time between two writes, in ms.
   * @param clock `now()` in ms and the timer functions.
   */
  constructor(write: (value: T) => void, everyMs: number, clock: ThrottleClock) {
    this.write = write;
    this.everyMs = everyMs;
    this.clock = clock;
  }

  /** Offers a value: written now if the interval has passed, else held (replacing any held value). */
  push(value: T): void {
    const wait = this.lastWrite + this.everyMs - this.clock.now();
    if (wait <= 0 && this.timer === null) {
      this.emit(value);
      return;
    }
    this.pending = { value };
    this.timer ??= this.clock.setTimeout(() => this.release(), Math.max(0, wait));
  }

  /** Whether a value is waiting for the interval to pass. */
  get waiting(): boolean {
    return this.pending !== null;
  }

  /** Drops a held value without writing it. */
  cancel(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private release(): void {
    // A timer may fire a little early by the page's clock: wait out the rest of the interval.
    const rest = this.lastWrite + this.everyMs - this.clock.now();
    if (rest > 0) {
      this.timer = this.clock.setTimeout(() => this.release(), rest);
      return;
    }
    this.timer = null;
    const held = this.pending;
    this.pending = null;
    if (held) this.emit(held.value);
  }

  private emit(value: T): void {
    this.lastWrite = this.clock.now();
    this.write(value);
  }
}
