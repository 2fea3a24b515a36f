/**
 * The training lab's Web Worker: runs a {@link LabHost} off the main thread so scrolling and the
 * controls stay smooth while the model trains. TensorFlow.js's WebGL backend works here through
 * OffscreenCanvas (Chromium, Firefox).
 */
import { LabHost } from './lab-host.ts';
import type { Reply, Request } from './protocol.ts';

const scope = self as unknown as { postMessage(reply: Reply): void; onmessage: ((event: MessageEvent<Request>) => void) | null };

const host = new LabHost((reply) => scope.postMessage(reply), {
  sliceMs: 100,
  yieldToOthers: () => new Promise((resolve) => setTimeout(resolve, 0)),
});

scope.onmessage = (event) => void host.handle(event.data);
