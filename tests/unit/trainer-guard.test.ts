/**
 * The divergence guard: what counts as a blow-up (a non-finite loss, or one far above the best
 * smoothed loss and worse than predicting 0 — not Adam's late spikes), which kept weights a
 * blow-up goes back to, and the trainer host stopping, restoring those weights and saying so;
 * and the schedule that keeps reports to their share of the trainer's time.
 */
import { describe, expect, it, vi } from 'vitest';
import { DATA_DEFAULTS } from '../../src/lib/data.ts';
import { ORIGINAL_CONFIG } from '../../src/lib/model/config.ts';
import type { RnnEngine } from '../../src/lib/model/engine.ts';
import type { Params } from '../../src/lib/model/params.ts';
import type { SessionSetup } from '../../src/lib/session.ts';
import { BLOW_UP_FACTOR, DivergenceGuard, WeightHistory, zeroPredictionLoss } from '../../src/lib/trainer/guard.ts';
import { TrainerHost } from '../../src/lib/trainer/host.ts';
import { ReportSchedule } from '../../src/lib/trainer/pace.ts';
import type { Reply } from '../../src/lib/trainer/protocol.ts';

describe('DivergenceGuard', () => {
  it('catches lr = 1: 0.27 → 64 is a blow-up at the second loss', () => {
    const guard = new DivergenceGuard(0.5);
    expect(guard.check([0.268, 63.9, 293], 0)).toEqual({ index: 1, loss: 63.9, best: 0.268 });
  });

  it('catches a non-finite loss at once, wherever it comes', () => {
    const guard = new DivergenceGuard(0.5);
    expect(guard.check([0.3, 0.2], 0)).toBeNull();
    expect(guard.check([0.1, Number.NaN], 2)).toMatchObject({ index: 3 });
    expect(new DivergenceGuard(0.5).check([Number.POSITIVE_INFINITY], 7)).toMatchObject({ index: 7 });
  });

  it('lets late spikes pass: far above the best, but still better than predicting 0', () => {
    const guard = new DivergenceGuard(0.5);
    const losses = Array.from({ length: 200 }, (_, step) => 0.3 * Math.exp(-step / 20) + 1e-4);
    expect(guard.check(losses, 0)).toBeNull();
    expect(guard.check([3e-2, 0.4, 5e-3], 200)).toBeNull();
  });

  it('needs more than the factor: a loss at exactly the factor times the best passes', () => {
    const guard = new DivergenceGuard(0.5);
    expect(guard.check([0.01, BLOW_UP_FACTOR * 0.01], 0)).toBeNull();
    guard.reset();
    expect(guard.check([0.01, BLOW_UP_FACTOR * 0.01 * 1.01], 0)).toMatchObject({ index: 1 });
  });

  it('the floor is the mean of y² (the loss of always predicting 0)', () => {
    expect(zeroPredictionLoss([1, -1, 0, 0])).toBe(0.5);
    expect(zeroPredictionLoss([])).toBe(0);
  });
});

describe('WeightHistory', () => {
  const params = (value: number): Params => ({ bl: Float64Array.of(value) });

  it('goes back to the newest weights from before the bad ones, keeping two', () => {
    const history = new WeightHistory();
    history.keep(0, params(0));
    history.keep(5, params(5));
    expect(history.before(7)?.step).toBe(5);
    // Loss 5 was computed on the weights after 5 steps: those are the bad ones.
    expect(history.before(5)?.step).toBe(0);
    history.keep(9, params(9));
    expect(history.before(9)?.step).toBe(5);
    expect(history.before(5)).toBeNull();
    history.clear();
    expect(history.before(100)).toBeNull();
  });
});

const setup: SessionSetup = {
  config: { ...ORIGINAL_CONFIG, hiddenSize: 3, outputSize: 2, window: 8 },
  data: { ...DATA_DEFAULTS, cycles: 1, horizon: 2, trainSize: 16, testSize: 8 },
  learningRate: 0.01,
  batchSize: 4,
  seed: 1,
};

/**
 * An engine whose losses follow a script and whose weights count its updates (`bl` = updates
 * since its weights were last set, plus the value they were set to).
 */
function scriptedEngine(params: Params, script: number[]): RnnEngine {
  let bl = 0;
  let step = 0;
  return {
    kind: 'scratch',
    config: setup.config,
    predict: async (_x, batchSize) => new Float64Array(batchSize * setup.config.window),
    lossAndGrads: () => Promise.reject(new Error('not used')),
    trainStep: () => Promise.reject(new Error('not used')),
    trainSteps: async (batches) => {
      const losses = Float64Array.from(batches, () => script[step++] ?? 0.01);
      bl += batches.length;
      return { losses, gradNorms: losses.map(() => 1) };
    },
    configureTraining: () => undefined,
    getParams: () => ({ ...params, bl: Float64Array.of(bl) }),
    setParams: (next) => void (bl = next.bl?.[0] ?? 0),
    getOptimizerState: () => ({ step: bl, moment1: {}, moment2: {} }),
    setOptimizerState: () => undefined,
    dispose: () => undefined,
  };
}

describe('the host stops on a blow-up and restores the last good weights', () => {
  /**
   * Trains on `script` with a clock that moves `tick` ms per read (weights are kept every 500 ms
   * at most; a clock that stands still trains all steps after the first in one slice).
   */
  async function trainWith(script: number[], tick = 300) {
    let clock = 0;
    const replies: Reply[] = [];
    let engine: RnnEngine | null = null;
    const host = new TrainerHost(
      (reply) => replies.push(reply),
      // Slices of one step (a step takes longer than a slice), the weights kept before each.
      { sliceMs: 10, yieldToOthers: () => Promise.resolve(), now: () => (clock += tick) },
      {
        choose: async () => ({
          backend: 'scratch',
          notes: [],
          softwareWebgl: false,
          create: async (_config, params) => (engine = scriptedEngine({ ...params, bl: Float64Array.of(0) }, script)),
        }),
        probe: () => ({ renderer: '', candidates: ['scratch'] }),
      },
    );
    await host.handle({ type: 'init', setup, engine: 'scratch', run: 1 });
    await host.handle({ type: 'train', schedule: [{ steps: 30, learningRate: 1 }], fresh: false, run: 2 });
    // The loop ends with an evaluation once it stops (after a blow-up, as after a pause).
    await vi.waitFor(() => expect(replies.some((reply) => reply.type === 'evaluation')).toBe(true));
    return { replies, engine: engine as RnnEngine | null };
  }

  it('a loss 238 times the best at step 2 brings back the initial weights', async () => {
    const { replies, engine } = await trainWith([0.268, 63.9, 293]);
    const diverged = replies.find((reply) => reply.type === 'diverged');
    expect(diverged).toMatchObject({ atStep: 2, loss: 63.9, best: 0.268, restoredStep: 0 });
    expect(engine?.getParams().bl?.[0]).toBe(0);
    const progress = replies.filter((reply) => reply.type === 'progress').at(-1);
    expect(progress).toMatchObject({ step: 0 });
    expect(replies.some((reply) => reply.type === 'finished')).toBe(false);
  });

  it('reports the steps up to the blow-up (not those after it) before the divergence, then goes back', async () => {
    const { replies } = await trainWith([0.3, 0.2, 50, 60, 70], 0);
    const kinds = replies.filter((reply) => reply.type === 'progress' || reply.type === 'diverged');
    const at = kinds.findIndex((reply) => reply.type === 'diverged');
    expect(kinds[at]).toMatchObject({ atStep: 3, loss: 50, restoredStep: 0 });
    expect(kinds[at - 1]).toMatchObject({ type: 'progress', from: 1, step: 3, losses: [0.2, 50] });
    expect(kinds[at + 1]).toMatchObject({ type: 'progress', from: 0, step: 0, losses: [] });
  });

  it('a non-finite loss brings back the newest weights kept before it', async () => {
    const script = [0.3, 0.2, 0.1, 0.05, Number.NaN];
    const { replies, engine } = await trainWith(script);
    expect(replies.find((reply) => reply.type === 'diverged')).toMatchObject({ atStep: 5, restoredStep: 3 });
    expect(engine?.getParams().bl?.[0]).toBe(3);
    expect(replies.filter((reply) => reply.type === 'progress').at(-1)).toMatchObject({ step: 3 });
  });
});

describe('ReportSchedule', () => {
  it('waits each report its interval, and four times as long as it last took', async () => {
    let clock = 0;
    const sent: number[] = [];
    const reports = new ReportSchedule({ evaluate: 500, never: 0 }, () => clock);
    const evaluate = (took: number) => async () => {
      sent.push(clock);
      clock += took;
    };
    for (const at of [100, 500, 600, 2600, 2700]) {
      clock = Math.max(clock, at);
      await reports.run('evaluate', evaluate(400));
      await reports.run('never', evaluate(0));
    }
    // At 500 it runs (400 ms); then it waits 4 × 400 ms after it ended at 900: due at 2500.
    expect(sent).toEqual([500, 2600]);
  });
});
