/**
 * The trainer host that runs in the demos' worker: ordering of requests, one training loop at a
 * time, session ids on replies, errors during training, and disposal.
 */
import { describe, expect, it } from 'vitest';
import { TrainerHost } from '../../src/lib/trainer/host.ts';
import type { ChosenEngine, Reply, Request } from '../../src/lib/trainer/protocol.ts';
import type { SessionSetup } from '../../src/lib/session.ts';
import { createScratchEngine } from '../../src/lib/model/scratch.ts';
import { DATA_DEFAULTS } from '../../src/lib/data.ts';
import { ORIGINAL_CONFIG } from '../../src/lib/model/config.ts';
import type { RnnEngine } from '../../src/lib/model/engine.ts';

const setup: SessionSetup = {
  config: { ...ORIGINAL_CONFIG, hiddenSize: 6, outputSize: 5, window: 16 },
  data: { ...DATA_DEFAULTS, cycles: 1, horizon: 2, trainSize: 64, testSize: 32 },
  learningRate: 0.01,
  batchSize: 8,
  seed: 5,
};

/** A scratch-engine chooser; `failAfter` makes trainStep throw after that many steps. */
function chooser(failAfter = Infinity): () => Promise<ChosenEngine> {
  return async () => ({
    backend: 'scratch',
    notes: [],
    softwareWebgl: false,
    create: async (config, params, learningRate) => {
      const engine = createScratchEngine(config, params, { dtype: 'float64', adam: { learningRate } });
      let steps = 0;
      const trainStep: RnnEngine['trainStep'] = async (batch) => {
        if (++steps > failAfter) throw new Error('training diverged: test');
        return engine.trainStep(batch);
      };
      return { ...engine, trainStep };
    },
  });
}

/** A host with a reply log; `until` waits for a reply matching a predicate. */
function harness(failAfter = Infinity) {
  const replies: Reply[] = [];
  const waiters: Array<{ test: (reply: Reply) => boolean; resolve: (reply: Reply) => void }> = [];
  const host = new TrainerHost(
    (reply) => {
      replies.push(reply);
      for (const waiter of [...waiters]) {
        if (waiter.test(reply)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(reply);
        }
      }
    },
    { sliceMs: 2, yieldToOthers: () => new Promise((resolve) => setTimeout(resolve, 0)) },
    chooser(failAfter),
  );
  const until = (test: (reply: Reply) => boolean) =>
    new Promise<Reply>((resolve, reject) => {
      const found = replies.find(test);
      if (found) return resolve(found);
      waiters.push({ test, resolve });
      setTimeout(() => reject(new Error('no such reply within 10 s')), 10_000);
    });
  const send = (request: Request) => void host.handle(request);
  return { host, replies, until, send };
}

const finalEvaluation = (session: number) => (reply: Reply) =>
  reply.type === 'evaluation' && reply.final && reply.session === session;

describe('trainer host', () => {
  it('trains to the target, reporting every step once, then evaluates', async () => {
    const { replies, until, send } = harness();
    send({ type: 'init', session: 1, setup, engine: 'scratch' });
    send({ type: 'train', steps: 25 });
    await until(finalEvaluation(1));
    const progress = replies.filter((reply) => reply.type === 'progress') as Array<
      Extract<Reply, { type: 'progress' }>
    >;
    const last = progress[progress.length - 1];
    expect(last.step).toBe(25);
    expect(last.running).toBe(false);
    expect(last.full).toBe(true);
    // Every slice streams only its new losses; the closing report carries the whole list.
    const streamed = progress.slice(0, -1).flatMap((reply) => reply.losses);
    expect(streamed).toEqual(last.losses);
    expect(replies.every((reply) => reply.session === 1)).toBe(true);
  });

  it('pause then train at once keeps a single loop: no step is trained twice', async () => {
    const { replies, until, send } = harness();
    send({ type: 'init', session: 1, setup, engine: 'scratch' });
    send({ type: 'train', steps: 40 });
    await until((reply) => reply.type === 'progress' && reply.step > 0);
    send({ type: 'pause' });
    send({ type: 'train', steps: 10 });
    await until(finalEvaluation(1));
    const full = replies.filter((reply) => reply.type === 'progress' && !reply.running).pop() as Extract<
      Reply,
      { type: 'progress' }
    >;
    expect(full.losses).toHaveLength(full.step);
    const steps = replies.filter((reply) => reply.type === 'progress').map((reply) => (reply as { step: number }).step);
    steps.forEach((value, index) => index > 0 && expect(value).toBeGreaterThanOrEqual(steps[index - 1]));
  });

  it('handles requests sent during init after it, on the new model', async () => {
    const { replies, until, send } = harness();
    send({ type: 'init', session: 1, setup, engine: 'scratch' });
    send({ type: 'evaluate' });
    send({ type: 'learningRate', value: 0.005 });
    await until(finalEvaluation(1));
    expect(replies.filter((reply) => reply.type === 'error')).toEqual([]);
    send({ type: 'train', steps: 30 });
    await until((reply) => reply.type === 'progress' && reply.step > 0);
    send({ type: 'init', session: 2, setup: { ...setup, seed: 6 }, engine: 'scratch' });
    send({ type: 'evaluate' });
    await until(finalEvaluation(2));
    const afterReady = replies.slice(replies.findIndex((reply) => reply.type === 'ready' && reply.session === 2));
    expect(afterReady.every((reply) => reply.session === 2)).toBe(true);
    expect(replies.filter((reply) => reply.type === 'error')).toEqual([]);
  });

  it('turns a failure inside the training loop into an error reply and can train again', async () => {
    const { until, send } = harness(7);
    send({ type: 'init', session: 1, setup, engine: 'scratch' });
    send({ type: 'train', steps: 20 });
    const error = await until((reply) => reply.type === 'error');
    expect(error).toMatchObject({ type: 'error', during: 'train', message: 'training diverged: test', session: 1 });
    send({ type: 'evaluate' });
    await until(finalEvaluation(1));
  });

  it('a fresh run starts again from the seed’s weights with the same losses', async () => {
    const { replies, until, send } = harness();
    send({ type: 'init', session: 1, setup, engine: 'scratch' });
    send({ type: 'train', steps: 8, fresh: true });
    await until(finalEvaluation(1));
    const first = (replies.filter((reply) => reply.type === 'progress' && !reply.running).pop() as { losses: number[] })
      .losses;
    replies.length = 0;
    send({ type: 'train', steps: 8, fresh: true });
    await until(finalEvaluation(1));
    const second = (
      replies.filter((reply) => reply.type === 'progress' && !reply.running).pop() as { losses: number[] }
    ).losses;
    expect(second).toEqual(first);
  });

  it('says nothing after dispose', async () => {
    const { host, replies, until, send } = harness();
    send({ type: 'init', session: 1, setup, engine: 'scratch' });
    await until((reply) => reply.type === 'ready');
    host.dispose();
    const before = replies.length;
    send({ type: 'evaluate' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(replies).toHaveLength(before);
  });
});
