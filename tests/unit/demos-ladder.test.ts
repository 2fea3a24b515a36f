/** The compute ladder's pure side, with fake timings: settings, plan, next move, summary. */
import { describe, expect, it } from 'vitest';
import {
  addResult,
  curveOf,
  estimateMs,
  fastestByBatch,
  growthOf,
  LADDER_SCHEMA,
  ladderBatches,
  ladderEngines,
  ladderPlan,
  ladderSetup,
  nextMove,
  POINT_BUDGET_MS,
  resultOf,
  resultsInView,
  STEPS_PER_TIMING,
  summarize,
  type LadderResult,
} from '../../src/lib/demos/ladder.ts';
import type { AutoCandidate } from '../../src/lib/auto-engine.ts';
import { decodeState, encodeState } from '../../src/lib/state.ts';

const GPU = {
  renderer: 'ANGLE (NVIDIA GeForce RTX 3060)',
  candidates: ['scratch', 'webgl', 'wasm'] as AutoCandidate[],
};
const SOFTWARE = { renderer: 'Google SwiftShader', candidates: ['scratch', 'wasm'] as AutoCandidate[] };
const NO_WEBGL = { renderer: '', candidates: ['scratch', 'wasm'] as AutoCandidate[] };

/** Fake timings: ms per step = fixed + perWindow × B for each engine, at every batch size given. */
function fake(costs: Partial<Record<AutoCandidate, [number, number]>>, batches: number[]): LadderResult[] {
  let results: LadderResult[] = [];
  for (const batch of batches) {
    for (const [engine, [fixed, perWindow]] of Object.entries(costs) as Array<[AutoCandidate, [number, number]]>) {
      results = addResult(results, { engine, batch, msPerStep: fixed + perWindow * batch });
    }
  }
  return results;
}

const ALL = [16, 64, 256, 1024, 2048];

describe('compute ladder settings', () => {
  it('keeps its settings under ladder.* and round-trips them', () => {
    const { state, notes } = decodeState(LADDER_SCHEMA, '?ladder.engines=processor&ladder.to=256&ladder.from=64');
    expect(notes).toEqual([]);
    expect(state).toEqual({ engines: 'processor', from: '64', to: '256' });
    expect(decodeState(LADDER_SCHEMA, encodeState(LADDER_SCHEMA, state)).state).toEqual(state);
    const bad = decodeState(LADDER_SCHEMA, '?ladder.to=100&ladder.engines=gpu');
    expect(bad.state).toEqual({ engines: 'all', from: '16', to: '2048' });
    expect(bad.notes.map((note) => note.field).sort()).toEqual(['engines', 'to']);
  });

  it('measures the rungs between from and to, in either order', () => {
    expect(ladderBatches({ from: '16', to: '2048' })).toEqual(ALL);
    expect(ladderBatches({ from: '1024', to: '64' })).toEqual([64, 256, 1024]);
    expect(ladderBatches({ from: '256', to: '256' })).toEqual([256]);
  });

  it('offers WebGL on a GPU, flags it in software, and leaves it out without WebGL', () => {
    const plain = (engine: AutoCandidate) => ({ engine, software: false });
    expect(ladderEngines('all', GPU)).toEqual([plain('scratch'), plain('webgl'), plain('wasm')]);
    expect(ladderEngines('all', SOFTWARE)).toEqual([
      plain('scratch'),
      { engine: 'webgl', software: true },
      plain('wasm'),
    ]);
    expect(ladderEngines('all', NO_WEBGL)).toEqual([plain('scratch'), plain('wasm')]);
    expect(ladderEngines('processor', GPU)).toEqual([plain('scratch'), plain('wasm')]);
    expect(ladderEngines('webgl', NO_WEBGL)).toEqual([]);
    expect(ladderEngines('scratch', SOFTWARE)).toEqual([plain('scratch')]);
  });

  it('shows only the results of the current settings', () => {
    const results = fake({ scratch: [1, 0.1], webgl: [50, 0], wasm: [5, 0.05] }, ALL);
    const view = resultsInView(results, { engines: 'processor', from: '64', to: '256' });
    expect(view.map((r) => `${r.engine}@${r.batch}`)).toEqual(['scratch@64', 'wasm@64', 'scratch@256', 'wasm@256']);
    expect(resultsInView(results, { engines: 'all', from: '16', to: '2048' })).toHaveLength(15);
  });

  it('trains the lab default model at the rung batch size', () => {
    const setup = ladderSetup(1024);
    expect(setup.batchSize).toBe(1024);
    expect(setup.config.variant).toBe('synced');
    expect(setup.learningRate).toBe(0.01);
  });
});

describe('what the ladder measures next', () => {
  const engines = ladderEngines('all', SOFTWARE);
  const plan = ladderPlan([16, 64, 256], engines);

  it('goes rung by rung, every engine at each batch size', () => {
    expect(plan.slice(0, 4)).toEqual([
      { engine: 'scratch', batch: 16 },
      { engine: 'webgl', batch: 16 },
      { engine: 'wasm', batch: 16 },
      { engine: 'scratch', batch: 64 },
    ]);
    expect(nextMove(plan, [])).toEqual({ kind: 'measure', point: { engine: 'scratch', batch: 16 } });
    const partial = fake({ scratch: [1, 0.1], webgl: [20, 0.01] }, [16]);
    expect(nextMove(plan, partial)).toEqual({ kind: 'measure', point: { engine: 'wasm', batch: 16 } });
    expect(nextMove(plan, fake({ scratch: [1, 0.1], wasm: [5, 0.05], webgl: [20, 0.01] }, [16, 64, 256]))).toEqual({
      kind: 'done',
    });
  });

  it('estimates a larger batch in proportion from the largest one timed below it', () => {
    const results = fake({ scratch: [0, 1] }, [16, 64]);
    expect(estimateMs(results, 'scratch', 256)).toBeCloseTo(256);
    expect(estimateMs(results, 'wasm', 256)).toBeNaN();
  });

  it('skips a point that would outlast the budget, and the larger ones after it', () => {
    // WebGL in software: 2 s per step at B = 16 → 8 s estimated at 64, × STEPS_PER_TIMING steps.
    let results = fake({ scratch: [1, 0.1], wasm: [5, 0.05], webgl: [2000, 0] }, [16]);
    results = addResult(results, { engine: 'scratch', batch: 64, msPerStep: 7 });
    results = addResult(results, { engine: 'wasm', batch: 64, msPerStep: 8 });
    expect(8000 * STEPS_PER_TIMING).toBeGreaterThan(POINT_BUDGET_MS);
    const move = nextMove(plan, results);
    expect(move).toEqual({ kind: 'skip', result: { engine: 'webgl', batch: 64, skipped: true, estimateMs: 8000 } });
    if (move.kind !== 'skip') return;
    results = addResult(results, move.result);
    results = addResult(results, { engine: 'scratch', batch: 256, msPerStep: 26 });
    results = addResult(results, { engine: 'wasm', batch: 256, msPerStep: 18 });
    // Still estimated from B = 16, the largest batch WebGL was timed at: 32 s per step.
    expect(nextMove(plan, results)).toEqual({
      kind: 'skip',
      result: { engine: 'webgl', batch: 256, skipped: true, estimateMs: 32000 },
    });
    expect(nextMove(plan, results, Infinity)).toEqual({ kind: 'measure', point: { engine: 'webgl', batch: 256 } });
  });

  it('skips the rest of an engine that failed to start', () => {
    const results = [...fake({ scratch: [1, 0.1] }, [16]), { engine: 'wasm' as const, batch: 16, failed: 'no wasm' }];
    const afterScratch = addResult(results, { engine: 'webgl', batch: 16, msPerStep: 50 });
    const before = addResult(afterScratch, { engine: 'scratch', batch: 64, msPerStep: 7 });
    const move = nextMove(plan, addResult(before, { engine: 'webgl', batch: 64, msPerStep: 52 }));
    expect(move.kind).toBe('skip');
    if (move.kind === 'skip') expect(move.result).toMatchObject({ engine: 'wasm', batch: 64, skipped: true });
  });

  it('reads the trainer reply of a one-engine measurement', () => {
    const point = { engine: 'wasm' as const, batch: 64 };
    expect(resultOf(point, [{ engine: 'wasm', msPerStep: 12.5 }])).toEqual({ ...point, msPerStep: 12.5 });
    expect(resultOf(point, [{ engine: 'wasm', failed: 'did not start' }])).toEqual({
      ...point,
      failed: 'did not start',
    });
    expect(resultOf(point, [])).toMatchObject({ failed: expect.any(String) });
  });

  it('keeps one result per point, in plan order', () => {
    let results = addResult([], { engine: 'webgl', batch: 64, msPerStep: 3 });
    results = addResult(results, { engine: 'scratch', batch: 64, msPerStep: 5 });
    results = addResult(results, { engine: 'scratch', batch: 16, msPerStep: 1 });
    results = addResult(results, { engine: 'scratch', batch: 64, msPerStep: 4 });
    expect(results.map((r) => `${r.engine}@${r.batch}`)).toEqual(['scratch@16', 'scratch@64', 'webgl@64']);
    expect(curveOf(results, 'scratch')).toEqual([
      [16, 1],
      [64, 4],
    ]);
  });
});

describe('the sentence under the ladder', () => {
  it('says nothing before a timing, and names the only engine timed', () => {
    expect(summarize([])).toEqual({ kind: 'empty' });
    expect(summarize([{ engine: 'wasm', batch: 16, failed: 'x' }])).toEqual({ kind: 'empty' });
    expect(summarize(fake({ scratch: [1, 0.1] }, ALL))).toEqual({ kind: 'single', engine: 'scratch' });
  });

  it('finds where a GPU (a fixed cost per dispatch, little per window) overtakes the scratch engine', () => {
    // scratch: 0.5 + 0.2·B ms; WebGL: 60 + 0.01·B ms → equal near B = 313.
    const results = fake({ scratch: [0.5, 0.2], wasm: [8, 0.3], webgl: [60, 0.01] }, ALL);
    expect(fastestByBatch(results).map((f) => f.engine)).toEqual(['scratch', 'scratch', 'scratch', 'webgl', 'webgl']);
    expect(summarize(results)).toEqual({ kind: 'crossover', winner: 'webgl', loser: 'scratch', batch: 1024 });
  });

  it('reports no crossover when one engine is fastest everywhere (a device without a GPU)', () => {
    const results = fake({ scratch: [0.5, 0.2], wasm: [8, 0.3], webgl: [400, 2] }, ALL);
    expect(summarize(results)).toEqual({ kind: 'same', engine: 'scratch' });
  });

  it('takes the crossover after which the winner stays ahead, not a lucky rung before it', () => {
    let results = fake({ scratch: [0, 1] }, ALL);
    const webgl: Array<[number, number]> = [
      [16, 20],
      [64, 60],
      [256, 300],
      [1024, 500],
      [2048, 900],
    ];
    for (const [batch, msPerStep] of webgl) results = addResult(results, { engine: 'webgl', batch, msPerStep });
    expect(fastestByBatch(results).map((f) => f.engine)).toEqual(['scratch', 'webgl', 'scratch', 'webgl', 'webgl']);
    expect(summarize(results)).toEqual({ kind: 'crossover', winner: 'webgl', loser: 'scratch', batch: 1024 });
  });

  it('compares only batch sizes where two engines were timed', () => {
    let results = fake({ scratch: [0, 1], wasm: [10, 0.5] }, [16, 64]);
    results = addResult(results, { engine: 'scratch', batch: 256, msPerStep: 256 });
    results = addResult(results, { engine: 'wasm', batch: 256, skipped: true, estimateMs: 40 });
    expect(fastestByBatch(results).map((f) => f.batch)).toEqual([16, 64]);
    expect(summarize(results)).toEqual({ kind: 'crossover', winner: 'wasm', loser: 'scratch', batch: 64 });
  });

  it('says how much longer a step takes as the batch grows, per engine', () => {
    const results = fake({ scratch: [0, 0.5], webgl: [100, 0.05] }, [16, 2048]);
    const growth = growthOf(results);
    expect(growth.map((g) => [g.engine, g.from, g.to])).toEqual([
      ['scratch', 16, 2048],
      ['webgl', 16, 2048],
    ]);
    expect(growth[0].ratio).toBeCloseTo(128);
    expect(growth[1].ratio).toBeCloseTo(202.4 / 100.8);
    expect(growthOf(fake({ scratch: [0, 1] }, [64]))).toEqual([]);
  });
});
