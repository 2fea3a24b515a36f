/**
 * The practice demo's two charts. `PracticeErrorChart`: test MSE per time step (log y, the
 * first steps t = 0…3 shaded) of this run, with the plain run (Adam, k = 0, zero initial state)
 * as a dashed reference; focusable, ←/→ move a readout over t. `GradNormChart`: the global
 * gradient norm before clipping at every training step (log y), the clipping threshold c as a
 * dashed line and the step where a run diverged marked.
 */
import { select, type Selection } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { formatNumber, linePath, logDomain, stepScales, valueAxis } from '../../../lib/chart.ts';
import { EARLY_STEPS } from '../../../lib/train.ts';
import { drawAxes } from '../../shared/charts/axes.ts';
import { ChartFigure } from '../../shared/charts/chart-figure.ts';

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** Translated labels of both charts. */
export interface PracticeChartLabels {
  axisT: string;
  axisMse: string;
  axisStep: string;
  axisNorm: string;
  early: string;
  run: string;
  reference: string;
  /** Label of the clipping threshold, e.g. `c = 1`. */
  clip: (c: string) => string;
  diverged: string;
}

const MARGIN = { top: 22, right: 14, bottom: 34, left: 52 };
const HEIGHT = 220;

/** Prepares an SVG for drawing at the container's width; returns the width. */
function resetSvg(svg: Svg, container: HTMLElement): number {
  const width = Math.max(260, container.clientWidth);
  svg.attr('viewBox', `0 0 ${width} ${HEIGHT}`).attr('width', width).attr('height', HEIGHT);
  svg.selectAll('*').remove();
  return width;
}

/** Test MSE per time step: this run and the plain run for reference. */
export class PracticeErrorChart extends ChartFigure<PracticeChartLabels> {
  private readonly svg: Svg;
  private readonly readout: HTMLElement;
  private run: ArrayLike<number> | null = null;
  private reference: ArrayLike<number> | null = null;
  private cursor: number | null = null;

  constructor(container: HTMLElement, labels: PracticeChartLabels, locale: string) {
    super(container, labels, locale);
    this.svg = select(container.querySelector('svg') as SVGSVGElement)
      .attr('tabindex', 0)
      .attr('role', 'img');
    this.readout = container.querySelector('[data-readout]') as HTMLElement;
    this.svg.on('keydown', (event: KeyboardEvent) => this.onKey(event));
    this.svg.on('blur', () => this.setCursor(null));
  }

  /** Sets this run's per-step MSE [T] and the reference's (either may be null). */
  setCurves(run: ArrayLike<number> | null, reference: ArrayLike<number> | null): void {
    Object.assign(this, { run, reference });
    this.requestDraw();
  }

  /** Sets the accessible name. */
  setLabel(text: string): void {
    this.svg.attr('aria-label', text);
  }

  protected draw(): void {
    const width = resetSvg(this.svg, this.container);
    const box = { width, height: HEIGHT, margin: MARGIN };
    const values = [...Array.from(this.run ?? []), ...Array.from(this.reference ?? [])];
    const T = this.run?.length ?? this.reference?.length ?? 64;
    const scales = stepScales(box, T, logDomain(values.length > 0 ? values : [1e-4, 1], 1e-6), 'log');
    const bandEnd = scales.x(EARLY_STEPS - 0.5);
    const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
    this.svg
      .append('rect')
      .attr('class', 'early-band')
      .attr('x', MARGIN.left)
      .attr('y', MARGIN.top)
      .attr('width', Math.max(0, bandEnd - MARGIN.left))
      .attr('height', plotHeight);
    this.svg
      .append('text')
      .attr('class', 'band-label')
      .attr('x', MARGIN.left + 4)
      .attr('y', MARGIN.top + 12)
      .text(this.labels.early);
    drawAxes(this.svg, box, scales, { x: this.labels.axisT, y: this.labels.axisMse }, this.locale, 80);
    for (const [curve, className] of [
      [this.reference, 'pr-line reference'],
      [this.run, 'pr-line run'],
    ] as const) {
      if (curve)
        this.svg
          .append('path')
          .attr('class', className)
          .attr('d', linePath(curve, scales.x, scales.y.pixel));
    }
    if (this.cursor !== null) {
      const x = scales.x(this.cursor);
      this.svg
        .append('line')
        .attr('class', 'cursor-line')
        .attr('x1', x)
        .attr('x2', x)
        .attr('y1', MARGIN.top)
        .attr('y2', HEIGHT - MARGIN.bottom);
    }
  }

  private setCursor(t: number | null): void {
    const T = this.run?.length ?? this.reference?.length ?? 0;
    this.cursor = t === null || T === 0 ? null : Math.max(0, Math.min(T - 1, t));
    const at = this.cursor;
    if (at === null) this.readout.textContent = '';
    else {
      const parts = [
        [this.labels.run, this.run],
        [this.labels.reference, this.reference],
      ] as const;
      const text = parts
        .filter(([, curve]) => curve)
        .map(([name, curve]) => `${name} ${formatNumber(curve?.[at] ?? NaN, this.locale)}`);
      this.readout.textContent = `t = ${at}: ${text.join(' · ')}`;
    }
    this.requestDraw();
  }

  private onKey(event: KeyboardEvent): void {
    const T = this.run?.length ?? this.reference?.length ?? 0;
    const current = this.cursor ?? -1;
    const moves: Record<string, number> = {
      ArrowLeft: Math.max(0, current - 1),
      ArrowRight: current + 1,
      Home: 0,
      End: T - 1,
    };
    if (!(event.key in moves) || T === 0) return;
    event.preventDefault();
    this.setCursor(moves[event.key]);
  }
}

/** The global gradient norm (before clipping) against training steps. */
export class GradNormChart extends ChartFigure<PracticeChartLabels> {
  private readonly svg: Svg;
  private norms: ReadonlyArray<[number, number]> = [];
  private total = 1;
  private clip = 0;
  private divergedAt: number | null = null;

  constructor(container: HTMLElement, labels: PracticeChartLabels, locale: string) {
    super(container, labels, locale);
    this.svg = select(container.querySelector('svg') as SVGSVGElement)
      .attr('tabindex', 0)
      .attr('role', 'img');
  }

  /** Sets the norms as [step, norm] pairs, the run's length, the threshold c (0 = off) and where it diverged. */
  setRun(norms: ReadonlyArray<[number, number]>, total: number, clip: number, divergedAt: number | null): void {
    Object.assign(this, { norms, total: Math.max(1, total), clip, divergedAt });
    this.requestDraw();
  }

  /** Sets the accessible name. */
  setLabel(text: string): void {
    this.svg.attr('aria-label', text);
  }

  protected draw(): void {
    const width = resetSvg(this.svg, this.container);
    const box = { width, height: HEIGHT, margin: MARGIN };
    const xScale = scaleLinear()
      .domain([0, this.total])
      .range([MARGIN.left, width - MARGIN.right]);
    const values = this.norms.map(([, norm]) => norm).filter(Number.isFinite);
    if (this.clip > 0) values.push(this.clip);
    const y = valueAxis(
      'log',
      logDomain(values.length > 0 ? values : [0.1, 10], 1e-6),
      [HEIGHT - MARGIN.bottom, MARGIN.top],
      1e-6,
    );
    drawAxes(this.svg, box, { x: xScale, y }, { x: this.labels.axisStep, y: this.labels.axisNorm }, this.locale, 90);
    const path = this.norms
      .filter(([, norm]) => Number.isFinite(norm))
      .map(([step, norm], index) => `${index === 0 ? 'M' : 'L'}${xScale(step).toFixed(1)},${y.pixel(norm).toFixed(1)}`);
    this.svg.append('path').attr('class', 'pr-line norm').attr('d', path.join(''));
    if (this.clip > 0) {
      const at = y.pixel(this.clip);
      this.svg
        .append('line')
        .attr('class', 'pr-clip')
        .attr('x1', MARGIN.left)
        .attr('x2', width - MARGIN.right)
        .attr('y1', at)
        .attr('y2', at);
      this.svg
        .append('text')
        .attr('class', 'pr-clip-label')
        .attr('x', width - MARGIN.right)
        .attr('y', at - 5)
        .attr('text-anchor', 'end')
        .text(this.labels.clip(formatNumber(this.clip, this.locale)));
    }
    if (this.divergedAt !== null) {
      const at = xScale(this.divergedAt);
      this.svg
        .append('line')
        .attr('class', 'pr-diverged')
        .attr('x1', at)
        .attr('x2', at)
        .attr('y1', MARGIN.top)
        .attr('y2', HEIGHT - MARGIN.bottom);
      this.svg
        .append('text')
        .attr('class', 'pr-diverged-label')
        .attr('x', at + 4)
        .attr('y', MARGIN.top + 12)
        .text(this.labels.diverged);
    }
  }
}
