/**
 * Repeating what a reader supplied (a file name, a value from the address bar, a field of an
 * imported file) inside a message, safely: never more than a short line, whatever they gave.
 * A 20 MB file or a 150,000-character URL value must not become a 20-million-character live
 * region or an alert taller than the page.
 */

/** The most characters of reader-supplied text a message repeats (the ellipsis included). */
export const ECHO_MAX_CHARS = 80;

/**
 * How much of the text is looked at: enough to fill `max` characters after white space has
 * been collapsed, and never the whole of a huge value (the work stays proportional to `max`).
 */
const LOOK_AHEAD = 4;

/**
 * Control characters, bidirectional overrides and isolates (they could make a message read in
 * another order than it is written) and every run of white space: each run becomes one space.
 */
const NOISE = /[\s\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu;

/**
 * `value` as a one-line string of at most `max` characters (code points, so an emoji or a
 * Hangul syllable is never cut in half): control characters and runs of white space become
 * single spaces, and longer text is cut and ends with '…'. E.g.
 * `echo('a'.repeat(1000))` → 79 × 'a' + '…'; `echo('  x\n y ')` → 'x y'.
 */
export function echo(value: unknown, max: number = ECHO_MAX_CHARS): string {
  const limit = Math.max(1, Math.floor(max));
  const text = typeof value === 'string' ? value : String(value);
  // A cut may split a surrogate pair: its lone first half is dropped.
  const head =
    text.length > limit * LOOK_AHEAD ? text.slice(0, limit * LOOK_AHEAD).replace(/[\ud800-\udbff]$/, '') : text;
  const clean = head.replace(NOISE, ' ').trim();
  const characters = Array.from(clean);
  if (characters.length <= limit && head.length === text.length) return clean;
  return `${characters
    .slice(0, limit - 1)
    .join('')
    .trimEnd()}…`;
}
