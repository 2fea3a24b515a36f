/**
 * `<unrolled-rnn>`: one window stepped through in time. Top: the input x_t; middle: the hidden
 * state as a heatmap (H rows × T columns, revealed up to the current step, the current column
 * outlined and an arrow into step t + 1); bottom: the prediction ŷ_t against the target.
 * Play/Pause, Step back/forward and a range slider (←/→) move t. States come from the scratch
 * engine's `hiddenStates`. Test hook: `data-t` (current step) on the element.
 */
import { select, type Selection } from 'd3-selection';
import { formatNumber, linePath, stepScales, SERIES_Y_DOMAIN } from '../../lib/chart.ts';
import { defineSchema } from '../../lib/state.ts';
import { hiddenStates } from '../../lib/model/scratch.ts';
import { drawHeatmap } from '../race/heatmap.ts';
import { fillTable, onThemeChange, readStrings, redrawScheduler, showNotes, UrlState, whenVisible } from '../island.ts';
import { loadPretrained, untrainedModel, type LoadedModel } from '../model-files.ts';
import { DATA_DEFAULTS, sineWindow } from '../../lib/data.ts';

/** URL keys `un.model` and `un.t`. */
export const UNROLLED_SCHEMA = defineSchema(
  {
    model: { kind: 'enum', values: ['pretrained', 'init'] as const, default: 'pretrained' },
    t: { kind: 'int', min: 0, max: 1023, default: 0 },
  },
  { prefix: 'un.' },
);

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
const MARGIN = { top: 10, right: 10, bottom: 22, left: 40 };
const PLAY_MS = 220;
/** Top of the hidden-state heatmap: room for the input lane, a label and the arrow. */
const HEAT_TOP = 112;

/** One window with everything the view shows. */
interface Trace {
  model: LoadedModel;
  x: Float64Array;
  target: Float64Array;
  prediction: Float64Array;
  /** Hidden states transposed to [H, T] for the heatmap. */
  hidden: Float64Array;
  H: number;
  T: number;
}

class UnrolledRnn extends HTMLElement {
  private requestDraw: () => void = () => undefined;
  private t!: ReturnType<typeof readStrings>;
  private url!: UrlState<typeof UNROLLED_SCHEMA>;
  private locale = 'en';
  private trace: Trace | null = null;
  private step = 0;
  private timer = 0;
  /** Counts loads, so a slow pretrained fetch cannot replace a newer choice. */
  private generation = 0;

  connectedCallback(): void {
    this.t = readStrings(this);
    this.locale = this.dataset.locale ?? 'en';
    this.url = new UrlState(UNROLLED_SCHEMA);
    showNotes(this, this.t, this.url.initialNotes);
    this.step = this.url.state.t;
    this.dataset.t = String(this.step);
    this.addEventListener('click', (event) => this.onClick(event));
    this.slider().addEventListener('input', () => this.go(Number(this.slider().value)));
    const select = this.querySelector<HTMLSelectElement>('select[name="model"]')!;
    select.value = this.url.state.model;
    select.addEventListener('change', () => {
      this.url.update({ model: select.value });
      void this.load();
    });
    this.requestDraw = redrawScheduler(() => this.draw(), this);
    onThemeChange(() => this.requestDraw());
    whenVisible(this, () => void this.load());
  }

  private slider(): HTMLInputElement {
    return this.querySelector('input[type="range"]') as HTMLInputElement;
  }

  private async load(): Promise<void> {
    const kind = this.url.state.model;
    const generation = ++this.generation;
    const loaded = kind === 'pretrained' ? await loadPretrained(this.dataset.models ?? '/models/', 'synced') : null;
    if (generation !== this.generation) return;
    const model = loaded ?? untrainedModel('synced', 1);
    const T = model.config.window;
    const H = model.config.hiddenSize;
    const { x, y } = sineWindow(DATA_DEFAULTS, T, 1);
    const states = hiddenStates(model.config, model.params, x);
    const hidden = new Float64Array(H * T);
    for (let s = 0; s < T; s++)
      for (let unit = 0; unit < H; unit++) hidden[unit * T + s] = states.forward[s * H + unit];
    this.trace = { model, x, target: y, prediction: states.predictions, hidden, H, T };
    const note =
      kind === 'pretrained' && !loaded ? `${this.t('rf.noPretrained', { variant: this.t('variant.synced') })} ` : '';
    (this.querySelector('.un-model-note') as HTMLElement).textContent =
      `${note}${this.t('rf.using', { model: this.t(loaded ? 'rf.model.pretrained' : 'rf.model.init'), variant: this.t('variant.synced'), hidden: H })}`;
    this.slider().max = String(T - 1);
    this.slider().disabled = false;
    for (const button of this.querySelectorAll<HTMLButtonElement>('button[data-action]')) button.disabled = false;
    this.fillNumbers();
    this.go(Math.min(this.step, T - 1));
  }

  /** Moves to step `t` (clamped), updating the slider, texts, URL and drawing. */
  private go(t: number): void {
    const T = this.trace?.T ?? 64;
    this.step = Math.max(0, Math.min(T - 1, Math.round(t)));
    this.dataset.t = String(this.step);
    this.slider().value = String(this.step);
    this.slider().setAttribute('aria-valuetext', `t = ${this.step}`);
    this.url.update({ t: this.step });
    if (this.trace) {
      const { x, prediction, target } = this.trace;
      const f = (value: number) => formatNumber(value, this.locale);
      (this.querySelector('.un-status') as HTMLElement).textContent = this.t('un.status', {
        t: this.step,
        x: f(x[this.step]),
        prediction: f(prediction[this.step]),
        target: f(target[this.step]),
      });
      (this.querySelector('.un-equation') as HTMLElement).textContent =
        this.t('un.equation', {
          t: this.step,
          prev: this.step === 0 ? '−1' : this.step - 1,
        }) + (this.step === 0 ? ',  h_−1 = 0' : '');
      (this.querySelector('.un-svg') as SVGSVGElement).setAttribute(
        'aria-label',
        this.t('un.hiddenLabel', { t: this.step, next: Math.min(T - 1, this.step + 1) }),
      );
    }
    this.requestDraw();
  }

  private onClick(event: Event): void {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.disabled) return;
    const action = button.dataset.action;
    if (action === 'back') (this.stop(), this.go(this.step - 1));
    else if (action === 'forward') (this.stop(), this.go(this.step + 1));
    else if (action === 'play') this.timer ? this.stop() : this.play();
  }

  private play(): void {
    const T = this.trace?.T ?? 64;
    if (this.step >= T - 1) this.go(0);
    this.timer = window.setInterval(() => {
      if (this.step >= T - 1) this.stop();
      else this.go(this.step + 1);
    }, PLAY_MS);
    this.setPlayButton(true);
  }

  private stop(): void {
    if (this.timer) window.clearInterval(this.timer);
    this.timer = 0;
    this.setPlayButton(false);
  }

  private setPlayButton(playing: boolean): void {
    const button = this.querySelector<HTMLButtonElement>('button[data-action="play"]')!;
    button.textContent = playing ? this.t('un.pause') : this.t('un.play');
    button.setAttribute('aria-pressed', String(playing));
  }

  private draw(): void {
    if (!this.trace) return;
    const { T, H } = this.trace;
    const svgElement = this.querySelector('.un-svg') as SVGSVGElement;
    const width = Math.max(280, (svgElement.parentElement as HTMLElement).clientWidth);
    const svg = select(svgElement);
    const heat = drawHeatmap(
      svg,
      width,
      {
        rows: H,
        cols: T,
        values: this.trace.hidden,
        kind: 'diverging',
        min: -1,
        max: 1,
        visibleCols: this.step + 1,
      },
      {
        margin: { ...MARGIN, top: HEAT_TOP, bottom: 126 },
        xLabel: '',
        yLabel: '',
        tickEvery: 8,
        aspect: Math.min(0.5, (H * 7) / width),
      },
    );
    const left = MARGIN.left;
    const top = HEAT_TOP;
    svg
      .append('text')
      .attr('class', 'axis-label')
      .attr('x', 2)
      .attr('y', top - 22)
      .text(this.t('un.hidden'));
    const cellX = (s: number) => left + heat.x(s);
    const plotHeight = heat.cellHeight * H;
    svg
      .append('rect')
      .attr('class', 'cell-focus')
      .attr('x', cellX(this.step))
      .attr('y', top)
      .attr('width', heat.cellWidth)
      .attr('height', plotHeight);
    if (this.step < T - 1)
      this.drawArrow(svg, cellX(this.step) + heat.cellWidth / 2, cellX(this.step + 1) + heat.cellWidth / 2, top - 1);
    const lanes = { width, margin: { ...MARGIN, left, right: width - left - heat.cellWidth * T } };
    this.drawSeries(svg, { ...lanes, height: 84, margin: { ...lanes.margin, top: 14, bottom: 6 } }, 0, 'input');
    this.drawSeries(
      svg,
      { ...lanes, height: 100, margin: { ...lanes.margin, top: 12, bottom: 10 } },
      top + plotHeight + 22,
      'output',
    );
  }

  /** A curved arrow above the heatmap from the current column (h_t) into the next step. */
  private drawArrow(svg: Svg, from: number, to: number, y: number): void {
    const lift = 14;
    const end = Math.max(to, from + 10);
    svg
      .append('path')
      .attr('class', 'un-arrow')
      .attr('d', `M${from},${y} C${from},${y - lift} ${end},${y - lift} ${end},${y - 5}`);
    svg
      .append('path')
      .attr('class', 'un-arrow-head')
      .attr('d', `M${end - 4},${y - 8} L${end},${y} L${end + 4},${y - 8} Z`);
  }

  /** The input lane (x_t) or the output lane (target and ŷ_t), revealed up to the current step. */
  private drawSeries(
    svg: Svg,
    box: { width: number; height: number; margin: typeof MARGIN },
    offsetY: number,
    lane: 'input' | 'output',
  ): void {
    const trace = this.trace!;
    const g = svg.append('g').attr('transform', `translate(0,${offsetY})`);
    const scales = stepScales(box, trace.T, SERIES_Y_DOMAIN, 'linear');
    const cell = (scales.x(1) - scales.x(0)) / 2;
    const xAt = (s: number) => scales.x(s) + cell;
    const shown = (values: Float64Array) => values.map((value, s) => (s <= this.step ? value : NaN));
    g.append('line')
      .attr('class', 'grid')
      .attr('x1', box.margin.left)
      .attr('x2', box.width - box.margin.right)
      .attr('y1', scales.y.pixel(0))
      .attr('y2', scales.y.pixel(0));
    g.append('text')
      .attr('class', 'axis-label')
      .attr('x', 2)
      .attr('y', box.margin.top - 2)
      .text(this.t(lane === 'input' ? 'un.input' : 'un.output'));
    if (lane === 'input') {
      g.append('path')
        .attr('class', 'race-line future')
        .attr('d', linePath(trace.x, xAt, scales.y.pixel));
      g.append('path')
        .attr('class', 'race-line input')
        .attr('d', linePath(shown(trace.x), xAt, scales.y.pixel));
      g.append('circle')
        .attr('class', 'un-dot input')
        .attr('r', 4)
        .attr('cx', xAt(this.step))
        .attr('cy', scales.y.pixel(trace.x[this.step]));
    } else {
      g.append('path')
        .attr('class', 'race-line target')
        .attr('d', linePath(trace.target, xAt, scales.y.pixel));
      g.append('path')
        .attr('class', 'race-line synced')
        .attr('d', linePath(shown(trace.prediction), xAt, scales.y.pixel));
      g.append('circle')
        .attr('class', 'un-dot synced')
        .attr('r', 4)
        .attr('cx', xAt(this.step))
        .attr('cy', scales.y.pixel(trace.prediction[this.step]));
    }
  }

  private fillNumbers(): void {
    const trace = this.trace!;
    const units = Math.min(4, trace.H);
    const head = this.querySelector('.un-table thead tr') as HTMLTableRowElement;
    head.replaceChildren(
      ...['t', 'x_t', 'ŷ_t', 'y_t', ...Array.from({ length: units }, (_, unit) => this.t('un.unit', { unit }))].map(
        (text) => Object.assign(document.createElement('th'), { textContent: text, scope: 'col' }),
      ),
    );
    const f = (value: number) => formatNumber(value, this.locale);
    fillTable(
      this.querySelector('.un-table tbody') as HTMLTableSectionElement,
      Array.from({ length: trace.T }, (_, s) => [
        String(s),
        f(trace.x[s]),
        f(trace.prediction[s]),
        f(trace.target[s]),
        ...Array.from({ length: units }, (_, unit) => f(trace.hidden[unit * trace.T + s])),
      ]),
    );
  }
}

if (!customElements.get('unrolled-rnn')) customElements.define('unrolled-rnn', UnrolledRnn);
