/**
 * Reads and checks a model file off the main thread (lib/demos/lab-import.ts), so even a large
 * or hostile file never blocks the page: one file in, its model or its problems out.
 */
import { checkModelBlob, type ImportResult } from '../../../lib/demos/lab-import.ts';

const scope = self as unknown as {
  postMessage(result: ImportResult): void;
  onmessage: ((event: MessageEvent<Blob>) => void) | null;
};

scope.onmessage = (event) => {
  checkModelBlob(event.data).then(
    (result) => scope.postMessage(result),
    () => scope.postMessage({ problems: [{ kind: 'invalid' }] }),
  );
};
