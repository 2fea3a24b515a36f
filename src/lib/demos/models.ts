/**
 * The models the demos show: the shipped pretrained files (`<models>/<variant>.json`) and the
 * seed's untrained weights in their place. Fetching uses the standard `fetch`, so this runs on
 * the page, in a worker or in Node.
 */
import { parseModel, type ModelFile } from '../model/format.ts';
import { makeConfig, type ModelConfig, type Variant } from '../model/config.ts';
import { seededParams, type Params } from '../model/params.ts';

/** A model to look at: its config and float64 parameters, and whether it is the pretrained one. */
export interface LoadedModel {
  config: ModelConfig;
  params: Params;
  pretrained: boolean;
}

/** Untrained weights of a variant (the original's sizes) from `seed`. */
export function untrainedModel(variant: Variant, seed: number): LoadedModel {
  const config = makeConfig(variant);
  return { config, params: seededParams(config, seed), pretrained: false };
}

/**
 * A pretrained model file's text, parsed, if it is the file of `variant` (one input feature);
 * null for anything else, so a wrong or damaged file falls back to untrained weights.
 */
export function pretrainedFromText(text: string, variant: Variant): ModelFile | null {
  try {
    const model = parseModel(text);
    return model.config.variant === variant && model.config.inputSize === 1 ? model : null;
  } catch {
    return null;
  }
}

/**
 * The shipped pretrained model file of a variant (`<modelsUrl><variant>.json`), parsed, or null
 * when it cannot be fetched or is not that variant's model. `name` picks another shipped file
 * of the variant, e.g. `original` (the original post's run, a synced model).
 */
export async function fetchPretrained(
  modelsUrl: string,
  variant: Variant,
  name: string = variant,
): Promise<ModelFile | null> {
  try {
    const response = await fetch(`${modelsUrl}${name}.json`);
    return response.ok ? pretrainedFromText(await response.text(), variant) : null;
  } catch {
    return null;
  }
}

/** Which weights a demo shows: the shipped pretrained model, or the untrained weights of seed 1. */
export const WEIGHT_CHOICES = ['pretrained', 'init'] as const;

/** One of {@link WEIGHT_CHOICES}. */
export type WeightChoice = (typeof WEIGHT_CHOICES)[number];

/**
 * The model a demo shows for a variant and a weight choice. A pretrained model that cannot be
 * loaded falls back to the untrained weights (`pretrained: false` says so).
 */
export async function modelToShow(modelsUrl: string, variant: Variant, weights: WeightChoice): Promise<LoadedModel> {
  const file = weights === 'pretrained' ? await fetchPretrained(modelsUrl, variant) : null;
  return file ? { config: file.config, params: file.params, pretrained: true } : untrainedModel(variant, 1);
}
