/**
 * Where a demo's training runs: in a module Web Worker when the browser can run the chosen
 * engine there, otherwise on the page, in short slices that yield to rendering every frame.
 */
import { TrainerHost } from '../../lib/trainer/host.ts';
import type { EngineChoice, Reply, Request } from '../../lib/trainer/protocol.ts';
import { makeEngineFactory } from './engines.ts';

/** A channel to the trainer. */
export interface LabRunner {
  readonly inWorker: boolean;
  send(request: Request): void;
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

function startWorker(onReply: (reply: Reply) => void, onFailure: (message: string) => void): LabRunner {
  const worker = new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<Reply>) => onReply(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    onFailure(event.message || 'the background worker stopped');
  };
  return { inWorker: true, send: (request) => worker.postMessage(request), dispose: () => worker.terminate() };
}

function startInline(onReply: (reply: Reply) => void): LabRunner {
  const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const host = new TrainerHost(
    (reply) => queueMicrotask(() => onReply(reply)),
    { sliceMs: 12, yieldToOthers: nextFrame },
    makeEngineFactory,
  );
  return { inWorker: false, send: (request) => void host.handle(request), dispose: () => host.dispose() };
}

/**
 * Starts a trainer for `engine`. If the worker fails before its first reply, the requests sent
 * so far are replayed to a trainer on the page, so nothing the reader did is lost; if it fails
 * later, the page gets an error reply for the current session.
 */
export function createRunner(engine: EngineChoice, onReply: (reply: Reply) => void): LabRunner {
  if (!workerCanRun(engine)) return startInline(onReply);
  let sent: Request[] | null = [];
  let session = 0;
  let active: LabRunner;
  const onFailure = (message: string) => {
    if (!sent) {
      onReply({ type: 'error', message, during: 'train', session });
      return;
    }
    active.dispose();
    active = startInline(onReply);
    for (const request of sent) active.send(request);
    sent = null;
  };
  const confirm = (reply: Reply) => {
    sent = null;
    onReply(reply);
  };
  active = startWorker(confirm, onFailure);
  return {
    get inWorker() {
      return active.inWorker;
    },
    send(request) {
      if (request.type === 'init') session = request.session;
      sent?.push(request);
      active.send(request);
    },
    dispose: () => active.dispose(),
  };
}
