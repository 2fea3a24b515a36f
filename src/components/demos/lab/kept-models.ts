/**
 * The lab's trained model, kept in the tab's sessionStorage (lib/demos/saved-model.ts holds the
 * format, lib/demos/lab.ts the key), so a language switch or a reload does not lose it.
 * Storage may be full or switched off: then nothing is kept, and nothing fails.
 */
import { savedModelKey, labSetup, type LabState } from '../../../lib/demos/lab.ts';
import { decodeSavedModel, encodeSavedModel, type SavedModel } from '../../../lib/demos/saved-model.ts';

/** The model kept for these settings, if any (and if it still fits them). */
export function readKeptModel(state: LabState): SavedModel | null {
  try {
    return decodeSavedModel(sessionStorage.getItem(savedModelKey(state)), labSetup(state).config);
  } catch {
    return null;
  }
}

/** Keeps a model trained with these settings, replacing the one kept before. */
export function keepModel(state: LabState, model: SavedModel): void {
  try {
    sessionStorage.setItem(savedModelKey(state), encodeSavedModel(labSetup(state).config, model));
  } catch {
    /* Storage full or unavailable: the model simply is not kept. */
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
