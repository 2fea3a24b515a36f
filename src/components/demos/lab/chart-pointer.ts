/**
 * Hover and touch readouts for the lab's charts: the pointer's position over an SVG, in the
 * SVG's own (viewBox) units, so a chart can put its marker on the nearest point. Keyboard
 * readouts are each chart's own.
 */
import type { Selection } from 'd3-selection';

/**
 * Calls `pick(x)` with the pointer's x (viewBox units) while a mouse moves over `svg` or a
 * finger touches it, and `leave()` when the pointer leaves.
 */
export function followPointer(
  svg: Selection<SVGSVGElement, unknown, null, undefined>,
  pick: (x: number) => void,
  leave: () => void,
): void {
  const node = svg.node();
  if (!node) return;
  const onPointer = (event: PointerEvent) => {
    const rect = node.getBoundingClientRect();
    const width = node.viewBox.baseVal?.width || rect.width;
    if (rect.width > 0) pick(((event.clientX - rect.left) / rect.width) * width);
  };
  svg.on('pointermove', onPointer).on('pointerdown', onPointer).on('pointerleave', leave);
}
