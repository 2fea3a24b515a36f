/**
 * Model files on the page: the shipped pretrained models (public/models/<variant>.json),
 * untrained stand-ins, and downloading the current model. Parsing and validation live in
 * src/lib/model/format.ts.
 */
import { parseModel, type ModelFile } from '../lib/model/format.ts';
import { ORIGINAL_CONFIG, type ModelConfig, type Variant } from '../lib/model/config.ts';
import { seededParams, type Params } from '../lib/model/params.ts';

/** A model to look at: its config and float64 parameters, and whether it is the pretrained one. */
export interface LoadedModel {
  config: ModelConfig;
  params: Params;
  pretrained: boolean;
}

/** The default config of a variant (T = 64, H = O = 32; delayed uses d = 8). */
export function variantConfig(variant: Variant, delay = 8): ModelConfig {
  return { ...ORIGINAL_CONFIG, variant, delay: variant === 'delayed' ? delay : 0 };
}

/** Untrained Glorot-uniform weights of a variant from `seed`. */
export function untrainedModel(variant: Variant, seed: number): LoadedModel {
  const config = variantConfig(variant);
  return { config, params: seededParams(config, seed), pretrained: false };
}

/**
 * The shipped pretrained model file of a variant (`<modelsUrl><variant>.json`), parsed, or null
 * when it cannot be fetched or parsed.
 */
export async function fetchPretrained(modelsUrl: string, variant: Variant): Promise<ModelFile | null> {
  try {
    const response = await fetch(`${modelsUrl}${variant}.json`);
    if (!response.ok) return null;
    const model = parseModel(await response.text());
    return model.config.variant === variant && model.config.inputSize === 1 ? model : null;
  } catch {
    return null;
  }
}

/** The pretrained model of a variant as a {@link LoadedModel}, or null (use {@link untrainedModel}). */
export async function loadPretrained(modelsUrl: string, variant: Variant): Promise<LoadedModel | null> {
  const model = await fetchPretrained(modelsUrl, variant);
  return model ? { config: model.config, params: model.params, pretrained: true } : null;
}

/** Offers `text` to the reader as a downloaded file. */
export function saveText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
