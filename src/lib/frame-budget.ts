/**
 * Drawing shared out over animation frames. While a demo trains, several of its figures ask to
 * be redrawn at once (a loss curve, nine prediction panels, a chart of the error per time
 * step…); drawn in one frame they make one long main-thread task, and the page stutters. A
 * frame budget runs the waiting draws in the order asked, until the frame has used its budget;
 * the rest wait for the next frame. A draw asked for again while it waits keeps its place and
 * runs once. Framework-free: the page passes `requestAnimationFrame` and its clock.
 */

/** What a frame budget needs from the page. */
export interface FrameClock {
  /** Milliseconds from some fixed origin (`performance.now`). */
  now: () => number;
  /** Runs `callback` before the next frame (`requestAnimationFrame`); returns a handle. */
  requestFrame: (callback: () => void) => number;
  cancelFrame: (handle: number) => void;
}

export class FrameBudget {
  private readonly budgetMs: number;
  private readonly clock: FrameClock;
  /** Draws waiting, in the order first asked for. */
  private readonly waiting = new Set<() => void>();
  private frame: number | null = null;

  /** At most `budgetMs` of drawing per frame (at least one draw runs in every frame). */
  constructor(budgetMs: number, clock: FrameClock) {
    this.budgetMs = budgetMs;
    this.clock = clock;
  }

  /** Runs `draw` in a coming frame (once, however often it is asked for before then). */
  request(draw: () => void): void {
    this.waiting.add(draw);
    this.frame ??= this.clock.requestFrame(() => this.runFrame());
  }

  /** Forgets `draw` if it waits. */
  cancel(draw: () => void): void {
    this.waiting.delete(draw);
    if (this.waiting.size > 0 || this.frame === null) return;
    this.clock.cancelFrame(this.frame);
    this.frame = null;
  }

  /** How many draws wait. */
  get pending(): number {
    return this.waiting.size;
  }

  private runFrame(): void {
    this.frame = null;
    const start = this.clock.now();
    try {
      // Draws asked for while this frame draws wait for the next one.
      for (const draw of [...this.waiting]) {
        if (this.clock.now() - start >= this.budgetMs) break;
        this.waiting.delete(draw);
        draw();
      }
    } finally {
      // Also after a draw threw: the others still get their frame.
      if (this.waiting.size > 0) this.frame ??= this.clock.requestFrame(() => this.runFrame());
    }
  }
}
