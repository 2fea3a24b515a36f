/**
 * Chart maths: domains, scales, ticks and layout for the demos' SVG charts.
 * Returns numbers and d3-scale objects only; drawing happens elsewhere, so everything here
 * runs without a DOM (Node tests, workers, pages).
 */

import { scaleLinear, scaleLog, type ScaleLinear, type ScaleLogarithmic } from 'd3-scale';
import { formatNumber, type SeriesPoint } from './chart-paths.ts';

/** Inner padding of a chart, in pixels. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Outer size of a chart in pixels, with optional margins (default {@link DEFAULT_MARGIN}). */
export interface ChartBox {
  width: number;
  height: number;
  margin?: Margin;
}

/** `linear` or `log` value axis. */
export type ScaleKind = 'linear' | 'log';

/** A numeric d3 scale of either kind. */
export type ValueScale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

/** Margins used when a {@link ChartBox} gives none: room for y labels left, x labels below. */
export const DEFAULT_MARGIN: Margin = { top: 8, right: 12, bottom: 24, left: 44 };

/** Smallest value a log axis shows; zeros and negatives are drawn at this floor. */
export const LOG_FLOOR = 1e-8;

/** Shared y-domain of the target-vs-prediction small multiples (sine in [-1, 1] plus room). */
export const SERIES_Y_DOMAIN: readonly [number, number] = [-1.3, 1.3];

/** Pixel extents of the plotting area: x from left to right, y from bottom up to top. */
export function plotArea(box: ChartBox): { x: [number, number]; y: [number, number] } {
  const margin = box.margin ?? DEFAULT_MARGIN;
  const right = Math.max(margin.left, box.width - margin.right);
  const bottom = Math.max(margin.top, box.height - margin.bottom);
  return { x: [margin.left, right], y: [bottom, margin.top] };
}

/**
 * Smallest "nice" number 1, 2 or 5 × 10^k that is ≥ `value` (value > 0; else 1).
 * Used so domains grow in visible jumps, not on every training step: 7 → 10, 130 → 200.
 */
export function niceCeil(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 5, 10]) {
    const candidate = factor * power;
    if (candidate >= value * (1 - 1e-12)) return candidate;
  }
  return 10 * power;
}

/** Minimum and maximum of the finite values, or null when there are none. */
export function finiteExtent(values: ArrayLike<number>): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? [min, max] : null;
}

/** Clamps a value for a log axis: non-positive or tiny values become `floor`; NaN stays NaN. */
export function clampForLog(value: number, floor: number = LOG_FLOOR): number {
  if (Number.isNaN(value)) return NaN;
  return value > floor ? value : floor;
}

/**
 * Linear domain covering the values, widened to nice numbers and always including 0:
 * [0, niceCeil(max)] for non-negative data, [-niceCeil(-min), niceCeil(max)] otherwise.
 */
export function linearDomain(values: ArrayLike<number>): [number, number] {
  const extent = finiteExtent(values);
  if (!extent) return [0, 1];
  const low = extent[0] < 0 ? -niceCeil(-extent[0]) : 0;
  const high = extent[1] > 0 ? niceCeil(extent[1]) : 0;
  return high > low ? [low, high] : [low, low + 1];
}

/**
 * Log domain covering the values in whole decades, e.g. [1e-4, 1e0] for losses 3e-4..0.7.
 * Values ≤ `floor` count as `floor`, so zeros and negatives never produce -Infinity.
 * No finite values → [1e-3, 1].
 */
export function logDomain(values: ArrayLike<number>, floor: number = LOG_FLOOR): [number, number] {
  const extent = finiteExtent(values);
  if (!extent) return [1e-3, 1];
  const low = 10 ** Math.floor(Math.log10(clampForLog(extent[0], floor)));
  const high = 10 ** Math.ceil(Math.log10(clampForLog(extent[1], floor)));
  return high > low ? [low, high] : [low, low * 10];
}

/** Union of two domains, so a chart's domain only ever grows while training runs. */
export function growDomain(
  previous: readonly [number, number] | null,
  next: readonly [number, number],
): [number, number] {
  if (!previous) return [next[0], next[1]];
  return [Math.min(previous[0], next[0]), Math.max(previous[1], next[1])];
}

/** A value scale together with a safe pixel mapping for raw data values. */
export interface ValueAxis {
  scale: ValueScale;
  kind: ScaleKind;
  /** Pixel position of a data value; log axes clamp to the floor first; non-finite → NaN. */
  pixel: (value: number) => number;
}

/**
 * Builds a y (or x) value axis of the given kind over `domain`, mapped onto `range` pixels.
 * The log kind clamps values below `floor` (including 0 and negatives) to the floor.
 */
export function valueAxis(
  kind: ScaleKind,
  domain: readonly [number, number],
  range: readonly [number, number],
  floor: number = LOG_FLOOR,
): ValueAxis {
  if (kind === 'log') {
    const scale = scaleLog()
      .domain([clampForLog(domain[0], floor), clampForLog(domain[1], floor)])
      .range([range[0], range[1]])
      .clamp(true);
    return { scale, kind, pixel: (value) => (Number.isFinite(value) ? scale(clampForLog(value, floor)) : NaN) };
  }
  const scale = scaleLinear().domain([domain[0], domain[1]]).range([range[0], range[1]]);
  return { scale, kind, pixel: (value) => (Number.isFinite(value) ? scale(value) : NaN) };
}

/** Options of {@link lossScales}. */
export interface LossScaleOptions {
  /** Planned run length: fixes the x domain to [0, totalSteps] instead of growing it. */
  totalSteps?: number;
  /** Log floor (default {@link LOG_FLOOR}). */
  floor?: number;
  /** Previous y domain to grow from (keeps the axis steady while the loss falls). */
  previousY?: readonly [number, number] | null;
}

/** Scales of the loss chart. */
export interface LossScales {
  /** Step → pixel, domain [0, niceCeil(last step)] or [0, totalSteps]. */
  x: ScaleLinear<number, number>;
  /** Loss axis (linear or log). */
  y: ValueAxis;
}

/**
 * Scales of the loss chart: x = training step, y = loss.
 * @param points loss history as `{x: step, y: loss}`; non-finite losses are ignored.
 * @param kind `log` (zeros clamp to the floor) or `linear` (domain includes 0).
 */
export function lossScales(
  box: ChartBox,
  points: ReadonlyArray<SeriesPoint>,
  kind: ScaleKind,
  options: LossScaleOptions = {},
): LossScales {
  const area = plotArea(box);
  const lastStep = points.reduce((max, point) => Math.max(max, point.x), 0);
  const xEnd = options.totalSteps && options.totalSteps > 0 ? options.totalSteps : niceCeil(lastStep);
  const x = scaleLinear().domain([0, xEnd]).range(area.x);
  const losses = points.map((point) => point.y);
  const floor = options.floor ?? LOG_FLOOR;
  const domain = kind === 'log' ? logDomain(losses, floor) : linearDomain(losses);
  const yDomain = growDomain(options.previousY ?? null, domain);
  return { x, y: valueAxis(kind, yDomain, area.y, floor) };
}

/**
 * Scales of a per-time-step chart: x = index 0..length-1 across the plot, y over `yDomain`.
 * Used by the small multiples (linear, {@link SERIES_Y_DOMAIN}) and the per-step error
 * chart (log, domain from {@link logDomain}).
 */
export function stepScales(
  box: ChartBox,
  length: number,
  yDomain: readonly [number, number] = SERIES_Y_DOMAIN,
  kind: ScaleKind = 'linear',
): { x: ScaleLinear<number, number>; y: ValueAxis } {
  const area = plotArea(box);
  const x = scaleLinear()
    .domain([0, Math.max(1, length - 1)])
    .range(area.x);
  return { x, y: valueAxis(kind, yDomain, area.y) };
}

/** One axis tick: data value, pixel position and display label. */
export interface Tick {
  value: number;
  position: number;
  label: string;
}

/** Powers of ten inside [low, high] (inclusive, tolerant to rounding), ascending. */
export function decadesIn(low: number, high: number): number[] {
  const decades: number[] = [];
  if (!(low > 0) || !(high >= low)) return decades;
  const first = Math.ceil(Math.log10(low) - 1e-9);
  const last = Math.floor(Math.log10(high) + 1e-9);
  for (let exponent = first; exponent <= last; exponent++) decades.push(10 ** exponent);
  return decades;
}

/**
 * About `count` ticks for a scale. Log scales spanning ≥ 2 decades get powers of ten
 * only (thinned to at most `count`); other scales use d3's nice ticks.
 * Labels come from {@link formatNumber} (e.g. '1e-4', '0.5', '200').
 */
export function ticksFor(scale: ValueScale, count: number = 5, locale?: string): Tick[] {
  const wanted = Math.max(1, Math.floor(count));
  let values: number[] = scale.ticks(wanted);
  if ('base' in scale) {
    const [start, end] = scale.domain() as [number, number];
    const decades = decadesIn(Math.min(start, end), Math.max(start, end));
    if (decades.length >= 2) values = decades;
    const stride = Math.ceil(values.length / wanted);
    values = values.filter((_, index) => index % stride === 0);
  }
  return values.map((value) => ({ value, position: scale(value), label: formatNumber(value, locale) }));
}

/** A rectangle in pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Layout of `count` small charts in a grid of `columns` (e.g. 9 in 3×3), filling
 * `box.width × box.height` with `gap` pixels between cells. Cells are in row-major order.
 */
export function gridCells(
  count: number,
  columns: number,
  box: { width: number; height: number },
  gap: number = 8,
): Rect[] {
  const cols = Math.max(1, Math.floor(columns));
  const rows = Math.max(1, Math.ceil(count / cols));
  const width = Math.max(0, (box.width - gap * (cols - 1)) / cols);
  const height = Math.max(0, (box.height - gap * (rows - 1)) / rows);
  return Array.from({ length: Math.max(0, count) }, (_, index) => ({
    x: (index % cols) * (width + gap),
    y: Math.floor(index / cols) * (height + gap),
    width,
    height,
  }));
}
