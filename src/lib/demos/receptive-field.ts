/**
 * The receptive-field demo's pure side: its settings (URL keys `rf.variant`, `rf.model`,
 * `rf.window`, `rf.gradient`), the input window it differentiates, and the logarithmic colour
 * scale of its heatmap.
 */
import { DATA_DEFAULTS, sineWindow } from '../data.ts';
import { VARIANTS } from '../model/config.ts';
import { defineSchema, type StateOf } from '../state.ts';
import { WEIGHT_CHOICES } from './models.ts';
import type { Preset } from './teacher.ts';

/** Where the gradients come from: the hand-derived backward pass, or TensorFlow.js autodiff. */
export const GRADIENT_SOURCES = ['scratch', 'tfjs'] as const;

/** Input windows to choose from (phases 2π·k/8). */
export const RF_WINDOWS = 8;

/** URL keys `rf.variant`, `rf.model`, `rf.window`, `rf.gradient`. */
export const RF_SCHEMA = defineSchema(
  {
    variant: { kind: 'enum', values: VARIANTS, default: 'synced' },
    model: { kind: 'enum', values: WEIGHT_CHOICES, default: 'pretrained' },
    window: { kind: 'int', min: 0, max: RF_WINDOWS - 1, default: 1 },
    gradient: { kind: 'enum', values: GRADIENT_SOURCES, default: 'scratch' },
  },
  { prefix: 'rf.' },
);

/** The receptive field's settings. */
export type RfState = StateOf<typeof RF_SCHEMA>;

/** One click each: the three trained variants side by side in time, and the untrained synced model. */
export const RF_PRESETS: readonly Preset<typeof RF_SCHEMA>[] = [
  { id: 'synced', label: 'rf.preset.synced', values: { variant: 'synced', model: 'pretrained' } },
  { id: 'delayed', label: 'rf.preset.delayed', values: { variant: 'delayed', model: 'pretrained' } },
  { id: 'bidirectional', label: 'rf.preset.bidirectional', values: { variant: 'bidirectional', model: 'pretrained' } },
  { id: 'untrained', label: 'rf.preset.untrained', values: { variant: 'synced', model: 'init' } },
];

/** Decades of |gradient| the colour scale spans below the largest value. */
export const RF_DECADES = 4;

/** The noise-free input window x [T] number `window` (phase 2π·window/8). */
export function rfInput(windowSize: number, window: number): Float64Array {
  return sineWindow(DATA_DEFAULTS, windowSize, (2 * Math.PI * window) / RF_WINDOWS).x;
}

/** The window after `window`, wrapping around. */
export function nextRfWindow(window: number): number {
  return (window + 1) % RF_WINDOWS;
}

/**
 * Maps |grad| values to colour positions in [0, 1] on a log scale spanning `decades` decades
 * below the largest value: the largest is 1, anything `decades` decades smaller (or 0) is 0.
 */
export function logColours(matrix: ArrayLike<number>, decades = RF_DECADES): Float64Array {
  let max = 0;
  for (let i = 0; i < matrix.length; i++) max = Math.max(max, matrix[i]);
  return Float64Array.from(matrix, (value) =>
    value > 0 && max > 0 ? Math.max(0, 1 + Math.log10(value / max) / decades) : 0,
  );
}

/** Steps shown in the numbers table: every `every`th of `size`, from 0. */
export function tableSteps(size: number, every = 8): number[] {
  return Array.from({ length: Math.ceil(size / every) }, (_, index) => index * every);
}
