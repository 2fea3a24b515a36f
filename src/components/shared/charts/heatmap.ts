/**
 * A small SVG heatmap (rows × cols of rects) with axis labels, theme-aware colours from
 * lib/chart-heatmap.ts, and an outlined cell for keyboard focus (moved with `moveCell` from
 * lib/chart-heatmap.ts). Used by the receptive field and the unrolled network.
 */
import type { Selection } from 'd3-selection';
import { diagonalRows, heatColor, heatmapCells, type HeatKind, type HeatmapLayout } from '../../../lib/chart.ts';
import { isDark } from '../page-runtime.ts';

/** What to draw: values row-major [rows, cols], and how to colour them. */
export interface HeatmapData {
  rows: number;
  cols: number;
  values: ArrayLike<number>;
  kind: HeatKind;
  /** Colour domain (sequential: [min, max]; diverging: symmetric around 0). */
  min: number;
  max: number;
  /** Columns from this index on are drawn empty (not revealed yet); default all shown. */
  visibleCols?: number;
}

/** Margins and axis captions. */
export interface HeatmapOptions {
  margin: { top: number; right: number; bottom: number; left: number };
  xLabel: string;
  yLabel: string;
  /** Tick every n rows/columns. */
  tickEvery: number;
  /** Aspect ratio height/width of the plot area. */
  aspect: number;
  /** Dashed diagonals s = t + offset, one per offset (e.g. [0] or [0, d]). */
  diagonals?: number[];
}

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

type Group = Selection<SVGGElement, unknown, null, undefined>;

/** A drawn heatmap's plot area: its cell layout and size. */
interface Plot {
  layout: HeatmapLayout;
  width: number;
  height: number;
}

/** Draws `data` into `svg` at `width` px; returns the cell layout for overlays. */
export function drawHeatmap(
  svg: Svg,
  width: number,
  data: HeatmapData,
  options: HeatmapOptions,
): HeatmapLayout & { height: number } {
  const { margin } = options;
  const plotWidth = Math.max(60, width - margin.left - margin.right);
  const plotHeight = Math.max(40, plotWidth * options.aspect);
  const height = plotHeight + margin.top + margin.bottom;
  svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  svg.selectAll('*').remove();
  const plot: Plot = {
    layout: heatmapCells(data.rows, data.cols, { width: plotWidth, height: plotHeight }),
    width: plotWidth,
    height: plotHeight,
  };
  const cells = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  drawCells(cells, plot, data);
  drawDiagonals(cells, plot, data, options.diagonals ?? []);
  drawAxes(svg, plot, data, options);
  return { ...plot.layout, height };
}

/** The coloured cells (only the visible columns) and a frame around them. */
function drawCells(cells: Group, { layout, width, height }: Plot, data: HeatmapData): void {
  const dark = isDark();
  const colour = { min: data.min, max: data.max, kind: data.kind, dark };
  const visible = data.visibleCols ?? data.cols;
  for (let row = 0; row < data.rows; row++) {
    for (let col = 0; col < visible; col++) {
      cells
        .append('rect')
        .attr('x', layout.x(col))
        .attr('y', layout.y(row))
        .attr('width', layout.cellWidth + 0.5)
        .attr('height', layout.cellHeight + 0.5)
        .attr('fill', heatColor(data.values[row * data.cols + col], colour));
    }
  }
  cells
    .append('rect')
    .attr('width', width)
    .attr('height', height)
    .attr('fill', 'none')
    .attr('class', 'frame')
    .attr('stroke', 'var(--sl-color-gray-5)');
}

/** Dashed diagonals s = t + offset. */
function drawDiagonals(cells: Group, { layout }: Plot, data: HeatmapData, offsets: number[]): void {
  for (const d of offsets) {
    const segment = diagonalRows(d, data.rows, data.cols);
    if (!segment) continue;
    cells
      .append('line')
      .attr('class', 'diagonal')
      .attr('x1', layout.x(segment.from + d))
      .attr('y1', layout.y(segment.from))
      .attr('x2', layout.x(segment.to + d))
      .attr('y2', layout.y(segment.to));
  }
}

/** Ticks every `tickEvery` rows and columns, and the axis captions. */
function drawAxes(svg: Svg, { layout, width, height }: Plot, data: HeatmapData, options: HeatmapOptions): void {
  const { margin } = options;
  for (let col = 0; col < data.cols; col += options.tickEvery) {
    svg
      .append('text')
      .attr('class', 'tick')
      .attr('x', margin.left + layout.x(col) + layout.cellWidth / 2)
      .attr('y', margin.top + height + 14)
      .attr('text-anchor', 'middle')
      .text(col);
  }
  for (let row = 0; row < data.rows; row += options.tickEvery) {
    svg
      .append('text')
      .attr('class', 'tick')
      .attr('x', margin.left - 5)
      .attr('y', margin.top + layout.y(row) + layout.cellHeight / 2)
      .attr('text-anchor', 'end')
      .attr('dominant-baseline', 'middle')
      .text(row);
  }
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', margin.left + width)
    .attr('y', margin.top + height + margin.bottom - 4)
    .attr('text-anchor', 'end')
    .text(options.xLabel);
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', 2)
    .attr('y', margin.top - 6)
    .text(options.yLabel);
}

/** Outlines one cell (keyboard focus) on top of a drawn heatmap. */
export function drawFocus(
  svg: Svg,
  layout: HeatmapLayout,
  margin: HeatmapOptions['margin'],
  row: number,
  col: number,
): void {
  svg
    .append('rect')
    .attr('class', 'cell-focus')
    .attr('x', margin.left + layout.x(col))
    .attr('y', margin.top + layout.y(row))
    .attr('width', layout.cellWidth)
    .attr('height', layout.cellHeight);
}

/** CSS gradient of a colour ramp for a legend swatch. */
export function rampGradient(kind: HeatKind): string {
  const dark = isDark();
  const stops = [0, 0.25, 0.5, 0.75, 1].map((offset) =>
    heatColor(kind === 'diverging' ? offset * 2 - 1 : offset, {
      min: kind === 'diverging' ? -1 : 0,
      max: 1,
      kind,
      dark,
    }),
  );
  return `linear-gradient(90deg, ${stops.join(', ')})`;
}
