/**
 * The live test error per time step, MSE(t): the latest evaluation of the whole test set, on a
 * log scale, with the first four time steps shaded and labelled. It shows what the training
 * loss hides: the loss levels off because t = 0 dominates it, while the later time steps keep
 * improving. Readable by keyboard (←/→, Home/End), mouse and touch, with a table of every t.
 */
import { select, type Selection } from 'd3-selection';
import { formatNumber, linePath, logDomain, stepScales } from '../../../lib/chart.ts';
import { EARLY_STEPS } from '../../../lib/train.ts';
import { fillTable } from '../../shared/page-runtime.ts';
import { drawAxes } from '../../shared/charts/axes.ts';
import { ChartFigure } from '../../shared/charts/chart-figure.ts';
import { followPointer } from './chart-pointer.ts';
import { centredNote } from './svg-text.ts';

/** Labels the chart shows; already translated. */
export interface MseChartLabels {
  title: string;
  tAxis: string;
  mseAxis: string;
  /** The shaded band's label, e.g. 't = 0–3'. */
  band: string;
  /** Shown inside the empty chart before the first evaluation. */
  empty: string;
  /** The readout for the point under the marker. */
  readout: (t: number, mse: string) => string;
}

const HEIGHT = 220;
const MARGIN = { top: 22, right: 14, bottom: 34, left: 56 };
/** About one time-step tick per this many pixels. */
const X_TICK_SPACING = 70;
/** The y axis spans at least 10⁻⁴ … 1, so early curves do not fill it and shrink later. */
const MIN_DOMAIN = [1e-4, 1];

type Scales = ReturnType<typeof stepScales>;

/** An MSE-per-time-step chart bound to a container with an svg, a readout and a table. */
export class MseChart extends ChartFigure<MseChartLabels> {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly table: HTMLTableSectionElement;
  private readonly readout: HTMLElement;
  private values: number[] = [];
  private cursor: number | null = null;
  private scales: Scales | null = null;

  constructor(container: HTMLElement, labels: MseChartLabels, locale: string) {
    super(container, labels, locale);
    this.svg = select(container.querySelector('svg') as SVGSVGElement);
    this.table = container.querySelector('tbody') as HTMLTableSectionElement;
    this.readout = container.querySelector('[data-readout]') as HTMLElement;
    this.svg.attr('tabindex', 0).attr('role', 'img').attr('aria-label', labels.title);
    this.svg.on('keydown', (event: KeyboardEvent) => this.onKey(event));
    this.svg.on('blur', () => this.setCursor(null));
    followPointer(
      this.svg,
      (x) => this.pointAt(x),
      () => this.setCursor(null),
    );
  }

  /** Shows a new curve, `values[t]` = test MSE at time step t ([T]); null clears the chart. */
  setData(values: ArrayLike<number> | null): void {
    this.values = values ? Array.from(values) : [];
    this.container.dataset.mseT0 = this.values.length > 0 ? String(this.values[0]) : '';
    if (this.cursor !== null) this.setCursor(this.cursor);
    this.updateTable();
    this.requestDraw();
  }

  protected draw(): void {
    const width = Math.max(240, this.container.clientWidth);
    const box = { width, height: HEIGHT, margin: MARGIN };
    const length = this.values.length || 64;
    const scales = stepScales(box, length, logDomain([...this.values, ...MIN_DOMAIN]), 'log');
    this.scales = scales;
    this.svg.attr('viewBox', `0 0 ${width} ${HEIGHT}`).attr('width', width).attr('height', HEIGHT);
    this.svg.selectAll('*').remove();
    this.drawBand(scales, length);
    drawAxes(this.svg, box, scales, { x: this.labels.tAxis, y: this.labels.mseAxis }, this.locale, X_TICK_SPACING);
    const path = linePath(this.values, (t) => scales.x(t), scales.y.pixel);
    this.svg.append('path').attr('class', 'mse-line').attr('d', path);
    this.values.slice(0, EARLY_STEPS).forEach((value, t) => {
      this.svg
        .append('circle')
        .attr('class', 'mse-dot')
        .attr('data-t', t)
        .attr('r', 3)
        .attr('cx', scales.x(t))
        .attr('cy', scales.y.pixel(value));
    });
    if (this.values.length === 0) this.drawEmptyNote(width);
    this.drawCursor(scales);
  }

  /** The shaded t = 0…3 band (half a step either side of its first and last time step) and its label. */
  private drawBand(scales: Scales, length: number): void {
    const half = (scales.x(1) - scales.x(0)) / 2;
    const left = scales.x(0) - half;
    const right = scales.x(Math.min(EARLY_STEPS, length) - 1) + half;
    this.svg
      .append('rect')
      .attr('class', 'mse-band')
      .attr('x', left)
      .attr('y', MARGIN.top)
      .attr('width', right - left)
      .attr('height', HEIGHT - MARGIN.top - MARGIN.bottom);
    this.svg
      .append('text')
      .attr('class', 'mse-band-label')
      .attr('x', right + 4)
      .attr('y', MARGIN.top + 12)
      .text(this.labels.band);
  }

  private drawEmptyNote(width: number): void {
    const plotWidth = width - MARGIN.left - MARGIN.right;
    const position = { x: MARGIN.left + plotWidth / 2, y: HEIGHT / 2, maxWidth: plotWidth - 16 };
    centredNote(this.svg, this.labels.empty, position, 'empty-note');
  }

  private drawCursor(scales: Scales): void {
    if (this.cursor === null || this.values.length === 0) return;
    this.svg
      .append('circle')
      .attr('class', 'cursor')
      .attr('r', 4)
      .attr('cx', scales.x(this.cursor))
      .attr('cy', scales.y.pixel(this.values[this.cursor]));
  }

  /** Puts the marker on the time step nearest to `x` (viewBox units). */
  private pointAt(x: number): void {
    if (!this.scales || this.values.length === 0) return;
    this.setCursor(Math.round(this.scales.x.invert(x)));
  }

  private setCursor(index: number | null): void {
    const last = this.values.length - 1;
    this.cursor = index === null || last < 0 ? null : Math.max(0, Math.min(last, index));
    this.readout.textContent =
      this.cursor === null ? '' : this.labels.readout(this.cursor, formatNumber(this.values[this.cursor], this.locale));
    this.requestDraw();
  }

  private onKey(event: KeyboardEvent): void {
    const last = this.values.length - 1;
    const current = this.cursor ?? 0;
    const moves: Record<string, number> = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: last };
    if (!(event.key in moves) || last < 0) return;
    event.preventDefault();
    this.setCursor(moves[event.key]);
  }

  private updateTable(): void {
    fillTable(
      this.table,
      this.values.map((value, t) => [String(t), formatNumber(value, this.locale)]),
    );
  }
}
