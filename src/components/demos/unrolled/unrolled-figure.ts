/**
 * The unrolled network's figure: the input lane x_t on top, the hidden states as a heatmap
 * (H rows × T columns, revealed up to the current step, the current column outlined and an
 * arrow into step t + 1), and the prediction ŷ_t against the target below; a cursor marks what
 * the readout shows (one hidden value, or one time step across the lanes).
 */
import { select, type Selection } from 'd3-selection';
import { linePath, SERIES_Y_DOMAIN, stepScales } from '../../../lib/chart.ts';
import type { HeatGeometry, Trace, UnrolledCursor } from '../../../lib/demos/unrolled.ts';
import { drawHeatmap } from '../../shared/charts/heatmap.ts';

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

const MARGIN = { top: 10, right: 10, bottom: 22, left: 40 };
/** Top of the hidden-state heatmap: room for the input lane, a label and the arrow. */
const HEAT_TOP = 112;

/** Labels of the figure, already translated. */
export interface UnrolledLabels {
  input: string;
  hidden: string;
  output: string;
}

/** A box of one lane: its width, height and margins. */
type Box = { width: number; height: number; margin: typeof MARGIN };

/**
 * Draws `trace` at step `step` into `svgElement`, as wide as its parent (never scaled down, so
 * its labels keep their size on a phone), with the cursor if any.
 */
export function drawUnrolled(
  svgElement: SVGSVGElement,
  trace: Trace,
  step: number,
  labels: UnrolledLabels,
  cursor: UnrolledCursor | null = null,
): HeatGeometry {
  const { T, H } = trace;
  const width = Math.max(200, (svgElement.parentElement as HTMLElement).clientWidth);
  const svg = select(svgElement);
  const heat = drawHeatmap(
    svg,
    width,
    { rows: H, cols: T, values: trace.hidden, kind: 'diverging', min: -1, max: 1, visibleCols: step + 1 },
    {
      margin: { ...MARGIN, top: HEAT_TOP, bottom: 126 },
      xLabel: '',
      yLabel: '',
      tickEvery: 8,
      aspect: Math.min(0.5, (H * 7) / width),
    },
  );
  svg
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', 2)
    .attr('y', HEAT_TOP - 22)
    .text(labels.hidden);
  const cellX = (s: number) => MARGIN.left + heat.x(s);
  const plotHeight = heat.cellHeight * H;
  svg
    .append('rect')
    .attr('class', 'cell-focus')
    .attr('x', cellX(step))
    .attr('y', HEAT_TOP)
    .attr('width', heat.cellWidth)
    .attr('height', plotHeight);
  if (step < T - 1) {
    drawArrow(svg, cellX(step) + heat.cellWidth / 2, cellX(step + 1) + heat.cellWidth / 2, HEAT_TOP - 1);
  }
  const margin = { ...MARGIN, right: width - MARGIN.left - heat.cellWidth * T };
  const input: Box = { width, height: 84, margin: { ...margin, top: 14, bottom: 6 } };
  const output: Box = { width, height: 100, margin: { ...margin, top: 12, bottom: 10 } };
  drawLane(svg, input, 0, trace, step, { label: labels.input, series: trace.x, kind: 'input' });
  drawLane(svg, output, HEAT_TOP + plotHeight + 22, trace, step, {
    label: labels.output,
    series: trace.prediction,
    kind: 'synced',
  });
  const layout = { left: MARGIN.left, top: HEAT_TOP, cellWidth: heat.cellWidth, cellHeight: heat.cellHeight };
  if (cursor) drawCursor(svg, layout, cursor, HEAT_TOP + plotHeight + 22 + output.height);
  return layout;
}

/** Outlines the hidden value the readout shows, or draws a line through its time step. */
function drawCursor(svg: Svg, layout: HeatGeometry, cursor: UnrolledCursor, bottom: number): void {
  const x = layout.left + cursor.t * layout.cellWidth;
  if (cursor.unit === null) {
    const middle = x + layout.cellWidth / 2;
    svg
      .append('line')
      .attr('class', 'un-cursor')
      .attr('x1', middle)
      .attr('x2', middle)
      .attr('y1', 0)
      .attr('y2', bottom);
    return;
  }
  svg
    .append('rect')
    .attr('class', 'un-cursor')
    .attr('x', x)
    .attr('y', layout.top + cursor.unit * layout.cellHeight)
    .attr('width', layout.cellWidth)
    .attr('height', layout.cellHeight);
}

/** A curved arrow above the heatmap from the current column (h_t) into the next step. */
function drawArrow(svg: Svg, from: number, to: number, y: number): void {
  const lift = 14;
  const end = Math.max(to, from + 10);
  svg
    .append('path')
    .attr('class', 'un-arrow')
    .attr('d', `M${from},${y} C${from},${y - lift} ${end},${y - lift} ${end},${y - 5}`);
  svg
    .append('path')
    .attr('class', 'un-arrow-head')
    .attr('d', `M${end - 4},${y - 8} L${end},${y} L${end + 4},${y - 8} Z`);
}

/**
 * One lane: the input (x_t, its future dotted) or the output (target and ŷ_t), revealed up to
 * the current step, with a dot at the current step.
 */
function drawLane(
  svg: Svg,
  box: Box,
  offsetY: number,
  trace: Trace,
  step: number,
  lane: { label: string; series: Float64Array; kind: 'input' | 'synced' },
): void {
  const g = svg.append('g').attr('transform', `translate(0,${offsetY})`);
  const scales = stepScales(box, trace.T, SERIES_Y_DOMAIN, 'linear');
  const half = (scales.x(1) - scales.x(0)) / 2;
  const xAt = (s: number) => scales.x(s) + half;
  const shown = lane.series.map((value, s) => (s <= step ? value : NaN));
  g.append('line')
    .attr('class', 'grid')
    .attr('x1', box.margin.left)
    .attr('x2', box.width - box.margin.right)
    .attr('y1', scales.y.pixel(0))
    .attr('y2', scales.y.pixel(0));
  g.append('text')
    .attr('class', 'axis-label')
    .attr('x', 2)
    .attr('y', box.margin.top - 2)
    .text(lane.label);
  const background = lane.kind === 'input' ? 'future' : 'target';
  const whole = lane.kind === 'input' ? trace.x : trace.target;
  g.append('path')
    .attr('class', `demo-line ${background}`)
    .attr('d', linePath(whole, xAt, scales.y.pixel));
  g.append('path')
    .attr('class', `demo-line ${lane.kind}`)
    .attr('d', linePath(shown, xAt, scales.y.pixel));
  g.append('circle')
    .attr('class', `un-dot ${lane.kind}`)
    .attr('r', 4)
    .attr('cx', xAt(step))
    .attr('cy', scales.y.pixel(lane.series[step]));
}
