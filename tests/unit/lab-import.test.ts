/**
 * Importing a model file into the lab: everything the lab cannot offer is refused before any
 * model or data is built, with structured (translatable) reasons that repeat only a short
 * excerpt of what the file says.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ECHO_MAX_CHARS } from '../../src/lib/demos/echo.ts';
import {
  checkModelBlob,
  checkModelText,
  LAB_IMPORT_MAX_BYTES,
  sizeParts,
  type ImportProblem,
} from '../../src/lib/demos/lab-import.ts';
import { LAB_SCHEMA } from '../../src/lib/demos/lab.ts';
import { makeConfig } from '../../src/lib/model/config.ts';
import { serializeModel } from '../../src/lib/model/format.ts';
import { seededParams } from '../../src/lib/model/params.ts';
import { DATA_DEFAULTS } from '../../src/lib/data.ts';

const synced = readFileSync(new URL('../../public/models/synced.json', import.meta.url), 'utf8');

/** The shipped synced model with some of its config changed. */
function withConfig(change: Record<string, unknown>): string {
  const file = JSON.parse(synced);
  Object.assign(file.config, change);
  return JSON.stringify(file);
}

function problemsOf(text: string): ImportProblem[] {
  const result = checkModelText(text);
  return 'problems' in result ? result.problems : [];
}

describe('model files the lab can run', () => {
  it('accepts every shipped model and one the lab exports', () => {
    for (const name of ['synced', 'delayed', 'bidirectional', 'original']) {
      const text = readFileSync(new URL(`../../public/models/${name}.json`, import.meta.url), 'utf8');
      expect(checkModelText(text)).toHaveProperty('model');
    }
    const config = makeConfig('delayed', { hiddenSize: 5, delay: 3 });
    const text = serializeModel({ config, data: { ...DATA_DEFAULTS, seed: 9 }, params: seededParams(config, 9) });
    const result = checkModelText(text);
    expect('model' in result && result.model.config).toMatchObject({ variant: 'delayed', delay: 3, hiddenSize: 5 });
  });

  it('the largest model the lab makes, written losslessly, fits under the size cap', () => {
    const config = makeConfig('bidirectional', { hiddenSize: LAB_SCHEMA.fields.hidden.max });
    const text = serializeModel({ config, data: DATA_DEFAULTS, params: seededParams(config, 1) });
    expect(text.length).toBeLessThan(LAB_IMPORT_MAX_BYTES / 2);
  });
});

describe('settings the lab cannot offer are refused before anything is built', () => {
  it('the 24 KB file asking for a million windows of 1,024 steps', () => {
    const problems = problemsOf(withConfig({ window: 1024, trainSize: 1_000_000, testSize: 1_000_000 }));
    expect(problems).toEqual([
      { kind: 'setting', field: 'window', given: '1024', allowed: { values: [64] } },
      { kind: 'setting', field: 'trainSize', given: '1000000', allowed: { values: [4096] } },
      { kind: 'setting', field: 'testSize', given: '1000000', allowed: { values: [1024] } },
    ]);
  });

  it('a huge test set alone, an output layer the lab cannot make, more inputs, a learned state', () => {
    expect(problemsOf(withConfig({ testSize: 1_000_000 }))).toMatchObject([{ field: 'testSize' }]);
    expect(problemsOf(withConfig({ window: 1024, outputSize: 512 })).map((p) => 'field' in p && p.field)).toEqual([
      'outputSize',
      'window',
    ]);
    expect(problemsOf(withConfig({ inputSize: 2 }))).toMatchObject([{ field: 'inputSize', given: '2' }]);
    expect(problemsOf(withConfig({ initialState: 'learned' }))).toMatchObject([{ field: 'initialState' }]);
    expect(problemsOf(withConfig({ cycles: 3 }))).toMatchObject([{ field: 'cycles' }]);
  });

  it('names each form setting outside the lab’s range with what the file says', () => {
    expect(problemsOf(withConfig({ hiddenSize: 256, horizon: 80, noise: 2, seed: -1 }))).toEqual([
      { kind: 'setting', field: 'hiddenSize', given: '256', allowed: { min: 1, max: 128 } },
      { kind: 'setting', field: 'horizon', given: '80', allowed: { min: 0, max: 63 } },
      { kind: 'setting', field: 'noise', given: '2', allowed: { min: 0, max: 1 } },
      { kind: 'setting', field: 'seed', given: '-1', allowed: { min: 0, max: 2 ** 31 - 1 } },
    ]);
    expect(problemsOf(withConfig({ hiddenSize: 2.5 }))).toMatchObject([{ field: 'hiddenSize' }]);
    expect(problemsOf(withConfig({ variant: 'delayed', delay: 99 }))).toMatchObject([
      { field: 'delay', allowed: { min: 1, max: 32 } },
    ]);
    expect(problemsOf(withConfig({ delay: 4 }))).toMatchObject([{ field: 'delay', allowed: { values: [0] } }]);
  });
});

describe('damaged or foreign files', () => {
  it('say what is wrong in structured form', () => {
    expect(problemsOf('{"format": "rnn-without-library/model", ')).toEqual([{ kind: 'notJson' }]);
    expect(problemsOf('[1, 2]')).toEqual([{ kind: 'notModel' }]);
    expect(problemsOf('{"hello": 1}')).toEqual([{ kind: 'notModel' }]);
    expect(problemsOf(synced.replace('"version":1', '"version":7'))).toEqual([{ kind: 'version', given: '7' }]);
    const unknown = JSON.parse(synced);
    unknown.hello = 1;
    unknown.config.colour = 'red';
    expect(problemsOf(JSON.stringify(unknown))).toEqual([{ kind: 'unknownField', field: 'hello' }]);
    delete unknown.hello;
    expect(problemsOf(JSON.stringify(unknown))).toEqual([{ kind: 'unknownField', field: 'config.colour' }]);
    expect(problemsOf(withConfig({ window: 'long' }))).toEqual([
      { kind: 'badValue', field: 'config.window', given: '"long"' },
    ]);
    const missing = JSON.parse(synced);
    delete missing.config.noise;
    expect(problemsOf(JSON.stringify(missing))).toEqual([{ kind: 'missingField', field: 'config.noise' }]);
  });

  it('weights of the wrong shape, missing or not numbers, and damaged metrics', () => {
    const file = JSON.parse(synced);
    file.params.Whh.shape = [32, 16];
    file.params.bh.data[3] = 'x';
    delete file.params.bl;
    file.params.extra = { shape: [1], data: [0] };
    expect(problemsOf(JSON.stringify(file))).toEqual([
      { kind: 'unknownField', field: 'params.extra' },
      { kind: 'params', name: 'Whh' },
      { kind: 'params', name: 'bh' },
      { kind: 'params', name: 'bl' },
    ]);
    const metrics = JSON.parse(synced);
    metrics.metrics.msePerStep = [1, 2];
    expect(problemsOf(JSON.stringify(metrics))).toEqual([{ kind: 'metrics' }]);
  });

  it('repeat at most a short excerpt of what the file holds', () => {
    const long = 'z'.repeat(150_000);
    const file = JSON.parse(synced);
    file[long] = 1;
    const [unknown] = problemsOf(JSON.stringify(file));
    expect(unknown.kind === 'unknownField' && Array.from(unknown.field).length).toBeLessThanOrEqual(ECHO_MAX_CHARS);
    const [bad] = problemsOf(withConfig({ variant: long }));
    expect(bad.kind === 'setting' && bad.given.length).toBeLessThanOrEqual(ECHO_MAX_CHARS);
  });
});

describe('file size', () => {
  it('a file over the cap is refused without being read', async () => {
    let read = false;
    const watched = {
      size: LAB_IMPORT_MAX_BYTES + 1,
      text: () => {
        read = true;
        return Promise.resolve('');
      },
    } as Blob;
    expect(await checkModelBlob(watched)).toEqual({
      problems: [{ kind: 'tooLarge', bytes: LAB_IMPORT_MAX_BYTES + 1 }],
    });
    expect(read).toBe(false);
    expect(await checkModelBlob(new Blob([synced]))).toHaveProperty('model');
  });

  it('is worded in bytes, KB or MB', () => {
    expect(sizeParts(512)).toEqual({ value: 512, unit: 'B' });
    expect(sizeParts(24 * 1024)).toEqual({ value: 24, unit: 'KB' });
    expect(sizeParts(20 * 1024 * 1024)).toEqual({ value: 20, unit: 'MB' });
    expect(sizeParts(LAB_IMPORT_MAX_BYTES)).toEqual({ value: 2, unit: 'MB' });
  });
});
