/**
 * A model trained in a demo, kept for the browser session (e.g. across a language switch or a
 * reload) as text: its weights, the loss of every step so far and, when known, the optimiser's
 * state (so training goes on where it was, not from a fresh Adam). Decoding checks every
 * parameter and moment against the config it is restored into, so a stale or damaged entry is
 * ignored rather than half-loaded; an entry without an optimiser state (written before it was
 * kept) still restores, with a fresh optimiser.
 */
import { paramShapes, type ModelConfig } from '../model/config.ts';
import type { OptimizerSnapshot } from '../model/engine.ts';
import { sizeOf, type Params } from '../model/params.ts';

/** Bumped when the layout changes, so entries written by older code are ignored. */
const SAVED_MODEL_VERSION = 1;

/** Weights, the training losses [steps] that led to them, and the optimiser's state there. */
export interface SavedModel {
  params: Params;
  losses: number[];
  optimizer?: OptimizerSnapshot;
}

/**
 * A number with 9 significant digits: exact for the float32 values the site trains in, and
 * about half the text of a float64's shortest form, which matters for session storage.
 */
function short(value: number): number {
  return Number(value.toPrecision(9));
}

/** Plain arrays of a parameter set (or moment), in `paramShapes` order, 9 significant digits. */
function plain(config: ModelConfig, params: Params): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name] of paramShapes(config)) out[name] = Array.from(params[name] ?? [], short);
  return out;
}

/** The text to keep for a model (without its optimiser state when `withOptimizer` is false). */
export function encodeSavedModel(config: ModelConfig, model: SavedModel, withOptimizer = true): string {
  const { optimizer } = model;
  const saved =
    optimizer && withOptimizer
      ? { step: optimizer.step, moment1: plain(config, optimizer.moment1), moment2: plain(config, optimizer.moment2) }
      : undefined;
  return JSON.stringify({
    version: SAVED_MODEL_VERSION,
    params: plain(config, model.params),
    losses: model.losses.map(short),
    optimizer: saved,
  });
}

/** Finite numbers only, as a Float64Array, or null. */
function numbers(value: unknown, length?: number): Float64Array | null {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) return null;
  if (!value.every((entry) => typeof entry === 'number' && Number.isFinite(entry))) return null;
  return Float64Array.from(value as number[]);
}

/** A parameter set (or moment) of exactly `config`'s names and sizes, finite values; else null. */
function paramsOf(config: ModelConfig, value: unknown): Params | null {
  if (typeof value !== 'object' || value === null) return null;
  const restored: Params = {};
  for (const [name, shape] of paramShapes(config)) {
    const values = numbers((value as Record<string, unknown>)[name], sizeOf(shape));
    if (!values) return null;
    restored[name] = values;
  }
  return restored;
}

/** A kept optimiser state: undefined when none was kept, null when it is damaged. */
function optimizerOf(config: ModelConfig, value: unknown): OptimizerSnapshot | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) return null;
  const { step, moment1, moment2 } = value as Record<string, unknown>;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) return null;
  const [m, v] = [paramsOf(config, moment1), paramsOf(config, moment2)];
  // v is a mean of squares: a negative entry cannot come from training.
  if (!m || !v || Object.values(v).some((values) => values.some((entry) => entry < 0))) return null;
  return { step, moment1: m, moment2: v };
}

/** The kept model in `text` if it fits `config` exactly; null for anything else. */
export function decodeSavedModel(text: string | null, config: ModelConfig): SavedModel | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const { version, params, losses, optimizer } = raw as Record<string, unknown>;
  if (version !== SAVED_MODEL_VERSION) return null;
  const [restored, lossValues, optimizerState] = [
    paramsOf(config, params),
    numbers(losses),
    optimizerOf(config, optimizer),
  ];
  if (!restored || !lossValues || optimizerState === null) return null;
  const model: SavedModel = { params: restored, losses: Array.from(lossValues) };
  if (optimizerState) model.optimizer = optimizerState;
  return model;
}
