/**
 * `<variant-race>`: trains the synced, delayed and bidirectional models side by side on the
 * same data and seed — three trainers from the training lab's plumbing (`createRunner`), one
 * per variant, driven with the lab's messages. While they train, each trainer evaluates its
 * model on the test set about every half second, and the race redraws the per-step error.
 * Test hooks on the element: `data-state` ('idle' | 'training' | 'done') and
 * `data-mse-early-<variant>`, `data-mse-late-<variant>` (numbers as strings).
 */
import { formatNumber } from '../../lib/chart.ts';
import { VARIANTS, type Variant } from '../../lib/model/config.ts';
import type { Evaluation } from '../../lib/train.ts';
import { createRunner, type LabRunner } from '../lab/runner.ts';
import type { Reply } from '../../lib/trainer/protocol.ts';
import { StepErrorChart, ExampleWindowChart, type RaceChartLabels } from './race-chart.ts';
import { nextPhase, raceSetup, RACE_SCHEMA } from './race-state.ts';
import {
  enableActions,
  fillTable,
  readStrings,
  setMessage,
  setStatus,
  showNotes,
  UrlState,
  whenVisible,
} from '../island.ts';

/** One variant's trainer and what the page knows about it. */
interface Lane {
  variant: Variant;
  runner: LabRunner | null;
  ready: boolean;
  step: number;
  /** A train request was sent and its first running progress has not arrived yet. */
  awaitingStart: boolean;
  evaluation: Evaluation | null;
  evaluatedAt: number;
  /** Id of the lane's current model; replies about older models are dropped. */
  session: number;
}

class VariantRace extends HTMLElement {
  private t!: ReturnType<typeof readStrings>;
  private url!: UrlState<typeof RACE_SCHEMA>;
  private locale = 'en';
  private lanes = new Map<Variant, Lane>();
  private errorChart!: StepErrorChart;
  private exampleChart!: ExampleWindowChart;
  private training = false;
  private backend = '';
  private windowIndex = 0;
  private testCount = 1024;

  connectedCallback(): void {
    this.t = readStrings(this);
    this.locale = this.dataset.locale ?? 'en';
    this.url = new UrlState(RACE_SCHEMA);
    showNotes(this, this.t, this.url.initialNotes);
    this.dataset.state = 'idle';
    const labels: RaceChartLabels = {
      axisT: this.t('race.axisT'),
      axisMse: this.t('race.axisMse'),
      early: this.t('race.early'),
      variant: {
        synced: this.t('variant.synced'),
        delayed: this.t('variant.delayed'),
        bidirectional: this.t('variant.bidirectional'),
      },
    };
    this.errorChart = new StepErrorChart(this.querySelector('.race-errors') as HTMLElement, labels, this.locale);
    this.exampleChart = new ExampleWindowChart(this.querySelector('.race-example') as HTMLElement, labels, this.locale);
    for (const variant of VARIANTS) this.lanes.set(variant, this.emptyLane(variant));
    this.renderForm();
    this.setButtons();
    this.addEventListener('change', (event) => this.onChange(event));
    this.addEventListener('click', (event) => this.onClick(event));
    whenVisible(this, () => this.start());
  }

  private emptyLane(variant: Variant): Lane {
    return {
      variant,
      runner: null,
      ready: false,
      step: 0,
      awaitingStart: false,
      evaluation: null,
      evaluatedAt: 0,
      session: 0,
    };
  }

  private renderForm(): void {
    for (const control of this.querySelectorAll<HTMLInputElement | HTMLSelectElement>('.race-controls [name]')) {
      control.value = String(this.url.state[control.name as keyof typeof this.url.state]);
    }
  }

  /** Creates the three trainers (if needed) and a fresh session in each. */
  private start(only?: Variant): void {
    const { engine } = this.url.state;
    this.setStatus(this.t('race.starting', { engine: this.t(`engine.${engine}`) }));
    for (const variant of only ? [only] : VARIANTS) {
      const lane = this.lanes.get(variant)!;
      if (!lane.runner) lane.runner = createRunner(engine, (reply) => this.onReply(variant, reply));
      Object.assign(lane, { ready: false, step: 0, awaitingStart: false, evaluation: null, session: lane.session + 1 });
      this.errorChart.setCurve(variant, null);
      lane.runner.send({ type: 'init', session: lane.session, setup: raceSetup(variant, this.url.state), engine });
    }
    this.training = false;
    this.dataset.state = 'idle';
    this.setButtons();
  }

  private disposeRunners(): void {
    for (const lane of this.lanes.values()) lane.runner?.dispose();
    for (const variant of VARIANTS) this.lanes.set(variant, this.emptyLane(variant));
  }

  private onReply(variant: Variant, reply: Reply): void {
    const lane = this.lanes.get(variant)!;
    if (reply.session !== lane.session) return;
    switch (reply.type) {
      case 'ready':
        lane.ready = true;
        this.testCount = reply.testCount;
        this.backend = reply.backend === 'scratch' ? this.t('engine.scratch') : `TensorFlow.js · ${reply.backend}`;
        lane.runner?.send({ type: 'evaluate' });
        lane.runner?.send({ type: 'predict', indices: [this.windowIndex % this.testCount] });
        if ([...this.lanes.values()].every((other) => other.ready)) this.setStatus(this.t('race.ready'));
        this.setButtons();
        return;
      case 'progress':
        return this.onProgress(lane, reply);
      case 'evaluation':
        lane.evaluation = reply.evaluation;
        lane.evaluatedAt = reply.step;
        return this.onEvaluation();
      case 'windows': {
        const window = reply.windows[0];
        if (window) this.exampleChart.setPrediction(variant, window.target, window.prediction);
        this.exampleChart.setLabel(this.t('race.exampleLabel', { index: window?.index ?? 0 }));
        return;
      }
      case 'error':
        this.setMessage(this.t('race.error', { variant: this.t(`variant.${variant}`), message: reply.message }), true);
        this.stopAll();
        return;
      default:
        return;
    }
  }

  private onProgress(lane: Lane, reply: Extract<Reply, { type: 'progress' }>): void {
    lane.step = reply.step;
    if (reply.running) lane.awaitingStart = false;
    else if (!lane.awaitingStart && this.training) this.advance(lane);
    this.showProgress();
  }

  /** Sends a lane its next phase (main run, then cool-down), or lets it finish. */
  private advance(lane: Lane): void {
    const phase = nextPhase(lane.step, this.url.state.steps);
    if (!phase || !lane.runner) return;
    lane.awaitingStart = true;
    lane.runner.send({ type: 'learningRate', value: phase.learningRate });
    lane.runner.send({ type: 'train', steps: phase.steps });
  }

  private showProgress(): void {
    const total = this.url.state.steps;
    const steps = Object.fromEntries(VARIANTS.map((variant) => [variant, this.lanes.get(variant)!.step]));
    if (this.training) this.setStatus(this.t('race.status', { ...steps, total, backend: this.backend }));
  }

  private onEvaluation(): void {
    const total = this.url.state.steps;
    for (const lane of this.lanes.values()) {
      if (!lane.evaluation) continue;
      this.errorChart.setCurve(lane.variant, lane.evaluation.msePerStep);
      this.dataset[`mseEarly${capitalise(lane.variant)}`] = String(lane.evaluation.mseEarly);
      this.dataset[`mseLate${capitalise(lane.variant)}`] = String(lane.evaluation.mseLate);
    }
    this.updateTables();
    const lanes = [...this.lanes.values()];
    if (this.training && lanes.every((lane) => lane.evaluatedAt >= total && lane.step >= total)) {
      this.training = false;
      this.dataset.state = 'done';
      const early = Object.fromEntries(
        lanes.map((lane) => [lane.variant, formatNumber(lane.evaluation!.mseEarly, this.locale)]),
      );
      this.setStatus(this.t('race.done', { ...early, total }));
      this.setButtons();
    }
  }

  private updateTables(): void {
    const lanes = VARIANTS.map((variant) => this.lanes.get(variant)!);
    const format = (value: number | undefined) => (value === undefined ? '—' : formatNumber(value, this.locale));
    fillTable(
      this.querySelector('.race-summary tbody') as HTMLTableSectionElement,
      lanes.map((lane) => [
        this.t(`variant.${lane.variant}`),
        format(lane.evaluation?.mseEarly),
        format(lane.evaluation?.mseLate),
        format(lane.evaluatedAt),
      ]),
    );
    const T = lanes.find((lane) => lane.evaluation)?.evaluation?.msePerStep.length ?? 0;
    fillTable(
      this.querySelector('.race-per-step tbody') as HTMLTableSectionElement,
      Array.from({ length: T }, (_, t) => [String(t), ...lanes.map((lane) => format(lane.evaluation?.msePerStep[t]))]),
    );
    const summary = lanes
      .filter((lane) => lane.evaluation)
      .map((lane) =>
        this.t('race.chartSummary', {
          variant: this.t(`variant.${lane.variant}`),
          early: format(lane.evaluation!.mseEarly),
          late: format(lane.evaluation!.mseLate),
        }),
      )
      .join(' ');
    this.errorChart.setLabel(this.t('race.chartLabel', { summary }));
  }

  private train(): void {
    const total = this.url.state.steps;
    const lanes = [...this.lanes.values()];
    const finished = lanes.every((lane) => lane.step >= total);
    this.training = true;
    this.dataset.state = 'training';
    this.setMessage('');
    for (const lane of lanes) {
      if (finished) {
        lane.runner?.send({ type: 'reset' });
        lane.step = 0;
        lane.evaluatedAt = 0;
      }
      this.advance(lane);
    }
    this.showProgress();
    this.setButtons();
  }

  /** Pauses every trainer and asks the ready ones for their current test error. */
  private pause(): void {
    this.stopAll();
    for (const lane of this.lanes.values()) if (lane.ready) lane.runner?.send({ type: 'evaluate' });
  }

  private stopAll(): void {
    this.training = false;
    for (const lane of this.lanes.values()) {
      lane.awaitingStart = false;
      lane.runner?.send({ type: 'pause' });
    }
    this.dataset.state = 'idle';
    this.setButtons();
  }

  private onClick(event: Event): void {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.disabled) return;
    const action = button.dataset.action;
    if (!this.lanes.get('synced')!.runner) this.start();
    if (action === 'train') this.train();
    else if (action === 'pause') {
      this.pause();
      this.setStatus(this.t('race.paused'));
    } else if (action === 'reset') {
      this.pause();
      for (const lane of this.lanes.values()) {
        lane.runner?.send({ type: 'reset' });
        lane.runner?.send({ type: 'evaluate' });
        Object.assign(lane, { step: 0, evaluatedAt: 0 });
      }
      this.setStatus(this.t('race.ready'));
    } else if (action === 'window') {
      this.windowIndex += 1 + Math.floor(this.testCount / 7);
      for (const lane of this.lanes.values())
        lane.runner?.send({ type: 'predict', indices: [this.windowIndex % this.testCount] });
    }
  }

  private onChange(event: Event): void {
    const control = event.target as HTMLInputElement | HTMLSelectElement;
    if (!control.name || !control.closest('.race-controls')) return;
    const before = { ...this.url.state };
    showNotes(this, this.t, this.url.update({ [control.name]: control.value }));
    const state = this.url.state;
    this.renderForm();
    if (state.engine !== before.engine) {
      this.pause();
      this.disposeRunners();
      this.start();
    } else if (state.seed !== before.seed) {
      this.pause();
      this.start();
    } else if (state.delay !== before.delay) {
      this.pause();
      this.start('delayed');
    } else if (state.steps !== before.steps && this.dataset.state === 'done') {
      this.dataset.state = 'idle';
    }
    this.setButtons();
  }

  private setButtons(): void {
    const ready = [...this.lanes.values()].every((lane) => lane.ready);
    const idle = ready && !this.training;
    enableActions(this, { train: idle, pause: ready && this.training, reset: idle, window: ready });
  }

  private setStatus(text: string): void {
    setStatus(this, text);
  }

  private setMessage(text: string, isError = false): void {
    setMessage(this, text, isError);
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

if (!customElements.get('variant-race')) customElements.define('variant-race', VariantRace);
