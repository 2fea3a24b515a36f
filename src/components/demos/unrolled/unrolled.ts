/**
 * `<unrolled-rnn>`: one window stepped through in time (figure: unrolled-figure.ts). Play/Pause,
 * Step back/forward and a range slider (←/→) move t. States come from the scratch engine's
 * forward pass (lib/demos/unrolled.ts). A pointer or the arrow keys on the figure read single
 * values out. Test hook: `data-t` (current step) on the element.
 */
import { formatNumber, linearLegendTicks } from '../../../lib/chart.ts';
import { modelToShow } from '../../../lib/demos/models.ts';
import {
  clampStep,
  cursorAt,
  moveCursor,
  traceWindow,
  UNROLLED_PRESETS,
  UNROLLED_SCHEMA,
  type HeatGeometry,
  type Trace,
  type UnrolledCursor,
} from '../../../lib/demos/unrolled.ts';
import { renderLegend } from '../../shared/charts/legend.ts';
import { attachReadout } from '../../shared/charts/readout.ts';
import { DemoElement, type ActionHandler, type FieldOf } from '../../shared/demo-element.ts';
import { fillHeader, fillTable, onThemeChange, redrawScheduler, type Cleanup } from '../../shared/page-runtime.ts';
import { prepareEquation, showEquation } from './unrolled-equation.ts';
import { drawUnrolled } from './unrolled-figure.ts';

/** Time per step while playing, in ms; one step a second for readers who ask for less motion. */
const PLAY_MS = 220;
const PLAY_MS_REDUCED_MOTION = 1000;

class UnrolledRnn extends DemoElement<typeof UNROLLED_SCHEMA> {
  protected readonly schema = UNROLLED_SCHEMA;
  protected readonly presets = UNROLLED_PRESETS;
  private requestDraw: () => void = () => undefined;
  private trace: Trace | null = null;
  private step = 0;
  private stopPlaying: Cleanup | null = null;
  /** What the figure's readout shows, and where the figure's cells were last drawn. */
  private cursor: UnrolledCursor | null = null;
  private geometry: HeatGeometry | null = null;

  protected actions(): Record<string, ActionHandler> {
    return {
      back: () => this.stepBy(-1),
      forward: () => this.stepBy(1),
      play: () => (this.stopPlaying ? this.stop() : this.play()),
    };
  }

  protected setUp(): void {
    this.stopPlaying = null;
    this.step = this.state.t;
    this.dataset.t = String(this.step);
    this.listen(this.slider(), 'input', () => this.go(Number(this.slider().value)));
    this.cursor = null;
    const units = () => this.trace?.H ?? 0;
    this.onDispose(
      attachReadout(this.find<SVGSVGElement>('.un-svg'), this.find('[data-readout]'), this.t('chart.hint'), {
        at: (x, y) => this.geometry && cursorAt(this.geometry, x, y, this.step, units()),
        step: (key, current) =>
          this.trace ? moveCursor(key, current ?? { t: this.step, unit: null }, this.step, units()) : null,
        show: (cursor) => this.showCursor(cursor),
      }),
    );
    const redraw = this.own(redrawScheduler(() => this.draw(), this));
    this.requestDraw = redraw.request;
    this.onDispose(onThemeChange(() => this.requestDraw()));
  }

  protected start(): Promise<void> {
    prepareEquation(() => showEquation(this.find('.un-equation'), this.step));
    return this.load();
  }

  protected settingChanged(field: FieldOf<typeof UNROLLED_SCHEMA>): void {
    if (field === 'model') this.load().catch((error: unknown) => this.reportFailure(error));
    else this.go(this.state.t);
  }

  private slider(): HTMLInputElement {
    return this.find<HTMLInputElement>('input[type="range"]');
  }

  private async load(): Promise<void> {
    const isLatest = this.latest.begin();
    const weights = this.state.model;
    const model = await modelToShow(this.modelsUrl, 'synced', weights);
    if (!isLatest()) return;
    const trace = traceWindow(model);
    this.trace = trace;
    const variant = this.t('variant.synced');
    const missing = weights === 'pretrained' && !model.pretrained;
    const note = missing ? `${this.t('demo.noPretrained', { variant })} ` : '';
    const weightsName = this.t(model.pretrained ? 'demo.weights.pretrained' : 'demo.weights.init');
    this.setMessage(`${note}${this.t('demo.using', { model: weightsName, variant, hidden: trace.H })}`);
    this.slider().max = String(trace.T - 1);
    this.slider().disabled = false;
    this.enableActions({ back: true, play: true, forward: true });
    this.fillNumbers(trace);
    this.go(this.step);
  }

  private stepBy(delta: number): void {
    this.stop();
    this.go(this.step + delta);
  }

  /** Moves to step `t` (clamped), updating the slider, texts, URL and drawing. */
  private go(t: number): void {
    const trace = this.trace;
    const T = trace?.T ?? 64;
    this.step = clampStep(t, T);
    this.dataset.t = String(this.step);
    this.slider().value = String(this.step);
    this.slider().setAttribute('aria-valuetext', `t = ${this.step}`);
    this.url.update({ t: this.step });
    if (trace) this.describe(trace);
    if (this.cursor && this.cursor.t > this.step) this.showCursor(null);
    this.requestDraw();
  }

  /** The readout of one hidden value, or of one time step across the lanes; null clears it. */
  private showCursor(cursor: UnrolledCursor | null): void {
    const trace = this.trace;
    this.cursor = trace ? cursor : null;
    const f = (value: number) => formatNumber(value, this.locale);
    let text = '';
    if (trace && cursor?.unit === null) {
      const t = cursor.t;
      text = this.t('un.status', {
        t,
        x: f(trace.x[t]),
        prediction: f(trace.prediction[t]),
        target: f(trace.target[t]),
      });
    } else if (trace && cursor) {
      text = this.t('un.cell', {
        t: cursor.t,
        unit: cursor.unit ?? 0,
        value: f(trace.hidden[(cursor.unit ?? 0) * trace.T + cursor.t]),
      });
    }
    this.find('[data-readout]').textContent = text;
    this.requestDraw();
  }

  /** The status line, the equation of the current step and the figure's accessible name. */
  private describe(trace: Trace): void {
    const t = this.step;
    const f = (value: number) => formatNumber(value, this.locale);
    // The status and the equation name the step the figure shows, in the same frame.
    this.setStatusNow(
      this.t('un.status', { t, x: f(trace.x[t]), prediction: f(trace.prediction[t]), target: f(trace.target[t]) }),
    );
    showEquation(this.find('.un-equation'), t);
    this.find('.un-svg').setAttribute(
      'aria-label',
      this.t('un.hiddenLabel', { t, next: Math.min(trace.T - 1, t + 1) }),
    );
  }

  private play(): void {
    const T = this.trace?.T ?? 64;
    if (this.step >= T - 1) this.go(0);
    const interval = matchMedia('(prefers-reduced-motion: reduce)').matches ? PLAY_MS_REDUCED_MOTION : PLAY_MS;
    this.stopPlaying = this.every(() => {
      if (this.step >= T - 1) this.stop();
      else this.go(this.step + 1);
    }, interval);
    this.setPlayButton(true);
  }

  private stop(): void {
    this.stopPlaying?.();
    this.stopPlaying = null;
    this.setPlayButton(false);
  }

  private setPlayButton(playing: boolean): void {
    // While it plays by itself, a step every fraction of a second is not read out; each step the
    // reader takes (a key, a button) is.
    this.find('.demo-status').setAttribute('aria-live', playing ? 'off' : 'polite');
    this.labelAction('play', this.t(playing ? 'un.pause' : 'un.play'));
    this.find('button[data-action="play"]').setAttribute('aria-pressed', String(playing));
  }

  private draw(): void {
    if (!this.trace) return;
    const labels = { input: this.t('un.input'), hidden: this.t('un.hidden'), output: this.t('un.output') };
    this.geometry = drawUnrolled(this.find<SVGSVGElement>('.un-svg'), this.trace, this.step, labels, this.cursor);
    const ticks = linearLegendTicks(-1, 1).map(({ offset, value }) => ({
      offset,
      label: formatNumber(value, this.locale),
    }));
    renderLegend(this.find('[data-legend]'), 'diverging', this.t('un.legend'), ticks);
  }

  /** The numbers behind the figure: input, prediction, target and the first hidden units per step. */
  private fillNumbers(trace: Trace): void {
    const units = Math.min(4, trace.H);
    const unitColumns = Array.from({ length: units }, (_, unit) => this.t('un.unit', { unit }));
    fillHeader(this.find<HTMLTableRowElement>('.un-table thead tr'), ['t', 'x_t', 'ŷ_t', 'y_t', ...unitColumns]);
    const f = (value: number) => formatNumber(value, this.locale);
    fillTable(
      this.find<HTMLTableSectionElement>('.un-table tbody'),
      Array.from({ length: trace.T }, (_step, s) => [
        String(s),
        f(trace.x[s]),
        f(trace.prediction[s]),
        f(trace.target[s]),
        ...Array.from({ length: units }, (_unit, unit) => f(trace.hidden[unit * trace.T + s])),
      ]),
    );
  }
}

if (!customElements.get('unrolled-rnn')) customElements.define('unrolled-rnn', UnrolledRnn);
