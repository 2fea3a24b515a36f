/**
 * Marks a page or worker as having loaded TensorFlow.js: the global `__rnnTfjsLoaded` is set
 * to true where it runs, so tools and tests can tell without guessing from file names.
 */

/** The global set once TensorFlow.js is loaded. */
export const TFJS_LOADED_GLOBAL = '__rnnTfjsLoaded';

/** Sets {@link TFJS_LOADED_GLOBAL} on this page or worker. */
export function markTfjsLoaded(): void {
  (globalThis as Record<string, unknown>)[TFJS_LOADED_GLOBAL] = true;
}
