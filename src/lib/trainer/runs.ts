/**
 * Run ids: the page's side of telling current replies from stale ones. Every request gets the
 * id of the run it belongs to. Control requests (init, train, pause, step, reset) open a new
 * run; the others (windows, evaluate, export) belong to the current one. The trainer tags each
 * reply with the run of the last request it had handled, so, since both sides keep order:
 * - a reply from before the last request that replaced the model (init, reset, a fresh train)
 *   is about a model that is gone: `drop` it;
 * - a reply from before the latest control request still holds true numbers (losses, errors,
 *   weights) but must not move the demo's state (e.g. a run "finished" that the reader has
 *   since paused and restarted): use it as `data` only;
 * - anything else is `current`.
 */
import type { Request, RequestBody } from './protocol.ts';

/** How the page should treat a reply. */
export type Freshness = 'drop' | 'data' | 'current';

const CONTROL: ReadonlySet<RequestBody['type']> = new Set(['init', 'train', 'pause', 'step', 'reset']);

/** Whether a request replaces the model (earlier replies describe weights that no longer exist). */
export function replacesModel(request: RequestBody): boolean {
  return request.type === 'init' || request.type === 'reset' || (request.type === 'train' && request.fresh);
}

/** Tags requests with run ids and classifies replies by theirs. One per trainer. */
export class RunLedger {
  private latest = 0;
  private modelSince = 0;

  /** The id of the latest run (for replies made up on the page, e.g. when the worker dies). */
  get latestRun(): number {
    return this.latest;
  }

  /** The request with its run id; control requests open a new run. */
  tag(request: RequestBody): Request {
    if (CONTROL.has(request.type)) this.latest += 1;
    if (replacesModel(request)) this.modelSince = this.latest;
    return { ...request, run: this.latest };
  }

  /** How to treat a reply tagged with `run`. */
  classify(run: number): Freshness {
    if (run < this.modelSince) return 'drop';
    return run < this.latest ? 'data' : 'current';
  }
}
