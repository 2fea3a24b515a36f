/**
 * Continuing a lost trainer's run through the host, as the demos do: the `snapshot` reply carries
 * the weights and Adam's state (t, m, v) of its step, and an `init` with those, the losses up to
 * that step and the optimiser state goes on as if the run had never stopped — on the scratch
 * engine exactly, on TF.js (cpu) to float32 precision. An `init` without an optimiser state
 * (older pages, kept models without one) still works, with a fresh Adam; a broken one is refused.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { paramShapes } from '../../src/lib/model/config.ts';
import { createScratchEngine } from '../../src/lib/model/scratch.ts';
import { createTfjsEngine } from '../../src/lib/model/tfjs.ts';
import type { SessionSetup } from '../../src/lib/session.ts';
import type { ChosenEngine, EngineSource } from '../../src/lib/trainer/engines.ts';
import { TrainerHost } from '../../src/lib/trainer/host.ts';
import type { Reply, RequestBody } from '../../src/lib/trainer/protocol.ts';
import { relativeError, SMALL_RUN } from './tfjs-fixtures.ts';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const setup: SessionSetup = SMALL_RUN;

const STEPS = 30;
const train: RequestBody = { type: 'train', schedule: [{ steps: STEPS, learningRate: 0.01 }], fresh: false };

/** The float64 scratch engine, or TF.js on the cpu backend when `cpu` is asked for. */
const engines: EngineSource = {
  choose: async (choice): Promise<ChosenEngine> => ({
    backend: choice === 'cpu' ? 'cpu' : 'scratch',
    notes: [],
    softwareWebgl: false,
    create: async (config, params, training) =>
      choice === 'cpu'
        ? createTfjsEngine(config, params, { backend: 'cpu', training })
        : createScratchEngine(config, params, { dtype: 'float64', training }),
  }),
  probe: () => ({ renderer: '', candidates: ['scratch'] }),
};

type Of<T extends Reply['type']> = Extract<Reply, { type: T }>;

/**
 * Runs `requests` on a new host whose clock moves 1 s per read (so snapshots come often) until
 * the run's closing evaluation, or an error; returns every reply.
 */
async function runHost(requests: RequestBody[]): Promise<Reply[]> {
  const replies: Reply[] = [];
  let now = 0;
  const timing = {
    sliceMs: 2,
    yieldToOthers: () => new Promise<void>((go) => setTimeout(go, 0)),
    now: () => (now += 1000),
  };
  const host = new TrainerHost((reply) => replies.push(reply), timing, engines);
  requests.forEach((request, run) => void host.handle({ ...request, run: run + 1 }));
  const done = () => replies.some((r) => r.type === 'error' || (r.type === 'evaluation' && r.reason !== 'training'));
  for (let waited = 0; !done(); waited += 5) {
    if (waited > 20_000) throw new Error('the run did not end within 20 s');
    await new Promise((go) => setTimeout(go, 5));
  }
  host.dispose();
  return replies;
}

/** The losses a page rebuilds from the progress replies. */
function pageLosses(replies: Reply[]): number[] {
  const losses: number[] = [];
  for (const reply of replies) {
    if (reply.type !== 'progress') continue;
    losses.length = reply.from;
    losses.push(...reply.losses);
  }
  return losses;
}

const all = <T extends Reply['type']>(replies: Reply[], type: T) =>
  replies.filter((reply): reply is Of<T> => reply.type === type);

/** An uninterrupted run of STEPS steps with snapshots, and one snapshot from its middle. */
async function referenceRun() {
  const replies = await runHost([{ type: 'init', setup, engine: 'scratch', snapshotEveryMs: 1500 }, train]);
  const losses = pageLosses(replies);
  const snapshot = all(replies, 'snapshot').find((reply) => reply.step >= 10 && reply.step < STEPS - 5);
  if (!snapshot) throw new Error('no snapshot in the middle of the run');
  return { replies, losses, snapshot };
}

describe('continuing a run on a new trainer', () => {
  it("sends Adam's step count and moments, shaped like the weights, with every snapshot", async () => {
    const { replies } = await referenceRun();
    const snapshots = all(replies, 'snapshot');
    expect(snapshots.length).toBeGreaterThan(2);
    for (const { step, params, optimizer } of snapshots) {
      expect(optimizer.step).toBe(step);
      for (const [name, shape] of paramShapes(setup.config)) {
        const size = shape.reduce((a, b) => a * b, 1);
        expect([params[name]?.length, optimizer.moment1[name]?.length, optimizer.moment2[name]?.length]).toEqual([
          size,
          size,
          size,
        ]);
      }
      expect(optimizer.moment1.Whh?.some((m) => m !== 0)).toBe(true);
    }
  });

  it.each(['scratch', 'cpu'] as const)(
    'goes on from a snapshot with its optimiser state as if never stopped (on %s)',
    async (engine) => {
      const { losses, snapshot } = await referenceRun();
      const { step, params, optimizer } = snapshot;
      const history = losses.slice(0, step);
      const replies = await runHost([{ type: 'init', setup, engine, params, history, optimizer }, train]);
      expect(all(replies, 'ready')[0]).toMatchObject({ step });
      const continued = pageLosses(replies);
      expect(continued).toHaveLength(STEPS);
      const tolerance = engine === 'scratch' ? 1e-12 : 1e-5;
      expect(relativeError(continued.slice(step), losses.slice(step), 1e-12)).toBeLessThan(tolerance);
    },
  );

  it('still starts from weights and losses alone (no optimiser state), with a fresh Adam', async () => {
    const { losses, snapshot } = await referenceRun();
    const { step, params } = snapshot;
    const request: RequestBody = {
      type: 'init',
      setup,
      engine: 'scratch',
      params,
      history: losses.slice(0, step),
      snapshotEveryMs: 1500,
    };
    const replies = await runHost([request, train]);
    expect(all(replies, 'ready')[0]).toMatchObject({ step });
    const continued = pageLosses(replies);
    expect(continued).toHaveLength(STEPS);
    // Adam counts from the continuation, and its first update knocks the run off course.
    const last = all(replies, 'snapshot').at(-1);
    expect(last?.optimizer.step).toBe(STEPS - step);
    expect(continued[step]).toBe(losses[step]);
    expect(relativeError(continued.slice(step + 1), losses.slice(step + 1))).toBeGreaterThan(1e-2);
  });

  it('refuses an optimiser state that does not fit the model, during init', async () => {
    const { snapshot } = await referenceRun();
    const optimizer = { ...snapshot.optimizer, moment2: { ...snapshot.optimizer.moment2, bh: new Float64Array(2) } };
    const replies = await runHost([{ type: 'init', setup, engine: 'scratch', params: snapshot.params, optimizer }]);
    expect(all(replies, 'error')[0]).toMatchObject({
      during: 'init',
      message: 'optimizer moment2 bh has 2 values, expected 8 (shape [8])',
    });
  });
});
