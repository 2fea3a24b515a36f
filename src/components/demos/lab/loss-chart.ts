/**
 * The live training-loss chart: an SVG line of loss against step, linear or log scale, that
 * follows the page theme (colours come from CSS variables), redraws on resize, can be read by
 * pointer, touch or keyboard (←/→ move a marker, Home/End jump; shared/charts/readout.ts) and
 * keeps a table of the numbers behind it.
 */
import { select, type Selection } from 'd3-selection';
import { downsample, formatNumber, linePath, lossScales, summariseSeries, type ScaleKind } from '../../../lib/chart.ts';
import { fillTable } from '../../shared/page-runtime.ts';
import { drawAxes, drawNote } from '../../shared/charts/axes.ts';
import { ChartFigure } from '../../shared/charts/chart-figure.ts';
import { attachReadout } from '../../shared/charts/readout.ts';

/** Labels the chart shows; already translated. */
export interface LossChartLabels {
  title: string;
  stepAxis: string;
  lossAxis: string;
  stepColumn: string;
  lossColumn: string;
  /** Shown inside the empty chart before the first step. */
  empty: string;
  /** Says how to read values off the chart. */
  hint: string;
}

const HEIGHT = 220;
const MAX_POINTS = 600;
/** About one step tick per this many pixels. */
const X_TICK_SPACING = 90;

/** A loss-vs-step chart bound to a container element. */
export class LossChart extends ChartFigure<LossChartLabels> {
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly table: HTMLTableSectionElement;
  private readonly readout: HTMLElement;
  private losses: number[] = [];
  private kind: ScaleKind = 'log';
  private totalSteps = 0;
  private cursor: number | null = null;
  private scales: ReturnType<typeof lossScales> | null = null;

  constructor(container: HTMLElement, labels: LossChartLabels, locale: string) {
    super(container, labels, locale);
    this.svg = select(container.querySelector('svg') as SVGSVGElement);
    this.table = container.querySelector('tbody') as HTMLTableSectionElement;
    this.readout = container.querySelector('[data-readout]') as HTMLElement;
    this.svg.attr('tabindex', 0).attr('role', 'img').attr('aria-label', labels.title);
    const node = this.svg.node() as SVGSVGElement;
    this.onDispose(
      attachReadout(node, this.readout, labels.hint, {
        at: (x) => (this.scales && this.losses.length > 0 ? Math.round(this.scales.x.invert(x)) - 1 : null),
        step: (key) => this.keyTarget(key),
        show: (index) => this.setCursor(index),
      }),
    );
  }

  /** Replaces the whole series: `losses[i]` is the loss of step i + 1. */
  setData(losses: number[], totalSteps: number): void {
    this.losses = losses;
    this.totalSteps = totalSteps;
    this.requestDraw();
  }

  /** Switches between linear and log y scale. */
  setScale(kind: ScaleKind): void {
    this.kind = kind;
    this.requestDraw();
  }

  protected draw(): void {
    const width = Math.max(240, this.container.clientWidth);
    const points = downsample(this.losses, MAX_POINTS).map((point) => ({ x: point.x + 1, y: point.y }));
    const box = { width, height: HEIGHT, margin: { top: 22, right: 14, bottom: 34, left: 56 } };
    const scales = lossScales(box, points, this.kind, { totalSteps: Math.max(this.totalSteps, this.losses.length) });
    this.scales = scales;
    this.svg.attr('viewBox', `0 0 ${width} ${HEIGHT}`).attr('width', width).attr('height', HEIGHT);
    this.svg.selectAll('*').remove();
    drawAxes(this.svg, box, scales, { x: this.labels.stepAxis, y: this.labels.lossAxis }, this.locale, X_TICK_SPACING);
    const values = points.map((point) => point.y);
    const path = linePath(values, (index) => scales.x(points[index].x), scales.y.pixel);
    this.svg.append('path').attr('class', 'loss-line').attr('d', path);
    if (this.losses.length === 0) {
      drawNote(this.svg, this.labels.empty, {
        left: box.margin.left,
        right: width - box.margin.right,
        middle: HEIGHT / 2,
      });
    }
    this.drawCursor(scales);
    this.updateTable();
  }

  private drawCursor(scales: ReturnType<typeof lossScales>): void {
    if (this.cursor === null || this.losses.length === 0) return;
    const step = this.cursor + 1;
    const loss = this.losses[this.cursor];
    this.svg
      .append('circle')
      .attr('class', 'cursor')
      .attr('r', 4)
      .attr('cx', scales.x(step))
      .attr('cy', scales.y.pixel(loss));
  }

  private setCursor(index: number | null): void {
    this.cursor =
      index === null || this.losses.length === 0 ? null : Math.max(0, Math.min(this.losses.length - 1, index));
    this.readout.textContent =
      this.cursor === null
        ? ''
        : `${this.labels.stepColumn} ${this.cursor + 1}: ${this.labels.lossColumn} ${formatNumber(this.losses[this.cursor], this.locale)}`;
    this.requestDraw();
  }

  /** Where a key moves the marker: ←/→ by about a fiftieth of the run, Home/End to the ends. */
  private keyTarget(key: string): number | null {
    const last = this.losses.length - 1;
    const stride = Math.max(1, Math.round(this.losses.length / 50));
    const current = this.cursor ?? last;
    const moves: Record<string, number> = {
      ArrowLeft: current - stride,
      ArrowRight: current + stride,
      Home: 0,
      End: last,
    };
    return key in moves && last >= 0 ? moves[key] : null;
  }

  private updateTable(): void {
    const rows = summariseSeries(this.losses, 11);
    fillTable(
      this.table,
      rows.map((point) => [formatNumber(point.x + 1, this.locale), formatNumber(point.y, this.locale)]),
      false,
    );
  }
}
