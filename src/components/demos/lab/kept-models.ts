/**
 * Where the lab's model comes from: a model trained earlier in this tab, kept in sessionStorage
 * (lib/demos/saved-model.ts holds the format, lib/demos/lab.ts the key) so a language switch
 * or a reload does not lose it; else the shipped pretrained model; else the seed's weights.
 * Storage may be full or switched off: then nothing is kept, and nothing fails.
 */
import {
  labSetup,
  matchingPretrained,
  pretrainedNames,
  savedModelKey,
  type LabState,
  type PretrainedMatch,
} from '../../../lib/demos/lab.ts';
import type { ModelOrigin } from '../../../lib/demos/lifecycle.ts';
import type { LinkedModel } from '../../../lib/demos/model-link.ts';
import { fetchPretrained } from '../../../lib/demos/models.ts';
import { decodeSavedModel, encodeSavedModel, type SavedModel } from '../../../lib/demos/saved-model.ts';
import type { ModelConfig } from '../../../lib/model/config.ts';
import type { OptimizerSnapshot } from '../../../lib/model/engine.ts';
import { parseModel } from '../../../lib/model/format.ts';
import type { Params } from '../../../lib/model/params.ts';
import type { SessionSetup } from '../../../lib/session.ts';
import type { TrainingSnapshot } from '../../../lib/trainer/protocol.ts';

/** The weights a new model starts from, and where they came from. */
export interface ModelSource {
  origin: ModelOrigin;
  setup: SessionSetup;
  params?: Params;
  /** Losses of the steps a kept model was trained. */
  history?: number[];
  /** A kept model's optimiser state, so its training goes on without a fresh Adam's jolt. */
  optimizer?: OptimizerSnapshot;
}

/**
 * The model to show for these settings, and the matching pretrained model (looked up even when
 * a kept model wins: after Reset, the status says whether one exists).
 */
export async function modelSource(
  state: LabState,
  modelsUrl: string,
): Promise<{ source: ModelSource; pretrained: PretrainedMatch | null }> {
  const setup = labSetup(state);
  const pretrained = await findPretrained(state, modelsUrl);
  const kept = readKeptModel(state);
  if (kept) {
    const { params, losses: history, optimizer } = kept;
    return { source: { origin: 'trained', setup, params, history, optimizer }, pretrained };
  }
  if (!pretrained) return { source: { origin: 'seed', setup }, pretrained };
  return { source: { origin: 'pretrained', setup, params: pretrained.params }, pretrained };
}

/** The first shipped pretrained model that matches the settings (the most specific file first). */
async function findPretrained(state: LabState, modelsUrl: string): Promise<PretrainedMatch | null> {
  for (const name of pretrainedNames(state)) {
    const match = matchingPretrained(await fetchPretrained(modelsUrl, state.variant, name), state);
    if (match) return match;
  }
  return null;
}

/** A model a link carried, as the lab's model: null without one, `misfit` when built for other settings. */
export function linkedSource(model: LinkedModel | null, state: LabState): ModelSource | 'misfit' | null {
  if (!model) return null;
  const setup = labSetup(state);
  const fields = Object.keys(setup.config) as Array<keyof typeof setup.config>;
  const fits = fields.every((field) => model.config[field] === setup.config[field]);
  return fits ? { origin: 'imported', setup, params: model.params } : 'misfit';
}

/** The config and weights of a model file's text (the trainer's export). */
export function modelOfFile(text: string): { config: ModelConfig; params: Params } {
  const { config, params } = parseModel(text);
  return { config, params };
}

/** The model kept for these settings, if any (and if it still fits them). */
export function readKeptModel(state: LabState): SavedModel | null {
  try {
    return decodeSavedModel(sessionStorage.getItem(savedModelKey(state)), labSetup(state).config);
  } catch {
    return null;
  }
}

/**
 * Keeps a snapshot of a model trained with these settings and the run's losses up to it,
 * replacing the model kept before for them. The optimiser state triples the text; when storage
 * has no room for it even after dropping the models kept for other settings, the weights and
 * losses alone are kept (training then resumes with a fresh Adam), and are tried first from then on.
 */
export function keepModel(state: LabState, snapshot: TrainingSnapshot, losses: readonly number[]): void {
  const { config } = labSetup(state);
  const model: SavedModel = {
    params: snapshot.params,
    losses: losses.slice(0, snapshot.step),
    optimizer: snapshot.optimizer,
  };
  const key = savedModelKey(state);
  const write = (withOptimizer: boolean) => {
    try {
      sessionStorage.setItem(key, encodeSavedModel(config, model, withOptimizer));
      return true;
    } catch {
      return false;
    }
  };
  if (model.optimizer && optimizerFits) {
    if (write(true)) return;
    // Storage full: make room by dropping models kept for other settings, else keep less from now on.
    forgetOtherModels(key);
    if (write(true)) return;
    optimizerFits = false;
  }
  if (!write(false)) forgetOtherModels(key);
}

/** Whether the optimiser state has fitted in storage so far (once it has not, it is not tried again). */
let optimizerFits = true;

/** Drops the models kept for settings other than `key`'s. */
function forgetOtherModels(key: string): void {
  try {
    const prefix = key.slice(0, key.indexOf('?') + 1);
    const others = Object.keys(sessionStorage).filter((name) => name.startsWith(prefix) && name !== key);
    for (const name of others) sessionStorage.removeItem(name);
  } catch {
    /* Storage unavailable: nothing is kept anyway. */
  }
}

/** Forgets the model kept for these settings (it went back to the seed's weights). */
export function forgetModel(state: LabState): void {
  try {
    sessionStorage.removeItem(savedModelKey(state));
  } catch {
    /* Storage unavailable: nothing was kept. */
  }
}
