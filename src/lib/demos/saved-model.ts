/**
 * A model trained in a demo, kept for the browser session (e.g. across a language switch or a
 * reload) as text: its weights and the loss of every step so far. Decoding checks every
 * parameter against the config it is restored into, so a stale or damaged entry is ignored
 * rather than half-loaded.
 */
import { paramShapes, type ModelConfig } from '../model/config.ts';
import { sizeOf, type Params } from '../model/params.ts';

/** Bumped when the layout changes, so entries written by older code are ignored. */
const SAVED_MODEL_VERSION = 1;

/** Weights and the training losses [steps] that led to them. */
export interface SavedModel {
  params: Params;
  losses: number[];
}

/** The text to keep for a model. */
export function encodeSavedModel(config: ModelConfig, model: SavedModel): string {
  const params: Record<string, number[]> = {};
  for (const [name] of paramShapes(config)) params[name] = Array.from(model.params[name] ?? []);
  return JSON.stringify({ version: SAVED_MODEL_VERSION, params, losses: model.losses });
}

/** Finite numbers only, as a Float64Array, or null. */
function numbers(value: unknown, length?: number): Float64Array | null {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) return null;
  if (!value.every((entry) => typeof entry === 'number' && Number.isFinite(entry))) return null;
  return Float64Array.from(value as number[]);
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
  const { version, params, losses } = raw as Record<string, unknown>;
  if (version !== SAVED_MODEL_VERSION || typeof params !== 'object' || params === null) return null;
  const lossValues = numbers(losses);
  if (!lossValues) return null;
  const restored: Params = {};
  for (const [name, shape] of paramShapes(config)) {
    const values = numbers((params as Record<string, unknown>)[name], sizeOf(shape));
    if (!values) return null;
    restored[name] = values;
  }
  return { params: restored, losses: Array.from(lossValues) };
}
