/**
 * Teacher mode, the pure side. What a teacher puts in a link, and what the page makes of it:
 * - presets: one click sets several settings at once; a link may also name one
 *   (`<prefix>preset=<id>`), its other keys still winning;
 * - controls hidden through the URL, as TensorFlow Playground does: `<prefix>hide=engine,seed`
 *   hides those, `<prefix>show=train` hides everything but them;
 * - the fragment pointing at one demo, `#demo-<id>`, optionally carrying more after an `&`
 *   (`#demo-training-lab&model=…`, see model-link.ts).
 * Nothing here throws on what a URL holds: names the demo does not know come back as notes the
 * page translates.
 */
import { clampState, decodeState, defaultState, type Schema, type StateOf, type StateResult } from '../state.ts';

/**
 * A preset: settings a teacher sets with one click. Every setting it does not name goes back to
 * its default, so a preset always means the same set-up.
 */
export interface Preset<S extends Schema = Schema> {
  /** Its name in URLs and test hooks: lowercase letters, digits, '-' and '.' (e.g. `h2`, `noise-0.3`). */
  readonly id: string;
  /** The UI string key of its button (e.g. `lab.preset.original`), in both locales. */
  readonly label: string;
  /** The settings it sets; the rest take their defaults. */
  readonly values: Partial<StateOf<S>>;
}

/** Parts of a demo that are not one setting or one button: the settings form, the presets row, the copy-link buttons. */
export const CONTROL_GROUPS = ['settings', 'presets', 'share'] as const;

/** One of {@link CONTROL_GROUPS}. */
export type ControlGroup = (typeof CONTROL_GROUPS)[number];

/** What in a teacher's link was not used: an unknown preset, or a control the demo does not have. */
export interface TeacherNote {
  kind: 'unknownPreset' | 'unknownControl';
  /** The URL key it came from, e.g. `rf.hide`. */
  param: string;
  /** The value as given. */
  given: string;
}

/** A preset id: lowercase letters, digits, '-' and '.', starting with a letter or digit. */
const PRESET_ID = /^[a-z0-9][a-z0-9.-]*$/;

/** The URL key naming a preset, e.g. `rf.preset`. */
export function presetKey(schema: Schema): string {
  return `${schema.prefix}preset`;
}

/** The state a preset gives: its values over the defaults. */
export function presetState<S extends Schema>(schema: S, preset: Preset<S>): StateOf<S> {
  return clampState(schema, preset.values as Partial<Record<keyof S['fields'], unknown>>, defaultState(schema)).state;
}

/** What is wrong with a demo's presets (for tests): bad or repeated ids, empty or invalid values. */
export function presetProblems<S extends Schema>(schema: S, presets: readonly Preset<S>[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const preset of presets) {
    if (!PRESET_ID.test(preset.id)) problems.push(`preset id "${preset.id}" is not lowercase letters, digits, - and .`);
    if (seen.has(preset.id)) problems.push(`preset id "${preset.id}" repeats`);
    seen.add(preset.id);
    const names = Object.keys(preset.values);
    if (names.length === 0) problems.push(`preset "${preset.id}" sets nothing`);
    for (const name of names)
      if (!schema.names.includes(name)) problems.push(`preset "${preset.id}": no field ${name}`);
    const { notes } = clampState(schema, preset.values as Partial<Record<keyof S['fields'], unknown>>);
    for (const note of notes) problems.push(`preset "${preset.id}": ${note.field} = ${note.given} is not allowed`);
  }
  return problems;
}

/** The first preset whose every value the state has, or null. */
export function matchingPreset<S extends Schema>(presets: readonly Preset<S>[], state: StateOf<S>): Preset<S> | null {
  const values = state as Record<string, unknown>;
  return (
    presets.find((preset) => Object.entries(preset.values).every(([name, value]) => values[name] === value)) ?? null
  );
}

/** The last value of `key` in a query, or undefined. */
function lastValue(params: URLSearchParams, key: string): string | undefined {
  const all = params.getAll(key);
  return all.length > 0 ? all[all.length - 1] : undefined;
}

/**
 * Decodes a demo's settings from a query that may name a preset: the preset's state is the
 * base, and every setting the query gives still wins (with the usual notes). An unknown preset
 * is left out with a note. Never throws.
 */
export function decodeWithPreset<S extends Schema>(
  schema: S,
  presets: readonly Preset<S>[],
  query: string | URLSearchParams,
): StateResult<S> & { preset: Preset<S> | null; teacherNotes: TeacherNote[] } {
  const params = new URLSearchParams(query);
  const key = presetKey(schema);
  const given = lastValue(params, key)?.trim();
  const preset = given === undefined ? null : (presets.find((candidate) => candidate.id === given) ?? null);
  const teacherNotes: TeacherNote[] =
    given !== undefined && !preset ? [{ kind: 'unknownPreset', param: key, given }] : [];
  const base = preset ? presetState(schema, preset) : defaultState(schema);
  return { ...decodeState(schema, params, base), preset, teacherNotes };
}

/** Which controls a link hides: `hide` names, and `show` (when given) names all that stay. */
export interface Visibility {
  readonly hide: ReadonlySet<string>;
  readonly show: ReadonlySet<string> | null;
}

/** Nothing hidden. */
export const ALL_VISIBLE: Visibility = { hide: new Set(), show: null };

/** The names a demo's controls answer to: its settings and its buttons' actions. */
export interface ControlNames {
  fields: readonly string[];
  actions: readonly string[];
}

/** Every name in all occurrences of `key`, split at commas and spaces, without repeats. */
function namesOf(params: URLSearchParams, key: string): string[] {
  const names = params.getAll(key).flatMap((value) => value.split(/[\s,]+/));
  return [...new Set(names.filter((name) => name !== ''))];
}

/**
 * Reads `<prefix>hide` and `<prefix>show` from a query. Names the demo does not have are left
 * out with a note; a `show` that names nothing the demo has is ignored (rather than hiding
 * every control because of a typo). Never throws.
 */
export function decodeVisibility(
  query: string | URLSearchParams,
  prefix: string,
  controls: ControlNames,
): { visibility: Visibility; notes: TeacherNote[] } {
  const params = new URLSearchParams(query);
  const known = new Set<string>([...controls.fields, ...controls.actions, ...CONTROL_GROUPS]);
  const notes: TeacherNote[] = [];
  const read = (key: string): Set<string> => {
    const names = namesOf(params, key);
    for (const name of names) if (!known.has(name)) notes.push({ kind: 'unknownControl', param: key, given: name });
    return new Set(names.filter((name) => known.has(name)));
  };
  const hide = read(`${prefix}hide`);
  const show = read(`${prefix}show`);
  return { visibility: { hide, show: show.size > 0 ? show : null }, notes };
}

/**
 * Whether a link hides the control `name`: a setting (`field`, also hidden with the whole
 * `settings` form), a button (`action`) or one of {@link CONTROL_GROUPS} (`group`).
 */
export function isHidden(visibility: Visibility, name: string, kind: 'field' | 'action' | 'group'): boolean {
  const named = (set: ReadonlySet<string>) => set.has(name) || (kind === 'field' && set.has('settings'));
  if (named(visibility.hide)) return true;
  return visibility.show !== null && !named(visibility.show);
}

/** The id of the element of demo `demo` (its `data-demo`), the target of its links: `demo-<demo>`. */
export function demoAnchor(demo: string): string {
  return `demo-${demo}`;
}

/**
 * Splits a location's fragment into the anchor it points at and what it carries after the
 * first `&` (`#demo-lab&model=…` → `demo-lab`, `model=…`). Never throws; a fragment that is
 * not valid percent-encoding keeps its raw text as the anchor.
 */
export function parseFragment(hash: string): { anchor: string; params: URLSearchParams } {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const split = text.indexOf('&');
  const rawAnchor = split < 0 ? text : text.slice(0, split);
  let anchor = rawAnchor;
  try {
    anchor = decodeURIComponent(rawAnchor);
  } catch {
    /* Not percent-encoding: the raw text is the best guess. */
  }
  return { anchor, params: new URLSearchParams(split < 0 ? '' : text.slice(split + 1)) };
}

/** The fragment pointing at `anchor` and carrying `values` (in order), e.g. `#demo-lab&model=…`. */
export function fragmentFor(anchor: string, values: Record<string, string> = {}): string {
  const carried = new URLSearchParams(values).toString();
  return `#${encodeURIComponent(anchor)}${carried ? `&${carried}` : ''}`;
}
