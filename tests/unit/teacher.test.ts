/** Teacher mode's pure side: presets, controls hidden through the URL, and the demo fragment. */
import { describe, expect, it } from 'vitest';
import { defaultState, defineSchema, encodeState } from '../../src/lib/state.ts';
import {
  ALL_VISIBLE,
  decodeVisibility,
  decodeWithPreset,
  demoAnchor,
  fragmentFor,
  isHidden,
  matchingPreset,
  parseFragment,
  presetProblems,
  presetState,
  type Preset,
} from '../../src/lib/demos/teacher.ts';
import { GRADCHECK_PRESETS, GRADCHECK_SCHEMA } from '../../src/lib/demos/gradient-check.ts';
import { LAB_LINK_PRESETS, LAB_SCHEMA } from '../../src/lib/demos/lab.ts';
import { RF_PRESETS, RF_SCHEMA } from '../../src/lib/demos/receptive-field.ts';
import { UNROLLED_PRESETS, UNROLLED_SCHEMA } from '../../src/lib/demos/unrolled.ts';
import { en } from '../../src/i18n/en.ts';
import { ko } from '../../src/i18n/ko.ts';

const schema = defineSchema(
  {
    hidden: { kind: 'int', min: 1, max: 128, default: 32 },
    noise: { kind: 'float', min: 0, max: 1, default: 0 },
    engine: { kind: 'enum', values: ['auto', 'scratch'], default: 'auto' },
  },
  { prefix: 'x.' },
);
const presets: Preset<typeof schema>[] = [
  { id: 'h2', label: 'x.preset.h2', values: { hidden: 2 } },
  { id: 'noise-0.3', label: 'x.preset.noise', values: { noise: 0.3, engine: 'scratch' } },
];
const controls = { fields: schema.names, actions: ['train', 'pause', 'copy-link'] };

describe('presets', () => {
  it('a preset sets its values and returns every other setting to its default', () => {
    expect(presetState(schema, presets[1])).toEqual({ hidden: 32, noise: 0.3, engine: 'scratch' });
  });

  it('a link naming a preset starts from it, and the keys it gives still win', () => {
    const decoded = decodeWithPreset(schema, presets, '?x.preset=noise-0.3&x.hidden=7');
    expect(decoded.state).toEqual({ hidden: 7, noise: 0.3, engine: 'scratch' });
    expect(decoded.preset?.id).toBe('noise-0.3');
    expect(decoded.notes).toEqual([]);
    expect(decoded.teacherNotes).toEqual([]);
  });

  it('an unknown preset is a note, and the rest of the link still applies', () => {
    const decoded = decodeWithPreset(schema, presets, 'x.preset=h3&x.hidden=500&x.engine=gpu');
    expect(decoded.preset).toBeNull();
    expect(decoded.state).toEqual({ hidden: 128, noise: 0, engine: 'auto' });
    expect(decoded.teacherNotes).toEqual([{ kind: 'unknownPreset', param: 'x.preset', given: 'h3' }]);
    expect(decoded.notes.map((note) => note.kind)).toEqual(['clamped', 'invalid']);
  });

  it('without a preset the link decodes as before', () => {
    expect(decodeWithPreset(schema, presets, '').state).toEqual(defaultState(schema));
  });

  it('the active preset is the first whose values the state has', () => {
    expect(matchingPreset(presets, { hidden: 2, noise: 0.5, engine: 'auto' })?.id).toBe('h2');
    expect(matchingPreset(presets, { hidden: 3, noise: 0.3, engine: 'auto' })).toBeNull();
  });

  it('finds bad presets: ids, repeats, unknown fields, values outside the schema, empty ones', () => {
    const bad = [
      { id: 'H2', label: 'a', values: { hidden: 2 } },
      { id: 'ok', label: 'a', values: { hidden: 999 } },
      { id: 'ok', label: 'a', values: {} },
      { id: 'more', label: 'a', values: { depth: 2 } },
    ] as unknown as Preset<typeof schema>[];
    expect(presetProblems(schema, bad)).toEqual([
      'preset id "H2" is not lowercase letters, digits, - and .',
      'preset "ok": hidden = 999 is not allowed',
      'preset id "ok" repeats',
      'preset "ok" sets nothing',
      'preset "more": no field depth',
    ]);
  });

  const demos = [
    ['training lab', LAB_SCHEMA, LAB_LINK_PRESETS],
    ['receptive field', RF_SCHEMA, RF_PRESETS],
    ['unrolled network', UNROLLED_SCHEMA, UNROLLED_PRESETS],
    ['gradient check', GRADCHECK_SCHEMA, GRADCHECK_PRESETS],
  ] as const;
  for (const [name, demoSchema, demoPresets] of demos) {
    it(`the ${name}'s presets are valid, labelled in both languages, distinct, and round-trip through a link`, () => {
      expect(presetProblems(demoSchema, demoPresets as readonly Preset[])).toEqual([]);
      expect(demoPresets.length).toBeGreaterThanOrEqual(2);
      for (const preset of demoPresets as readonly Preset[]) {
        expect(en, preset.label).toHaveProperty([preset.label]);
        expect(ko, preset.label).toHaveProperty([preset.label]);
        const state = presetState(demoSchema, preset);
        const query = encodeState(demoSchema, state);
        expect(decodeWithPreset(demoSchema, demoPresets as readonly Preset[], query).state).toEqual(state);
        expect(matchingPreset(demoPresets as readonly Preset[], state)?.id).toBe(preset.id);
      }
    });
  }
});

describe('controls hidden through the URL', () => {
  it('hide names settings and buttons; show keeps only what it names', () => {
    const { visibility, notes } = decodeVisibility('x.hide=engine,noise&x.show=train', 'x.', controls);
    expect(notes).toEqual([]);
    expect(isHidden(visibility, 'engine', 'field')).toBe(true);
    expect(isHidden(visibility, 'hidden', 'field')).toBe(true);
    expect(isHidden(visibility, 'train', 'action')).toBe(false);
    expect(isHidden(visibility, 'pause', 'action')).toBe(true);
    expect(isHidden(visibility, 'share', 'group')).toBe(true);
  });

  it('groups: settings hides or shows every setting at once', () => {
    const shown = decodeVisibility('x.show=settings,train', 'x.', controls).visibility;
    expect(isHidden(shown, 'noise', 'field')).toBe(false);
    expect(isHidden(shown, 'pause', 'action')).toBe(true);
    const hidden = decodeVisibility('x.hide=settings', 'x.', controls).visibility;
    expect(isHidden(hidden, 'noise', 'field')).toBe(true);
    expect(isHidden(hidden, 'train', 'action')).toBe(false);
    expect(isHidden(hidden, 'presets', 'group')).toBe(false);
  });

  it('accepts spaces, plus signs and repeated keys; another demo’s keys do not count', () => {
    const { visibility } = decodeVisibility('x.hide=engine+noise&x.hide=pause&y.hide=hidden', 'x.', controls);
    expect([...visibility.hide].sort()).toEqual(['engine', 'noise', 'pause']);
    expect(visibility.show).toBeNull();
  });

  it('unknown names are notes; a show naming nothing known is ignored rather than hiding everything', () => {
    const { visibility, notes } = decodeVisibility('x.show=trian&x.hide=gpu,,engine', 'x.', controls);
    expect(visibility.show).toBeNull();
    expect([...visibility.hide]).toEqual(['engine']);
    expect(notes).toEqual([
      { kind: 'unknownControl', param: 'x.hide', given: 'gpu' },
      { kind: 'unknownControl', param: 'x.show', given: 'trian' },
    ]);
    expect(isHidden(visibility, 'train', 'action')).toBe(false);
  });

  it('never throws on odd input, and nothing is hidden by default', () => {
    for (const query of ['x.hide=%E0%A4%A', 'x.hide', 'x.show=&x.hide=,', '%%%', 'x.hide=__proto__,constructor']) {
      expect(() => decodeVisibility(query, 'x.', controls)).not.toThrow();
    }
    expect(isHidden(ALL_VISIBLE, 'train', 'action')).toBe(false);
    expect(isHidden(decodeVisibility('', 'x.', controls).visibility, 'noise', 'field')).toBe(false);
  });
});

describe('the fragment that points at a demo', () => {
  it('is demo-<id>, and may carry values after an &', () => {
    expect(demoAnchor('training-lab')).toBe('demo-training-lab');
    const hash = fragmentFor('demo-training-lab', { model: 'AbC-_9' });
    expect(hash).toBe('#demo-training-lab&model=AbC-_9');
    const parsed = parseFragment(hash);
    expect(parsed.anchor).toBe('demo-training-lab');
    expect(parsed.params.get('model')).toBe('AbC-_9');
  });

  it('reads plain anchors, empty fragments and broken escapes without throwing', () => {
    expect(parseFragment('#demo-unrolled').anchor).toBe('demo-unrolled');
    expect(parseFragment('').anchor).toBe('');
    expect(parseFragment('#%E0%A4%A&model=x').anchor).toBe('%E0%A4%A');
    expect(parseFragment('#%EC%9D%80%EB%8B%89').anchor).toBe('은닉');
  });
});
