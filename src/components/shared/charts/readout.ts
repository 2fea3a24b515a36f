/**
 * A chart a reader can query: what a pointer (mouse or pen hovering, a finger touching or
 * dragging) or the arrow keys point at is written in the chart's readout line, a polite live
 * region, so it is announced too. A line under the chart says how. The chart supplies the
 * maths (which point is under a position, where a key moves to) and draws its own cursor.
 */
import type { Cleanup } from '../page-runtime.ts';

/** What a chart answers about its points, in the SVG's own coordinates (its viewBox units). */
export interface ReadoutSource<P> {
  /** The point under (x, y), or null outside the plot. */
  at(x: number, y: number): P | null;
  /** Where `key` moves from `current` (null when nothing is shown yet), or null when it is not a move key. */
  step(key: string, current: P | null): P | null;
  /** Writes the readout text and draws the cursor of `point`; null clears both. */
  show(point: P | null): void;
}

let hints = 0;

/** The SVG coordinates of a pointer event (the chart may be scaled by its viewBox). */
function svgPoint(svg: SVGSVGElement, event: PointerEvent): { x: number; y: number } | null {
  const matrix = svg.getScreenCTM();
  if (!matrix) return null;
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
  return { x: point.x, y: point.y };
}

/**
 * Makes `svg` queryable: focusable, described by a hint placed right under it, its readout a
 * polite live region. Returns the function that stops listening.
 */
export function attachReadout<P>(
  svg: SVGSVGElement,
  readout: HTMLElement,
  hint: string,
  source: ReadoutSource<P>,
): Cleanup {
  if (!svg.hasAttribute('tabindex')) svg.setAttribute('tabindex', '0');
  svg.classList.add('demo-queryable');
  Object.entries({ role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' }).forEach(([name, value]) =>
    readout.setAttribute(name, value),
  );
  const line = readout.parentElement?.querySelector<HTMLElement>('.demo-hint') ?? document.createElement('p');
  if (!line.id) {
    line.id = `demo-hint-${++hints}`;
    line.className = 'demo-hint';
    line.textContent = hint;
    readout.before(line);
  }
  svg.setAttribute('aria-describedby', line.id);
  let current: P | null = null;
  let touching = false;
  const show = (point: P | null) => {
    current = point;
    source.show(point);
  };
  const pointAt = (event: PointerEvent) => {
    const position = svgPoint(svg, event);
    const point = position ? source.at(position.x, position.y) : null;
    if (point) show(point);
  };
  const handlers: Record<string, (event: Event) => void> = {
    keydown: (event) => {
      const next = source.step((event as KeyboardEvent).key, current);
      if (!next) return;
      event.preventDefault();
      show(next);
    },
    pointerdown: (event) => {
      const pointer = event as PointerEvent;
      touching = pointer.pointerType === 'touch';
      if (touching) svg.setPointerCapture(pointer.pointerId);
      pointAt(pointer);
    },
    pointermove: (event) => {
      const pointer = event as PointerEvent;
      if (pointer.pointerType !== 'touch' || touching) pointAt(pointer);
    },
    pointerup: () => (touching = false),
    pointercancel: () => (touching = false),
    // A mouse leaving clears the readout (unless the keyboard holds it); a finger's stays to be read.
    pointerleave: (event) => {
      if ((event as PointerEvent).pointerType === 'mouse' && document.activeElement !== svg) show(null);
    },
    blur: () => show(null),
  };
  for (const [type, handler] of Object.entries(handlers)) svg.addEventListener(type, handler);
  return () => {
    for (const [type, handler] of Object.entries(handlers)) svg.removeEventListener(type, handler);
  };
}
