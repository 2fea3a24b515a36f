/** Model file: round trip and every kind of malformed file rejected with a message naming the problem. */
import { describe, expect, it } from 'vitest';
import { DATA_DEFAULTS } from '../../src/lib/data.ts';
import { paramShapes, type ModelConfig } from '../../src/lib/model/config.ts';
import {
  MODEL_FORMAT,
  parseModel,
  serializeModel,
  type ModelFile,
  type ModelMetrics,
} from '../../src/lib/model/format.ts';
import { initParams, paramOf } from '../../src/lib/model/params.ts';
import { createRng } from '../../src/lib/rng.ts';

const config: ModelConfig = {
  variant: 'bidirectional',
  delay: 0,
  inputSize: 1,
  hiddenSize: 4,
  outputSize: 3,
  window: 8,
  initialState: 'zero',
};

function defaultMetrics(): ModelMetrics {
  return {
    msePerStep: new Float64Array(8).fill(0.25),
    mse: 0.25,
    mseEarly: 0.25,
    mseLate: 0.25,
    trainSteps: 10,
    engine: 'scratch',
  };
}

function model(): ModelFile {
  return {
    config,
    data: { ...DATA_DEFAULTS, seed: 5 },
    dtype: 'float64',
    params: initParams(config, createRng(1)),
    metrics: defaultMetrics(),
  };
}

/** Parsed JSON that tests mutate freely (any shape, like a hand-edited file). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a hand-edited file can hold anything
type FileJson = Record<string, any>;

/** The serialized model as a mutable JSON object. */
function json(): FileJson {
  return JSON.parse(serializeModel(model()));
}

describe('model file', () => {
  it('round-trips config, data settings, params and metrics exactly', () => {
    const original = model();
    const parsed = parseModel(serializeModel(original));
    expect(parsed.config).toEqual(config);
    expect(parsed.data).toEqual(original.data);
    expect(parsed.dtype).toBe('float64');
    for (const [name] of paramShapes(config))
      expect(paramOf(parsed.params, name)).toEqual(Float64Array.from(paramOf(original.params, name)));
    expect(Array.from(parsed.metrics?.msePerStep ?? [])).toEqual(Array.from(original.metrics?.msePerStep ?? [0]));
    expect(parsed.metrics?.trainSteps).toBe(10);
    expect(parseModel(json()).config).toEqual(config);
  });

  it('has the documented layout', () => {
    const file = json();
    expect(file.format).toBe(MODEL_FORMAT);
    expect(file.version).toBe(1);
    expect(file.params.Whh.shape).toEqual([4, 4]);
    expect(file.params.Why.shape).toEqual([8, 3]);
    expect(file.config).toMatchObject({
      variant: 'bidirectional',
      hiddenSize: 4,
      cycles: 2,
      horizon: 8,
      seed: 5,
      dtype: 'float64',
    });
  });

  it('loads files written before the initial state existed as zero-state models', () => {
    const old = json();
    delete old.config.initialState;
    expect(parseModel(old).config.initialState).toBe('zero');
  });

  it('round-trips a learned initial state (h0, h0_b) and the recorded training facts', () => {
    const learned: ModelConfig = { ...config, initialState: 'learned' };
    const params = initParams(learned, createRng(3));
    paramOf(params, 'h0_b')[2] = 0.25;
    const metrics: ModelMetrics = { ...defaultMetrics(), epochs: 100, optimizer: 'adam', epsilon: 1e-8 };
    const parsed = parseModel(serializeModel({ ...model(), config: learned, params, metrics }));
    expect(parsed.config.initialState).toBe('learned');
    expect(paramOf(parsed.params, 'h0_b')[2]).toBe(0.25);
    expect(parsed.metrics).toMatchObject({ epochs: 100, optimizer: 'adam', epsilon: 1e-8 });
    const withoutH0 = JSON.parse(serializeModel({ ...model(), config: learned, params }));
    delete withoutH0.params.h0;
    expect(() => parseModel(withoutH0)).toThrow(/params\.h0: missing/);
    const badOptimizer = JSON.parse(serializeModel({ ...model(), config: learned, params, metrics }));
    badOptimizer.metrics.optimizer = 'rmsprop';
    expect(() => parseModel(badOptimizer)).toThrow(/metrics\.optimizer/);
  });

  it('rounds to the requested significant digits', () => {
    const file = JSON.parse(serializeModel(model(), 7));
    for (const value of file.params.Whh.data)
      expect(
        String(Math.abs(value))
          .replace(/^0\.0*|\./g, '')
          .replace(/e.*$/, '').length,
      ).toBeLessThanOrEqual(7);
  });

  const cases: Array<[string, (file: FileJson) => unknown, RegExp]> = [
    ['wrong format', (f) => ({ ...f, format: 'other' }), /format: expected "rnn-without-library\/model"/],
    ['wrong version', (f) => ({ ...f, version: 2 }), /version: only version 1 is supported, got 2/],
    [
      'missing param',
      (f) => {
        delete f.params.bh_b;
        return f;
      },
      /params\.bh_b: missing/,
    ],
    [
      'wrong shape',
      (f) => {
        f.params.Whh.shape = [4, 2];
        return f;
      },
      /params\.Whh: shape \[4,2\] does not match \[4,4\]/,
    ],
    [
      'short data',
      (f) => {
        f.params.by.data.pop();
        return f;
      },
      /params\.by: data has 2 values, shape \[3\] needs 3/,
    ],
    [
      'NaN value',
      (f) => {
        f.params.Wl.data[1] = Number.NaN;
        return f;
      },
      /params\.Wl: data\[1\] is not a finite number/,
    ],
    [
      'string value',
      (f) => {
        f.params.Wl.data[0] = '1';
        return f;
      },
      /params\.Wl: data\[0\] is not a finite number/,
    ],
    [
      'extra param',
      (f) => {
        f.params.Wextra = { shape: [1], data: [0] };
        return f;
      },
      /params\.Wextra: not a parameter of a bidirectional model/,
    ],
    [
      'bad config',
      (f) => {
        f.config.hiddenSize = 0;
        return f;
      },
      /config: hiddenSize must be an integer from 1 to 512/,
    ],
    [
      'bad variant',
      (f) => {
        f.config.variant = 'sideways';
        return f;
      },
      /config\.variant: expected one of/,
    ],
    [
      'bad data settings',
      (f) => {
        f.config.cycles = -1;
        return f;
      },
      /config: invalid data settings: cycles must be/,
    ],
    [
      'unknown config field',
      (f) => {
        f.config.colour = 'red';
        return f;
      },
      /config: unknown field "colour"/,
    ],
    [
      'bad metrics',
      (f) => {
        f.metrics.msePerStep = [1];
        return f;
      },
      /metrics\.msePerStep: expected 8/,
    ],
  ];
  for (const [label, mutate, message] of cases) {
    it(`rejects ${label}`, () => {
      expect(() => parseModel(JSON.stringify(mutate(json())))).toThrow(message);
      expect(() => parseModel(mutate(json()))).toThrow(message);
    });
  }

  it('rejects malformed JSON and non-objects', () => {
    expect(() => parseModel('{"format": ')).toThrow(/model file is not valid JSON/);
    expect(() => parseModel('[1, 2]')).toThrow(/expected a JSON object/);
    expect(() => parseModel(null)).toThrow(/expected a JSON object/);
  });
});
