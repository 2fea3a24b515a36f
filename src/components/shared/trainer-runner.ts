/**
 * Where a demo's training runs: in a module Web Worker when the browser can run the chosen
 * engine there, otherwise on the page, in short slices that yield to rendering every frame.
 * The runner tags every request with a run id and drops replies about a model the demo has
 * since replaced; the rest reach the demo marked as `current` or overtaken (`data`), see
 * lib/trainer/runs.ts.
 */
import { TrainerHost } from '../../lib/trainer/host.ts';
import type { EngineChoice } from '../../lib/trainer/engines.ts';
import type { Reply, Request, RequestBody } from '../../lib/trainer/protocol.ts';
import { RunLedger, type Freshness } from '../../lib/trainer/runs.ts';
import { makeEngineFactory } from './engine-factory.ts';

/** A reply that still matters, and whether it is about the latest request (`current`) or data only. */
export type ReplyHandler = (reply: Reply, freshness: Exclude<Freshness, 'drop'>) => void;

/** A channel to one trainer. */
export interface TrainerRunner {
  readonly inWorker: boolean;
  send(request: RequestBody): void;
  dispose(): void;
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
  if (engine === 'scratch' || engine === 'cpu' || engine === 'wasm') return true;
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
    makeEngineFactory,
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
  const deliver = (reply: Reply) => {
    const freshness = ledger.classify(reply.run);
    if (freshness !== 'drop') onReply(reply, freshness);
  };
  if (!workerCanRun(engine)) return withLedger(startInline(deliver), ledger);
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
  );
}

function withLedger(channel: Channel, ledger: RunLedger): TrainerRunner {
  return {
    get inWorker() {
      return channel.inWorker;
    },
    send: (request) => channel.post(ledger.tag(request)),
    dispose: () => channel.dispose(),
  };
}
