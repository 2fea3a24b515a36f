/**
 * Page-side helpers shared by the variants and "inside the network" islands: translated
 * strings, URL state, theme detection, lazy start on visibility, model loading and sine
 * windows. Framework-free apart from the DOM; maths lives in src/lib.
 */
import { translate, type Dictionary, type UiKey } from '../../i18n/index.ts';
import { decodeState, mergeIntoQuery, clampState, type Schema, type StateOf } from '../../lib/state.ts';
import { parseModel } from '../../lib/model/format.ts';
import { ORIGINAL_CONFIG, type ModelConfig, type Variant } from '../../lib/model/config.ts';
import { initParams, type Params } from '../../lib/model/params.ts';
import { DATA_DEFAULTS } from '../../lib/data.ts';
import { createRng } from '../../lib/rng.ts';

/** Reads the dictionary an island was rendered with (`data-strings`). */
export function readStrings(root: HTMLElement): (key: UiKey, values?: Record<string, string | number>) => string {
  const strings = JSON.parse(root.dataset.strings ?? '{}') as Dictionary;
  return (key, values = {}) => translate(strings, key, values);
}

/** A schema-bound piece of URL state: read once, written back with `history.replaceState`. */
export class UrlState<S extends Schema> {
  state: StateOf<S>;
  private readonly schema: S;

  constructor(schema: S) {
    this.schema = schema;
    this.state = decodeState(schema, location.search).state;
  }

  /** Validates `values` into the state (clamping like the lab) and updates the address bar. */
  update(values: Partial<Record<keyof S['fields'], unknown>>): StateOf<S> {
    this.state = clampState(this.schema, values, this.state).state;
    const query = mergeIntoQuery(this.schema, this.state, location.search);
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    return this.state;
  }
}

/** Whether Starlight's dark theme is active. */
export function isDark(): boolean {
  return document.documentElement.dataset.theme === 'dark';
}

/** Calls `callback` whenever the page theme (light/dark) changes. */
export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

/** Runs `start` once, when `element` comes within 200 px of the viewport. */
export function whenVisible(element: HTMLElement, start: () => void): void {
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    start();
  }, { rootMargin: '200px' });
  observer.observe(element);
}

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
  return { config, params: initParams(config, createRng(seed)), pretrained: false };
}

/**
 * The shipped pretrained model `<modelsUrl><variant>.json`, or null if it cannot be fetched or
 * parsed (the caller then falls back to {@link untrainedModel}).
 */
export async function loadPretrained(modelsUrl: string, variant: Variant): Promise<LoadedModel | null> {
  try {
    const response = await fetch(`${modelsUrl}${variant}.json`);
    if (!response.ok) return null;
    const model = parseModel(await response.text());
    if (model.config.variant !== variant || model.config.inputSize !== 1) return null;
    return { config: model.config, params: model.params, pretrained: true };
  } catch {
    return null;
  }
}

/**
 * One sine window of the task, x [T] and target y [T] (horizon 8, 2 cycles), with phase φ:
 * x_t = sin(2π·cycles·t/T + φ), y_t = x_{t+horizon}.
 */
export function sineWindow(window: number, phase: number): { x: Float64Array; y: Float64Array } {
  const { cycles, horizon } = DATA_DEFAULTS;
  const angle = (t: number) => (2 * Math.PI * cycles * t) / window + phase;
  return {
    x: Float64Array.from({ length: window }, (_, t) => Math.sin(angle(t))),
    y: Float64Array.from({ length: window }, (_, t) => Math.sin(angle(t + horizon))),
  };
}

/** Builds an element with a class and optional text. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** Replaces a table body with rows of text cells (the first cell as a row header when `header`). */
export function fillTable(body: HTMLTableSectionElement, rows: string[][], header = true): void {
  body.replaceChildren(...rows.map((cells) => {
    const row = document.createElement('tr');
    cells.forEach((text, index) => row.append(element(index === 0 && header ? 'th' : 'td', '', text)));
    if (header) row.firstElementChild?.setAttribute('scope', 'row');
    return row;
  }));
}
