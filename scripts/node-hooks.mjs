/**
 * Lets plain Node load TensorFlow.js's ES module files. `@tensorflow/tfjs-core/dist/*.js`
 * import their siblings without file extensions (written for bundlers), which Node's ESM
 * resolver rejects; this hook retries such imports with `.js` and `/index.js`.
 * Used by the CLI and benchmark scripts: `node --import ./scripts/node-hooks.mjs …`.
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const fromTfjs = context.parentURL?.includes('/@tensorflow/') || specifier.startsWith('@tensorflow/');
      if (!fromTfjs || /\.[cm]?js$/.test(specifier)) throw error;
      for (const suffix of ['.js', '/index.js']) {
        try {
          return nextResolve(specifier + suffix, context);
        } catch {
          /* try the next suffix */
        }
      }
      throw error;
    }
  },
});
