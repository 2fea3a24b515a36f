/**
 * The axes the line charts share: horizontal grid lines with value labels, ticks along x, and
 * the two axis captions. Colours and sizes come from the `.demo-svg` styles.
 */
import type { Selection } from 'd3-selection';
import { ticksFor, type ChartBox, type Margin, type ValueScale } from '../../../lib/chart.ts';

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** The scales a chart's axes follow: any x scale and a y value axis. */
interface AxisScales {
  x: ValueScale;
  y: { scale: ValueScale };
}

/** Draws the axes of a chart of `box`; about one x tick per `xTickSpacing` pixels. */
export function drawAxes(
  svg: Svg,
  box: ChartBox & { margin: Margin },
  scales: AxisScales,
  labels: { x: string; y: string },
  locale: string,
  xTickSpacing: number,
): void {
  const axes = svg.append('g').attr('class', 'axes');
  for (const tick of ticksFor(scales.y.scale, 5, locale)) {
    axes
      .append('line')
      .attr('class', 'grid')
      .attr('x1', box.margin.left)
      .attr('x2', box.width - box.margin.right)
      .attr('y1', tick.position)
      .attr('y2', tick.position);
    axes
      .append('text')
      .attr('class', 'tick')
      .attr('x', box.margin.left - 6)
      .attr('y', tick.position)
      .attr('text-anchor', 'end')
      .attr('dominant-baseline', 'middle')
      .text(tick.label);
  }
  for (const tick of ticksFor(scales.x, Math.max(2, Math.floor(box.width / xTickSpacing)), locale)) {
    axes
      .append('text')
      .attr('class', 'tick')
      .attr('x', tick.position)
      .attr('y', box.height - box.margin.bottom + 16)
      .attr('text-anchor', 'middle')
      .text(tick.label);
  }
  axes
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', box.width - box.margin.right)
    .attr('y', box.height - 4)
    .attr('text-anchor', 'end')
    .text(labels.x);
  axes.append('text').attr('class', 'axis-label').attr('x', 4).attr('y', 10).text(labels.y);
}

/**
 * A note inside an empty chart ("appears here once you press Train"), centred in the plot and
 * wrapped at spaces into lines that fit its width (measured as drawn), so no part is cut off on
 * a phone.
 */
export function drawNote(svg: Svg, text: string, area: { left: number; right: number; middle: number }): void {
  const lineHeight = 17;
  const room = area.right - area.left;
  const note = svg.append('text').attr('class', 'empty-note').attr('text-anchor', 'middle');
  const newLine = () =>
    note
      .append('tspan')
      .attr('x', (area.left + area.right) / 2)
      .attr('dy', note.selectAll('tspan').empty() ? 0 : lineHeight);
  let line = newLine();
  for (const word of text.split(/\s+/)) {
    const before = line.text();
    line.text(before ? `${before} ${word}` : word);
    if (before && (line.node()?.getComputedTextLength() ?? 0) > room) {
      line.text(before);
      line = newLine().text(word);
    }
  }
  const lines = note.selectAll('tspan').size();
  note.attr('y', area.middle - ((lines - 1) * lineHeight) / 2);
}
