/**
 * The race's two charts: test MSE per time step for the three variants (log y, the early
 * steps t = 0..3 shaded) and one test window with the target and the three predictions.
 * SVG via d3-selection; colours come from CSS variables so both themes work. Both charts can
 * be read by pointer, touch or keyboard (←/→ move a cursor over t; shared/charts/readout.ts),
 * and their readouts speak the values at that step.
 */
import type { ScaleLinear } from 'd3-scale';
import { select, type Selection } from 'd3-selection';
import { formatNumber, linePath, logDomain, stepScales, SERIES_Y_DOMAIN } from '../../../lib/chart.ts';
import { EARLY_STEPS } from '../../../lib/train.ts';
import { windowMse } from '../../../lib/demos/lab.ts';
import { VARIANTS, type Variant } from '../../../lib/model/config.ts';
import { drawAxes } from '../../shared/charts/axes.ts';
import { ChartFigure } from '../../shared/charts/chart-figure.ts';
import { attachReadout } from '../../shared/charts/readout.ts';

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** Labels of the charts, already translated. */
export interface RaceChartLabels {
  axisT: string;
  axisMse: string;
  early: string;
  variant: Record<Variant, string>;
  /** Says how to read values off a chart. */
  hint: string;
  /** The target's name in the example window's readout. */
  target: string;
}

const HEIGHT = 240;
const MARGIN = { top: 22, right: 14, bottom: 34, left: 52 };
/** About one time-step tick per this many pixels. */
const X_TICK_SPACING = 80;
/** Narrowest drawing, in px: narrower containers scale it down (its labels would shrink below 11 px). */
const MIN_WIDTH = 200;

/** Where a key moves a cursor over T steps from `current` (null: none yet), or null for other keys. */
function stepKey(key: string, current: number | null, T: number): number | null {
  if (key === 'Home') return 0;
  if (key === 'End') return T - 1;
  if (key !== 'ArrowLeft' && key !== 'ArrowRight') return null;
  if (current === null) return 0;
  return Math.max(0, Math.min(T - 1, current + (key === 'ArrowLeft' ? -1 : 1)));
}

/** The cursor line at step `t` of a chart `height` tall. */
function drawCursorLine(svg: Svg, x: number, height: number): void {
  svg
    .append('line')
    .attr('class', 'cursor-line')
    .attr('x1', x)
    .attr('x2', x)
    .attr('y1', MARGIN.top)
    .attr('y2', height - MARGIN.bottom);
}

/** Test MSE per time step, one line per variant. */
export class StepErrorChart extends ChartFigure<RaceChartLabels> {
  private readonly svg: Svg;
  private readonly readout: HTMLElement;
  private curves: Partial<Record<Variant, Float64Array>> = {};
  private cursor: number | null = null;
  /** The step axis as last drawn, for the step under a pointer. */
  private x: ScaleLinear<number, number> | null = null;

  constructor(container: HTMLElement, labels: RaceChartLabels, locale: string) {
    super(container, labels, locale);
    this.svg = select(container.querySelector('svg') as SVGSVGElement)
      .attr('tabindex', 0)
      .attr('role', 'img');
    this.readout = container.querySelector('[data-readout]') as HTMLElement;
    this.onDispose(
      attachReadout(this.svg.node() as SVGSVGElement, this.readout, labels.hint, {
        at: (x) => (this.x ? Math.max(0, Math.min(this.length() - 1, Math.round(this.x.invert(x)))) : null),
        step: (key, current) => stepKey(key, current, this.length()),
        show: (t) => this.setCursor(t),
      }),
    );
  }

  /** Sets the per-step MSE [T] of one variant (or removes it with null). */
  setCurve(variant: Variant, msePerStep: Float64Array | null): void {
    this.curves = { ...this.curves, [variant]: msePerStep ?? undefined };
    this.requestDraw();
  }

  /** Sets the accessible name (a sentence summarising the numbers). */
  setLabel(text: string): void {
    this.svg.attr('aria-label', text);
  }

  private length(): number {
    return Object.values(this.curves).reduce((max, curve) => Math.max(max, curve?.length ?? 0), 0) || 64;
  }

  protected draw(): void {
    const width = Math.max(MIN_WIDTH, this.container.clientWidth);
    const box = { width, height: HEIGHT, margin: MARGIN };
    const all = Object.values(this.curves).flatMap((curve) => Array.from(curve ?? []));
    const domain = logDomain(all.length > 0 ? all : [1e-4, 1], 1e-6);
    const T = this.length();
    const scales = stepScales(box, T, domain, 'log');
    this.x = scales.x;
    this.svg.attr('viewBox', `0 0 ${width} ${HEIGHT}`).attr('width', width).attr('height', HEIGHT);
    this.svg.selectAll('*').remove();
    const bandEnd = scales.x(EARLY_STEPS - 0.5);
    this.svg
      .append('rect')
      .attr('class', 'early-band')
      .attr('x', MARGIN.left)
      .attr('y', MARGIN.top)
      .attr('width', Math.max(0, bandEnd - MARGIN.left))
      .attr('height', HEIGHT - MARGIN.top - MARGIN.bottom);
    this.svg
      .append('text')
      .attr('class', 'band-label')
      .attr('x', MARGIN.left + 4)
      .attr('y', MARGIN.top + 12)
      .text(this.labels.early);
    drawAxes(this.svg, box, scales, { x: this.labels.axisT, y: this.labels.axisMse }, this.locale, X_TICK_SPACING);
    for (const variant of VARIANTS) {
      const curve = this.curves[variant];
      if (!curve) continue;
      this.svg
        .append('path')
        .attr('class', `demo-line ${variant}`)
        .attr('data-variant', variant)
        .attr('d', linePath(curve, scales.x, scales.y.pixel));
    }
    if (this.cursor !== null) drawCursorLine(this.svg, scales.x(this.cursor), HEIGHT);
  }

  private setCursor(t: number | null): void {
    const T = this.length();
    this.cursor = t === null ? null : Math.max(0, Math.min(T - 1, t));
    if (this.cursor === null) {
      this.readout.textContent = '';
    } else {
      const at = this.cursor;
      const parts = VARIANTS.filter((variant) => this.curves[variant]).map(
        (variant) => `${this.labels.variant[variant]} ${formatNumber(this.curves[variant]?.[at] ?? NaN, this.locale)}`,
      );
      this.readout.textContent = `t = ${at}: ${parts.join(' · ')}`;
    }
    this.requestDraw();
  }
}

/** One test window: target (dashed) and the three predictions. */
export class ExampleWindowChart extends ChartFigure<RaceChartLabels> {
  private readonly svg: Svg;
  private target: ArrayLike<number> | null = null;
  private predictions: Partial<Record<Variant, ArrayLike<number>>> = {};
  private readonly readout: HTMLElement;
  private cursor: number | null = null;
  /** The step axis as last drawn, for the step under a pointer. */
  private x: ScaleLinear<number, number> | null = null;

  constructor(container: HTMLElement, labels: RaceChartLabels, locale: string) {
    super(container, labels, locale);
    this.svg = select(container.querySelector('svg') as SVGSVGElement)
      .attr('role', 'img')
      .attr('tabindex', 0);
    this.readout = container.querySelector('[data-readout]') as HTMLElement;
    const T = () => this.target?.length ?? 0;
    this.onDispose(
      attachReadout(this.svg.node() as SVGSVGElement, this.readout, labels.hint, {
        at: (x) => (this.x && T() > 0 ? Math.max(0, Math.min(T() - 1, Math.round(this.x.invert(x)))) : null),
        step: (key, current) => (T() > 0 ? stepKey(key, current, T()) : null),
        show: (t) => this.setCursor(t),
      }),
    );
  }

  /** The readout at step `t`: the target and each prediction; null clears it. */
  private setCursor(t: number | null): void {
    this.cursor = t;
    const f = (value: number | undefined) => formatNumber(value ?? NaN, this.locale);
    const parts = VARIANTS.filter((variant) => this.predictions[variant]).map(
      (variant) => `${this.labels.variant[variant]} ${f(this.predictions[variant]?.[t ?? 0])}`,
    );
    this.readout.textContent =
      t === null || !this.target ? '' : `t = ${t}: ${this.labels.target} ${f(this.target[t])} · ${parts.join(' · ')}`;
    this.requestDraw();
  }

  /** Sets the target [T] and one variant's prediction [T]. */
  setPrediction(variant: Variant, target: ArrayLike<number>, prediction: ArrayLike<number>): void {
    this.target = target;
    this.predictions[variant] = prediction;
    this.requestDraw();
  }

  /** Removes one variant's prediction (its model is untrained or being replaced). */
  clearPrediction(variant: Variant): void {
    if (!(variant in this.predictions)) return;
    this.predictions = Object.fromEntries(Object.entries(this.predictions).filter(([name]) => name !== variant));
    this.requestDraw();
  }

  /** Sets the accessible name. */
  setLabel(text: string): void {
    this.svg.attr('aria-label', text);
  }

  /** Mean squared error of each prediction shown against the target, for the chart's text alternative. */
  windowErrors(): Array<[Variant, number]> {
    const target = this.target;
    if (!target) return [];
    return VARIANTS.flatMap((variant) => {
      const prediction = this.predictions[variant];
      return prediction ? [[variant, windowMse(target, prediction)] as [Variant, number]] : [];
    });
  }

  protected draw(): void {
    const width = Math.max(MIN_WIDTH, this.container.clientWidth);
    const height = 200;
    const box = { width, height, margin: MARGIN };
    const T = this.target?.length ?? 64;
    const scales = stepScales(box, T, SERIES_Y_DOMAIN, 'linear');
    this.x = scales.x;
    this.svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    this.svg.selectAll('*').remove();
    const bandEnd = scales.x(EARLY_STEPS - 0.5);
    this.svg
      .append('rect')
      .attr('class', 'early-band')
      .attr('x', MARGIN.left)
      .attr('y', MARGIN.top)
      .attr('width', Math.max(0, bandEnd - MARGIN.left))
      .attr('height', height - MARGIN.top - MARGIN.bottom);
    drawAxes(this.svg, box, scales, { x: this.labels.axisT, y: '' }, this.locale, X_TICK_SPACING);
    if (!this.target) return;
    for (const variant of VARIANTS) {
      const prediction = this.predictions[variant];
      if (prediction) {
        this.svg
          .append('path')
          .attr('class', `demo-line ${variant}`)
          .attr('data-variant', variant)
          .attr('d', linePath(prediction, scales.x, scales.y.pixel));
      }
    }
    // The target last, dashed on top: the predictions lie on it almost everywhere.
    this.svg
      .append('path')
      .attr('class', 'demo-line target')
      .attr('d', linePath(this.target, scales.x, scales.y.pixel));
    if (this.cursor !== null) drawCursorLine(this.svg, scales.x(this.cursor), height);
  }
}
