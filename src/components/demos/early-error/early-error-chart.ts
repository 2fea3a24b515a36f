/**
 * The early-error chart: test MSE at t = 0, 1, 2 and 3 (one line and colour each, labelled at
 * the line's end) against training steps, log y, with the Bayes error ½ of t = 0 as a dashed
 * line. The recorded run is drawn in full until a live run has points; then it stays as a
 * faint reference under the live lines. Focusable: ←/→ (and the pointer) move a cursor over
 * the measurements and a readout gives the four values.
 */
import { select, type Selection } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { formatNumber, logDomain, valueAxis, type ValueAxis } from '../../../lib/chart.ts';
import { pointNear, seriesOf, type EarlyPoint } from '../../../lib/demos/early-error.ts';
import { EARLY_STEPS } from '../../../lib/train.ts';
import { drawAxes } from '../../shared/charts/axes.ts';
import { ChartFigure } from '../../shared/charts/chart-figure.ts';

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** The chart's translated labels. */
export interface EarlyErrorLabels {
  axisSteps: string;
  axisMse: string;
  bayes: string;
  /** The readout line: `{step}` and the four values as `{values}`. */
  readout: (step: string, values: string) => string;
}

const HEIGHT = 260;
const MARGIN = { top: 16, right: 52, bottom: 34, left: 52 };
/** About one step tick per this many pixels. */
const X_TICK_SPACING = 90;
/** Least vertical distance between two end labels, in px. */
const LABEL_GAP = 13;
/** The Bayes error at t = 0: the mean of cos²φ over a uniform phase. */
const BAYES_T0 = 0.5;

/** Test MSE at t = 0…3 against training steps: a recorded run and a live one. */
export class EarlyErrorChart extends ChartFigure<EarlyErrorLabels> {
  private readonly svg: Svg;
  private readonly readout: HTMLElement;
  private recorded: readonly EarlyPoint[] = [];
  private live: readonly EarlyPoint[] = [];
  private total = 1;
  private cursor: number | null = null;

  constructor(container: HTMLElement, labels: EarlyErrorLabels, locale: string) {
    super(container, labels, locale);
    this.svg = select(container.querySelector('svg') as SVGSVGElement)
      .attr('tabindex', 0)
      .attr('role', 'img');
    this.readout = container.querySelector('[data-readout]') as HTMLElement;
    this.svg.on('keydown', (event: KeyboardEvent) => this.onKey(event));
    this.svg.on('blur', () => this.setCursor(null));
    this.svg.on('pointermove', (event: PointerEvent) => this.onPointer(event));
    this.svg.on('pointerleave', () => this.setCursor(null));
  }

  /** Sets the recorded run, the live run so far (either may be empty) and the x axis's end. */
  setCurves(recorded: readonly EarlyPoint[], live: readonly EarlyPoint[], total: number): void {
    Object.assign(this, { recorded, live, total: Math.max(1, total) });
    if (this.cursor !== null) this.setCursor(this.cursor);
    this.requestDraw();
  }

  /** Sets the accessible name (a sentence with the numbers). */
  setLabel(text: string): void {
    this.svg.attr('aria-label', text);
  }

  /** The curve the readout and the table describe: the live one once it has points. */
  private shown(): readonly EarlyPoint[] {
    return this.live.length > 0 ? this.live : this.recorded;
  }

  private scales(width: number): {
    x: (step: number) => number;
    y: ValueAxis;
    xScale: ReturnType<typeof scaleLinear<number, number>>;
  } {
    const xScale = scaleLinear()
      .domain([0, this.total])
      .range([MARGIN.left, width - MARGIN.right]);
    const values = [...this.recorded, ...this.live].flatMap((point) => point.mse);
    const domain = logDomain([...values, BAYES_T0], 1e-6);
    const y = valueAxis('log', domain, [HEIGHT - MARGIN.bottom, MARGIN.top], 1e-6);
    return { x: (step) => xScale(step), y, xScale };
  }

  protected draw(): void {
    const width = Math.max(260, this.container.clientWidth);
    const { x, y, xScale } = this.scales(width);
    this.svg.attr('viewBox', `0 0 ${width} ${HEIGHT}`).attr('width', width).attr('height', HEIGHT);
    this.svg.selectAll('*').remove();
    const box = { width, height: HEIGHT, margin: MARGIN };
    drawAxes(
      this.svg,
      box,
      { x: xScale, y },
      { x: this.labels.axisSteps, y: this.labels.axisMse },
      this.locale,
      X_TICK_SPACING,
    );
    const bayes = y.pixel(BAYES_T0);
    this.svg
      .append('line')
      .attr('class', 'ee-bayes')
      .attr('x1', MARGIN.left)
      .attr('x2', width - MARGIN.right)
      .attr('y1', bayes)
      .attr('y2', bayes);
    // Under the line, on the right: the t = 0 curve runs just above ½, and its label is at the end.
    this.svg
      .append('text')
      .attr('class', 'ee-bayes-label')
      .attr('x', width - MARGIN.right)
      .attr('y', bayes + 15)
      .attr('text-anchor', 'end')
      .text(this.labels.bayes);
    const faint = this.live.length > 0;
    this.drawRun(this.recorded, x, y, faint ? 'ee-line recorded' : 'ee-line', !faint);
    if (faint) this.drawRun(this.live, x, y, 'ee-line live', true);
    if (this.cursor !== null) {
      const at = x(this.cursor);
      this.svg
        .append('line')
        .attr('class', 'cursor-line')
        .attr('x1', at)
        .attr('x2', at)
        .attr('y1', MARGIN.top)
        .attr('y2', HEIGHT - MARGIN.bottom);
    }
  }

  /** One run's four lines (and, for the run in front, the labels at their ends). */
  private drawRun(
    curve: readonly EarlyPoint[],
    x: (step: number) => number,
    y: ValueAxis,
    className: string,
    labelled: boolean,
  ): void {
    const ends: Array<{ t: number; x: number; y: number }> = [];
    for (let t = 0; t < EARLY_STEPS; t++) {
      const points = seriesOf(curve, t).filter(([, mse]) => Number.isFinite(y.pixel(mse)));
      if (points.length === 0) continue;
      const path = points.map(
        ([step, mse], index) => `${index === 0 ? 'M' : 'L'}${x(step).toFixed(1)},${y.pixel(mse).toFixed(1)}`,
      );
      this.svg.append('path').attr('class', `${className} t${t}`).attr('data-t', t).attr('d', path.join(''));
      const [lastStep, lastMse] = points[points.length - 1];
      ends.push({ t, x: x(lastStep) + 4, y: y.pixel(lastMse) });
    }
    if (!labelled) return;
    for (const end of spreadLabels(ends, LABEL_GAP)) {
      this.svg
        .append('text')
        .attr('class', `ee-end-label t${end.t}`)
        .attr('x', end.x)
        .attr('y', end.y)
        .attr('dominant-baseline', 'middle')
        .text(`t = ${end.t}`);
    }
  }

  private setCursor(step: number | null): void {
    const point = step === null ? null : pointNear(this.shown(), step);
    this.cursor = point?.step ?? null;
    if (!point) {
      this.readout.textContent = '';
    } else {
      const values = point.mse.map((mse, t) => `t = ${t} ${formatNumber(mse, this.locale)}`).join(' · ');
      this.readout.textContent = this.labels.readout(formatNumber(point.step, this.locale), values);
    }
    this.requestDraw();
  }

  private onKey(event: KeyboardEvent): void {
    const steps = this.shown().map((point) => point.step);
    if (steps.length === 0) return;
    const index = this.cursor === null ? -1 : steps.indexOf(this.cursor);
    const moves: Record<string, number> = {
      ArrowLeft: Math.max(0, index - 1),
      ArrowRight: Math.min(steps.length - 1, index + 1),
      Home: 0,
      End: steps.length - 1,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    this.setCursor(steps[moves[event.key]]);
  }

  private onPointer(event: PointerEvent): void {
    const width = Math.max(260, this.container.clientWidth);
    const bounds = (this.svg.node() as SVGSVGElement).getBoundingClientRect();
    const step = this.scales(width).xScale.invert(((event.clientX - bounds.left) * width) / bounds.width);
    this.setCursor(step);
  }
}

/**
 * Label positions moved apart vertically so no two are closer than `gap` px, each as near its
 * line's end as that allows (top to bottom, pushing down).
 */
function spreadLabels<L extends { y: number }>(labels: readonly L[], gap: number): L[] {
  const sorted = [...labels].sort((a, b) => a.y - b.y);
  let previous = -Infinity;
  return sorted.map((label) => {
    const y = Math.max(label.y, previous + gap);
    previous = y;
    return { ...label, y };
  });
}
