/**
 * Heatmap maths: value → colour for sequential and diverging data in light and dark themes,
 * colour domains and cell layout. Used for the |∂ŷ_t/∂x_s| matrix and hidden-state columns.
 */

/** An RGB colour with channels 0..255. */
type Rgb = readonly [number, number, number];

/** `sequential` for magnitudes (low → high), `diverging` for signed data around `center`. */
export type HeatKind = 'sequential' | 'diverging';

/** Options of {@link heatColor}. */
export interface HeatColorOptions {
  /** Value drawn with the first colour. */
  min: number;
  /** Value drawn with the last colour. */
  max: number;
  kind: HeatKind;
  /** Dark theme: low/neutral values fade into a dark background instead of a light one. */
  dark: boolean;
  /** Diverging only: the neutral value (default 0, clamped into [min, max]). */
  center?: number;
}

/**
 * Colour ramps, first stop = low end. Sequential low ends match the page background so
 * empty cells disappear; diverging midpoints are neutral (blue ← neutral → red).
 */
const RAMPS: Record<HeatKind, Record<'light' | 'dark', readonly Rgb[]>> = {
  sequential: {
    light: [
      [247, 251, 255],
      [198, 219, 239],
      [107, 174, 214],
      [33, 113, 181],
      [8, 48, 107],
    ],
    dark: [
      [17, 20, 33],
      [34, 94, 168],
      [29, 145, 192],
      [127, 205, 187],
      [255, 255, 204],
    ],
  },
  diverging: {
    light: [
      [33, 102, 172],
      [146, 197, 222],
      [247, 247, 247],
      [244, 165, 130],
      [178, 24, 43],
    ],
    dark: [
      [120, 180, 255],
      [40, 90, 170],
      [28, 28, 32],
      [170, 55, 45],
      [255, 140, 100],
    ],
  },
};

/** Colour of missing (non-finite) values: a mid grey readable on both themes. */
export const MISSING_COLOR = 'rgb(128, 128, 128)';

/** Interpolates a ramp at t ∈ [0, 1] (clamped), channels rounded to integers. */
function sampleRamp(ramp: readonly Rgb[], t: number): Rgb {
  const position = Math.min(1, Math.max(0, t)) * (ramp.length - 1);
  const index = Math.min(ramp.length - 2, Math.floor(position));
  const local = position - index;
  const [from, to] = [ramp[index], ramp[index + 1]];
  const mix = (channel: 0 | 1 | 2) => Math.round(from[channel] + (to[channel] - from[channel]) * local);
  return [mix(0), mix(1), mix(2)];
}

/** Position of `value` on the ramp in [0, 1]: linear for sequential, split at center for diverging. */
function rampPosition(value: number, options: HeatColorOptions): number {
  const { min, max } = options;
  if (options.kind === 'sequential') return max > min ? (value - min) / (max - min) : 0;
  const center = Math.min(max, Math.max(min, options.center ?? 0));
  if (value >= center) return max > center ? 0.5 + (0.5 * (value - center)) / (max - center) : 0.5;
  return center > min ? 0.5 - (0.5 * (center - value)) / (center - min) : 0.5;
}

/**
 * CSS colour of a heatmap value, e.g. 'rgb(8, 48, 107)'. Values outside [min, max] are
 * clamped to the end colours; non-finite values give {@link MISSING_COLOR}.
 * Sequential: min → background-like colour, max → strongest colour.
 * Diverging: min → blue, center → neutral (near the background), max → red.
 */
export function heatColor(value: number, options: HeatColorOptions): string {
  if (!Number.isFinite(value)) return MISSING_COLOR;
  const ramp = RAMPS[options.kind][options.dark ? 'dark' : 'light'];
  const [r, g, b] = sampleRamp(ramp, rampPosition(value, options));
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * `count` evenly spaced colours from min to max, for a legend gradient
 * (`<stop offset=i/(count-1) stop-color=…>`).
 */
export function heatLegend(
  options: HeatColorOptions,
  count: number = 5,
): Array<{ offset: number; value: number; color: string }> {
  const steps = Math.max(2, Math.floor(count));
  return Array.from({ length: steps }, (_, index) => {
    const offset = index / (steps - 1);
    const value = options.min + (options.max - options.min) * offset;
    return { offset, value, color: heatColor(value, options) };
  });
}

/**
 * Colour domain of a matrix: sequential → [0, max] (or [min, max] if some value is
 * negative); diverging → symmetric [-m, m] with m = max |value|. Non-finite values are
 * skipped; an all-zero or empty matrix gives [0, 1] / [-1, 1].
 */
export function heatDomain(values: ArrayLike<number>, kind: HeatKind): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  if (min > max) return kind === 'diverging' ? { min: -1, max: 1 } : { min: 0, max: 1 };
  if (kind === 'diverging') {
    const extent = Math.max(Math.abs(min), Math.abs(max)) || 1;
    return { min: -extent, max: extent };
  }
  const low = Math.min(0, min);
  return { min: low, max: max > low ? max : low + 1 };
}

/** Cell geometry of a heatmap. */
export interface HeatmapLayout {
  cellWidth: number;
  cellHeight: number;
  /** Left edge of column `col` in pixels. */
  x: (col: number) => number;
  /** Top edge of row `row` in pixels. */
  y: (row: number) => number;
}

/**
 * Splits `size` into a rows × cols grid of equal cells (row 0 at the top, col 0 at the
 * left). Cells are never narrower than 0; a zero row or column count yields 0-sized cells.
 */
export function heatmapCells(rows: number, cols: number, size: { width: number; height: number }): HeatmapLayout {
  const cellWidth = cols > 0 ? Math.max(0, size.width) / cols : 0;
  const cellHeight = rows > 0 ? Math.max(0, size.height) / rows : 0;
  return { cellWidth, cellHeight, x: (col) => col * cellWidth, y: (row) => row * cellHeight };
}

/**
 * Cell under a pointer position (for tooltips), or null outside the grid.
 * @returns `{row, col}` with integer indices.
 */
export function cellAt(
  layout: HeatmapLayout,
  rows: number,
  cols: number,
  px: number,
  py: number,
): { row: number; col: number } | null {
  if (!(layout.cellWidth > 0) || !(layout.cellHeight > 0)) return null;
  const col = Math.floor(px / layout.cellWidth);
  const row = Math.floor(py / layout.cellHeight);
  return row >= 0 && row < rows && col >= 0 && col < cols ? { row, col } : null;
}

/** A cell position in a heatmap. */
export interface Cell {
  row: number;
  col: number;
}

/**
 * Keyboard movement of a focused cell within rows × cols: arrow keys move one cell (stopping
 * at the edges), Home and End jump to the row's first and last column. Null when the key is
 * not a move.
 */
export function moveCell(key: string, cell: Cell, rows: number, cols: number): Cell | null {
  const moves: Record<string, [number, number]> = {
    ArrowUp: [-1, 0],
    ArrowDown: [1, 0],
    ArrowLeft: [0, -1],
    ArrowRight: [0, 1],
  };
  if (key === 'Home') return { row: cell.row, col: 0 };
  if (key === 'End') return { row: cell.row, col: cols - 1 };
  const move = moves[key];
  if (!move) return null;
  return {
    row: Math.max(0, Math.min(rows - 1, cell.row + move[0])),
    col: Math.max(0, Math.min(cols - 1, cell.col + move[1])),
  };
}

/**
 * The part of the diagonal s = t + `offset` (col = row + offset) inside a rows × cols grid, as
 * the first row and the row after the last; null when it misses the grid.
 */
export function diagonalRows(offset: number, rows: number, cols: number): { from: number; to: number } | null {
  const from = Math.max(0, -offset);
  const to = Math.min(rows, cols - offset);
  return to > from ? { from, to } : null;
}

/** One labelled tick of a colour legend: its position along the ramp in [0, 1] and its value. */
export interface LegendTick {
  offset: number;
  value: number;
}

/**
 * Ticks of a logarithmic colour legend spanning `decades` decades below `max` (as the receptive
 * field's colours do): one per decade, from max·10^-decades (offset 0; anything smaller has the
 * same colour) to max (offset 1). Empty when max is not a positive finite number.
 */
export function logLegendTicks(max: number, decades: number): LegendTick[] {
  if (!(max > 0) || !Number.isFinite(max) || !(decades >= 1)) return [];
  const steps = Math.floor(decades);
  return Array.from({ length: steps + 1 }, (_, k) => ({ offset: k / steps, value: max * 10 ** (k - steps) }));
}

/** Ticks of a linear colour legend over [min, max]: `count` evenly spaced values, ends included. */
export function linearLegendTicks(min: number, max: number, count = 5): LegendTick[] {
  const steps = Math.max(1, Math.floor(count) - 1);
  return Array.from({ length: steps + 1 }, (_, k) => ({ offset: k / steps, value: min + ((max - min) * k) / steps }));
}
