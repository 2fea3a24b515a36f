/**
 * Where a demo's training runs: in a module Web Worker when the browser can run the chosen
 * engine there, otherwise on the page, in short slices that yield to rendering every frame.
 * The runner tags every request with a run id and drops replies about a model the demo has
 * since replaced; the rest reach the demo marked as `current` or overtaken (`data`), see
 * lib/trainer/runs.ts. Questions whose answer the caller awaits (`ask`: probing the device,
 * timing the engines for `auto`) are answered by promise instead.
 */
import { TrainerHost } from '../../lib/trainer/host.ts';
import type { EngineChoice } from '../../lib/trainer/engines.ts';
import type { Reply, Request, RequestBody } from '../../lib/trainer/protocol.ts';
import { RunLedger, type Freshness } from '../../lib/trainer/runs.ts';
import { ENGINE_SOURCE } from './engine-factory.ts';

/** A reply that still matters, and whether it is about the latest request (`current`) or data only. */
export type ReplyHandler = (reply: Reply, freshness: Exclude<Freshness, 'drop'>) => void;

/** Requests answered by promise, and the reply that answers each. */
export interface Questions {
  probe: Extract<Reply, { type: 'probed' }>;
  measure: Extract<Reply, { type: 'measured' }>;
}

/** A channel to one trainer. */
export interface TrainerRunner {
  readonly inWorker: boolean;
  send(request: RequestBody): void;
  /** Sends a question; resolves with its answer, rejects with the trainer's error or when the runner is disposed. */
  ask<K extends keyof Questions>(request: Extract<RequestBody, { type: K }>): Promise<Questions[K]>;
  dispose(): void;
}

const ANSWERS: Readonly<Record<keyof Questions, Reply['type']>> = { probe: 'probed', measure: 'measured' };

/** Questions waiting for their answers, in the order asked (the trainer answers in order). */
class PendingQuestions {
  private readonly waiting: Array<{
    type: keyof Questions;
    resolve: (reply: Reply) => void;
    reject: (error: Error) => void;
  }> = [];

  add<K extends keyof Questions>(type: K): Promise<Questions[K]> {
    return new Promise((resolve, reject) =>
      this.waiting.push({ type, resolve: (reply) => resolve(reply as Questions[K]), reject }),
    );
  }

  /** Settles the question `reply` answers (or fails); false when the reply answers none. */
  settle(reply: Reply): boolean {
    const failed = reply.type === 'error' && reply.during in ANSWERS;
    const index = this.waiting.findIndex((question) =>
      failed ? question.type === reply.during : ANSWERS[question.type] === reply.type,
    );
    if (index < 0) return false;
    const [question] = this.waiting.splice(index, 1);
    if (reply.type === 'error') question.reject(new Error(reply.message));
    else question.resolve(reply);
    return true;
  }

  rejectAll(message: string): void {
    for (const question of this.waiting.splice(0)) question.reject(new Error(message));
  }
}

/** A channel that moves tagged requests; the runner adds the bookkeeping. */
interface Channel {
  readonly inWorker: boolean;
  post(request: Request): void;
  dispose(): void;
}

/** Whether a worker can run this engine: WebGL in a worker needs OffscreenCanvas with WebGL. */
function workerCanRun(engine: EngineChoice): boolean {
  if (typeof Worker === 'undefined') return false;
  // `auto` runs where the worker is: its probe only offers WebGL when the worker has it.
  if (engine !== 'webgl') return true;
  try {
    return typeof OffscreenCanvas !== 'undefined' && new OffscreenCanvas(1, 1).getContext('webgl2') !== null;
  } catch {
    return false;
  }
}

function startWorker(onReply: (reply: Reply) => void, onFailure: (message: string) => void): Channel {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<Reply>) => onReply(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    onFailure(event.message || 'the background worker stopped');
  };
  return { inWorker: true, post: (request) => worker.postMessage(request), dispose: () => worker.terminate() };
}

function startInline(onReply: (reply: Reply) => void): Channel {
  const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const host = new TrainerHost(
    (reply) => queueMicrotask(() => onReply(reply)),
    { sliceMs: 12, yieldToOthers: nextFrame },
    ENGINE_SOURCE,
  );
  return { inWorker: false, post: (request) => void host.handle(request), dispose: () => host.dispose() };
}

/**
 * Starts a trainer for `engine`. If the worker fails before its first reply, the requests sent
 * so far are replayed to a trainer on the page, so nothing the reader did is lost; if it fails
 * later, the demo gets an error reply for the current run.
 */
export function createRunner(engine: EngineChoice, onReply: ReplyHandler): TrainerRunner {
  const ledger = new RunLedger();
  const questions = new PendingQuestions();
  const deliver = (reply: Reply) => {
    if (questions.settle(reply)) return;
    const freshness = ledger.classify(reply.run);
    if (freshness !== 'drop') onReply(reply, freshness);
  };
  if (!workerCanRun(engine)) return withLedger(startInline(deliver), ledger, questions);
  let sent: Request[] | null = [];
  let active: Channel;
  const onFailure = (message: string) => {
    if (!sent) {
      deliver({ type: 'error', message, during: 'train', run: ledger.latestRun });
      return;
    }
    active.dispose();
    active = startInline(deliver);
    for (const request of sent) active.post(request);
    sent = null;
  };
  const confirm = (reply: Reply) => {
    sent = null;
    deliver(reply);
  };
  active = startWorker(confirm, onFailure);
  return withLedger(
    {
      get inWorker() {
        return active.inWorker;
      },
      post(request) {
        sent?.push(request);
        active.post(request);
      },
      dispose: () => active.dispose(),
    },
    ledger,
    questions,
  );
}

function withLedger(channel: Channel, ledger: RunLedger, questions: PendingQuestions): TrainerRunner {
  return {
    get inWorker() {
      return channel.inWorker;
    },
    send: (request) => channel.post(ledger.tag(request)),
    ask(request) {
      const answer = questions.add(request.type);
      channel.post(ledger.tag(request));
      return answer;
    },
    dispose: () => {
      questions.rejectAll('the trainer was stopped');
      channel.dispose();
    },
  };
}
