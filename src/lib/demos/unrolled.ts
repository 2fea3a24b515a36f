/**
 * The unrolled-network demo's pure side: its settings (URL keys `un.model`, `un.t`) and one
 * window traced through the network — the input, every hidden state and every prediction.
 */
import { DATA_DEFAULTS, sineWindow } from '../data.ts';
import { hiddenStates } from '../model/scratch.ts';
import { defineSchema, type StateOf } from '../state.ts';
import { WEIGHT_CHOICES, type LoadedModel } from './models.ts';
import type { Preset } from './teacher.ts';

/** URL keys `un.model` and `un.t`. */
export const UNROLLED_SCHEMA = defineSchema(
  {
    model: { kind: 'enum', values: WEIGHT_CHOICES, default: 'pretrained' },
    t: { kind: 'int', min: 0, max: 1023, default: 0 },
  },
  { prefix: 'un.' },
);

/** The unrolled demo's settings. */
export type UnrolledState = StateOf<typeof UNROLLED_SCHEMA>;

/**
 * One click each: the trained model at the first step (nothing remembered yet) and once its
 * memory has filled (t = 16), and the untrained model at the same step.
 */
export const UNROLLED_PRESETS: readonly Preset<typeof UNROLLED_SCHEMA>[] = [
  { id: 'start', label: 'un.preset.start', values: { model: 'pretrained', t: 0 } },
  { id: 'settled', label: 'un.preset.settled', values: { model: 'pretrained', t: 16 } },
  { id: 'untrained', label: 'un.preset.untrained', values: { model: 'init', t: 16 } },
];

/** Phase of the window the demo traces. */
const TRACE_PHASE = 1;

/** One window with everything the view shows. */
export interface Trace {
  model: LoadedModel;
  /** Input x [T]. */
  x: Float64Array;
  /** Target y [T]. */
  target: Float64Array;
  /** Prediction ŷ [T]. */
  prediction: Float64Array;
  /** Hidden states transposed to [H, T] (one row per unit) for the heatmap. */
  hidden: Float64Array;
  H: number;
  T: number;
}

/** Runs the model's forward pass over the demo's window and keeps every state. */
export function traceWindow(model: LoadedModel): Trace {
  const T = model.config.window;
  const H = model.config.hiddenSize;
  const { x, y } = sineWindow(DATA_DEFAULTS, T, TRACE_PHASE);
  const states = hiddenStates(model.config, model.params, x);
  const hidden = new Float64Array(H * T);
  for (let s = 0; s < T; s++) {
    for (let unit = 0; unit < H; unit++) hidden[unit * T + s] = states.forward[s * H + unit];
  }
  return { model, x, target: y, prediction: states.predictions, hidden, H, T };
}

/** Step `t` rounded and kept within a window of `T` steps. */
export function clampStep(t: number, T: number): number {
  return Math.max(0, Math.min(T - 1, Math.round(t)));
}

/** What the figure's readout points at: time step `t`, and one hidden unit or (null) the lanes. */
export interface UnrolledCursor {
  t: number;
  unit: number | null;
}

/** Where the heatmap's cells are drawn: its top-left corner and cell size, in the figure's units. */
export interface HeatGeometry {
  left: number;
  top: number;
  cellWidth: number;
  cellHeight: number;
}

/**
 * The readout's point under (x, y): the hidden value of the cell there, or the time step across
 * the lanes above and below; null left or right of the steps shown so far (0…`step`).
 */
export function cursorAt(
  geometry: HeatGeometry,
  x: number,
  y: number,
  step: number,
  units: number,
): UnrolledCursor | null {
  if (!(geometry.cellWidth > 0) || !(geometry.cellHeight > 0)) return null;
  const t = Math.floor((x - geometry.left) / geometry.cellWidth);
  if (t < 0 || t > step) return null;
  const row = Math.floor((y - geometry.top) / geometry.cellHeight);
  return { t, unit: row >= 0 && row < units ? row : null };
}

/**
 * Where a key moves the readout, within the steps shown so far (0…`step`): ←/→ one step,
 * Home/End the first and the current step, ↓ from the lanes into the hidden units and down them,
 * ↑ back up and out to the lanes. Null when the key is not a move.
 */
export function moveCursor(key: string, cursor: UnrolledCursor, step: number, units: number): UnrolledCursor | null {
  const t = Math.min(cursor.t, step);
  const unit = cursor.unit;
  switch (key) {
    case 'ArrowLeft':
      return { t: Math.max(0, t - 1), unit };
    case 'ArrowRight':
      return { t: Math.min(step, t + 1), unit };
    case 'Home':
      return { t: 0, unit };
    case 'End':
      return { t: step, unit };
    case 'ArrowDown':
      return { t, unit: unit === null ? 0 : Math.min(units - 1, unit + 1) };
    case 'ArrowUp':
      return { t, unit: unit === null || unit === 0 ? null : unit - 1 };
    default:
      return null;
  }
}

/**
 * The recurrence at step `t` in the chapter's notation (KaTeX source): the pre-activation from
 * the input and the previous state, then the state; at t = 0 the previous state is h^{(-1)} = 0.
 */
export function equationTex(t: number): string {
  const start = t === 0 ? String.raw`, \qquad h^{(-1)} = 0` : '';
  return String.raw`\begin{aligned} a^{(${t})} &= x^{(${t})} W_{xh} + h^{(${t - 1})} W_{hh} + b_h \\ h^{(${t})} &= \tanh\left( a^{(${t})} \right)${start} \end{aligned}`;
}

/** The same equation as plain text, shown until KaTeX has loaded (or if it cannot). */
export function equationText(t: number): string {
  const start = t === 0 ? ',  h(−1) = 0' : '';
  return `a(${t}) = x(${t})·Wxh + h(${t - 1})·Whh + bh;  h(${t}) = tanh(a(${t}))${start}`.replace(/-1/g, '−1');
}
