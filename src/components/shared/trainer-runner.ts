/**
 * Where a demo's training runs: in a module Web Worker when the browser can run the chosen
 * engine there, otherwise on the page, in short slices that yield to rendering every frame.
 * The runner tags every request with a run id and drops replies about a model the demo has
 * since replaced; the rest reach the demo marked as `current` or overtaken (`data`), see
 * lib/trainer/runs.ts. Questions whose answer the caller awaits (`ask`: probing the device,
 * timing the engines for `auto`) are answered by promise instead.
 */
import { TrainerHost } from '../../lib/trainer/host.ts';
import type { EngineChoice, TrainerBackend } from '../../lib/trainer/engines.ts';
import {
  HEARTBEAT_MS,
  type LostReason,
  type Reply,
  type Request,
  type RequestBody,
} from '../../lib/trainer/protocol.ts';
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

/** The shortest silence, in ms, after which a worker counts as gone. */
const QUIET_MS = 10_000;
/** A worker may also be silent for this many of its latest step time (a slice of one slow step). */
const QUIET_STEPS = 5;

/** Questions waiting for their answers, in the order asked (the trainer answers in order). */
class PendingQuestions {
  private readonly questions: Array<{
    type: keyof Questions;
    resolve: (reply: Reply) => void;
    reject: (error: Error) => void;
  }> = [];

  add<K extends keyof Questions>(type: K): Promise<Questions[K]> {
    return new Promise((resolve, reject) =>
      this.questions.push({ type, resolve: (reply) => resolve(reply as Questions[K]), reject }),
    );
  }

  /** Settles the question `reply` answers (or fails); false when the reply answers none. */
  settle(reply: Reply): boolean {
    const failed = reply.type === 'error' && reply.during in ANSWERS;
    const index = this.questions.findIndex((question) =>
      failed ? question.type === reply.during : ANSWERS[question.type] === reply.type,
    );
    if (index < 0) return false;
    const [question] = this.questions.splice(index, 1);
    if (reply.type === 'error') question.reject(new Error(reply.message));
    else question.resolve(reply);
    return true;
  }

  /** How many questions wait for an answer. */
  get waiting(): number {
    return this.questions.length;
  }

  rejectAll(message: string): void {
    for (const question of this.questions.splice(0)) question.reject(new Error(message));
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
 * Notices a worker that has gone quiet: it says it is alive every {@link HEARTBEAT_MS}, so a
 * silence of {@link QUIET_MS} (or of {@link QUIET_STEPS} of its slowest recent steps, which run
 * without a break) means it exited or hangs. A hidden page's timers are throttled, so the clock
 * starts again when the page is shown; a question under way (timing the engines runs long
 * stretches without a break) excuses silence too.
 */
class Watchdog {
  private heardAt = performance.now();
  private msPerStep = 0;
  private readonly stop: () => void;

  constructor(isExcused: () => boolean, onSilent: (seconds: number) => void) {
    const excuse = () => (this.heardAt = performance.now());
    const check = () => {
      if (isExcused() || document.visibilityState === 'hidden') return excuse();
      const silence = performance.now() - this.heardAt;
      if (silence > Math.max(QUIET_MS, QUIET_STEPS * this.msPerStep)) onSilent(Math.round(silence / 1000));
    };
    const timer = window.setInterval(check, HEARTBEAT_MS);
    document.addEventListener('visibilitychange', excuse);
    this.stop = () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', excuse);
    };
  }

  /** Something came from the worker. */
  heard(reply: Reply): void {
    this.heardAt = performance.now();
    if (reply.type === 'progress' && reply.msPerStep > 0) this.msPerStep = reply.msPerStep;
  }

  dispose(): void {
    this.stop();
  }
}

/**
 * Starts a trainer for `engine`. If the worker fails before it first speaks, the requests sent
 * so far are replayed to a trainer on the page, so nothing the reader did is lost. A trainer
 * that is gone later — it lost its WebGL context, went quiet, or exited — is stopped for good
 * and the demo gets a `lost` reply (current, whatever the run) saying why.
 */
export function createRunner(engine: EngineChoice, onReply: ReplyHandler): TrainerRunner {
  const ledger = new RunLedger();
  const questions = new PendingQuestions();
  let active: Channel | null = null;
  let watchdog: Watchdog | null = null;
  let backend: TrainerBackend | null = null;
  const lose = (reason: LostReason, message: string) => {
    watchdog?.dispose();
    active?.dispose();
    active = null;
    questions.rejectAll(message);
    onReply({ type: 'lost', reason, message, backend, run: ledger.latestRun }, 'current');
  };
  const deliver = (reply: Reply) => {
    watchdog?.heard(reply);
    if (reply.type === 'heartbeat' || questions.settle(reply)) return;
    if (reply.type === 'ready') backend = reply.backend;
    if (reply.type === 'lost') return lose(reply.reason, reply.message);
    const freshness = ledger.classify(reply.run);
    if (freshness !== 'drop') onReply(reply, freshness);
  };
  if (!workerCanRun(engine)) {
    active = startInline(deliver);
    return withLedger(() => active, ledger, questions);
  }
  let sent: Request[] | null = [];
  const onFailure = (message: string) => {
    if (!sent) return lose('exited', message);
    // The worker never started: the page trains instead, from the requests sent so far.
    watchdog?.dispose();
    watchdog = null;
    active?.dispose();
    active = startInline(deliver);
    for (const request of sent) active.post(request);
    sent = null;
  };
  const worker = startWorker((reply) => {
    sent = null;
    deliver(reply);
  }, onFailure);
  active = {
    ...worker,
    post(request) {
      sent?.push(request);
      worker.post(request);
    },
  };
  watchdog = new Watchdog(
    () => questions.waiting > 0,
    (seconds) => lose('quiet', `no word from the trainer for ${seconds} s`),
  );
  return withLedger(
    () => active,
    ledger,
    questions,
    () => watchdog?.dispose(),
  );
}

function withLedger(
  channel: () => Channel | null,
  ledger: RunLedger,
  questions: PendingQuestions,
  stopWatching: () => void = () => undefined,
): TrainerRunner {
  return {
    get inWorker() {
      return channel()?.inWorker ?? false;
    },
    send: (request) => channel()?.post(ledger.tag(request)),
    ask<K extends keyof Questions>(request: Extract<RequestBody, { type: K }>) {
      const answer = questions.add((request as RequestBody).type as K);
      const current = channel();
      if (current) current.post(ledger.tag(request));
      else questions.rejectAll('the trainer is gone');
      return answer;
    },
    dispose: () => {
      stopWatching();
      questions.rejectAll('the trainer was stopped');
      channel()?.dispose();
    },
  };
}
