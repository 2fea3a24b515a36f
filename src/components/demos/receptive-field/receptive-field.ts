/**
 * `<receptive-field>`: a heatmap of |∂ŷ_t/∂x_s| (rows: prediction step t, columns: input
 * step s) for the chosen variant, computed on the page with an engine's own differentiation:
 * the scratch engine's hand-derived backward pass, or TensorFlow.js autodiff (loaded on first
 * use; lib/receptive-field.ts). Colour is logarithmic over four decades so both strong and
 * faint dependencies show. Test hooks: `data-variant`, `data-gradient-source`,
 * `data-above-diagonal` (mean |grad| strictly above the diagonal), `data-below-diagonal`
 * (mean on/below), `data-state`.
 */
import { select } from 'd3-selection';
import { formatNumber } from '../../lib/chart.ts';
import { defineSchema } from '../../lib/state.ts';
import { VARIANTS, type Variant } from '../../lib/model/config.ts';
import { receptiveField, receptiveFieldFrom, summariseDiagonal } from '../../lib/receptive-field.ts';
import { withTfjsEngine } from '../tfjs-cpu.ts';
import { drawFocus, drawHeatmap, moveCell, rampGradient } from './heatmap.ts';
import { fillTable, onThemeChange, readStrings, redrawScheduler, showNotes, UrlState, whenVisible } from '../island.ts';
import { loadPretrained, untrainedModel, type LoadedModel } from '../model-files.ts';
import { DATA_DEFAULTS, sineWindow } from '../../lib/data.ts';

/** URL keys `rf.variant`, `rf.model`, `rf.window`, `rf.gradient`. */
export const RF_SCHEMA = defineSchema(
  {
    variant: { kind: 'enum', values: VARIANTS, default: 'synced' },
    model: { kind: 'enum', values: ['pretrained', 'init'] as const, default: 'pretrained' },
    window: { kind: 'int', min: 0, max: 7, default: 1 },
    gradient: { kind: 'enum', values: ['scratch', 'tfjs'] as const, default: 'scratch' },
  },
  { prefix: 'rf.' },
);

/** Decades of |gradient| the colour scale spans below the largest value. */
const DECADES = 4;
const MARGIN = { top: 18, right: 8, bottom: 34, left: 34 };

class ReceptiveFieldDemo extends HTMLElement {
  private requestDraw: () => void = () => undefined;
  private t!: ReturnType<typeof readStrings>;
  private url!: UrlState<typeof RF_SCHEMA>;
  private locale = 'en';
  private matrix: Float64Array | null = null;
  private colours: Float64Array | null = null;
  private size = 64;
  private cell = { row: 0, col: 0 };
  private focused = false;
  private cache = new Map<string, LoadedModel>();
  private offset = 0;
  /** Counts computations, so a slow one (tfjs loading) cannot overwrite a newer result. */
  private generation = 0;

  connectedCallback(): void {
    this.t = readStrings(this);
    this.locale = this.dataset.locale ?? 'en';
    this.url = new UrlState(RF_SCHEMA);
    showNotes(this, this.t, this.url.initialNotes);
    this.renderForm();
    const svg = this.svg();
    svg.addEventListener('keydown', (event) => this.onKey(event));
    svg.addEventListener('focus', () => {
      this.focused = true;
      this.showCell();
    });
    svg.addEventListener('blur', () => {
      this.focused = false;
      this.requestDraw();
    });
    this.addEventListener('change', (event) => this.onChange(event));
    this.querySelector('button[data-action="window"]')?.addEventListener('click', () => {
      this.url.update({ window: (this.url.state.window + 1) % 8 });
      void this.computeSafely();
    });
    this.requestDraw = redrawScheduler(() => this.draw(), this);
    onThemeChange(() => this.requestDraw());
    whenVisible(this, () => void this.computeSafely());
  }

  private svg(): SVGSVGElement {
    return this.querySelector('svg') as SVGSVGElement;
  }

  private renderForm(): void {
    for (const control of this.querySelectorAll<HTMLSelectElement>('.rf-controls select')) {
      control.value = String(this.url.state[control.name as 'variant' | 'model' | 'gradient']);
    }
  }

  private onChange(event: Event): void {
    const control = event.target as HTMLSelectElement;
    if (!control.name || !control.closest('.rf-controls')) return;
    this.url.update({ [control.name]: control.value });
    void this.computeSafely();
  }

  private async model(variant: Variant, kind: 'pretrained' | 'init'): Promise<LoadedModel> {
    const key = `${variant}:${kind}`;
    let model = this.cache.get(key);
    if (!model) {
      const loaded = kind === 'pretrained' ? await loadPretrained(this.dataset.models ?? '/models/', variant) : null;
      model = loaded ?? untrainedModel(variant, 1);
      this.cache.set(key, model);
    }
    return model;
  }

  /** Recomputes; a failure (e.g. TensorFlow.js not loading) is reported instead of hanging. */
  private async computeSafely(): Promise<void> {
    try {
      await this.compute();
    } catch (error) {
      this.dataset.state = 'error';
      this.setSummary(this.t('demo.failed', { message: error instanceof Error ? error.message : String(error) }));
    }
  }

  /** Loads the model and recomputes the matrix, summary, table and test hooks. */
  private async compute(): Promise<void> {
    const { variant, model: kind, window, gradient } = this.url.state;
    const generation = ++this.generation;
    this.dataset.state = 'loading';
    this.setSummary(this.t('rf.loading'));
    const model = await this.model(variant, kind);
    const T = model.config.window;
    const { x } = sineWindow(DATA_DEFAULTS, T, (2 * Math.PI * window) / 8);
    const matrix =
      gradient === 'tfjs'
        ? await withTfjsEngine(model.config, model.params, (engine) =>
            receptiveFieldFrom(model.config, (t) => engine.inputGradient(x, t)),
          )
        : receptiveField(model.config, model.params, x);
    if (generation !== this.generation) return;
    this.matrix = matrix;
    this.dataset.gradientSource = gradient;
    this.size = T;
    this.offset = model.config.variant === 'delayed' ? model.config.delay : 0;
    this.colours = this.logColours(this.matrix);
    const summary = summariseDiagonal(this.matrix, T);
    Object.assign(this.dataset, {
      variant,
      aboveDiagonal: String(summary.above),
      belowDiagonal: String(summary.below),
      state: 'ready',
    });
    const variantName = this.t(`variant.${variant}`);
    const note =
      kind === 'pretrained' && !model.pretrained ? `${this.t('rf.noPretrained', { variant: variantName })} ` : '';
    const using = this.t('rf.using', {
      model: this.t(model.pretrained ? 'rf.model.pretrained' : 'rf.model.init'),
      variant: variantName,
      hidden: model.config.hiddenSize,
    });
    const numbers = this.t('rf.summary', {
      above: formatNumber(summary.above, this.locale),
      below: formatNumber(summary.below, this.locale),
    });
    this.setSummary(`${note}${using} ${numbers}`);
    this.svg().setAttribute('aria-label', this.t('rf.label', { variant: variantName, summary: numbers }));
    this.fillTable();
    this.requestDraw();
  }

  /** Maps |grad| to [0, 1] on a log scale spanning {@link DECADES} decades below the maximum. */
  private logColours(matrix: Float64Array): Float64Array {
    const max = matrix.reduce((best, value) => Math.max(best, value), 0);
    return matrix.map((value) => (value > 0 && max > 0 ? Math.max(0, 1 + Math.log10(value / max) / DECADES) : 0));
  }

  private draw(): void {
    const ramp = this.querySelector<HTMLElement>('.heat-legend .ramp');
    if (ramp) ramp.style.background = rampGradient('sequential');
    if (!this.colours) return;
    const figure = this.querySelector('.heatmap-figure') as HTMLElement;
    const width = Math.min(480, Math.max(240, figure.clientWidth));
    const svg = select(this.svg());
    const layout = drawHeatmap(
      svg,
      width,
      {
        rows: this.size,
        cols: this.size,
        values: this.colours,
        kind: 'sequential',
        min: 0,
        max: 1,
      },
      {
        margin: MARGIN,
        xLabel: this.t('rf.axisS'),
        yLabel: this.t('rf.axisT'),
        tickEvery: 8,
        aspect: 1,
        diagonals: this.offset > 0 ? [0, this.offset] : [0],
      },
    );
    if (this.focused) drawFocus(svg, layout, MARGIN, this.cell.row, this.cell.col);
  }

  private onKey(event: KeyboardEvent): void {
    const next = moveCell(event.key, this.cell, this.size, this.size);
    if (!next) return;
    event.preventDefault();
    this.cell = next;
    this.showCell();
  }

  private showCell(): void {
    if (!this.matrix) return;
    const { row, col } = this.cell;
    (this.querySelector('[data-readout]') as HTMLElement).textContent = this.t('rf.cell', {
      t: row,
      s: col,
      value: formatNumber(this.matrix[row * this.size + col], this.locale),
    });
    this.requestDraw();
  }

  private fillTable(): void {
    if (!this.matrix) return;
    const picks = Array.from({ length: Math.ceil(this.size / 8) }, (_, index) => index * 8);
    const head = this.querySelector('.rf-table thead tr') as HTMLTableRowElement;
    head.replaceChildren(
      ...['t \\ s', ...picks.map(String)].map((text) =>
        Object.assign(document.createElement('th'), { textContent: text, scope: 'col' }),
      ),
    );
    fillTable(
      this.querySelector('.rf-table tbody') as HTMLTableSectionElement,
      picks.map((t) => [String(t), ...picks.map((s) => formatNumber(this.matrix![t * this.size + s], this.locale))]),
    );
  }

  private setSummary(text: string): void {
    (this.querySelector('.demo-summary') as HTMLElement).textContent = text;
  }
}

if (!customElements.get('receptive-field')) customElements.define('receptive-field', ReceptiveFieldDemo);
