/**
 * `<receptive-field>`: a heatmap of |∂ŷ_t/∂x_s| (rows: prediction step t, columns: input
 * step s) for the chosen variant, computed on the page with an engine's own differentiation:
 * the scratch engine's hand-derived backward pass, or TensorFlow.js autodiff (loaded on first
 * use; lib/receptive-field.ts). Colour is logarithmic over four decades so both strong and
 * faint dependencies show. Test hooks: `data-variant`, `data-gradient-source`,
 * `data-above-diagonal` (mean |grad| strictly above the diagonal), `data-below-diagonal`
 * (mean on/below), `data-state`, `data-pretrained` ("true" when the pretrained weights are on
 * show). When the pretrained model could not be fetched (e.g. offline), the untrained weights
 * stand in, says the status line, until the connection returns: then it is fetched again.
 */
import { select } from 'd3-selection';
import {
  cellAt,
  formatCompact,
  formatNumber,
  logLegendTicks,
  moveCell,
  type Cell,
  type HeatmapLayout,
} from '../../../lib/chart.ts';
import { receptiveField, receptiveFieldFrom, summariseDiagonal } from '../../../lib/receptive-field.ts';
import {
  logColours,
  nextRfWindow,
  rfInput,
  RF_DECADES,
  RF_PRESETS,
  RF_SCHEMA,
  tableSteps,
} from '../../../lib/demos/receptive-field.ts';
import { modelToShow, type LoadedModel } from '../../../lib/demos/models.ts';
import { drawFocus, drawHeatmap } from '../../shared/charts/heatmap.ts';
import { renderLegend } from '../../shared/charts/legend.ts';
import { attachReadout } from '../../shared/charts/readout.ts';
import { DemoElement, type ActionHandler } from '../../shared/demo-element.ts';
import { fillHeader, fillTable, onThemeChange, redrawScheduler } from '../../shared/page-runtime.ts';
import { withTfjsEngine } from '../../shared/tfjs-cpu.ts';

const MARGIN = { top: 18, right: 8, bottom: 34, left: 34 };

/** A computed receptive field: |∂ŷ_t/∂x_s| [T, T], its colours and largest value, and the delay of its model. */
interface Field {
  matrix: Float64Array;
  colours: Float64Array;
  max: number;
  size: number;
  delay: number;
}

class ReceptiveFieldDemo extends DemoElement<typeof RF_SCHEMA> {
  protected readonly schema = RF_SCHEMA;
  protected readonly presets = RF_PRESETS;
  private requestDraw: () => void = () => undefined;
  private field: Field | null = null;
  /** The cell the readout shows (pointer or arrow keys), or null. */
  private cell: Cell | null = null;
  /** The cells as last drawn, for finding the one under a pointer. */
  private layout: HeatmapLayout | null = null;
  private readonly models = new Map<string, Promise<LoadedModel>>();
  /** Whether the field on show uses untrained weights because the pretrained ones failed to load. */
  private standIn = false;

  protected actions(): Record<string, ActionHandler> {
    return { window: () => this.applySetting('window', nextRfWindow(this.state.window)) };
  }

  protected setUp(): void {
    this.cell = null;
    this.onDispose(
      attachReadout(this.svg(), this.find('[data-readout]'), this.t('chart.hint'), {
        at: (x, y) => {
          const size = this.field?.size ?? 0;
          return this.layout && cellAt(this.layout, size, size, x - MARGIN.left, y - MARGIN.top);
        },
        step: (key, current) => {
          const size = this.field?.size ?? 0;
          return size > 0 ? moveCell(key, current ?? { row: 0, col: 0 }, size, size) : null;
        },
        show: (cell) => this.showCell(cell),
      }),
    );
    const redraw = this.own(redrawScheduler(() => this.draw(), this));
    this.requestDraw = redraw.request;
    this.onDispose(onThemeChange(() => this.requestDraw()));
    this.listen(window, 'online', () => {
      if (this.standIn) this.settingChanged();
    });
  }

  protected start(): Promise<void> {
    return this.compute();
  }

  protected settingChanged(): void {
    this.compute().catch((error: unknown) => this.reportFailure(error));
  }

  private svg(): SVGSVGElement {
    return this.find<SVGSVGElement>('svg');
  }

  /**
   * The model on show, fetched once per variant and weight choice. A pretrained model that
   * could not be fetched is not kept, so the next look tries again (e.g. back online).
   */
  private model(): Promise<LoadedModel> {
    const { variant, model: weights } = this.state;
    const key = `${variant}:${weights}`;
    let model = this.models.get(key);
    if (!model) {
      model = modelToShow(this.modelsUrl, variant, weights);
      this.models.set(key, model);
      const forget = () => this.models.delete(key);
      model.then((loaded) => weights === 'pretrained' && !loaded.pretrained && forget(), forget);
    }
    return model;
  }

  /** Loads the model and recomputes the matrix, summary, table and test hooks. */
  private async compute(): Promise<void> {
    const isLatest = this.latest.begin();
    const { variant, window, gradient } = this.state;
    this.dataset.state = 'loading';
    this.setStatus(this.t('demo.loading'));
    const model = await this.model();
    const x = rfInput(model.config.window, window);
    const matrix =
      gradient === 'tfjs'
        ? await withTfjsEngine(model.config, model.params, (engine) =>
            receptiveFieldFrom(model.config, (t) => engine.inputGradient(x, t)),
          )
        : receptiveField(model.config, model.params, x);
    if (!isLatest()) return;
    this.standIn = this.state.model === 'pretrained' && !model.pretrained;
    const size = model.config.window;
    const max = matrix.reduce((largest, value) => Math.max(largest, value), 0);
    this.field = { matrix, colours: logColours(matrix), max, size, delay: model.config.delay };
    const summary = summariseDiagonal(matrix, size);
    Object.assign(this.dataset, {
      variant,
      gradientSource: gradient,
      aboveDiagonal: String(summary.above),
      belowDiagonal: String(summary.below),
      pretrained: String(model.pretrained),
      state: 'ready',
    });
    // Enabled once there is a field to show another window of (the markup starts it disabled).
    this.enableActions({ window: true });
    this.describe(model, summary);
    this.fillNumbers();
    this.requestDraw();
  }

  /** The status line and the heatmap's accessible name. */
  private describe(model: LoadedModel, summary: { above: number; below: number }): void {
    const variantName = this.t(`variant.${this.state.variant}`);
    const note = this.standIn ? `${this.t('demo.noPretrained', { variant: variantName })} ` : '';
    const using = this.t('demo.using', {
      model: this.t(model.pretrained ? 'demo.weights.pretrained' : 'demo.weights.init'),
      variant: variantName,
      hidden: model.config.hiddenSize,
    });
    const numbers = this.t('rf.summary', {
      above: formatNumber(summary.above, this.locale),
      below: formatNumber(summary.below, this.locale),
    });
    this.setStatus(`${note}${using} ${numbers}`);
    this.svg().setAttribute('aria-label', this.t('rf.label', { variant: variantName, summary: numbers }));
  }

  private draw(): void {
    const field = this.field;
    if (!field) return;
    const ticks = logLegendTicks(field.max, RF_DECADES).map(({ offset, value }, index) => ({
      offset,
      label: `${index === 0 ? '≤' : ''}${formatCompact(value, this.locale)}`,
    }));
    renderLegend(this.find('[data-legend]'), 'sequential', this.t('rf.legend'), ticks);
    const width = Math.min(480, Math.max(240, this.find('.heatmap-figure').clientWidth));
    const svg = select(this.svg());
    const layout = drawHeatmap(
      svg,
      width,
      { rows: field.size, cols: field.size, values: field.colours, kind: 'sequential', min: 0, max: 1 },
      {
        margin: MARGIN,
        xLabel: this.t('rf.axisS'),
        yLabel: this.t('rf.axisT'),
        tickEvery: 8,
        aspect: 1,
        diagonals: field.delay > 0 ? [0, field.delay] : [0],
      },
    );
    this.layout = layout;
    if (this.cell) drawFocus(svg, layout, MARGIN, this.cell.row, this.cell.col);
  }

  /** The readout of one cell (row t, column s), outlined in the heatmap; null clears it. */
  private showCell(cell: Cell | null): void {
    const field = this.field;
    this.cell = field ? cell : null;
    const value = cell && field ? formatNumber(field.matrix[cell.row * field.size + cell.col], this.locale) : '';
    this.find('[data-readout]').textContent =
      cell && field ? this.t('rf.cell', { t: cell.row, s: cell.col, value }) : '';
    this.requestDraw();
  }

  private fillNumbers(): void {
    const field = this.field;
    if (!field) return;
    const picks = tableSteps(field.size);
    fillHeader(this.find<HTMLTableRowElement>('.rf-table thead tr'), ['t \\ s', ...picks.map(String)]);
    fillTable(
      this.find<HTMLTableSectionElement>('.rf-table tbody'),
      picks.map((t) => [String(t), ...picks.map((s) => formatNumber(field.matrix[t * field.size + s], this.locale))]),
    );
  }
}

if (!customElements.get('receptive-field')) customElements.define('receptive-field', ReceptiveFieldDemo);
