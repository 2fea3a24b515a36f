/**
 * Every shipped model file parses and reproduces its recorded test metrics; the original
 * post's run (original.json) records its set-up: TF1's Adam, 100 epochs of batches of 2,048.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/lib/data.ts';
import { parseModel, type ModelFile, type ModelMetrics } from '../../src/lib/model/format.ts';
import { createScratchEngine } from '../../src/lib/model/scratch.ts';
import { evaluate, originalPresetSteps } from '../../src/lib/train.ts';

function load(name: string): { model: ModelFile; recorded: ModelMetrics } {
  const model = parseModel(readFileSync(`public/models/${name}.json`, 'utf8'));
  if (!model.metrics) throw new Error(`${name}.json has no metrics`);
  return { model, recorded: model.metrics };
}

describe('pretrained models', () => {
  for (const name of ['synced', 'delayed', 'bidirectional', 'original'] as const) {
    it(`public/models/${name}.json reaches its recorded metrics`, async () => {
      const { model, recorded } = load(name);
      expect(model.config.variant).toBe(name === 'original' ? 'synced' : name);
      expect(recorded.mseLate).toBeLessThan(1e-3);
      if (name === 'delayed' || name === 'bidirectional') expect(recorded.mseEarly).toBeLessThan(1e-3);
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

  it('original.json is the original run: float64, TF1 Adam (ε 1e-8, lr 0.001), batch 2048, 100 epochs', () => {
    const { model, recorded } = load('original');
    expect(model.dtype).toBe('float64');
    expect(model.config).toMatchObject({ window: 64, inputSize: 1, hiddenSize: 32, outputSize: 32 });
    expect(recorded).toMatchObject({ optimizer: 'adam', epsilon: 1e-8, learningRate: 0.001, batchSize: 2048 });
    expect(recorded.epochs).toBe(100);
    expect(recorded.trainSteps).toBe(originalPresetSteps(model.data.trainSize));
  });
});
