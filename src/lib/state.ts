/**
 * Demo state that lives in the URL query string.
 *
 * A schema is a declarative table of fields (int, float or enum, with range and default).
 * The same machinery decodes a query string, encodes a state back into one and clamps values
 * coming from form controls. Decoding never throws: bad values fall back to the default and
 * produce a {@link Note} the UI can translate. Framework-free: runs in Node, a worker or a page.
 */

/** An integer field: values are rounded to the nearest integer, then clamped to [min, max]. */
export interface IntField {
  kind: 'int';
  min: number;
  max: number;
  default: number;
}

/** A floating-point field clamped to [min, max]; `scale` hints how a slider should move. */
export interface FloatField {
  kind: 'float';
  min: number;
  max: number;
  default: number;
  /** UI hint only: `log` for values spanning decades (learning rate). Defaults to `linear`. */
  scale?: 'linear' | 'log';
}

/** A field whose value must be one of `values` (exact, case-sensitive match). */
export interface EnumField<V extends string = string> {
  kind: 'enum';
  values: readonly V[];
  default: V;
}

/** Any field description. */
export type FieldSpec = IntField | FloatField | EnumField;

/** The value type a field holds: the enum's string union, or a number. */
export type FieldValue<F extends FieldSpec> = F extends EnumField<infer V> ? V : number;

/** A schema: its fields in a fixed order (the order of encoded keys) and a key prefix. */
export interface Schema<Fields extends Record<string, FieldSpec> = Record<string, FieldSpec>> {
  readonly fields: Fields;
  /** Field names in declaration order. */
  readonly names: readonly string[];
  /** Prepended to every query key, e.g. `race.` turns `lr` into `race.lr`. */
  readonly prefix: string;
}

/** The full state described by a schema: one value per field. */
export type StateOf<S extends Schema> = { [K in keyof S['fields']]: FieldValue<S['fields'][K]> };

/**
 * Why a given value was not used as is.
 * `invalid`: not parseable / not allowed, the default was used. `clamped`: moved to the
 * nearest allowed value (out of range, or a non-integer for an int field).
 */
export interface Note {
  field: string;
  kind: 'invalid' | 'clamped';
  /** The raw value as received (string form). */
  given: string;
  /** The value actually put in the state. */
  used: number | string;
}

/** State plus the notes explaining any corrections. */
export interface StateResult<S extends Schema> {
  state: StateOf<S>;
  notes: Note[];
}

/** Options of {@link encodeState}. */
export interface EncodeOptions {
  /** Leave out fields equal to their default (default `true`). */
  omitDefaults?: boolean;
}

/**
 * Declares a schema. Field order is the key order of `fields` and of every encoded query.
 * @param fields table of field specs keyed by field name.
 * @param options.prefix key prefix so several demos can share one URL (default '').
 * @throws Error when a spec is inconsistent (bad range, default outside range or values).
 */
export function defineSchema<const Fields extends Record<string, FieldSpec>>(
  fields: Fields,
  options: { prefix?: string } = {},
): Schema<Fields> {
  for (const [name, spec] of Object.entries(fields)) {
    const problem = specProblem(spec);
    if (problem) throw new Error(`state field "${name}": ${problem}`);
  }
  return { fields, names: Object.keys(fields), prefix: options.prefix ?? '' };
}

/** Returns a copy of `schema` whose query keys start with `prefix` instead. */
export function withPrefix<Fields extends Record<string, FieldSpec>>(
  schema: Schema<Fields>,
  prefix: string,
): Schema<Fields> {
  return { ...schema, prefix };
}

function specProblem(spec: FieldSpec): string | null {
  if (spec.kind === 'enum') {
    if (spec.values.length === 0) return 'enum needs at least one value';
    return spec.values.includes(spec.default) ? null : `default ${spec.default} is not a value`;
  }
  if (!Number.isFinite(spec.min) || !Number.isFinite(spec.max) || spec.min > spec.max) {
    return `bad range [${spec.min}, ${spec.max}]`;
  }
  if (!(spec.default >= spec.min && spec.default <= spec.max)) return 'default outside range';
  if (spec.kind === 'int' && !Number.isInteger(spec.default)) return 'default is not an integer';
  return null;
}

/** The state holding every field's default. */
export function defaultState<S extends Schema>(schema: S): StateOf<S> {
  const state: Record<string, number | string> = {};
  for (const name of schema.names) state[name] = schema.fields[name].default;
  return state as StateOf<S>;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses a strict decimal literal; anything else (hex, 'NaN', '', '1e999') gives null. */
function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/**
 * Fits one raw value (string from a URL, or anything from a form) to a field.
 * Returns the value to use and, if it differs from what was given, a note.
 */
function fitValue(name: string, spec: FieldSpec, raw: unknown): { value: number | string; note?: Note } {
  const given = typeof raw === 'string' ? raw : String(raw);
  const invalid = () => ({
    value: spec.default,
    note: { field: name, kind: 'invalid' as const, given, used: spec.default },
  });
  if (spec.kind === 'enum') {
    return typeof raw === 'string' && spec.values.includes(raw) ? { value: raw } : invalid();
  }
  let parsed: number | null = null;
  if (typeof raw === 'number') parsed = Number.isFinite(raw) ? raw : null;
  else if (typeof raw === 'string') parsed = parseDecimal(raw);
  if (parsed === null) return invalid();
  const rounded = spec.kind === 'int' ? Math.round(parsed) : parsed;
  const clamped = Math.min(spec.max, Math.max(spec.min, rounded)) || 0;
  if (clamped === parsed) return { value: clamped };
  return { value: clamped, note: { field: name, kind: 'clamped', given, used: clamped } };
}

/** Reads the raw value of one key: the last occurrence wins; absent gives undefined. */
function lastValue(params: URLSearchParams, key: string): string | undefined {
  const all = params.getAll(key);
  return all.length > 0 ? all[all.length - 1] : undefined;
}

/**
 * Decodes a query string into a full state. Never throws.
 * Missing keys take their value from `base` (default: the defaults) silently; invalid values
 * ('abc', 'NaN', '', '1e999', unknown enum) take the default with an `invalid` note;
 * out-of-range or non-integer numbers are clamped/rounded with a `clamped` note. When a key
 * repeats, the last occurrence wins. Keys not in the schema (or with another prefix) are ignored.
 * @param query e.g. `?hidden=16&lr=0.003` (leading '?' optional) or a URLSearchParams.
 * @param base the values of absent keys, e.g. a preset's state (see lib/demos/teacher.ts).
 */
export function decodeState<S extends Schema>(
  schema: S,
  query: string | URLSearchParams,
  base: StateOf<S> = defaultState(schema),
): StateResult<S> {
  const params = new URLSearchParams(query);
  const state: Record<string, number | string> = {};
  const notes: Note[] = [];
  for (const name of schema.names) {
    const spec = schema.fields[name];
    const raw = lastValue(params, schema.prefix + name);
    if (raw === undefined) {
      state[name] = (base as Record<string, number | string>)[name];
      continue;
    }
    const fitted = fitValue(name, spec, raw);
    state[name] = fitted.value;
    if (fitted.note) notes.push(fitted.note);
  }
  return { state: state as StateOf<S>, notes };
}

/**
 * Validates values coming from form controls (numbers or strings) into a full state.
 * Fields missing from `partial` (or `undefined`) come from `base` (default: the defaults)
 * without a note; other values follow the same rules as {@link decodeState}.
 */
export function clampState<S extends Schema>(
  schema: S,
  partial: Partial<Record<keyof S['fields'], unknown>>,
  base: StateOf<S> = defaultState(schema),
): StateResult<S> {
  const state: Record<string, number | string> = {};
  const notes: Note[] = [];
  const given = partial as Record<string, unknown>;
  for (const name of schema.names) {
    const raw = given[name];
    if (raw === undefined) {
      state[name] = (base as Record<string, number | string>)[name];
      continue;
    }
    const fitted = fitValue(name, schema.fields[name], raw);
    state[name] = fitted.value;
    if (fitted.note) notes.push(fitted.note);
  }
  return { state: state as StateOf<S>, notes };
}

/**
 * Compact text that parses back to exactly `value`: JavaScript's shortest round-trip
 * decimal, switched to exponent form only when that saves 3+ characters
 * (0.01 → '0.01', 0.003 → '0.003', 0.00001 → '1e-5', 20000 → '20000').
 */
export function formatQueryNumber(value: number): string {
  const plain = String(value).replace('e+', 'e');
  const exponent = value.toExponential().replace('e+', 'e');
  return exponent.length <= plain.length - 3 ? exponent : plain;
}

/** Encodes the state as [key, value] pairs in schema order (prefix applied). */
function encodedPairs<S extends Schema>(schema: S, state: StateOf<S>, omitDefaults: boolean): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const values = state as Record<string, number | string>;
  for (const name of schema.names) {
    const value = values[name];
    if (value === undefined) continue;
    if (omitDefaults && value === schema.fields[name].default) continue;
    pairs.push([schema.prefix + name, typeof value === 'number' ? formatQueryNumber(value) : value]);
  }
  return pairs;
}

/**
 * Encodes a state into a query string without the leading '?', keys in schema order,
 * e.g. `hidden=16&lr=0.003`. `decodeState(schema, encodeState(schema, s))` equals `s`
 * for every valid `s`. Values are written as given (decode repairs invalid ones).
 */
export function encodeState<S extends Schema>(schema: S, state: StateOf<S>, options: EncodeOptions = {}): string {
  return new URLSearchParams(encodedPairs(schema, state, options.omitDefaults ?? true)).toString();
}

/**
 * Writes a state into an existing query string, keeping keys that belong to others
 * (other demos, other prefixes) in their original order and replacing this schema's keys.
 * @returns the new query string without '?'.
 */
export function mergeIntoQuery<S extends Schema>(
  schema: S,
  state: StateOf<S>,
  query: string | URLSearchParams,
  options: EncodeOptions = {},
): string {
  const params = new URLSearchParams(query);
  for (const name of schema.names) params.delete(schema.prefix + name);
  for (const [key, value] of encodedPairs(schema, state, options.omitDefaults ?? true)) params.append(key, value);
  return params.toString();
}
