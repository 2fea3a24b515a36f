/**
 * What a message repeats of something the reader supplied (a URL value, a file name, a file's
 * text): at most a short line of it. A 150,000-character URL value once made a 50,000-px-tall
 * alert, and a 20 MB file a 20-million-character live region.
 */

/** The most characters of reader-supplied text that a message repeats. */
export const ECHO_MAX_CHARS = 80;

/** How many extra characters are looked at for the cut (so a long input costs no more than a short one). */
const LOOKAHEAD = 8;

/**
 * Control characters and bidirectional overrides, which could hide or reorder the rest of the
 * message, and line breaks, which would break it: each is shown as U+FFFD.
 */
const UNSAFE = /[\p{Cc}\p{Zl}\p{Zp}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * `text` as a message may repeat it: at most `max` characters (counted in code points, so a cut
 * never splits a character outside the basic plane), the cut marked by a closing `…`, unsafe
 * control characters replaced by `�`.
 * @param text anything the reader supplied, of any length.
 * @param max the longest result, `…` included (at least 2).
 */
export function echo(text: string, max = ECHO_MAX_CHARS): string {
  const head = Array.from(text.slice(0, 2 * (max + LOOKAHEAD)));
  const cut = head.length > max || text.length > 2 * (max + LOOKAHEAD);
  const kept = cut ? `${head.slice(0, Math.max(1, max - 1)).join('')}…` : head.join('');
  return kept.replace(UNSAFE, '\ufffd');
}
