/**
 * "Latest request wins": a demo that starts slow work (fetching a model, loading TensorFlow.js,
 * computing a heatmap) and may start it again before the first finishes must only show the
 * result of the last one. Each `begin()` returns a check that stays true until the next
 * `begin()` (or `cancel()`).
 */
export class LatestRequest {
  private current = 0;

  /** Starts a request; the returned function tells whether it is still the latest. */
  begin(): () => boolean {
    const id = ++this.current;
    return () => id === this.current;
  }

  /** Makes every request started so far stale (e.g. when the demo leaves the page). */
  cancel(): void {
    this.current += 1;
  }
}
