/**
 * The compute ladder's chart: milliseconds per training step against batch size, both axes
 * logarithmic, one line with a dot per measured point for each engine (colours from ladder.css),
 * a dashed line where the fastest engine changes. Queryable by pointer, touch or keyboard
 * (←/→ move over the batch sizes; shared/charts/readout.ts): the readout gives every engine's
 * time at that batch size.
 */
import { select, type Selection } from 'd3-selection';
import { scaleLog, type ScaleLogarithmic } from 'd3-scale';
import { formatNumber, logDomain, ticksFor, valueAxis, type ValueAxis } from '../../../lib/chart.ts';
import { curveOf, isTimed, type LadderEngine, type LadderResult } from '../../../lib/demos/ladder.ts';
import { drawNote } from '../../shared/charts/axes.ts';
import { ChartFigure } from '../../shared/charts/chart-figure.ts';
import { attachReadout } from '../../shared/charts/readout.ts';

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/** The chart's translated labels. */
export interface LadderChartLabels {
  axisBatch: string;
  axisMs: string;
  empty: string;
  hint: string;
  /** The display name of an engine ("WebGL (software)"). */
  name: (engine: LadderEngine) => string;
  /** The readout line: the batch size and the engines' values, as text. */
  readout: (batch: string, values: string) => string;
  /** One engine's value in the readout ("WASM 12 ms"). */
  value: (name: string, ms: string) => string;
}

const HEIGHT = 260;
const MARGIN = { top: 26, right: 16, bottom: 38, left: 52 };
/** Narrowest drawing, in px: narrower containers scale it down. */
const MIN_WIDTH = 260;

/** ms per step against batch size, one line per engine. */
export class LadderChart extends ChartFigure<LadderChartLabels> {
  private readonly svg: Svg;
  private readonly readout: HTMLElement;
  private batches: number[] = [];
  private engines: LadderEngine[] = [];
  private results: readonly LadderResult[] = [];
  private crossover: number | null = null;
  private cursor: number | null = null;
  /** The batch axis as last drawn, for the batch size under a pointer. */
  private x: ScaleLogarithmic<number, number> | null = null;

  constructor(container: HTMLElement, labels: LadderChartLabels, locale: string) {
    super(container, labels, locale);
    this.svg = select(container.querySelector('svg') as SVGSVGElement).attr('role', 'img');
    this.readout = container.querySelector('[data-readout]') as HTMLElement;
    this.onDispose(
      attachReadout(this.svg.node() as SVGSVGElement, this.readout, labels.hint, {
        at: (x) => this.nearestBatch(x),
        step: (key, current) => this.stepKey(key, current),
        show: (batch) => this.setCursor(batch),
      }),
    );
  }

  /**
   * Sets the batch sizes on the axis, the engines (in legend order), the results so far and
   * the batch size from which the fastest engine changes (null: none).
   */
  setData(
    batches: readonly number[],
    engines: readonly LadderEngine[],
    results: readonly LadderResult[],
    crossover: number | null,
  ): void {
    Object.assign(this, { batches: [...batches], engines: [...engines], results, crossover });
    if (this.cursor !== null) this.setCursor(this.batches.includes(this.cursor) ? this.cursor : null);
    this.requestDraw();
  }

  /** Sets the accessible name (a sentence with the numbers). */
  setLabel(text: string): void {
    this.svg.attr('aria-label', text);
  }

  /** Batch sizes that have at least one timing, ascending. */
  private measuredBatches(): number[] {
    return this.batches.filter((batch) => this.results.some((result) => result.batch === batch && isTimed(result)));
  }

  private nearestBatch(x: number): number | null {
    const scale = this.x;
    const batches = this.measuredBatches();
    if (!scale || batches.length === 0) return null;
    return batches.reduce((best, batch) => (Math.abs(scale(batch) - x) < Math.abs(scale(best) - x) ? batch : best));
  }

  private stepKey(key: string, current: number | null): number | null {
    const batches = this.measuredBatches();
    if (batches.length === 0) return null;
    const index = current === null ? -1 : batches.indexOf(current);
    const moves: Record<string, number> = {
      ArrowLeft: Math.max(0, index - 1),
      ArrowRight: Math.min(batches.length - 1, index + 1),
      Home: 0,
      End: batches.length - 1,
    };
    return key in moves ? batches[moves[key]] : null;
  }

  private setCursor(batch: number | null): void {
    this.cursor = batch;
    if (batch === null) {
      this.readout.textContent = '';
    } else {
      const values = this.engines.flatMap((engine) => {
        const result = this.results.find((r) => r.engine === engine.engine && r.batch === batch);
        return result && isTimed(result)
          ? [this.labels.value(this.labels.name(engine), formatNumber(result.msPerStep, this.locale))]
          : [];
      });
      this.readout.textContent = this.labels.readout(formatNumber(batch, this.locale), values.join(' · '));
    }
    this.requestDraw();
  }

  private scales(width: number): { x: ScaleLogarithmic<number, number>; y: ValueAxis } {
    const [low, high] = [this.batches[0] ?? 16, this.batches[this.batches.length - 1] ?? 2048];
    // Half a rung of room on either side, so the end dots are not cut by the plot's edge.
    const x = scaleLog()
      .base(2)
      .domain([low / 1.4, high * 1.4])
      .range([MARGIN.left, width - MARGIN.right]);
    const values = this.results.filter(isTimed).map((result) => result.msPerStep);
    const y = valueAxis('log', logDomain(values.length > 0 ? values : [1, 100], 1e-3), [
      HEIGHT - MARGIN.bottom,
      MARGIN.top,
    ]);
    return { x, y };
  }

  protected draw(): void {
    const width = Math.max(MIN_WIDTH, this.container.clientWidth);
    const { x, y } = this.scales(width);
    this.x = x;
    this.svg.attr('viewBox', `0 0 ${width} ${HEIGHT}`).attr('width', width).attr('height', HEIGHT);
    this.svg.selectAll('*').remove();
    this.drawAxes(x, y, width);
    if (!this.results.some(isTimed)) {
      drawNote(this.svg, this.labels.empty, {
        left: MARGIN.left + 8,
        right: width - MARGIN.right - 8,
        middle: (MARGIN.top + HEIGHT - MARGIN.bottom) / 2,
      });
      return;
    }
    if (this.crossover !== null) this.drawVertical('ladder-crossover', x(this.crossover));
    for (const engine of this.engines) this.drawEngine(engine, x, y);
    if (this.cursor !== null) this.drawVertical('cursor-line', x(this.cursor));
  }

  /** Grid lines and labels of the ms axis (decades), the batch sizes along x, the two captions. */
  private drawAxes(x: ScaleLogarithmic<number, number>, y: ValueAxis, width: number): void {
    const axes = this.svg.append('g').attr('class', 'axes');
    for (const tick of ticksFor(y.scale, 5, this.locale)) {
      axes
        .append('line')
        .attr('class', 'grid')
        .attr('x1', MARGIN.left)
        .attr('x2', width - MARGIN.right)
        .attr('y1', tick.position)
        .attr('y2', tick.position);
      axes
        .append('text')
        .attr('class', 'tick')
        .attr('x', MARGIN.left - 6)
        .attr('y', tick.position)
        .attr('text-anchor', 'end')
        .attr('dominant-baseline', 'middle')
        .text(tick.label);
    }
    for (const batch of this.batches) {
      axes
        .append('text')
        .attr('class', 'tick')
        .attr('x', x(batch))
        .attr('y', HEIGHT - MARGIN.bottom + 16)
        .attr('text-anchor', 'middle')
        .text(formatNumber(batch, this.locale));
    }
    axes
      .append('text')
      .attr('class', 'axis-label')
      .attr('x', width - MARGIN.right)
      .attr('y', HEIGHT - 4)
      .attr('text-anchor', 'end')
      .text(this.labels.axisBatch);
    axes.append('text').attr('class', 'axis-label').attr('x', 4).attr('y', 10).text(this.labels.axisMs);
  }

  private drawVertical(className: string, at: number): void {
    this.svg
      .append('line')
      .attr('class', className)
      .attr('x1', at)
      .attr('x2', at)
      .attr('y1', MARGIN.top)
      .attr('y2', HEIGHT - MARGIN.bottom);
  }

  /** One engine's line and dots (a single point is a dot alone). */
  private drawEngine(engine: LadderEngine, x: ScaleLogarithmic<number, number>, y: ValueAxis): void {
    const curve = curveOf(this.results, engine.engine);
    if (curve.length === 0) return;
    const classes = `ladder-line ${engine.engine}${engine.software ? ' software' : ''}`;
    const path = curve.map(
      ([batch, ms], i) => `${i === 0 ? 'M' : 'L'}${x(batch).toFixed(1)},${y.pixel(ms).toFixed(1)}`,
    );
    this.svg.append('path').attr('class', classes).attr('data-engine', engine.engine).attr('d', path.join(''));
    for (const [batch, ms] of curve) {
      this.svg
        .append('circle')
        .attr('class', `ladder-dot ${engine.engine}`)
        .attr('data-engine', engine.engine)
        .attr('data-batch', batch)
        .attr('cx', x(batch))
        .attr('cy', y.pixel(ms))
        .attr('r', 3.5);
    }
  }
}
