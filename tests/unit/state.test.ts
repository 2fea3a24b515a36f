import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/lib/rng.ts';
import {
  clampState,
  decodeState,
  defaultState,
  defineSchema,
  encodeState,
  formatQueryNumber,
  mergeIntoQuery,
  withPrefix,
  type FieldSpec,
} from '../../src/lib/state.ts';
import { LAB_SCHEMA, type LabState } from '../../src/lib/demos/lab.ts';

const DEFAULTS: LabState = {
  hidden: 32,
  lr: 0.01,
  eps: 1e-7,
  batch: 64,
  sampling: 'random',
  steps: 300,
  horizon: 8,
  noise: 0,
  variant: 'synced',
  delay: 8,
  seed: 1,
  engine: 'auto',
  scale: 'log',
  zoom: 'window',
};

/** A random value that the field accepts (ints, floats over several decades, enum values). */
function randomValue(spec: FieldSpec, rng: Rng): number | string {
  if (spec.kind === 'enum') return spec.values[rng.int(spec.values.length)];
  if (spec.kind === 'int') return spec.min + rng.int(spec.max - spec.min + 1);
  const pick = rng.int(4);
  if (pick === 0) return spec.min;
  if (pick === 1) return spec.max;
  if (spec.min > 0) return spec.min * (spec.max / spec.min) ** rng.next();
  return spec.min + (spec.max - spec.min) * rng.next();
}

function randomLabState(rng: Rng): LabState {
  const state: Record<string, number | string> = {};
  for (const name of LAB_SCHEMA.names) state[name] = randomValue(LAB_SCHEMA.fields[name as keyof LabState], rng);
  return state as LabState;
}

describe('LAB_SCHEMA defaults', () => {
  it('decodes an empty query to the documented defaults without notes', () => {
    expect(decodeState(LAB_SCHEMA, '')).toEqual({ state: DEFAULTS, notes: [] });
    expect(defaultState(LAB_SCHEMA)).toEqual(DEFAULTS);
  });

  it('lists fields in declaration order', () => {
    expect(LAB_SCHEMA.names).toEqual(Object.keys(DEFAULTS));
  });
});

describe('round trip', () => {
  it('decode(encode(s)) equals s for 500 random valid states, with and without defaults', () => {
    const rng = createRng(20240611);
    for (let trial = 0; trial < 500; trial++) {
      const state = randomLabState(rng);
      for (const omitDefaults of [true, false]) {
        const decoded = decodeState(LAB_SCHEMA, encodeState(LAB_SCHEMA, state, { omitDefaults }));
        expect(decoded.notes).toEqual([]);
        expect(decoded.state).toEqual(state);
      }
    }
  });

  it('round-trips awkward floats exactly', () => {
    for (const lr of [0.1 + 0.2, 1 / 3, 1e-5, 0.000123456789, 0.9999999999999999, 2 ** -16]) {
      const state = { ...DEFAULTS, lr };
      expect(decodeState(LAB_SCHEMA, encodeState(LAB_SCHEMA, state)).state.lr).toBe(lr);
    }
  });

  it('accepts a leading "?" and a URLSearchParams', () => {
    const query = '?hidden=16&variant=delayed';
    const expected = { ...DEFAULTS, hidden: 16, variant: 'delayed' };
    expect(decodeState(LAB_SCHEMA, query).state).toEqual(expected);
    expect(decodeState(LAB_SCHEMA, new URLSearchParams(query)).state).toEqual(expected);
  });
});

describe('encodeState', () => {
  it('omits defaults by default and keeps schema key order', () => {
    const state: LabState = { ...DEFAULTS, scale: 'linear', hidden: 8, lr: 0.003 };
    expect(encodeState(LAB_SCHEMA, state)).toBe('hidden=8&lr=0.003&scale=linear');
    expect(encodeState(LAB_SCHEMA, DEFAULTS)).toBe('');
  });

  it('writes every field when omitDefaults is false', () => {
    expect(encodeState(LAB_SCHEMA, DEFAULTS, { omitDefaults: false })).toBe(
      'hidden=32&lr=0.01&eps=1e-7&batch=64&sampling=random&steps=300&horizon=8&noise=0&variant=synced&delay=8&seed=1&engine=auto&scale=log&zoom=window',
    );
  });

  it('formats numbers compactly', () => {
    expect(formatQueryNumber(0.01)).toBe('0.01');
    expect(formatQueryNumber(0.00001)).toBe('1e-5');
    expect(formatQueryNumber(20000)).toBe('20000');
    expect(formatQueryNumber(2147483647)).toBe('2147483647');
    expect(formatQueryNumber(1e21)).toBe('1e21');
    expect(formatQueryNumber(0.003)).toBe('0.003');
    expect(formatQueryNumber(1e-7)).toBe('1e-7');
  });
});

describe('decodeState corrections', () => {
  it('clamps out-of-range numbers with a note', () => {
    const { state, notes } = decodeState(LAB_SCHEMA, 'hidden=500&lr=5&horizon=-3&noise=2');
    expect(state).toMatchObject({ hidden: 128, lr: 1, horizon: 0, noise: 1 });
    expect(notes).toEqual([
      { field: 'hidden', kind: 'clamped', given: '500', used: 128 },
      { field: 'lr', kind: 'clamped', given: '5', used: 1 },
      { field: 'horizon', kind: 'clamped', given: '-3', used: 0 },
      { field: 'noise', kind: 'clamped', given: '2', used: 1 },
    ]);
  });

  it('rounds ints with a note and keeps exact ints silent', () => {
    const { state, notes } = decodeState(LAB_SCHEMA, 'batch=12.6&steps=1e3');
    expect(state.batch).toBe(13);
    expect(state.steps).toBe(1000);
    expect(notes).toEqual([{ field: 'batch', kind: 'clamped', given: '12.6', used: 13 }]);
  });

  it.each(['abc', 'NaN', 'Infinity', '-Infinity', '', ' ', '1e999', '%%%', '0x10', '1,5', '12abc', '--1'])(
    'replaces garbage %j with the default and an invalid note',
    (garbage) => {
      const query = new URLSearchParams({ hidden: garbage }).toString();
      const { state, notes } = decodeState(LAB_SCHEMA, query);
      expect(state).toEqual(DEFAULTS);
      expect(notes).toEqual([{ field: 'hidden', kind: 'invalid', given: garbage, used: 32 }]);
    },
  );

  it('survives raw malformed percent escapes', () => {
    const { state, notes } = decodeState(LAB_SCHEMA, 'hidden=%%%&lr=%E0%A4%A&seed=%');
    expect(state).toEqual(DEFAULTS);
    expect(notes.map((note) => [note.field, note.kind])).toEqual([
      ['hidden', 'invalid'],
      ['lr', 'invalid'],
      ['seed', 'invalid'],
    ]);
  });

  it('uses the last of repeated keys', () => {
    expect(decodeState(LAB_SCHEMA, 'hidden=4&hidden=9').state.hidden).toBe(9);
    const { state, notes } = decodeState(LAB_SCHEMA, 'hidden=4&hidden=abc');
    expect(state.hidden).toBe(32);
    expect(notes).toEqual([{ field: 'hidden', kind: 'invalid', given: 'abc', used: 32 }]);
  });

  it('replaces an unknown variant by the default with a note', () => {
    const { state, notes } = decodeState(LAB_SCHEMA, 'variant=sideways&engine=WEBGL');
    expect(state.variant).toBe('synced');
    expect(state.engine).toBe('auto');
    expect(notes).toEqual([
      { field: 'variant', kind: 'invalid', given: 'sideways', used: 'synced' },
      { field: 'engine', kind: 'invalid', given: 'WEBGL', used: 'auto' },
    ]);
  });

  it('ignores unknown keys and keys that only look similar', () => {
    const { state, notes } = decodeState(LAB_SCHEMA, 'foo=1&Hidden=3&hidden_=4&race.hidden=5&toString=1&__proto__=x');
    expect(state).toEqual(DEFAULTS);
    expect(notes).toEqual([]);
  });
});

describe('prefixes', () => {
  const race = withPrefix(LAB_SCHEMA, 'race.');

  it('keeps two demos on one URL apart', () => {
    const query = 'hidden=16&race.hidden=64&race.variant=bidirectional';
    expect(decodeState(LAB_SCHEMA, query).state).toEqual({ ...DEFAULTS, hidden: 16 });
    expect(decodeState(race, query).state).toEqual({ ...DEFAULTS, hidden: 64, variant: 'bidirectional' });
  });

  it('encodes prefixed keys and merges without touching other keys', () => {
    expect(encodeState(race, { ...DEFAULTS, seed: 7 })).toBe('race.seed=7');
    const merged = mergeIntoQuery(race, { ...DEFAULTS, seed: 9 }, '?hidden=16&race.seed=7&lang=ko');
    expect(merged).toBe('hidden=16&lang=ko&race.seed=9');
    expect(decodeState(LAB_SCHEMA, merged).state.hidden).toBe(16);
  });

  it('accepts the prefix at definition time', () => {
    const schema = defineSchema({ speed: { kind: 'float', min: 0, max: 2, default: 1 } }, { prefix: 'demo2.' });
    expect(decodeState(schema, 'speed=0.5&demo2.speed=1.5').state).toEqual({ speed: 1.5 });
  });
});

describe('clampState', () => {
  it('fits form values and fills the rest from the base', () => {
    const base: LabState = { ...DEFAULTS, seed: 42 };
    const { state, notes } = clampState(LAB_SCHEMA, { hidden: 200, lr: '0.5', variant: 'delayed' }, base);
    expect(state).toEqual({ ...base, hidden: 128, lr: 0.5, variant: 'delayed' });
    expect(notes).toEqual([{ field: 'hidden', kind: 'clamped', given: '200', used: 128 }]);
  });

  it('rejects NaN, Infinity and wrong types', () => {
    const { state, notes } = clampState(LAB_SCHEMA, { hidden: NaN, batch: Infinity, noise: null, variant: 3 });
    expect(state).toEqual(DEFAULTS);
    expect(notes.map((note) => `${note.field}:${note.kind}:${note.given}`)).toEqual([
      'hidden:invalid:NaN',
      'batch:invalid:Infinity',
      'noise:invalid:null',
      'variant:invalid:3',
    ]);
  });

  it('normalises -0 to 0', () => {
    expect(Object.is(clampState(LAB_SCHEMA, { noise: -0 }).state.noise, 0)).toBe(true);
  });
});

describe('defineSchema', () => {
  it('rejects inconsistent specs', () => {
    expect(() => defineSchema({ a: { kind: 'int', min: 5, max: 1, default: 3 } })).toThrow(/range/);
    expect(() => defineSchema({ a: { kind: 'float', min: 0, max: 1, default: 2 } })).toThrow(/default/);
    expect(() => defineSchema({ a: { kind: 'enum', values: ['x'], default: 'y' } })).toThrow(/default/);
  });
});
