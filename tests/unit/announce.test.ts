import { describe, expect, it } from 'vitest';
import { LatestThrottle, type ThrottleClock } from '../../src/lib/demos/announce.ts';

/** A clock that moves only when told; timers fire as time passes them. */
function fakeClock(): ThrottleClock & { advance(ms: number): void } {
  let now = 0;
  let timers: Array<{ at: number; callback: () => void; id: number }> = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, callback, id });
      return id;
    },
    clearTimeout: (handle) => {
      timers = timers.filter((timer) => timer.id !== handle);
    },
    advance(ms) {
      const end = now + ms;
      // A throttle that re-arms at the same instant forever would hang the run: fail instead.
      for (let fired = 0; ; fired++) {
        if (fired > 10_000) throw new Error('more than 10,000 timers fired in one advance: a timer loop');
        const due = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        now = due.at;
        due.callback();
      }
      now = end;
    },
  };
}

function recorder(clock: ThrottleClock) {
  const writes: Array<{ at: number; value: string }> = [];
  const throttle = new LatestThrottle<string>((value) => writes.push({ at: clock.now(), value }), 1000, clock);
  return { writes, throttle };
}

describe('LatestThrottle (live-region pacing)', () => {
  it('waits out the interval when its timer fires early', () => {
    const clock = fakeClock();
    // Timers longer than 3 ms fire 3 ms before they are due, as a browser's may by the page's clock.
    const early: ThrottleClock = {
      ...clock,
      setTimeout: (callback, ms) => clock.setTimeout(callback, ms > 3 ? ms - 3 : ms),
    };
    const writes: number[] = [];
    const throttle = new LatestThrottle<string>(() => writes.push(clock.now()), 1000, early);
    throttle.push('a');
    throttle.push('b');
    clock.advance(2000);
    expect(writes).toHaveLength(2);
    expect(writes[1] - writes[0]).toBeGreaterThanOrEqual(1000);
  });

  it('writes the first value at once, then only the latest value per interval', () => {
    const clock = fakeClock();
    const { writes, throttle } = recorder(clock);
    throttle.push('step 1');
    for (let step = 2; step <= 50; step++) {
      clock.advance(30);
      throttle.push(`step ${step}`);
    }
    clock.advance(5000);
    expect(writes.map((write) => write.value)).toEqual(['step 1', 'step 34', 'step 50']);
    const gaps = writes.slice(1).map((write, index) => write.at - writes[index].at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000);
  });

  it('never loses the last value: it is written once the interval has passed', () => {
    const clock = fakeClock();
    const { writes, throttle } = recorder(clock);
    throttle.push('a');
    clock.advance(100);
    throttle.push('b');
    throttle.push('c');
    expect(throttle.waiting).toBe(true);
    clock.advance(899);
    expect(writes.map((write) => write.value)).toEqual(['a']);
    clock.advance(1);
    expect(writes).toEqual([
      { at: 0, value: 'a' },
      { at: 1000, value: 'c' },
    ]);
    expect(throttle.waiting).toBe(false);
  });

  it('writes at once again after a quiet interval', () => {
    const clock = fakeClock();
    const { writes, throttle } = recorder(clock);
    throttle.push('a');
    clock.advance(2500);
    throttle.push('b');
    expect(writes).toEqual([
      { at: 0, value: 'a' },
      { at: 2500, value: 'b' },
    ]);
  });

  it('cancel drops the held value', () => {
    const clock = fakeClock();
    const { writes, throttle } = recorder(clock);
    throttle.push('a');
    throttle.push('b');
    throttle.cancel();
    clock.advance(5000);
    expect(writes.map((write) => write.value)).toEqual(['a']);
  });
});
