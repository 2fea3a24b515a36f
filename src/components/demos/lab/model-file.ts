/**
 * Reads a model file the reader chose: too large a file is refused at once (without reading
 * it); the rest is read and checked in a short-lived worker (model-file.worker.ts), or on the
 * page where workers cannot start (the size cap keeps that quick).
 */
import { checkModelBlob, LAB_IMPORT_MAX_BYTES, type ImportResult } from '../../../lib/demos/lab-import.ts';

/** The file's model, or every reason the lab cannot run it. */
export function readModelFile(file: Blob): Promise<ImportResult> {
  if (file.size > LAB_IMPORT_MAX_BYTES) return Promise.resolve({ problems: [{ kind: 'tooLarge', bytes: file.size }] });
  if (typeof Worker === 'undefined') return checkModelBlob(file);
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./model-file.worker.ts', import.meta.url), { type: 'module' });
    const done = (result: ImportResult) => {
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = (event: MessageEvent<ImportResult>) => done(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      void checkModelBlob(file).then(done);
    };
    worker.postMessage(file);
  });
}
