/**
 * Text inside the lab's SVG charts that must not be clipped on a narrow phone: a centred note
 * broken into lines that fit the chart's width.
 */
import type { Selection } from 'd3-selection';

/** Line height of a wrapped note, in ems. */
const LINE_HEIGHT_EM = 1.3;

/**
 * Writes `text` centred at (x, y) in `svg` with class `className`, breaking it at spaces (or
 * anywhere, for text without them) into lines no wider than `maxWidth` pixels; the block of
 * lines is centred vertically on y.
 */
export function centredNote(
  svg: Selection<SVGSVGElement, unknown, null, undefined>,
  text: string,
  position: { x: number; y: number; maxWidth: number },
  className: string,
): void {
  const note = svg
    .append('text')
    .attr('class', className)
    .attr('x', position.x)
    .attr('y', position.y)
    .attr('text-anchor', 'middle');
  const node = note.node();
  if (!node) return;
  const words = text.includes(' ') ? text.split(' ') : Array.from(text);
  const joiner = text.includes(' ') ? ' ' : '';
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line}${joiner}${word}` : word;
    node.textContent = candidate;
    if (line && node.getComputedTextLength() > position.maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  lines.push(line);
  node.textContent = '';
  const first = -((lines.length - 1) * LINE_HEIGHT_EM) / 2;
  lines.forEach((content, index) => {
    note
      .append('tspan')
      .attr('x', position.x)
      .attr('dy', `${index === 0 ? first : LINE_HEIGHT_EM}em`)
      .text(content);
  });
}
