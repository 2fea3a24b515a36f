/** The early-error figure's pure side, and that its recorded runs are what the engine measures. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addPoint,
  earlyErrorSetup,
  MEASURE_EVERY,
  nextLeg,
  parseRecordedRuns,
  pointNear,
  seriesOf,
} from '../../src/lib/demos/early-error.ts';
import { createEngine } from '../../src/lib/model/create.ts';
import { createSession, trainingOptionsOf } from '../../src/lib/session.ts';

const recorded = parseRecordedRuns(readFileSync('src/lib/demos/recorded/early-error.json', 'utf8'));

describe('early error', () => {
  it('trains in legs that stop at every 50th step and at the end', () => {
    expect(nextLeg(0, 3000)).toEqual([{ steps: MEASURE_EVERY, learningRate: 0.01 }]);
    expect(nextLeg(73, 3000)[0].steps).toBe(100);
    expect(nextLeg(2990, 3000)[0].steps).toBe(3000);
    expect(nextLeg(120, 130)[0].steps).toBe(130);
    expect(nextLeg(3000, 3000)).toEqual([]);
  });

  it('keeps measurements in step order, one per step', () => {
    let curve = addPoint([], 100, [0.5, 0.4, 0.3, 0.2, 0.1]);
    curve = addPoint(curve, 50, [0.6, 0.5, 0.4, 0.3]);
    curve = addPoint(curve, 100, [0.55, 0.45, 0.35, 0.25]);
    expect(curve.map((point) => point.step)).toEqual([50, 100]);
    expect(curve[1].mse).toEqual([0.55, 0.45, 0.35, 0.25]);
    expect(seriesOf(curve, 1)).toEqual([
      [50, 0.5],
      [100, 0.45],
    ]);
    expect(pointNear(curve, 80)?.step).toBe(100);
    expect(pointNear([], 80)).toBeNull();
  });

  it('refuses a damaged recording with a message', () => {
    expect(() => parseRecordedRuns('{}')).toThrow(/no "runs"/);
    expect(() => parseRecordedRuns({ runs: { '0.7': {} } })).toThrow(/unknown noise/);
    expect(() => parseRecordedRuns({ runs: { '0': { noise: 0, steps: 10, curve: [{ step: 0, mse: [1] }] } } })).toThrow(
      /malformed/,
    );
  });

  it('the recorded runs tell the lesson: t = 0 stays near ½, t = 1…3 fall; with noise 0.3 they stay high', () => {
    const clean = recorded['0']?.curve ?? [];
    const last = clean.at(-1)?.mse ?? [];
    expect(clean.at(-1)?.step).toBe(3000);
    expect(last[0]).toBeGreaterThan(0.45);
    expect(last[0]).toBeLessThan(0.6);
    for (const t of [1, 2, 3]) expect(last[t]).toBeLessThan((clean[2]?.mse[t] ?? 0) / 10);
    const noisy = recorded['0.3']?.curve.at(-1)?.mse ?? [];
    expect(noisy[1]).toBeGreaterThan(0.3);
  });

  it('the recorded run is what the engine measures (first 100 steps retrained here)', async () => {
    const setup = earlyErrorSetup('0');
    const session = await createSession(setup, (config, params) =>
      createEngine('scratch', config, params, {
        dtype: 'float32',
        kernels: 'simd',
        training: trainingOptionsOf(setup),
      }),
    );
    await session.trainSteps(100);
    const measured = (await session.evaluate()).msePerStep;
    const point = recorded['0']?.curve.find((candidate) => candidate.step === 100);
    for (let t = 0; t < 4; t++) expect(point?.mse[t]).toBeCloseTo(measured[t], 3);
    session.dispose();
  });
});
