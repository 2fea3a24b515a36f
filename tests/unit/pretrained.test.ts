/** Every shipped model file parses and reproduces its recorded test metrics. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/lib/data.ts';
import { parseModel } from '../../src/lib/model/format.ts';
import { createScratchEngine } from '../../src/lib/model/scratch.ts';
import { evaluate } from '../../src/lib/train.ts';

describe('pretrained models', () => {
  for (const variant of ['synced', 'delayed', 'bidirectional'] as const) {
    it(`public/models/${variant}.json reaches its recorded metrics`, async () => {
      const model = parseModel(readFileSync(`public/models/${variant}.json`, 'utf8'));
      expect(model.config.variant).toBe(variant);
      const recorded = model.metrics!;
      expect(recorded.mseLate).toBeLessThan(1e-3);
      if (variant !== 'synced') expect(recorded.mseEarly).toBeLessThan(1e-3);
      const dataset = makeDataset(model.data, model.config.window);
      const measured = await evaluate(
        createScratchEngine(model.config, model.params, { dtype: model.dtype }),
        dataset.test,
      );
      const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.abs(b) + 1e-9);
      close(measured.mse, recorded.mse);
      close(measured.mseEarly, recorded.mseEarly);
      close(measured.mseLate, recorded.mseLate);
      for (let t = 0; t < model.config.window; t++) close(measured.msePerStep[t], recorded.msePerStep[t]);
    });
  }
});
