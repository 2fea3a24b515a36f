/**
 * Model files on the page: the shipped pretrained models (public/models/<variant>.json) and
 * downloading the current model. Parsing and validation live in lib/model/format.ts.
 */
import { parseModel } from '../../lib/model/format.ts';
import type { Params } from '../../lib/model/params.ts';
import type { LabState } from '../../lib/state.ts';

/** A pretrained model that matches the lab's settings. */
export interface PretrainedModel {
  params: Params;
  /** Its recorded test MSE over all steps. */
  mse: number;
}

/** Whether a model file's set-up is the one the lab state describes. */
function matches(model: ReturnType<typeof parseModel>, state: LabState): boolean {
  const { config, data } = model;
  return (
    config.variant === state.variant &&
    config.hiddenSize === state.hidden &&
    (config.variant !== 'delayed' || config.delay === state.delay) &&
    data.horizon === state.horizon &&
    data.noise === state.noise
  );
}

/**
 * The shipped pretrained model for the state's variant, or null when the settings differ from
 * the ones it was trained with (or it cannot be loaded).
 */
export async function loadPretrained(baseUrl: string, state: LabState): Promise<PretrainedModel | null> {
  try {
    const response = await fetch(`${baseUrl}${state.variant}.json`);
    if (!response.ok) return null;
    const model = parseModel(await response.text());
    if (!matches(model, state)) return null;
    return { params: model.params, mse: model.metrics?.mse ?? NaN };
  } catch {
    return null;
  }
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
