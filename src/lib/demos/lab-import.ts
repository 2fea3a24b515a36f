/**
 * Reading a model file into the training lab, safely: every setting the lab cannot offer is
 * refused before anything is built (a valid 24 KB file asking for a million windows of 1,024
 * steps would otherwise fill gigabytes), the file's size is capped before it is read, and every
 * reason comes back as structured data the page translates, repeating at most a short excerpt
 * of what the file holds (echo.ts). Runs in a worker (components/demos/lab/model-file.worker.ts)
 * so a large file never blocks the page, and in Node for the tests.
 */
import { makeConfig, paramShapes, VARIANTS, type ModelConfig, type Variant } from '../model/config.ts';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, parseModel, type ModelFile } from '../model/format.ts';
import { sizeOf } from '../model/params.ts';
import type { SessionSetup } from '../session.ts';
import { defaultState } from '../state.ts';
import { echo } from './echo.ts';
import { LAB_SCHEMA, labSetup, type LabState } from './lab.ts';

/**
 * The largest model file the lab reads, in bytes. The largest model the lab can make (a
 * bidirectional one with H = 128, written losslessly) is under 1 MB.
 */
export const LAB_IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** What a setting must be: one of `values`, or a number from `min` to `max`. */
export type Allowed = { values: ReadonlyArray<string | number> } | { min: number; max: number };

/** A field of a model file's `config`. */
export type FileSetting =
  | 'variant'
  | 'delay'
  | 'inputSize'
  | 'hiddenSize'
  | 'outputSize'
  | 'window'
  | 'initialState'
  | 'cycles'
  | 'horizon'
  | 'noise'
  | 'seed'
  | 'trainSize'
  | 'testSize'
  | 'dtype';

/**
 * Why a file cannot be imported. `given`, `field` and `name` hold at most a short excerpt of
 * what the file says. `setting`: a value of the right type that the lab does not offer.
 */
export type ImportProblem =
  | { kind: 'tooLarge'; bytes: number }
  | { kind: 'notJson' }
  | { kind: 'notModel' }
  | { kind: 'version'; given: string }
  | { kind: 'unknownField'; field: string }
  | { kind: 'missingField'; field: string }
  | { kind: 'badValue'; field: string; given: string }
  | { kind: 'setting'; field: FileSetting; given: string; allowed: Allowed }
  | { kind: 'params'; name: string }
  | { kind: 'metrics' }
  | { kind: 'invalid' };

/** A file's model, or every reason it cannot run in the lab. */
export type ImportResult = { model: ModelFile } | { problems: ImportProblem[] };

/** A plain JSON object (not an array, not null). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, safe rendering of a value found in a file. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `"${echo(value, 60)}"`;
  if (Array.isArray(value)) return '[…]';
  if (isObject(value)) return '{…}';
  return echo(String(value));
}

/** What the lab offers for each config field: its own set-up's values, and its settings' ranges. */
function labOffer(variant: unknown): Record<FileSetting, Allowed> {
  const { config, data } = labSetup(defaultState(LAB_SCHEMA));
  const range = (field: 'hidden' | 'horizon' | 'noise' | 'seed' | 'delay') => {
    const spec = LAB_SCHEMA.fields[field];
    return { min: spec.min, max: spec.max };
  };
  return {
    variant: { values: VARIANTS },
    delay: variant === 'delayed' ? range('delay') : { values: [0] },
    inputSize: { values: [config.inputSize] },
    hiddenSize: range('hidden'),
    outputSize: { values: [config.outputSize] },
    window: { values: [config.window] },
    initialState: { values: ['zero'] },
    cycles: { values: [data.cycles] },
    horizon: range('horizon'),
    noise: range('noise'),
    seed: range('seed'),
    trainSize: { values: [data.trainSize] },
    testSize: { values: [data.testSize] },
    dtype: { values: ['float32', 'float64'] },
  };
}

/** Fields a file may leave out (written by older versions): the initial state (zero) and dtype. */
const OPTIONAL_SETTINGS: ReadonlySet<FileSetting> = new Set(['initialState', 'dtype']);

/** Whole-number fields. */
const INTEGER_SETTINGS: ReadonlySet<FileSetting> = new Set([
  'delay',
  'inputSize',
  'hiddenSize',
  'outputSize',
  'window',
  'horizon',
  'seed',
  'trainSize',
  'testSize',
]);

/** The problem with one config value, if any. */
function settingProblem(field: FileSetting, value: unknown, allowed: Allowed): ImportProblem | null {
  if (value === undefined)
    return OPTIONAL_SETTINGS.has(field) ? null : { kind: 'missingField', field: `config.${field}` };
  const numeric = 'min' in allowed || typeof allowed.values[0] === 'number';
  if (numeric ? typeof value !== 'number' || !Number.isFinite(value) : typeof value !== 'string')
    return { kind: 'badValue', field: `config.${field}`, given: shown(value) };
  const offered =
    'min' in allowed
      ? (value as number) >= allowed.min &&
        (value as number) <= allowed.max &&
        (!INTEGER_SETTINGS.has(field) || Number.isInteger(value))
      : allowed.values.includes(value as string | number);
  return offered ? null : { kind: 'setting', field, given: shown(value), allowed };
}

/** Every problem of a file's `config` against what the lab offers (empty when it fits). */
export function configProblems(raw: unknown): ImportProblem[] {
  if (raw === undefined) return [{ kind: 'missingField', field: 'config' }];
  if (!isObject(raw)) return [{ kind: 'badValue', field: 'config', given: shown(raw) }];
  const offer = labOffer(raw.variant);
  const unknown = Object.keys(raw)
    .filter((key) => !(key in offer))
    .map((key): ImportProblem => ({ kind: 'unknownField', field: echo(`config.${key}`) }));
  const settings = (Object.keys(offer) as FileSetting[]).map((field) =>
    settingProblem(field, raw[field], offer[field]),
  );
  return [...unknown, ...settings.filter((problem) => problem !== null)];
}

/** Whether one parameter entry is `{ shape, data }` of exactly `shape` with finite numbers. */
function validParam(value: unknown, shape: number[]): boolean {
  if (!isObject(value) || Object.keys(value).some((key) => key !== 'shape' && key !== 'data')) return false;
  const { shape: given, data } = value;
  return (
    Array.isArray(given) &&
    given.length === shape.length &&
    given.every((dim, index) => dim === shape[index]) &&
    Array.isArray(data) &&
    data.length === sizeOf(shape) &&
    data.every((entry) => typeof entry === 'number' && Number.isFinite(entry))
  );
}

/** Every problem of a file's `params` for a config the lab accepted. */
function paramProblems(raw: unknown, config: ModelConfig): ImportProblem[] {
  if (raw === undefined) return [{ kind: 'missingField', field: 'params' }];
  if (!isObject(raw)) return [{ kind: 'badValue', field: 'params', given: shown(raw) }];
  const shapes = paramShapes(config);
  const known = new Set<string>(shapes.map(([name]) => name));
  const problems: ImportProblem[] = Object.keys(raw)
    .filter((name) => !known.has(name))
    .map((name) => ({ kind: 'unknownField', field: echo(`params.${name}`) }));
  for (const [name, shape] of shapes) if (!validParam(raw[name], shape)) problems.push({ kind: 'params', name });
  return problems;
}

/** The model config of a file's `config` that {@link configProblems} accepted. */
function configOf(raw: Record<string, unknown>): ModelConfig {
  const number = (key: string) => raw[key] as number;
  return makeConfig(raw.variant as Variant, {
    delay: number('delay'),
    inputSize: number('inputSize'),
    hiddenSize: number('hiddenSize'),
    outputSize: number('outputSize'),
    window: number('window'),
    initialState: 'zero',
  });
}

/** The format tag, version and top-level fields of a parsed file. */
function envelopeProblems(raw: unknown): ImportProblem[] {
  if (!isObject(raw) || raw.format !== MODEL_FORMAT) return [{ kind: 'notModel' }];
  if (raw.version !== MODEL_FORMAT_VERSION) return [{ kind: 'version', given: shown(raw.version) }];
  const known = ['format', 'version', 'config', 'metrics', 'params'];
  return Object.keys(raw)
    .filter((key) => !known.includes(key))
    .map((key) => ({ kind: 'unknownField', field: echo(key) }));
}

/**
 * Checks a model file's text against what the lab offers, in order: JSON, format and version,
 * every config field (before anything is built from it), the weights, then the recorded metrics.
 */
export function checkModelText(text: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problems: [{ kind: 'notJson' }] };
  }
  const envelope = envelopeProblems(raw);
  if (envelope.length > 0) return { problems: envelope };
  const file = raw as Record<string, unknown>;
  const config = configProblems(file.config);
  if (config.length > 0) return { problems: config };
  const params = paramProblems(file.params, configOf(file.config as Record<string, unknown>));
  if (params.length > 0) return { problems: params };
  try {
    // Everything fits the lab, so parsing builds nothing larger than the lab's own models.
    return { model: parseModel(file) };
  } catch (error) {
    const metrics = error instanceof Error && error.message.startsWith('metrics');
    return { problems: [{ kind: metrics ? 'metrics' : 'invalid' }] };
  }
}

/** Checks a model file (a File or Blob): its size first, without reading it, then its text. */
export async function checkModelBlob(blob: Blob): Promise<ImportResult> {
  if (blob.size > LAB_IMPORT_MAX_BYTES) return { problems: [{ kind: 'tooLarge', bytes: blob.size }] };
  return checkModelText(await blob.text());
}

/** The lab settings a model file implies (size, variant, delay, data, seed). */
export function settingsOfSetup(setup: Pick<SessionSetup, 'config' | 'data'>): Partial<LabState> {
  return {
    hidden: setup.config.hiddenSize,
    variant: setup.config.variant,
    horizon: setup.data.horizon,
    noise: setup.data.noise,
    seed: setup.data.seed,
    ...(setup.config.variant === 'delayed' ? { delay: setup.config.delay } : {}),
  };
}

/** A file size for people: bytes, KB or MB (1,024-based), e.g. 24 KB, 20 MB. */
export function sizeParts(bytes: number): { value: number; unit: 'B' | 'KB' | 'MB' } {
  if (bytes < 1024) return { value: bytes, unit: 'B' };
  if (bytes < 1024 * 1024) return { value: Math.round(bytes / 1024), unit: 'KB' };
  return { value: Math.round((bytes / (1024 * 1024)) * 10) / 10, unit: 'MB' };
}
