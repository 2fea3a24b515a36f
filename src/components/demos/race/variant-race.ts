/**
 * `<variant-race>`: trains the synced, delayed and bidirectional models side by side on the
 * same data and seed — one trainer per variant (shared/trainer-runner.ts), each given the whole
 * learning-rate schedule (main run, then cool-down) in one request. While they train, each
 * trainer evaluates its model on the test set about every half second, and the race redraws
 * the per-step error. The race's state is the shared lifecycle (lib/demos/lifecycle.ts) over
 * the three models; its status line follows their steps (lib/demos/race.ts), so it always
 * agrees with the table. Test hooks on the element: `data-state` ('idle' | 'training' |
 * 'done') and `data-mse-early-<variant>`, `data-mse-late-<variant>` (numbers as strings).
 */
import { formatNumber } from '../../../lib/chart.ts';
import {
  advance,
  controls,
  initialLifecycle,
  settingEffect,
  type Lifecycle,
  type LifecycleEvent,
  type TrainPlan,
} from '../../../lib/demos/lifecycle.ts';
import type { UiKey } from '../../../i18n/index.ts';
import {
  modelsToRebuild,
  RACE_SCHEMA,
  RACE_SETTING_KINDS,
  raceSchedule,
  raceSetup,
  raceStatus,
  raceTrainLabel,
  type LaneSteps,
  type RaceState,
} from '../../../lib/demos/race.ts';
import { VARIANTS, type Variant } from '../../../lib/model/config.ts';
import type { Evaluation } from '../../../lib/train.ts';
import type { Reply, TestWindow } from '../../../lib/trainer/protocol.ts';
import { DemoElement, type ActionHandler, type FieldOf } from '../../shared/demo-element.ts';
import { fillTable } from '../../shared/page-runtime.ts';
import { createRunner, type TrainerRunner } from '../../shared/trainer-runner.ts';
import { ExampleWindowChart, StepErrorChart, type RaceChartLabels } from './race-charts.ts';

/** One variant's trainer and what the page knows about its model. */
interface Lane {
  variant: Variant;
  runner: TrainerRunner | null;
  ready: boolean;
  step: number;
  /** The trainer reached the end of the current run. */
  finished: boolean;
  /** The trainer confirmed the latest Pause. */
  paused: boolean;
  evaluation: Evaluation | null;
  /** The step the evaluation was measured at (the table's step column). */
  evaluatedStep: number;
  window: TestWindow | null;
}

/** Settings that shape the models (locked while training). */
const MODEL_FIELDS = RACE_SCHEMA.names.filter((name) => RACE_SETTING_KINDS[name as keyof RaceState] === 'model');

const TRAIN_LABELS: Readonly<Record<TrainPlan['label'], UiKey>> = {
  start: 'race.train',
  resume: 'demo.resume',
  again: 'race.trainAgain',
  fromSeed: 'race.train',
};

class VariantRace extends DemoElement<typeof RACE_SCHEMA> {
  protected readonly schema = RACE_SCHEMA;
  private lifecycle: Lifecycle = initialLifecycle(RACE_SCHEMA.fields.steps.default);
  private readonly lanes = new Map<Variant, Lane>(VARIANTS.map((variant) => [variant, emptyLane(variant)]));
  private errorChart!: StepErrorChart;
  private exampleChart!: ExampleWindowChart;
  private started = false;
  private backend = '';
  private draw = 0;

  protected actions(): Record<string, ActionHandler> {
    return {
      train: () => this.train(),
      pause: () => this.pause(),
      reset: () => this.reset(),
      window: () => this.showWindow(this.draw + 1),
    };
  }

  protected setUp(): void {
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
    this.errorChart = this.own(new StepErrorChart(this.find('.race-errors'), labels, this.locale));
    this.exampleChart = this.own(new ExampleWindowChart(this.find('.race-example'), labels, this.locale));
    this.lifecycle = initialLifecycle(this.state.steps);
    this.onDispose(() => this.disposeRunners());
    this.dataset.state = 'idle';
  }

  protected start(): void {
    this.started = true;
    this.build(VARIANTS, true);
  }

  protected settingChanged(field: FieldOf<typeof RACE_SCHEMA>, previous: RaceState): void {
    const effect = settingEffect(this.lifecycle, RACE_SETTING_KINDS[field]);
    if (effect === 'refused') {
      this.url.update({ [field]: previous[field] });
      this.renderSettings();
      return;
    }
    if (field === 'steps') {
      this.update({ type: 'total', total: this.state.steps });
      if (effect === 'applyNow') this.sendTrain(false);
      if (effect === 'applyNow') this.setMessage(this.t('race.stepsApplied', { total: this.state.steps }));
      return;
    }
    const { variants, newTrainers } = modelsToRebuild(previous, this.state);
    if (this.started && variants.length > 0) this.build(variants, newTrainers);
  }

  private lane(variant: Variant): Lane {
    const lane = this.lanes.get(variant);
    if (!lane) throw new Error(`no lane for ${variant}`);
    return lane;
  }

  private steps(): LaneSteps {
    return {
      synced: this.lane('synced').step,
      delayed: this.lane('delayed').step,
      bidirectional: this.lane('bidirectional').step,
    };
  }

  private disposeRunners(): void {
    for (const lane of this.lanes.values()) lane.runner?.dispose();
    for (const variant of VARIANTS) this.lanes.set(variant, emptyLane(variant));
  }

  /** Starts untrained models for `variants` (with new trainers when the engine changed). */
  private build(variants: readonly Variant[], newTrainers: boolean): void {
    const { engine } = this.state;
    if (newTrainers) this.disposeRunners();
    this.setStatus(this.t('race.starting', { engine: this.t(`engine.${engine}`) }));
    this.update({ type: 'load' });
    for (const variant of variants) {
      const lane = this.lane(variant);
      lane.runner ??= createRunner(engine, (reply, freshness) => this.onReply(variant, reply, freshness));
      Object.assign(lane, { ready: false, step: 0, finished: false, evaluation: null, evaluatedStep: 0 });
      this.errorChart.setCurve(variant, null);
      lane.runner.send({ type: 'init', setup: raceSetup(variant, this.state), engine });
    }
  }

  private onReply(variant: Variant, reply: Reply, freshness: 'data' | 'current'): void {
    const lane = this.lane(variant);
    switch (reply.type) {
      case 'ready':
        lane.ready = true;
        this.backend = reply.backend === 'scratch' ? this.t('engine.scratch') : `TensorFlow.js · ${reply.backend}`;
        lane.runner?.send({ type: 'evaluate' });
        lane.runner?.send({ type: 'windows', count: 1, draw: this.draw });
        return this.onLaneReady();
      case 'progress':
        lane.step = reply.step;
        return this.update({ type: 'progress', step: Math.min(...Object.values(this.steps())) });
      case 'finished':
        if (freshness === 'current') lane.finished = true;
        return this.checkFinished();
      case 'paused':
        if (freshness === 'current') lane.paused = true;
        return this.checkPaused();
      case 'evaluation':
        lane.evaluation = reply.evaluation;
        lane.evaluatedStep = reply.step;
        this.showEvaluations();
        return this.checkFinished();
      case 'windows':
        lane.window = reply.windows[0] ?? null;
        return;
      case 'predictions':
        return this.showPrediction(lane, reply.draw, reply.predictions[0]);
      case 'error':
        return this.onError(lane, reply);
      default:
        return;
    }
  }

  private onLaneReady(): void {
    const lanes = [...this.lanes.values()];
    if (!lanes.every((lane) => lane.ready)) return;
    const steps = lanes.map((lane) => lane.step);
    const trained = steps.some((step) => step > 0);
    this.update({ type: 'ready', origin: trained ? 'trained' : 'seed', step: Math.min(...steps) });
  }

  private onError(lane: Lane, reply: Extract<Reply, { type: 'error' }>): void {
    this.setMessage(this.t('race.error', { variant: this.t(`variant.${lane.variant}`), message: reply.message }), true);
    if (reply.during === 'init') return this.update({ type: 'fail' });
    for (const other of this.lanes.values()) other.runner?.send({ type: 'pause' });
    this.update({ type: 'stopped' });
  }

  /** The race rests once every trainer has confirmed the pause (or finished). */
  private checkPaused(): void {
    if (this.lifecycle.phase !== 'pausing') return;
    if ([...this.lanes.values()].every((lane) => lane.paused || lane.finished)) this.update({ type: 'paused' });
  }

  /** The race is over once every model has reached the end and been evaluated there. */
  private checkFinished(): void {
    if (this.lifecycle.phase !== 'training' && this.lifecycle.phase !== 'pausing') return;
    const total = this.state.steps;
    const lanes = [...this.lanes.values()];
    if (lanes.every((lane) => lane.finished && lane.step >= total && lane.evaluatedStep >= lane.step)) {
      this.update({ type: 'finished', step: Math.min(...lanes.map((lane) => lane.step)) });
    }
  }

  private train(): void {
    const fresh = raceTrainLabel(this.steps(), this.state.steps) === 'again';
    this.update({ type: 'train' });
    this.setMessage('');
    this.sendTrain(fresh);
  }

  /** Sends every model the race's schedule (a new one replaces the running schedule). */
  private sendTrain(fresh: boolean): void {
    const schedule = raceSchedule(this.state.steps);
    for (const lane of this.lanes.values()) {
      lane.finished = false;
      if (fresh) Object.assign(lane, { step: 0, evaluatedStep: 0 });
      lane.runner?.send({ type: 'train', schedule, fresh });
    }
  }

  private pause(): void {
    for (const lane of this.lanes.values()) {
      lane.paused = false;
      lane.runner?.send({ type: 'pause' });
    }
    this.update({ type: 'pause' });
  }

  private reset(): void {
    for (const lane of this.lanes.values()) {
      lane.runner?.send({ type: 'reset' });
      lane.runner?.send({ type: 'evaluate' });
      Object.assign(lane, { step: 0, finished: false });
    }
    this.update({ type: 'reset' });
  }

  /** Shows test window number `draw` (the same window in every model: same data and seed). */
  private showWindow(draw: number): void {
    this.draw = draw;
    for (const lane of this.lanes.values()) lane.runner?.send({ type: 'windows', count: 1, draw });
  }

  private showPrediction(lane: Lane, draw: number, prediction: Float64Array | undefined): void {
    if (draw !== this.draw || !lane.window || !prediction) return;
    this.exampleChart.setPrediction(lane.variant, lane.window.target, prediction);
    const errors = this.exampleChart
      .windowErrors()
      .map(([variant, mse]) => `${this.t(`variant.${variant}`)} ${formatNumber(mse, this.locale)}`)
      .join(', ');
    this.exampleChart.setLabel(this.t('race.exampleLabel', { index: lane.window.index, errors }));
  }

  /** Applies a lifecycle event and redraws what depends on the state. */
  private update(event: LifecycleEvent): void {
    const before = this.lifecycle;
    this.lifecycle = advance(before, event);
    // Progress while training only moves the step: the buttons and settings stay as they are.
    if (event.type === 'progress' && before.phase === 'training' && this.lifecycle.phase === 'training') {
      this.renderStatus();
    } else this.render();
  }

  private render(): void {
    const state = controls(this.lifecycle);
    const steps = this.steps();
    this.enableActions({ train: state.train, pause: state.pause, reset: state.reset, window: state.view });
    this.labelAction('train', this.t(TRAIN_LABELS[raceTrainLabel(steps, this.state.steps)]));
    this.enableSettings(MODEL_FIELDS, state.modelSettings);
    this.setSettingsNote(state.modelSettings ? null : this.t('race.lockedNote'));
    const phase = this.lifecycle.phase;
    this.dataset.state = phase === 'training' ? 'training' : phase === 'finished' ? 'done' : 'idle';
    this.renderStatus();
  }

  /** The status line that matches the three models' steps. */
  private renderStatus(): void {
    const steps = this.steps();
    const total = this.state.steps;
    const status = raceStatus(this.lifecycle.phase, steps, total);
    if (status.kind === 'training') this.setStatus(this.t('race.status', { ...steps, total, backend: this.backend }));
    else if (status.kind === 'untrained') this.setStatus(this.t('race.ready'));
    else if (status.kind === 'level') this.setStatus(this.t('race.level', { step: status.step, total }));
    else if (status.kind === 'uneven') this.setStatus(this.t('race.uneven', { ...steps, total }));
    else if (status.kind === 'done') this.setStatus(this.t('race.done', { ...this.earlyErrors(), total }));
  }

  private earlyErrors(): Record<Variant, string> {
    const early = (variant: Variant) => this.lane(variant).evaluation?.mseEarly;
    const format = (value: number | undefined) => (value === undefined ? '—' : formatNumber(value, this.locale));
    return {
      synced: format(early('synced')),
      delayed: format(early('delayed')),
      bidirectional: format(early('bidirectional')),
    };
  }

  /** Curves, test hooks and tables from the latest evaluations. */
  private showEvaluations(): void {
    for (const lane of this.lanes.values()) {
      if (!lane.evaluation) continue;
      this.errorChart.setCurve(lane.variant, lane.evaluation.msePerStep);
      const name = capitalise(lane.variant);
      this.dataset[`mseEarly${name}`] = String(lane.evaluation.mseEarly);
      this.dataset[`mseLate${name}`] = String(lane.evaluation.mseLate);
    }
    this.fillTables();
    if (this.lifecycle.phase !== 'training') this.renderStatus();
  }

  private fillTables(): void {
    const lanes = VARIANTS.map((variant) => this.lane(variant));
    const format = (value: number | undefined) => (value === undefined ? '—' : formatNumber(value, this.locale));
    fillTable(
      this.find<HTMLTableSectionElement>('.race-summary tbody'),
      lanes.map((lane) => [
        this.t(`variant.${lane.variant}`),
        format(lane.evaluation?.mseEarly),
        format(lane.evaluation?.mseLate),
        format(lane.evaluatedStep),
      ]),
    );
    const T = lanes.find((lane) => lane.evaluation)?.evaluation?.msePerStep.length ?? 0;
    fillTable(
      this.find<HTMLTableSectionElement>('.race-per-step tbody'),
      Array.from({ length: T }, (_, t) => [String(t), ...lanes.map((lane) => format(lane.evaluation?.msePerStep[t]))]),
    );
    const summary = lanes
      .filter((lane) => lane.evaluation)
      .map((lane) =>
        this.t('race.chartSummary', {
          variant: this.t(`variant.${lane.variant}`),
          early: format(lane.evaluation?.mseEarly),
          late: format(lane.evaluation?.mseLate),
        }),
      )
      .join(' ');
    this.errorChart.setLabel(this.t('race.chartLabel', { summary }));
  }
}

function emptyLane(variant: Variant): Lane {
  return {
    variant,
    runner: null,
    ready: false,
    step: 0,
    finished: false,
    paused: false,
    evaluation: null,
    evaluatedStep: 0,
    window: null,
  };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

if (!customElements.get('variant-race')) customElements.define('variant-race', VariantRace);
