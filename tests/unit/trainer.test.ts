/**
 * The trainer host that runs in the demos' worker: ordering of requests, one training loop at a
 * time, schedules, run ids on replies, windows and losses sent once, snapshots, errors during
 * training, and disposal. Its clock is injected, so the timing of its reports is tested exactly.
 */
import { describe, expect, it } from 'vitest';
import { TrainerHost } from '../../src/lib/trainer/host.ts';
import type { Reply, ReplyBody, RequestBody } from '../../src/lib/trainer/protocol.ts';
import type { ChosenEngine, EngineSource } from '../../src/lib/trainer/engines.ts';
import { RunLedger } from '../../src/lib/trainer/runs.ts';
import type { SessionSetup } from '../../src/lib/session.ts';
import { createScratchEngine } from '../../src/lib/model/scratch.ts';
import { DATA_DEFAULTS } from '../../src/lib/data.ts';
import { ORIGINAL_CONFIG } from '../../src/lib/model/config.ts';
import type { RnnEngine } from '../../src/lib/model/engine.ts';
import { createRng } from '../../src/lib/rng.ts';

const setup: SessionSetup = {
  config: { ...ORIGINAL_CONFIG, hiddenSize: 6, outputSize: 5, window: 16 },
  data: { ...DATA_DEFAULTS, cycles: 1, horizon: 2, trainSize: 64, testSize: 32 },
  learningRate: 0.01,
  batchSize: 8,
  seed: 5,
};

type Of<T extends Reply['type']> = Extract<Reply, { type: T }>;

/** What the engine was asked: learning rates set, with the step count at the time. */
interface EngineLog {
  rates: Array<{ step: number; learningRate: number }>;
}

/** A scratch-engine chooser; `failAfter` makes trainStep throw after that many steps. */
function chooser(log: EngineLog, failAfter = Infinity): EngineSource {
  const choose = async (): Promise<ChosenEngine> => ({
    backend: 'scratch',
    notes: [],
    softwareWebgl: false,
    create: async (config, params, training) => {
      const engine = createScratchEngine(config, params, { dtype: 'float64', training });
      let steps = 0;
      const trainSteps: RnnEngine['trainSteps'] = async (batches) => {
        if (steps + batches.length > failAfter) throw new Error('training diverged: test');
        steps += batches.length;
        return engine.trainSteps(batches);
      };
      const configureTraining: RnnEngine['configureTraining'] = (options) => {
        if (options.learningRate !== undefined) log.rates.push({ step: steps, learningRate: options.learningRate });
        engine.configureTraining(options);
      };
      return { ...engine, trainSteps, configureTraining };
    },
  });
  return { choose, probe: () => ({ renderer: '', candidates: ['scratch'] }) };
}

/** A clock: `frozen` never moves (one slice per phase, no periodic reports); `racing` jumps 1 s per read. */
function clock(kind: 'frozen' | 'racing'): () => number {
  let now = 0;
  return () => (kind === 'racing' ? (now += 1000) : now);
}

/** A host with a ledger like the page's, a reply log, and `until` to wait for a reply. */
function harness(options: { failAfter?: number; clock?: 'frozen' | 'racing' } = {}) {
  const replies: Reply[] = [];
  const log: EngineLog = { rates: [] };
  const ledger = new RunLedger();
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
    {
      sliceMs: 2,
      yieldToOthers: () => new Promise((resolve) => setTimeout(resolve, 0)),
      now: clock(options.clock ?? 'frozen'),
    },
    chooser(log, options.failAfter),
  );
  const until = (test: (reply: Reply) => boolean) =>
    new Promise<Reply>((resolve, reject) => {
      const found = replies.find(test);
      if (found) return resolve(found);
      waiters.push({ test, resolve });
      setTimeout(() => reject(new Error('no such reply within 10 s')), 10_000);
    });
  /** Sends a request tagged like the page does; returns its run id. */
  const send = (request: RequestBody) => {
    const tagged = ledger.tag(request);
    void host.handle(tagged);
    return tagged.run;
  };
  const all = <T extends Reply['type']>(type: T) => replies.filter((reply): reply is Of<T> => reply.type === type);
  return { host, replies, log, ledger, until, send, all };
}

const schedule = (...phases: Array<[number, number]>) =>
  phases.map(([steps, learningRate]) => ({ steps, learningRate }));
const init: RequestBody = { type: 'init', setup, engine: 'scratch' };
const isType =
  (type: ReplyBody['type'], run?: number) =>
  (reply: Reply): boolean =>
    reply.type === type && (run === undefined || reply.run === run);

const isFinalEvaluation = (reply: Reply): boolean => reply.type === 'evaluation' && reply.reason === 'finished';

/** The loss history a page rebuilds from progress replies (each loss sent once, at its index). */
function pageLosses(replies: Reply[], ledger?: RunLedger): number[] {
  const losses: number[] = [];
  for (const reply of replies) {
    if (reply.type !== 'progress' || ledger?.classify(reply.run) === 'drop') continue;
    losses.length = reply.from;
    losses.push(...reply.losses);
  }
  return losses;
}

describe('trainer host', () => {
  it('trains to the end of the schedule, sends every loss once, then finishes and evaluates', async () => {
    const { replies, until, send, all } = harness({ clock: 'racing' });
    send(init);
    const run = send({ type: 'train', schedule: schedule([25, 0.01]), fresh: false });
    await until(isFinalEvaluation);
    const progress = all('progress');
    expect(progress.length).toBe(25);
    expect(progress.map((reply) => reply.from)).toEqual(Array.from({ length: 25 }, (_, step) => step));
    expect(pageLosses(replies)).toHaveLength(25);
    expect(all('finished')).toEqual([{ type: 'finished', step: 25, run }]);
    expect(all('evaluation').at(-1)).toMatchObject({ reason: 'finished', step: 25, run });
  });

  it('switches the learning rate where the schedule says, and resumes a paused run at its phase', async () => {
    const { until, send, log } = harness();
    send(init);
    send({ type: 'train', schedule: schedule([8, 0.01], [4, 0.002]), fresh: false });
    await until(isType('finished'));
    expect(log.rates).toEqual([{ step: 8, learningRate: 0.002 }]);
    send({ type: 'reset' });
    send({ type: 'step', learningRate: 0.01 });
    const resumed = send({ type: 'train', schedule: schedule([8, 0.05], [4, 0.002]), fresh: false });
    await until(isType('finished', resumed));
    expect(log.rates.slice(1)).toEqual([
      { step: 12, learningRate: 0.01 },
      { step: 13, learningRate: 0.05 },
      { step: 20, learningRate: 0.002 },
    ]);
  });

  it('reports on its clock: a frozen clock gives one timed step, then one slice per phase, no periodic reports', async () => {
    const { until, send, all } = harness({ clock: 'frozen' });
    send(init);
    send({ type: 'windows', count: 2, draw: 0 });
    send({ type: 'train', schedule: schedule([8, 0.01], [2, 0.002]), fresh: false });
    await until(isType('evaluation'));
    expect(all('progress').map((reply) => reply.losses.length)).toEqual([1, 7, 2]);
    expect(all('predictions').map((reply) => reply.step)).toEqual([0, 10]);
    expect(all('evaluation').map((reply) => reply.reason)).toEqual(['finished']);
  });

  it('a racing clock gives one step per slice and reports (predictions, evaluations) after each', async () => {
    const { until, send, all } = harness({ clock: 'racing' });
    send(init);
    send({ type: 'windows', count: 2, draw: 0 });
    send({ type: 'train', schedule: schedule([5, 0.01]), fresh: false });
    await until(isFinalEvaluation);
    expect(all('progress').map((reply) => reply.losses.length)).toEqual([1, 1, 1, 1, 1]);
    expect(all('predictions').map((reply) => reply.step)).toEqual([0, 1, 2, 3, 4, 5, 5]);
    expect(all('evaluation').map((reply) => reply.reason)).toEqual([...Array(5).fill('training'), 'finished']);
  });

  it('reports as often as init asks: no evaluations while training when asked for none, fewer when asked for less', async () => {
    const reasons = async (reportEveryMs: Extract<RequestBody, { type: 'init' }>['reportEveryMs']) => {
      const { until, send, all } = harness({ clock: 'racing' });
      send({ ...init, reportEveryMs });
      send({ type: 'windows', count: 1, draw: 0 });
      send({ type: 'train', schedule: schedule([8, 0.01]), fresh: false });
      await until(isFinalEvaluation);
      return { evaluations: all('evaluation').map((reply) => reply.reason), predictions: all('predictions').length };
    };
    const usual = await reasons(undefined);
    const none = await reasons({ evaluate: 0 });
    const fewer = await reasons({ evaluate: 12_000 });
    expect(none.evaluations).toEqual(['finished']);
    expect(none.predictions).toBe(usual.predictions);
    expect(fewer.evaluations.at(-1)).toBe('finished');
    expect(fewer.evaluations.length).toBeGreaterThan(1);
    expect(fewer.evaluations.length).toBeLessThan(usual.evaluations.length);
  });

  it('picks test windows by seed and draw, sends their inputs once and predictions alone after', async () => {
    const { until, send, all } = harness();
    send(init);
    send({ type: 'windows', count: 3, draw: 0 });
    send({ type: 'windows', count: 3, draw: 1 });
    send({ type: 'windows', count: 3, draw: 0 });
    await until((reply) => reply.type === 'predictions' && all('predictions').length === 3);
    const [first, second, again] = all('windows');
    expect(first.windows.map((window) => window.index)).toEqual(again.windows.map((window) => window.index));
    expect(first.windows.map((window) => window.index)).not.toEqual(second.windows.map((window) => window.index));
    expect(first.windows[0].input).toHaveLength(16);
    expect(first.windows[0].target).toHaveLength(16);
    const predictions = all('predictions')[0];
    expect(Object.keys(predictions).sort()).toEqual(['draw', 'predictions', 'run', 'step', 'type']);
    expect(predictions.predictions).toHaveLength(3);
  });

  it('pause then train at once keeps a single loop: no step is trained twice', async () => {
    const { replies, until, send, all } = harness({ clock: 'racing' });
    send(init);
    send({ type: 'train', schedule: schedule([40, 0.01]), fresh: false });
    await until((reply) => reply.type === 'progress' && reply.step > 0);
    send({ type: 'pause' });
    const resumed = send({ type: 'train', schedule: schedule([50, 0.01]), fresh: false });
    await until(isType('finished', resumed));
    expect(all('finished')).toHaveLength(1);
    expect(pageLosses(replies)).toHaveLength(50);
    const steps = all('progress').map((reply) => reply.step);
    steps.forEach((value, index) => index > 0 && expect(value).toBeGreaterThan(steps[index - 1]));
  });

  it('confirms a pause under its own run, at the step training stopped, with no step after it', async () => {
    const { replies, ledger, until, send, all } = harness({ clock: 'racing' });
    send(init);
    send({ type: 'train', schedule: schedule([5000, 0.01]), fresh: false });
    await until((reply) => reply.type === 'progress' && reply.step > 0);
    const pause = send({ type: 'pause' });
    const paused = await until(isType('paused', pause));
    expect(ledger.classify(paused.run)).toBe('current');
    await until((reply) => reply.type === 'evaluation' && reply.reason === 'paused');
    const after = replies.slice(replies.indexOf(paused));
    expect(after.filter((reply) => reply.type === 'progress')).toEqual([]);
    expect(all('progress').at(-1)?.step).toBe((paused as Of<'paused'>).step);
    // A pause while nothing trains is confirmed too.
    const again = send({ type: 'pause' });
    expect(await until(isType('paused', again))).toMatchObject({ step: (paused as Of<'paused'>).step });
  });

  it('tags replies with the run of the last request handled; a new model drops earlier replies', async () => {
    const { replies, ledger, until, send } = harness();
    send(init);
    send({ type: 'evaluate' });
    send({ type: 'train', schedule: schedule([300, 0.01]), fresh: false });
    await until((reply) => reply.type === 'progress' && reply.step > 0);
    const second = send({ ...init, setup: { ...setup, seed: 6 } });
    send({ type: 'evaluate' });
    await until((reply) => reply.type === 'evaluation' && reply.run === second);
    const afterReady = replies.slice(replies.findIndex(isType('ready', second)));
    expect(afterReady.every((reply) => reply.run === second)).toBe(true);
    expect(replies.filter((reply) => ledger.classify(reply.run) !== 'drop')).toEqual(afterReady);
    expect(replies.filter((reply) => reply.type === 'error')).toEqual([]);
  });

  it('after a burst of Train, Pause and Reset, Reset then Train finishes at once with current replies', async () => {
    const { replies, ledger, until, send } = harness();
    send(init);
    await until(isType('ready'));
    const rng = createRng(11);
    const burst: RequestBody[] = [
      { type: 'train', schedule: schedule([60, 0.01]), fresh: false },
      { type: 'pause' },
      { type: 'reset' },
      { type: 'train', schedule: schedule([60, 0.01]), fresh: true },
    ];
    for (let click = 0; click < 150; click++) {
      send(burst[rng.int(burst.length)]);
      if (rng.next() < 0.3) await new Promise((resolve) => setTimeout(resolve, rng.int(3)));
    }
    send({ type: 'reset' });
    const last = send({ type: 'train', schedule: schedule([60, 0.01]), fresh: false });
    const finished = await until((reply) => reply.type === 'finished' && ledger.classify(reply.run) === 'current');
    expect(finished).toMatchObject({ run: last, step: 60 });
    await until(isType('evaluation', last));
    expect(pageLosses(replies, ledger)).toHaveLength(60);
  });

  it('skips work a queued request makes pointless: nothing of a burst runs before its last Reset', async () => {
    const { replies, until, send, all } = harness();
    send(init);
    await until(isType('ready'));
    let lastReset = 0;
    for (let click = 0; click < 20; click++) {
      send({ type: 'train', schedule: schedule([60, 0.01]), fresh: true });
      send({ type: 'evaluate' });
      send({ type: 'pause' });
      lastReset = send({ type: 'reset' });
      send({ type: 'evaluate' });
    }
    const last = send({ type: 'train', schedule: schedule([60, 0.01]), fresh: false });
    await until(isFinalEvaluation);
    const afterReady = replies.slice(replies.findIndex(isType('ready')) + 1);
    expect(afterReady.every((reply) => reply.run >= lastReset)).toBe(true);
    expect(all('evaluation').map((reply) => reply.run)).toEqual([lastReset, last]);
    expect(all('progress')[0]).toMatchObject({ run: lastReset, step: 0, from: 0 });
  });

  it('restores a kept model: its losses count as steps trained and the run continues after them', async () => {
    const { replies, until, send, all } = harness();
    send({ ...init, history: [0.3, 0.2, 0.1] });
    const ready = await until(isType('ready'));
    expect(ready).toMatchObject({ step: 3 });
    send({ type: 'train', schedule: schedule([6, 0.01]), fresh: false });
    await until(isType('finished'));
    expect(all('progress')[0].from).toBe(3);
    expect(pageLosses(replies).slice(3)).toHaveLength(3);
  });

  it('sends snapshots of the weights while training (when asked) and when the run stops', async () => {
    const { until, send, all } = harness({ clock: 'racing' });
    send({ ...init, snapshotEveryMs: 1500 });
    send({ type: 'train', schedule: schedule([6, 0.01]), fresh: false });
    await until(isFinalEvaluation);
    const snapshots = all('snapshot');
    expect(snapshots.length).toBeGreaterThan(1);
    expect(snapshots.at(-1)?.step).toBe(6);
    expect(snapshots.at(-1)?.params.Whh).toHaveLength(36);
    send({ type: 'export' });
    const exported = (await until(isType('exported'))) as Of<'exported'>;
    const saved = JSON.parse(exported.text) as { params: { Whh: { data: number[] } } };
    expect(saved.params.Whh.data).toEqual(Array.from(snapshots.at(-1)?.params.Whh ?? []));
  });

  it('turns a failure inside the training loop into an error reply and can train again', async () => {
    const { until, send } = harness({ failAfter: 7 });
    send(init);
    const run = send({ type: 'train', schedule: schedule([20, 0.01]), fresh: false });
    const error = await until(isType('error'));
    expect(error).toMatchObject({ type: 'error', during: 'train', message: 'training diverged: test', run });
    send({ type: 'evaluate' });
    await until((reply) => reply.type === 'evaluation' && reply.reason === 'requested');
  });

  it('refuses an invalid schedule with an error naming it', async () => {
    const { until, send } = harness();
    send(init);
    send({ type: 'train', schedule: schedule([-1, 0.01]), fresh: false });
    expect(await until(isType('error'))).toMatchObject({ during: 'train', message: /invalid schedule: phase 0/ });
  });

  it('a fresh run starts again from the seed’s weights with the same losses', async () => {
    const { replies, until, send, all } = harness();
    send(init);
    send({ type: 'train', schedule: schedule([8, 0.01]), fresh: true });
    await until(isType('finished'));
    expect(all('error')).toEqual([]);
    const first = pageLosses(replies);
    const run = send({ type: 'train', schedule: schedule([8, 0.01]), fresh: true });
    await until(isType('finished', run));
    expect(pageLosses(replies)).toEqual(first);
  });

  it('says nothing after dispose', async () => {
    const { host, replies, until, send } = harness();
    send(init);
    await until(isType('ready'));
    host.dispose();
    const before = replies.length;
    send({ type: 'evaluate' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(replies).toHaveLength(before);
  });
});
