/**
 * The demos' Web Worker: runs a {@link TrainerHost} off the main thread so scrolling and the
 * controls stay smooth while a model trains. TensorFlow.js's WebGL backend works here through
 * OffscreenCanvas (Chromium, Firefox). A heartbeat every second tells the page the worker is
 * alive (trainer-runner.ts notices one that exited or hangs).
 */
import { TrainerHost } from '../../lib/trainer/host.ts';
import { HEARTBEAT_MS, type Reply, type Request } from '../../lib/trainer/protocol.ts';
import { ENGINE_SOURCE } from './engine-factory.ts';

const scope = self as unknown as {
  postMessage(reply: Reply): void;
  onmessage: ((event: MessageEvent<Request>) => void) | null;
};

const host = new TrainerHost(
  (reply) => scope.postMessage(reply),
  {
    sliceMs: 100,
    yieldToOthers: () => new Promise((resolve) => setTimeout(resolve, 0)),
  },
  ENGINE_SOURCE,
);

scope.onmessage = (event) => void host.handle(event.data);
setInterval(() => scope.postMessage({ type: 'heartbeat', run: -1 }), HEARTBEAT_MS);
scope.postMessage({ type: 'heartbeat', run: -1 });
