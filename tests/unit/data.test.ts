/** Sine-window data: determinism, target = input shifted by the horizon, validation. */
import { describe, expect, it } from 'vitest';
import { batchOf, createEpochSampler, DATA_DEFAULTS, makeDataset, sampleBatch } from '../../src/lib/data.ts';
import { createRng } from '../../src/lib/rng.ts';

const SMALL = { ...DATA_DEFAULTS, trainSize: 50, testSize: 20 };

describe('makeDataset', () => {
  it('is deterministic in the seed', () => {
    const a = makeDataset({ ...SMALL, seed: 3 }, 64);
    const b = makeDataset({ ...SMALL, seed: 3 }, 64);
    const c = makeDataset({ ...SMALL, seed: 4 }, 64);
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.y).toEqual(b.test.y);
    expect(a.train.x).not.toEqual(c.train.x);
    expect(makeDataset({ ...SMALL, seed: 3, trainSize: 7 }, 64).test.x).toEqual(a.test.x);
  });

  it('targets are the noiseless wave `horizon` steps ahead', () => {
    const horizon = 8;
    const { train } = makeDataset({ ...SMALL, horizon }, 64);
    expect(train.x.length).toBe(50 * 64);
    for (let n = 0; n < train.count; n++) {
      for (let t = 0; t + horizon < 64; t++) {
        expect(train.y[n * 64 + t]).toBeCloseTo(train.x[n * 64 + t + horizon], 12);
      }
      const omega = (2 * Math.PI * 2) / 64;
      for (let t = 1; t + 1 < 64; t++) {
        const row = n * 64;
        expect(train.x[row + t + 1] + train.x[row + t - 1]).toBeCloseTo(2 * Math.cos(omega) * train.x[row + t], 12);
      }
    }
  });

  it('adds Gaussian noise to the inputs only', () => {
    const horizon = 8;
    const { train } = makeDataset({ ...SMALL, trainSize: 400, noise: 0.1, horizon }, 64);
    let sum = 0;
    let sumSquares = 0;
    let count = 0;
    for (let n = 0; n < train.count; n++) {
      for (let t = 0; t + horizon < 64; t++) {
        const residual = train.x[n * 64 + t + horizon] - train.y[n * 64 + t];
        sum += residual;
        sumSquares += residual * residual;
        count++;
      }
      for (let t = 0; t < 64; t++) expect(Math.abs(train.y[n * 64 + t])).toBeLessThanOrEqual(1);
    }
    expect(Math.abs(sum / count)).toBeLessThan(0.01);
    expect(Math.sqrt(sumSquares / count)).toBeCloseTo(0.1, 2);
  });

  it('rejects invalid settings with messages naming the field', () => {
    expect(() => makeDataset({ ...SMALL, cycles: Number.NaN }, 64)).toThrow(/cycles must be/);
    expect(() => makeDataset({ ...SMALL, horizon: -1 }, 64)).toThrow(/horizon must be an integer/);
    expect(() => makeDataset({ ...SMALL, noise: -0.5 }, 64)).toThrow(/noise must be/);
    expect(() => makeDataset({ ...SMALL, trainSize: 0 }, 64)).toThrow(/trainSize must be/);
    expect(() => makeDataset({ ...SMALL, seed: 1.5 }, 64)).toThrow(/seed must be an integer/);
    expect(() => makeDataset(SMALL, 0)).toThrow(/window must be/);
  });
});

describe('batches', () => {
  const { train } = makeDataset(SMALL, 16);

  it('batchOf copies the chosen windows', () => {
    const batch = batchOf(train, [3, 0], 'float32');
    expect(batch.batchSize).toBe(2);
    expect(batch.x).toBeInstanceOf(Float32Array);
    expect(batch.x[0]).toBeCloseTo(train.x[3 * 16], 6);
    expect(batch.y[16]).toBeCloseTo(train.y[0], 6);
    expect(() => batchOf(train, [50])).toThrow(/outside \[0, 50\)/);
  });

  it('sampleBatch is reproducible from the rng', () => {
    const a = sampleBatch(train, 8, createRng(1));
    const b = sampleBatch(train, 8, createRng(1));
    expect(a.x).toEqual(b.x);
    expect(a.x.length).toBe(8 * 16);
    expect(() => sampleBatch(train, 0, createRng(1))).toThrow(/batch size/);
  });

  it('epoch sampler visits every window once per epoch', () => {
    const sampler = createEpochSampler(train, 16, createRng(2));
    expect(sampler.batchesPerEpoch).toBe(4);
    const seen = new Set<number>();
    let total = 0;
    for (let i = 0; i < sampler.batchesPerEpoch; i++) {
      const batch = sampler.next();
      total += batch.batchSize;
      for (let b = 0; b < batch.batchSize; b++) {
        const index = Array.from({ length: train.count }, (_, n) => n).find(
          (n) => train.x[n * 16 + 5] === batch.x[b * 16 + 5],
        );
        if (index !== undefined) seen.add(index);
      }
    }
    expect(total).toBe(50);
    expect(seen.size).toBe(50);
  });
});
