/**
 * The demos' live lines (the status and message lines, polite live regions): each is written
 * through its own LatestThrottle (lib/demos/announce.ts), so a screen reader hears at most one
 * change a second, and always the latest text. Text that would not change is not written again
 * (rewriting a live region can make it speak again).
 */
import { ANNOUNCE_EVERY_MS, LatestThrottle, type ThrottleClock } from '../../lib/demos/announce.ts';

/** A line's next text and what else changes with it (e.g. its error style). */
interface LineUpdate {
  text: string;
  apply?: (line: HTMLElement) => void;
}

const browserClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

const throttles = new WeakMap<HTMLElement, LatestThrottle<LineUpdate>>();

function show(line: HTMLElement, update: LineUpdate): void {
  if (line.textContent !== update.text) line.textContent = update.text;
  update.apply?.(line);
}

/**
 * Sets `line`'s text at once, dropping any paced text still waiting: for a line that must agree,
 * frame by frame, with a figure the reader moves through (the unrolled network's step). The demo
 * keeps such a line from being announced while it moves by itself (`aria-live="off"` while playing).
 */
export function writeLineNow(line: HTMLElement, text: string): void {
  throttles.get(line)?.cancel();
  if (line.textContent !== text) line.textContent = text;
}

/** Sets `line`'s text (and `apply`s its style with it), at most once a second; the latest text wins. */
export function writeLiveLine(line: HTMLElement, text: string, apply?: (line: HTMLElement) => void): void {
  let throttle = throttles.get(line);
  if (!throttle) {
    throttle = new LatestThrottle<LineUpdate>((update) => show(line, update), ANNOUNCE_EVERY_MS, browserClock);
    throttles.set(line, throttle);
  }
  if (!throttle.waiting && line.textContent === text) apply?.(line);
  else throttle.push({ text, apply });
}
