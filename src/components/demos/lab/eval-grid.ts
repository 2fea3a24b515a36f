/**
 * The original post's evaluation figure, live: a 3×3 grid of test windows, each a small line
 * chart of the input x (grey), the target (blue) and the model's prediction (red). The panels
 * show the whole window or zoom on its first time steps, where a synced model misses. Each
 * panel is focusable and labelled with its error; a table lists the numbers behind every panel
 * (filled only while it is open: the grid redraws as the model trains).
 */
import { select, type Selection } from 'd3-selection';
import { formatNumber, linePath, stepScales, summariseSeries, SERIES_Y_DOMAIN } from '../../../lib/chart.ts';
import { windowMse, ZOOM_STEPS, type LabState } from '../../../lib/demos/lab.ts';
import { fillTable } from '../../shared/page-runtime.ts';
import { ChartFigure } from '../../shared/charts/chart-figure.ts';

/** One panel's data: input, target and prediction over the window's T steps. */
export interface EvalWindow {
  /** Index of the window in the test set. */
  index: number;
  input: ArrayLike<number>;
  target: ArrayLike<number>;
  prediction: ArrayLike<number>;
}

/** Translated labels of the grid. */
export interface EvalGridLabels {
  panel: (index: number, mse: string) => string;
}

const PANEL_HEIGHT = 110;
/** Rows of the table per window. */
const TABLE_ROWS = 5;
/** The three lines of a panel, drawn in this order (the prediction on top). */
const SERIES = ['input', 'target', 'prediction'] as const;

/** A grid of small multiples bound to a container holding `.eval-panels` and a `<details>` table. */
export class EvalGrid extends ChartFigure<EvalGridLabels> {
  private windows: EvalWindow[] = [];
  private zoom: LabState['zoom'] = 'window';
  private readonly details: HTMLDetailsElement | null;
  /**
   * The panels' width as last laid out (0: not yet): read from a ResizeObserver, so a redraw
   * never forces a layout of the page in the middle of the frame's other drawing.
   */
  private panelsWidth = 0;

  constructor(container: HTMLElement, labels: EvalGridLabels, locale: string) {
    super(container, labels, locale);
    const panels = container.querySelector('.eval-panels') as HTMLElement;
    const sizes = new ResizeObserver((entries) => (this.panelsWidth = entries[0]?.contentRect.width ?? 0));
    sizes.observe(panels);
    this.onDispose(() => sizes.disconnect());
    const details = container.querySelector('details');
    this.details = details;
    const fill = () => this.updateTable(this.visibleSteps());
    details?.addEventListener('toggle', fill);
    this.onDispose(() => details?.removeEventListener('toggle', fill));
  }

  /** Shows new windows (typically nine). */
  setWindows(windows: EvalWindow[]): void {
    this.windows = windows;
    this.requestDraw();
  }

  /** Shows the whole window, or zooms on its first {@link ZOOM_STEPS} time steps. */
  setZoom(zoom: LabState['zoom']): void {
    this.zoom = zoom;
    this.container.dataset.zoom = zoom;
    this.requestDraw();
  }

  /** Time steps on show: all T, or the first ZOOM_STEPS. */
  private visibleSteps(): number {
    const T = this.windows[0]?.target.length ?? 64;
    return this.zoom === 'start' ? Math.min(ZOOM_STEPS, T) : T;
  }

  protected draw(): void {
    const container = this.container.querySelector('.eval-panels') as HTMLElement;
    const figures = select(container).selectAll<HTMLElement, EvalWindow>('figure').data(this.windows);
    figures.exit().remove();
    const entered = figures
      .enter()
      .append('figure')
      .attr('data-testid', 'eval-panel')
      .attr('tabindex', 0)
      .attr('role', 'img');
    entered.append('svg');
    const panelWidth = Math.max(80, (this.panelsWidth || container.clientWidth) / 3 - 8);
    const steps = this.visibleSteps();
    const scales = stepScales(
      { width: panelWidth, height: PANEL_HEIGHT, margin: { top: 4, right: 4, bottom: 4, left: 4 } },
      steps,
      SERIES_Y_DOMAIN,
    );
    entered.merge(figures).each((window, position, nodes) => {
      const figure = select(nodes[position]);
      const mse = formatNumber(windowMse(window.target, window.prediction), this.locale);
      figure.attr('aria-label', this.labels.panel(window.index, mse)).attr('data-window', window.index);
      const svg = figure
        .select<SVGSVGElement>('svg')
        .attr('viewBox', `0 0 ${panelWidth} ${PANEL_HEIGHT}`)
        .attr('preserveAspectRatio', 'none');
      drawPanel(svg, window, steps, scales);
    });
    this.updateTable(steps);
  }

  private updateTable(steps: number): void {
    if (!this.details?.open) return;
    const body = this.container.querySelector('tbody') as HTMLTableSectionElement;
    const f = (value: number) => formatNumber(value, this.locale);
    const rows = this.windows.flatMap((window) =>
      summariseSeries(Array.from(window.target).slice(0, steps), TABLE_ROWS).map((point) => [
        `#${window.index}`,
        f(point.x),
        f(window.input[point.x]),
        f(point.y),
        f(window.prediction[point.x]),
      ]),
    );
    fillTable(body, rows, false);
  }
}

/** One panel: the zero line and the three series over the first `steps` time steps. */
function drawPanel(
  svg: Selection<SVGSVGElement, unknown, null, undefined>,
  window: EvalWindow,
  steps: number,
  scales: ReturnType<typeof stepScales>,
): void {
  // The panel's elements are kept and only their geometry changes: nine panels redraw as the model trains.
  const [left, right] = scales.x.range();
  svg
    .selectAll('line.zero')
    .data([0])
    .join('line')
    .attr('class', 'zero')
    .attr('x1', left)
    .attr('x2', right)
    .attr('y1', scales.y.pixel(0))
    .attr('y2', scales.y.pixel(0));
  svg
    .selectAll('path.series')
    .data(SERIES)
    .join('path')
    .attr('class', (series) => `series ${series}`)
    .attr('data-series', (series) => series)
    .attr('d', (series) => linePath(Array.from(window[series]).slice(0, steps), scales.x, scales.y.pixel));
}
