/**
 * `auto` by measurement: picks the fastest of fake engines with given timings, skips one that
 * fails, remembers the decision per device and batch-size bucket, and forgets on request.
 */
import { describe, expect, it } from 'vitest';
import {
  batchBucket,
  chooseByMeasurement,
  decisionKey,
  forgetDecisions,
  parseDecision,
  timeSteps,
  type AutoCandidate,
  type DecisionStore,
} from '../../src/lib/auto-engine.ts';

/** An in-memory Storage. */
function memoryStore(initial: Record<string, string> = {}): DecisionStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
    get length() {
      return data.size;
    },
    key: (index) => [...data.keys()][index] ?? null,
  };
}

/** A measure function with fixed timings; `undefined` makes that engine fail. Records calls. */
function fakeMeasure(timings: Partial<Record<AutoCandidate, number>>) {
  const calls: AutoCandidate[] = [];
  const limits: number[] = [];
  const measure = async (engine: AutoCandidate, fastestSoFar: number) => {
    calls.push(engine);
    limits.push(fastestSoFar);
    const ms = timings[engine];
    if (ms === undefined) throw new Error(`${engine} is not available`);
    return ms;
  };
  return { measure, calls, limits };
}

describe('chooseByMeasurement', () => {
  it('tells each candidate the fastest time so far, so a slower one can stop early', async () => {
    const { measure, limits } = fakeMeasure({ scratch: 14, webgl: 31, wasm: 9 });
    await chooseByMeasurement({ candidates: ['scratch', 'webgl', 'wasm'], measure, key: 'k' });
    expect(limits).toEqual([Infinity, 14, 14]);
  });

  it('times every candidate and picks the fastest', async () => {
    const { measure, calls } = fakeMeasure({ scratch: 14, webgl: 31, wasm: 60 });
    const decision = await chooseByMeasurement({ candidates: ['scratch', 'webgl', 'wasm'], measure, key: 'k' });
    expect(decision.engine).toBe('scratch');
    expect(decision.source).toBe('measured');
    expect(calls).toEqual(['scratch', 'webgl', 'wasm']);
    expect(decision.timings).toEqual([
      { engine: 'scratch', msPerStep: 14 },
      { engine: 'webgl', msPerStep: 31 },
      { engine: 'wasm', msPerStep: 60 },
    ]);
  });

  it('picks WebGL when it is the fastest', async () => {
    const { measure } = fakeMeasure({ scratch: 40, webgl: 9, wasm: 60 });
    const decision = await chooseByMeasurement({ candidates: ['scratch', 'webgl', 'wasm'], measure, key: 'k' });
    expect(decision.engine).toBe('webgl');
  });

  it('falls back when a candidate fails, and records why', async () => {
    const { measure } = fakeMeasure({ scratch: 20, wasm: 12 });
    const decision = await chooseByMeasurement({ candidates: ['scratch', 'webgl', 'wasm'], measure, key: 'k' });
    expect(decision.engine).toBe('wasm');
    expect(decision.timings[1]).toEqual({ engine: 'webgl', failed: 'webgl is not available' });
  });

  it('treats a non-positive or non-finite timing as a failure', async () => {
    const { measure } = fakeMeasure({ scratch: 20, webgl: 0, wasm: Number.NaN });
    const decision = await chooseByMeasurement({ candidates: ['scratch', 'webgl', 'wasm'], measure, key: 'k' });
    expect(decision.engine).toBe('scratch');
    expect(decision.timings.filter((timing) => 'failed' in timing)).toHaveLength(2);
  });

  it('rejects when no candidate can be timed', async () => {
    const { measure } = fakeMeasure({});
    await expect(chooseByMeasurement({ candidates: ['scratch', 'wasm'], measure, key: 'k' })).rejects.toThrow(
      /no engine could be timed \(scratch: scratch is not available; wasm: wasm is not available\)/,
    );
  });

  it('remembers the decision and reuses it without measuring', async () => {
    const store = memoryStore();
    const key = decisionKey('ANGLE (NVIDIA)', 64);
    const first = fakeMeasure({ scratch: 14, wasm: 60 });
    await chooseByMeasurement({ candidates: ['scratch', 'wasm'], measure: first.measure, store, key });
    const second = fakeMeasure({ scratch: 99, wasm: 1 });
    const decision = await chooseByMeasurement({
      candidates: ['scratch', 'wasm'],
      measure: second.measure,
      store,
      key,
    });
    expect(second.calls).toEqual([]);
    expect(decision).toMatchObject({ engine: 'scratch', source: 'remembered' });
  });

  it('measures again when the remembered engine is no longer offered, or after forgetting', async () => {
    const store = memoryStore();
    const key = decisionKey('r', 64);
    await chooseByMeasurement({
      candidates: ['webgl', 'scratch'],
      measure: fakeMeasure({ webgl: 5, scratch: 9 }).measure,
      store,
      key,
    });
    const withoutWebgl = fakeMeasure({ scratch: 9 });
    const decision = await chooseByMeasurement({ candidates: ['scratch'], measure: withoutWebgl.measure, store, key });
    expect(withoutWebgl.calls).toEqual(['scratch']);
    expect(decision.source).toBe('measured');
    store.setItem('unrelated', 'kept');
    expect(forgetDecisions(store)).toBe(1);
    expect(store.data.get('unrelated')).toBe('kept');
    const again = fakeMeasure({ scratch: 9 });
    await chooseByMeasurement({ candidates: ['scratch'], measure: again.measure, store, key });
    expect(again.calls).toEqual(['scratch']);
  });

  it('keeps working when storage throws', async () => {
    const broken: DecisionStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => undefined,
      length: 0,
      key: () => null,
    };
    const { measure } = fakeMeasure({ scratch: 3 });
    await expect(
      chooseByMeasurement({ candidates: ['scratch'], measure, store: broken, key: 'k' }),
    ).resolves.toMatchObject({
      engine: 'scratch',
    });
  });
});

describe('remembered decisions are validated', () => {
  it.each([
    ['not JSON', '{'],
    ['no timings', '{}'],
    ['unknown engine', '{"timings":[{"engine":"cuda","msPerStep":1}]}'],
    ['negative timing', '{"timings":[{"engine":"scratch","msPerStep":-1}]}'],
    ['all failed', '{"timings":[{"engine":"scratch","failed":"x"}]}'],
  ])('%s gives null', (_, text) => {
    expect(parseDecision(text, ['scratch', 'webgl', 'wasm'])).toBeNull();
  });

  it('a valid one gives the fastest engine', () => {
    const text = JSON.stringify({
      timings: [
        { engine: 'wasm', msPerStep: 7 },
        { engine: 'scratch', msPerStep: 8 },
      ],
    });
    expect(parseDecision(text, ['scratch', 'wasm'])?.engine).toBe('wasm');
  });
});

describe('buckets and keys', () => {
  it('groups batch sizes into powers of four from 16 to 4,096', () => {
    expect([1, 16, 17, 64, 65, 256, 1000, 1024, 2048, 5000].map(batchBucket)).toEqual([
      16, 16, 64, 64, 256, 256, 1024, 1024, 4096, 4096,
    ]);
  });

  it('keys by renderer and bucket, so batch 50 and 64 share a decision and 2,048 does not', () => {
    expect(decisionKey('SwiftShader', 50)).toBe(decisionKey('SwiftShader', 64));
    expect(decisionKey('SwiftShader', 2048)).not.toBe(decisionKey('SwiftShader', 64));
    expect(decisionKey('', 64)).toContain(':none:');
  });
});

describe('timeSteps', () => {
  it('skips the warm-up and divides the timed time by the timed steps', async () => {
    let clock = 0;
    const counts: number[] = [];
    const run = async (count: number) => {
      counts.push(count);
      // The first call (warm-up) is slow; later steps cost 5 ms each.
      clock += counts.length === 1 ? 1000 : 5 * count;
    };
    const ms = await timeSteps(run, { now: () => clock, warmupSteps: 2, budgetMs: 50, minSteps: 3 });
    // One untimed warm-up step, one timed on its own (not averaged), then rounds of 1, 2, 4, 8.
    expect(counts).toEqual([1, 1, 1, 2, 4, 8]);
    expect(ms).toBe(5);
  });

  it('gives up on a candidate whose step is slower than giveUpAboveMs, after one warm-up step', async () => {
    let clock = 0;
    const counts: number[] = [];
    const slow = async (count: number) => {
      counts.push(count);
      clock += 4000 * count;
    };
    const options = { now: () => clock, warmupSteps: 2, budgetMs: 250, minSteps: 3, giveUpAboveMs: 600 };
    expect(await timeSteps(slow, options)).toBe(4000);
    expect(counts).toEqual([1, 1]);
  });

  it('gives up within the timed rounds when the average turns slower than giveUpAboveMs', async () => {
    let clock = 0;
    const counts: number[] = [];
    // Fast enough while warming up, then 700 ms per step.
    const run = async (count: number) => {
      counts.push(count);
      clock += (counts.length <= 2 ? 100 : 700) * count;
    };
    const ms = await timeSteps(run, {
      now: () => clock,
      warmupSteps: 2,
      budgetMs: 250,
      minSteps: 3,
      giveUpAboveMs: 600,
    });
    expect(ms).toBe(700);
    expect(counts).toEqual([1, 1, 1]);
  });

  it('a candidate faster than the limit is timed in full', async () => {
    let clock = 0;
    let steps = 0;
    const ms = await timeSteps(
      async (count) => {
        steps += count;
        clock += 50 * count;
      },
      { now: () => clock, warmupSteps: 2, budgetMs: 250, minSteps: 3, giveUpAboveMs: 600 },
    );
    expect(ms).toBe(50);
    expect(steps).toBe(2 + 1 + 2 + 4);
  });

  it('runs at least minSteps even when one step exceeds the budget', async () => {
    let clock = 0;
    let steps = 0;
    const ms = await timeSteps(
      async (count) => {
        steps += count;
        clock += 100 * count;
      },
      { now: () => clock, warmupSteps: 0, budgetMs: 10, minSteps: 3 },
    );
    expect(steps).toBeGreaterThanOrEqual(3);
    expect(ms).toBe(100);
  });
});
