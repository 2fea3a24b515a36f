/**
 * How a demo tells the page that a live run completed: a bubbling `demo-result` event carrying a
 * {@link DemoResult}. Predict-then-run boxes (predict.ts) listen for it; nothing else needs to know
 * about them, so a demo works the same with or without a prediction in front of it.
 */
import type { DemoResult } from '../../../lib/demos/predict.ts';

/** The event's name. */
export const RESULT_EVENT = 'demo-result';

/** Announces the result of a completed live run of `demo`. */
export function reportResult(demo: HTMLElement, result: DemoResult): void {
  demo.dispatchEvent(new CustomEvent<DemoResult>(RESULT_EVENT, { detail: result, bubbles: true }));
}
