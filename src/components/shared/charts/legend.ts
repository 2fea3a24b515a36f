/**
 * A heatmap's colour legend with numbers: its caption, the colour ramp, and labelled ticks under
 * it (the first label left-aligned and the last right-aligned, so none is cut at the edges).
 */
import { rampGradient } from './heatmap.ts';
import type { HeatKind } from '../../../lib/chart.ts';
import { element } from '../page-runtime.ts';

/** Fills `container` with the legend of a `kind` ramp: `caption`, then ticks at offsets in [0, 1]. */
export function renderLegend(
  container: HTMLElement,
  kind: HeatKind,
  caption: string,
  ticks: ReadonlyArray<{ offset: number; label: string }>,
): void {
  const ramp = element('span', 'ramp');
  ramp.style.background = rampGradient(kind);
  const labels = element('span', 'ticks');
  for (const tick of ticks) {
    const label = element('span', '', tick.label);
    label.style.left = `${tick.offset * 100}%`;
    labels.append(label);
  }
  const scale = element('span', 'scale');
  scale.append(ramp, labels);
  container.replaceChildren(element('span', 'caption', caption), scale);
}
