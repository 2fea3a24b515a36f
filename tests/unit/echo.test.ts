import { describe, expect, it } from 'vitest';
import { ECHO_MAX_CHARS, echo } from '../../src/lib/demos/echo.ts';

const codePoints = (text: string) => Array.from(text).length;

describe('echo (reader-supplied text in messages)', () => {
  it('repeats short text unchanged', () => {
    expect(echo('abc')).toBe('abc');
    expect(echo('')).toBe('');
    expect(echo('x'.repeat(ECHO_MAX_CHARS))).toBe('x'.repeat(ECHO_MAX_CHARS));
  });

  it('cuts long text to the limit, the cut marked by an ellipsis', () => {
    const long = echo('y'.repeat(ECHO_MAX_CHARS + 1));
    expect(codePoints(long)).toBe(ECHO_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(echo('0123456789', 5)).toBe('0123…');
  });

  it('cuts a 150,000-character URL value or a 20-million-character file quickly', () => {
    const url = '9'.repeat(150_000);
    const file = 'z'.repeat(20_000_000);
    const started = performance.now();
    expect(codePoints(echo(url))).toBe(ECHO_MAX_CHARS);
    expect(codePoints(echo(file))).toBe(ECHO_MAX_CHARS);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('never splits a character outside the basic plane', () => {
    const emoji = '🧠'.repeat(200);
    const cut = echo(emoji);
    expect(codePoints(cut)).toBe(ECHO_MAX_CHARS);
    expect(cut).toBe(`${'🧠'.repeat(ECHO_MAX_CHARS - 1)}…`);
    expect(echo('🧠'.repeat(ECHO_MAX_CHARS))).toBe('🧠'.repeat(ECHO_MAX_CHARS));
  });

  it('shows control characters, line breaks and bidirectional overrides as U+FFFD', () => {
    expect(echo('a\u202eb\u0000c\nd\u2066e')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde');
    expect(echo('모델 파일.json')).toBe('모델 파일.json');
  });
});
