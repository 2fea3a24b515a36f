/** Repeating reader-supplied text in messages: one short line, whatever was given. */
import { describe, expect, it } from 'vitest';
import { echo, ECHO_MAX_CHARS } from '../../src/lib/demos/echo.ts';

describe('echo', () => {
  it('keeps short text as it is, on one line', () => {
    expect(echo('model.json')).toBe('model.json');
    expect(echo('  a\n\tb  \r\n c ')).toBe('a b c');
    expect(echo(42)).toBe('42');
  });

  it('cuts long text to at most the limit, ending with an ellipsis', () => {
    const long = echo('x'.repeat(150_000));
    expect(Array.from(long)).toHaveLength(ECHO_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(echo('abcdefghij', 5)).toBe('abcd…');
  });

  it('never splits a character made of two UTF-16 units, and counts Hangul as one each', () => {
    const emoji = echo('😀'.repeat(200), 10);
    expect(Array.from(emoji)).toEqual([...'😀'.repeat(9), '…']);
    expect(echo('가'.repeat(80))).toBe('가'.repeat(80));
    expect(echo('가'.repeat(81))).toBe(`${'가'.repeat(79)}…`);
    // A cut through the look-ahead window leaves no lone half of a pair behind.
    const cut = echo(`${'a'.repeat(7)}😀${'b'.repeat(100)}`, 2);
    expect(cut).toBe('a…');
    expect(echo(`${' '.repeat(7)}😀${'b'.repeat(100)}`, 2)).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('removes control and direction-changing characters', () => {
    expect(echo('evil\u202e\u0000name\u2066.json')).toBe('evil name .json');
  });

  it('cuts a 20-million-character text to the limit, looking only at its start', () => {
    const huge = `${'y'.repeat(ECHO_MAX_CHARS * 4)}\u0000${'z'.repeat(20_000_000)}`;
    // The control character lies past the part that is looked at: it never shows up as a space.
    expect(echo(huge)).toBe(`${'y'.repeat(ECHO_MAX_CHARS - 1)}…`);
  });
});
