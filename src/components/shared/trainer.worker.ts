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

/**
 * Resolves in a task of its own, at once: requests that arrived meanwhile (a pause) are handled
 * first. A message to itself rather than `setTimeout(0)`, whose delay grows to 4 ms once timers
 * nest — as the training loop's would, idling the worker after every slice.
 */
function nextTask(): Promise<void> {
  const channel = new MessageChannel();
  return new Promise((resolve) => {
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

const host = new TrainerHost(
  (reply) => scope.postMessage(reply),
  { sliceMs: 100, yieldToOthers: nextTask },
  ENGINE_SOURCE,
);

scope.onmessage = (event) => void host.handle(event.data);
setInterval(() => scope.postMessage({ type: 'heartbeat', run: -1 }), HEARTBEAT_MS);
scope.postMessage({ type: 'heartbeat', run: -1 });
