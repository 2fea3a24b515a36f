/** Run ids and learning-rate schedules of the trainer protocol. */
import { describe, expect, it } from 'vitest';
import { RunLedger } from '../../src/lib/trainer/runs.ts';
import { phaseAt, scheduleLength, scheduleProblems } from '../../src/lib/trainer/schedule.ts';
import { backendOrder, ENGINES } from '../../src/lib/trainer/engines.ts';

describe('run ledger', () => {
  it('control requests open runs; windows, evaluations and exports belong to the current one', () => {
    const ledger = new RunLedger();
    expect(ledger.tag({ type: 'reset' }).run).toBe(1);
    expect(ledger.tag({ type: 'evaluate' }).run).toBe(1);
    expect(ledger.tag({ type: 'windows', count: 9, draw: 0 }).run).toBe(1);
    expect(ledger.tag({ type: 'pause' }).run).toBe(2);
    expect(ledger.tag({ type: 'export' }).run).toBe(2);
  });

  it('drops replies about a replaced model, keeps overtaken ones as data only', () => {
    const ledger = new RunLedger();
    const init = ledger.tag({ type: 'init', setup: undefined as never, engine: 'scratch' }).run;
    const train = ledger.tag({ type: 'train', schedule: [{ steps: 10, learningRate: 0.01 }], fresh: false }).run;
    expect(ledger.classify(init)).toBe('data');
    expect(ledger.classify(train)).toBe('current');
    ledger.tag({ type: 'pause' });
    expect(ledger.classify(train)).toBe('data');
    const fresh = ledger.tag({ type: 'train', schedule: [], fresh: true }).run;
    expect(ledger.classify(train)).toBe('drop');
    expect(ledger.classify(fresh)).toBe('current');
    ledger.tag({ type: 'reset' });
    expect(ledger.classify(fresh)).toBe('drop');
  });
});

describe('schedule', () => {
  const schedule = [
    { steps: 8, learningRate: 0.01 },
    { steps: 2, learningRate: 0.002 },
  ];

  it('finds the phase of a step counted from the run’s start', () => {
    expect(scheduleLength(schedule)).toBe(10);
    expect(phaseAt(schedule, 0)).toEqual({ learningRate: 0.01, endStep: 8 });
    expect(phaseAt(schedule, 7)).toEqual({ learningRate: 0.01, endStep: 8 });
    expect(phaseAt(schedule, 8)).toEqual({ learningRate: 0.002, endStep: 10 });
    expect(phaseAt(schedule, 10)).toBeNull();
    expect(phaseAt([{ steps: 0, learningRate: 1 }, ...schedule], 0)?.learningRate).toBe(0.01);
  });

  it('names bad phases', () => {
    expect(scheduleProblems(schedule)).toEqual([]);
    expect(scheduleProblems([{ steps: 1.5, learningRate: 0.01 }])[0]).toMatch(/phase 0: steps/);
    expect(scheduleProblems([{ steps: 1, learningRate: Number.NaN }])[0]).toMatch(/learning rate/);
  });
});

describe('engine choice', () => {
  it('auto prefers WebGL on a GPU and WASM where WebGL runs in software or not at all', () => {
    expect(backendOrder('auto', { available: true, software: false, renderer: '' })).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendOrder('auto', { available: true, software: true, renderer: '' })).toEqual(['wasm', 'cpu']);
    expect(backendOrder('auto', { available: false, software: false, renderer: '' })).toEqual(['wasm', 'cpu']);
  });

  it('an explicit backend is tried first, then the slower ones', () => {
    const none = { available: false, software: false, renderer: '' };
    expect(backendOrder('webgl', none)).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendOrder('wasm', none)).toEqual(['wasm', 'cpu']);
    expect(backendOrder('cpu', none)).toEqual(['cpu']);
    expect(ENGINES).toContain('scratch');
  });
});
