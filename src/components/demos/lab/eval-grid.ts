/**
 * The original post's evaluation figure, live: a 3×3 grid of test windows, each a small line
 * chart of the target (blue) and the model's prediction (red). Each panel is focusable and
 * labelled with its error; a table lists the numbers behind every panel.
 */
import { select } from 'd3-selection';
import { formatNumber, linePath, stepScales, summariseSeries, SERIES_Y_DOMAIN } from '../../../lib/chart.ts';
import { windowMse } from '../../../lib/demos/lab.ts';
import { fillTable } from '../../shared/page-runtime.ts';
import { ChartFigure } from '../../shared/charts/chart-figure.ts';

/** One panel's data: target and prediction over the window's T steps. */
export interface EvalWindow {
  /** Index of the window in the test set. */
  index: number;
  target: ArrayLike<number>;
  prediction: ArrayLike<number>;
}

/** Translated labels of the grid. */
export interface EvalGridLabels {
  panel: (index: number, mse: string) => string;
  target: string;
  prediction: string;
  timeColumn: string;
}

const PANEL_HEIGHT = 110;

/** A grid of small multiples bound to a container holding `.eval-panels` and a `<details>` table. */
export class EvalGrid extends ChartFigure<EvalGridLabels> {
  private windows: EvalWindow[] = [];

  /** Shows new windows (typically nine). */
  setWindows(windows: EvalWindow[]): void {
    this.windows = windows;
    this.requestDraw();
  }

  protected draw(): void {
    const panels = select(this.container.querySelector('.eval-panels') as HTMLElement);
    const figures = panels.selectAll<HTMLElement, EvalWindow>('figure').data(this.windows);
    figures.exit().remove();
    const entered = figures
      .enter()
      .append('figure')
      .attr('data-testid', 'eval-panel')
      .attr('tabindex', 0)
      .attr('role', 'img');
    entered.append('svg');
    const merged = entered.merge(figures);
    const panelWidth = Math.max(80, (this.container.querySelector('.eval-panels') as HTMLElement).clientWidth / 3 - 8);
    const scales = stepScales(
      { width: panelWidth, height: PANEL_HEIGHT, margin: { top: 4, right: 4, bottom: 4, left: 4 } },
      this.windows[0]?.target.length ?? 64,
      SERIES_Y_DOMAIN,
    );
    merged.each((window, position, nodes) => {
      const figure = select(nodes[position]);
      const mse = formatNumber(windowMse(window.target, window.prediction), this.locale);
      figure.attr('aria-label', this.labels.panel(window.index, mse)).attr('data-window', window.index);
      const svg = figure
        .select('svg')
        .attr('viewBox', `0 0 ${panelWidth} ${PANEL_HEIGHT}`)
        .attr('preserveAspectRatio', 'none');
      svg.selectAll('*').remove();
      svg
        .append('line')
        .attr('class', 'zero')
        .attr('x1', 0)
        .attr('x2', panelWidth)
        .attr('y1', scales.y.pixel(0))
        .attr('y2', scales.y.pixel(0));
      svg
        .append('path')
        .attr('class', 'series target')
        .attr('data-series', 'target')
        .attr('d', linePath(window.target, scales.x, scales.y.pixel));
      svg
        .append('path')
        .attr('class', 'series prediction')
        .attr('data-series', 'prediction')
        .attr('d', linePath(window.prediction, scales.x, scales.y.pixel));
    });
    this.updateTable();
  }

  private updateTable(): void {
    const body = this.container.querySelector('tbody') as HTMLTableSectionElement;
    const rows = this.windows.flatMap((window) =>
      summariseSeries(window.target, 5).map((point) => [
        `#${window.index}`,
        formatNumber(point.x, this.locale),
        formatNumber(point.y, this.locale),
        formatNumber(window.prediction[point.x], this.locale),
      ]),
    );
    fillTable(body, rows, false);
  }
}
