/**
 * The frame budget that shares the demos' redraws out over animation frames: draws run in the
 * order asked, once each, until a frame has used its budget; the rest run in the next frames.
 * Frames and the clock are faked, so what runs in which frame is exact.
 */
import { describe, expect, it } from 'vitest';
import { FrameBudget } from '../../src/lib/frame-budget.ts';

/** A fake page: frames run when `nextFrame` is called; each draw advances the clock by its cost. */
function fakePage() {
  let now = 0;
  let nextHandle = 1;
  const frames = new Map<number, () => void>();
  const log: string[] = [];
  const budget = new FrameBudget(10, {
    now: () => now,
    requestFrame: (callback) => {
      const handle = nextHandle++;
      frames.set(handle, callback);
      return handle;
    },
    cancelFrame: (handle) => frames.delete(handle),
  });
  /** A draw named `name` that takes `ms`. */
  const draw = (name: string, ms: number) => () => {
    log.push(name);
    now += ms;
  };
  /** Runs the frames asked for so far; returns what was drawn in them. */
  const nextFrame = () => {
    const due = [...frames.values()];
    frames.clear();
    log.length = 0;
    for (const callback of due) callback();
    return [...log];
  };
  return { budget, draw, nextFrame, frames };
}

describe('FrameBudget', () => {
  it('runs cheap draws in one frame, in the order asked, once each however often asked', () => {
    const { budget, draw, nextFrame } = fakePage();
    const [a, b] = [draw('a', 2), draw('b', 3)];
    budget.request(a);
    budget.request(b);
    budget.request(a);
    expect(nextFrame()).toEqual(['a', 'b']);
    expect(nextFrame()).toEqual([]);
  });

  it('puts off what does not fit in a frame’s budget to the next frames, at least one draw per frame', () => {
    const { budget, draw, nextFrame } = fakePage();
    for (const [name, ms] of [
      ['loss', 6],
      ['grid', 25],
      ['mse', 3],
      ['table', 1],
    ] as const) {
      budget.request(draw(name, ms));
    }
    expect(nextFrame()).toEqual(['loss', 'grid']);
    expect(nextFrame()).toEqual(['mse', 'table']);
    expect(budget.pending).toBe(0);
  });

  it('a draw asked for while a frame draws runs in the next frame', () => {
    const { budget, draw, nextFrame } = fakePage();
    const later = draw('later', 1);
    budget.request(() => {
      draw('first', 1)();
      budget.request(later);
    });
    expect(nextFrame()).toEqual(['first']);
    expect(nextFrame()).toEqual(['later']);
  });

  it('forgets a cancelled draw and asks for no frame when nothing waits', () => {
    const { budget, draw, nextFrame, frames } = fakePage();
    const gone = draw('gone', 1);
    budget.request(gone);
    budget.cancel(gone);
    expect(frames.size).toBe(0);
    expect(nextFrame()).toEqual([]);
  });

  it('after a draw throws, the draws still waiting get their frame', () => {
    const { budget, draw, nextFrame } = fakePage();
    budget.request(() => {
      throw new Error('broken chart');
    });
    budget.request(draw('next', 1));
    expect(() => nextFrame()).toThrow('broken chart');
    expect(nextFrame()).toEqual(['next']);
  });
});
