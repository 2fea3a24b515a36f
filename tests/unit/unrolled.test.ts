/** The unrolled demo's pure side: the figure's readout (which value a pointer or a key points at) and its equation. */
import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { cursorAt, equationTex, equationText, moveCursor } from '../../src/lib/demos/unrolled.ts';

const geometry = { left: 40, top: 100, cellWidth: 5, cellHeight: 4 };

describe('the unrolled readout', () => {
  it('a pointer over the heatmap reads one hidden value; above or below it, the time step', () => {
    expect(cursorAt(geometry, 40 + 5 * 3 + 1, 100 + 4 * 2 + 1, 10, 32)).toEqual({ t: 3, unit: 2 });
    expect(cursorAt(geometry, 41, 50, 10, 32)).toEqual({ t: 0, unit: null });
    expect(cursorAt(geometry, 41, 100 + 4 * 32 + 1, 10, 32)).toEqual({ t: 0, unit: null });
  });

  it('nothing beyond the steps shown so far, left of the plot, or without a layout', () => {
    expect(cursorAt(geometry, 40 + 5 * 11, 110, 10, 32)).toBeNull();
    expect(cursorAt(geometry, 39, 110, 10, 32)).toBeNull();
    expect(cursorAt({ ...geometry, cellWidth: 0 }, 50, 110, 10, 32)).toBeNull();
  });

  it('keys move within the steps shown and the units, and in and out of the lanes', () => {
    const start = { t: 5, unit: null };
    expect(moveCursor('ArrowRight', start, 5, 32)).toEqual({ t: 5, unit: null });
    expect(moveCursor('ArrowLeft', start, 5, 32)).toEqual({ t: 4, unit: null });
    expect(moveCursor('Home', start, 5, 32)).toEqual({ t: 0, unit: null });
    expect(moveCursor('ArrowDown', start, 5, 32)).toEqual({ t: 5, unit: 0 });
    expect(moveCursor('ArrowDown', { t: 5, unit: 31 }, 5, 32)).toEqual({ t: 5, unit: 31 });
    expect(moveCursor('ArrowUp', { t: 5, unit: 0 }, 5, 32)).toEqual({ t: 5, unit: null });
    expect(moveCursor('End', { t: 0, unit: 3 }, 5, 32)).toEqual({ t: 5, unit: 3 });
    expect(moveCursor('ArrowRight', { t: 9, unit: 3 }, 5, 32)).toEqual({ t: 5, unit: 3 });
    expect(moveCursor('a', start, 5, 32)).toBeNull();
  });
});

describe('the unrolled equation', () => {
  it('is the chapter’s recurrence at step t, with h(−1) = 0 at the start', () => {
    expect(equationTex(22)).toContain('a^{(22)} &= x^{(22)} W_{xh} + h^{(21)} W_{hh} + b_h');
    expect(equationTex(22)).toContain(String.raw`h^{(22)} &= \tanh\left( a^{(22)} \right)`);
    expect(equationTex(22)).not.toContain('h^{(-1)} = 0');
    expect(equationTex(0)).toContain('h^{(-1)} W_{hh}');
    expect(equationTex(0)).toContain('h^{(-1)} = 0');
    expect(equationText(0)).toBe('a(0) = x(0)·Wxh + h(−1)·Whh + bh;  h(0) = tanh(a(0)),  h(−1) = 0');
  });

  it('typesets without a KaTeX error at every step of a window', () => {
    for (let t = 0; t < 64; t++) {
      expect(() => katex.renderToString(equationTex(t), { throwOnError: true })).not.toThrow();
    }
  });
});
