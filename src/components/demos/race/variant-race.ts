/**
 * `<variant-race>`: trains the synced, delayed and bidirectional models side by side on the
 * same data and seed — one trainer per variant (shared/trainer-runner.ts), each given the whole
 * learning-rate schedule (main run, then cool-down) in one request. It opens on the shipped
 * pretrained models (their recorded test error, drawn before any trainer is ready, so the first
 * sight — and a printout — shows the lesson); "Watch them train" races three fresh models from
 * their seeds, and Reset goes back to the pretrained ones. Untrained models are not drawn.
 * While they train, each trainer evaluates its model on the test set about every half second.
 * The race's state is the shared lifecycle (lib/demos/lifecycle.ts) over the three models; its
 * status line follows their steps (lib/demos/race.ts), so it always agrees with the table.
 * Test hooks on the element: `data-state` ('idle' | 'training' | 'done'), `data-origin`
 * ('pretrained' | 'seed' | 'trained') and `data-mse-early-<variant>`, `data-mse-late-<variant>`
 * (numbers as strings).
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
  matchPretrained,
  modelsToRebuild,
  raceOrigin,
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
import type { ModelFile } from '../../../lib/model/format.ts';
import type { Reply } from '../../../lib/trainer/protocol.ts';
import { DemoElement, type ActionHandler, type FieldOf } from '../../shared/demo-element.ts';
import { reportResult } from '../predict/result-event.ts';
import { redrawScheduler } from '../../shared/page-runtime.ts';
import { DemoEngine, measureAgain, showMeasureAgain } from '../../shared/engine-choice.ts';
import { LostTrainer } from '../../shared/lost-trainer.ts';
import { createRunner } from '../../shared/trainer-runner.ts';
import { divergenceText } from '../../shared/trainer-text.ts';
import { ExampleWindowChart, StepErrorChart, type RaceChartLabels } from './race-charts.ts';
import { emptyLane, loadPretrained, type Lane } from './race-lanes.ts';
import { earlyErrors, fillRaceTables, pretrainedStatus } from './race-tables.ts';

/** How often each trainer sends its weights while training, in ms (kept to continue elsewhere if a trainer is lost). */
const SNAPSHOT_EVERY_MS = 1000;

/** Settings that shape the models (locked while training). */
const MODEL_FIELDS = RACE_SCHEMA.names.filter((name) => RACE_SETTING_KINDS[name as keyof RaceState] === 'model');

const TRAIN_LABELS: Readonly<Record<TrainPlan['label'], UiKey>> = {
  start: 'race.train',
  resume: 'demo.resume',
  again: 'race.trainAgain',
  fromSeed: 'race.watch',
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
  /** The shipped pretrained files, fetched once when the race first starts. */
  private files: Promise<Record<Variant, ModelFile | null>> | null = null;
  /** Redraws the tables at most once per frame, however many evaluations arrive. */
  private readonly tables = redrawScheduler(() => this.fillTables());
  /** Rewrites the status line at most once per frame while three trainers report progress. */
  private readonly statusLine = redrawScheduler(() => this.renderStatus());
  /** The engine the trainers were started with (what `auto` chose). */
  private demoEngine!: DemoEngine;
  private lostTrainer!: LostTrainer;

  protected actions(): Record<string, ActionHandler> {
    return {
      train: () => this.train(),
      pause: () => this.pause(),
      reset: () => this.reset(),
      window: () => this.showWindow(this.draw + 1),
      'measure-again': () => measureAgain(this.state.engine) && this.started && void this.build(VARIANTS, false),
      continue: () => this.continueElsewhere(),
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
      hint: this.t('chart.hint'),
      target: this.t('chart.target'),
    };
    this.errorChart = this.own(new StepErrorChart(this.find('.race-errors'), labels, this.locale));
    this.exampleChart = this.own(new ExampleWindowChart(this.find('.race-example'), labels, this.locale));
    this.lifecycle = initialLifecycle(this.state.steps);
    this.demoEngine = new DemoEngine(this.t.bind(this), this.locale, (text) => this.setStatus(text));
    this.lostTrainer = new LostTrainer(this, this.t.bind(this));
    this.onDispose(() => this.disposeRunners());
    this.own(this.tables);
    this.own(this.statusLine);
    this.listen(this.find('.race-errors details'), 'toggle', () => this.tables.request());
    this.files = loadPretrained(this.modelsUrl);
    void this.previewPretrained();
    this.dataset.state = 'idle';
  }

  protected start(): Promise<void> {
    this.started = true;
    return this.build(VARIANTS, true, true);
  }

  /**
   * Draws the pretrained models' recorded error before any trainer starts (the trainers wait
   * until the race nears the viewport), so the page — and a printout — shows it from the start.
   */
  private async previewPretrained(): Promise<void> {
    const files = await this.files;
    if (this.started || !files) return;
    for (const variant of VARIANTS) {
      const pretrained = matchPretrained(files[variant], raceSetup(variant, this.state));
      const lane = this.lane(variant);
      Object.assign(lane, { pretrained, evaluation: pretrained?.evaluation ?? null });
      Object.assign(lane, { evaluatedStep: pretrained?.steps ?? 0 });
    }
    this.showEvaluations();
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
    if (this.started && variants.length > 0) void this.build(variants, newTrainers);
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

  /** Variants whose lane shows a shipped pretrained model. */
  private pretrainedVariants(): Variant[] {
    return VARIANTS.filter((variant) => this.lane(variant).pretrained !== null);
  }

  /**
   * Builds the models of `variants` (with new trainers when the engine changed): the matching
   * pretrained model in the race's opening state (`opening`: nothing trained here yet, or after
   * Reset), the seed's untrained weights otherwise, or the weights and losses in `resume`
   * (continuing after a lost trainer). A pretrained lane's recorded error shows at once; the
   * models are sent once the engine is known (`auto` may time the engines first).
   */
  private async build(
    variants: readonly Variant[],
    newTrainers: boolean,
    opening = this.lifecycle.origin !== 'trained',
    resume?: ReadonlyMap<Variant, Lane>,
  ): Promise<void> {
    const isLatest = this.latest.begin();
    const choice = this.state.engine;
    if (newTrainers) this.disposeRunners();
    this.update({ type: 'load' });
    this.setStatus(this.t('race.starting', { engine: this.t(`engine.${choice}`) }));
    const files = opening && this.files ? await this.files : null;
    const setups = variants.map((variant) => raceSetup(variant, this.state));
    for (const [index, variant] of variants.entries()) {
      const lane = this.lane(variant);
      const pretrained = resume ? null : matchPretrained(files?.[variant] ?? null, setups[index]);
      lane.runner ??= createRunner(choice, (reply, freshness) => this.onReply(variant, reply, freshness));
      Object.assign(lane, { ready: false, step: 0, finished: false, pretrained, losses: [], kept: null });
      Object.assign(lane, { evaluation: pretrained?.evaluation ?? null, evaluatedStep: pretrained?.steps ?? 0 });
      if (!pretrained) this.exampleChart.clearPrediction(variant);
    }
    this.showEvaluations();
    const first = this.lane(variants[0]).runner;
    if (!first || !isLatest()) return;
    const engine = await this.demoEngine.resolve(first, choice, setups[0]);
    if (!isLatest()) return;
    for (const [index, variant] of variants.entries()) {
      const kept = resume?.get(variant)?.kept;
      const params = kept?.params ?? this.lane(variant).pretrained?.params;
      const history = kept ? resume?.get(variant)?.losses.slice(0, kept.step) : undefined;
      const setup = setups[index];
      this.lane(variant).runner?.send({
        type: 'init',
        setup,
        engine,
        params,
        history,
        snapshotEveryMs: SNAPSHOT_EVERY_MS,
      });
    }
  }

  /** A trainer is gone: the others pause; offer to continue all three elsewhere from their latest weights. */
  private onLost(lane: Lane, reply: Extract<Reply, { type: 'lost' }>): void {
    lane.runner = null;
    for (const other of this.lanes.values()) other.runner?.send({ type: 'pause' });
    this.update({ type: 'fail' });
    this.lostTrainer.show(reply, lane.step, lane.kept?.step ?? 0);
  }

  /** Starts the three models again on the other engine from their latest weights, and trains on. */
  private continueElsewhere(engine = this.lostTrainer.takeContinue()): void {
    if (!engine) return;
    const resume = new Map([...this.lanes].map(([variant, lane]) => [variant, { ...lane }]));
    this.url.update({ engine });
    this.renderSettings();
    void this.build(VARIANTS, true, false, resume);
  }

  private onReply(variant: Variant, reply: Reply, freshness: 'data' | 'current'): void {
    const lane = this.lane(variant);
    switch (reply.type) {
      case 'ready':
        lane.ready = true;
        lane.step = reply.step;
        this.backend = this.demoEngine.label(reply.backend);
        lane.runner?.send({ type: 'windows', count: 1, draw: this.draw });
        return this.onLaneReady();
      case 'progress':
        lane.step = reply.step;
        lane.losses.length = Math.min(lane.losses.length, reply.from);
        lane.losses.push(...reply.losses);
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
        return this.showPrediction(lane, reply.draw, reply.step, reply.predictions[0]);
      case 'error':
        return this.onError(lane, reply);
      case 'snapshot':
        lane.kept = { step: reply.step, params: reply.params };
        return;
      case 'lost':
        return this.onLost(lane, reply);
      case 'diverged':
        return this.onError(lane, { ...reply, message: divergenceText(this.t.bind(this), reply, this.locale) });
      default:
        return;
    }
  }

  private onLaneReady(): void {
    const lanes = [...this.lanes.values()];
    if (!lanes.every((lane) => lane.ready)) return;
    const steps = lanes.map((lane) => lane.step);
    this.update({
      type: 'ready',
      origin: raceOrigin(this.steps(), this.pretrainedVariants()),
      step: Math.min(...steps),
    });
    if (this.demoEngine.note()) this.setMessage(this.demoEngine.note().trim());
    if (this.lostTrainer.resumeNow()) this.train();
  }

  private onError(lane: Lane, reply: { message: string; during?: string }): void {
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
      const t0 = (variant: Variant) => this.lane(variant).evaluation?.msePerStep[0] ?? NaN;
      reportResult(this, {
        demo: 'variant-race',
        t0: { synced: t0('synced'), delayed: t0('delayed'), bidirectional: t0('bidirectional') },
      });
    }
  }

  private train(): void {
    const label = raceTrainLabel(this.steps(), this.state.steps, this.pretrainedVariants());
    const fresh = label === 'again' || label === 'fromSeed';
    this.update({ type: 'train' });
    this.setMessage('');
    this.sendTrain(fresh);
  }

  /** Sends every model the race's schedule (a new one replaces the running schedule). */
  private sendTrain(fresh: boolean): void {
    const schedule = raceSchedule(this.state.steps);
    for (const lane of this.lanes.values()) {
      lane.finished = false;
      if (fresh) Object.assign(lane, { step: 0, evaluatedStep: 0, evaluation: null, pretrained: null });
      if (fresh) this.exampleChart.clearPrediction(lane.variant);
      lane.runner?.send({ type: 'train', schedule, fresh });
    }
    if (fresh) this.showEvaluations();
  }

  private pause(): void {
    for (const lane of this.lanes.values()) {
      lane.paused = false;
      lane.runner?.send({ type: 'pause' });
    }
    this.update({ type: 'pause' });
  }

  /** Back to the race's opening state: the pretrained models where they match, untrained elsewhere. */
  private reset(): Promise<void> {
    return this.build(VARIANTS, false, true);
  }

  /** Shows test window number `draw` (the same window in every model: same data and seed). */
  private showWindow(draw: number): void {
    this.draw = draw;
    for (const lane of this.lanes.values()) lane.runner?.send({ type: 'windows', count: 1, draw });
  }

  /** Draws a model's prediction of the window on show; untrained models are not drawn. */
  private showPrediction(lane: Lane, draw: number, step: number, prediction: Float64Array | undefined): void {
    if (draw !== this.draw || !lane.window || !prediction) return;
    if (!lane.pretrained && step === 0) return this.exampleChart.clearPrediction(lane.variant);
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
      this.statusLine.request();
    } else this.render();
  }

  private render(): void {
    const state = controls(this.lifecycle);
    const steps = this.steps();
    const origin = this.lifecycle.origin;
    // Reset goes back to the opening state, so it has something to do only once the race trained.
    this.enableActions({ train: state.train, pause: state.pause, reset: state.reset && origin === 'trained' });
    this.enableActions({ window: state.view });
    showMeasureAgain(this, this.state.engine, state.modelSettings);
    this.labelAction('train', this.t(TRAIN_LABELS[raceTrainLabel(steps, this.state.steps, this.pretrainedVariants())]));
    this.enableSettings(MODEL_FIELDS, state.modelSettings);
    this.setSettingsNote(state.modelSettings ? null : this.t('race.lockedNote'));
    const phase = this.lifecycle.phase;
    this.dataset.state = phase === 'training' ? 'training' : phase === 'finished' ? 'done' : 'idle';
    this.dataset.origin = origin;
    this.renderStatus();
  }

  /** The status line that matches the three models' steps, and the figure's origin label. */
  private renderStatus(): void {
    const translate = (key: UiKey, values?: Record<string, string | number>) => this.t(key, values);
    const steps = this.steps();
    const total = this.state.steps;
    const pretrained = this.pretrainedVariants();
    const status = raceStatus(this.lifecycle.phase, steps, total, pretrained);
    const trainedSteps = formatNumber(
      pretrained.map((variant) => this.lane(variant).pretrained?.steps ?? 0)[0] ?? 0,
      this.locale,
    );
    const showsPretrained = raceOrigin(steps, pretrained) === 'pretrained' && this.lifecycle.phase !== 'training';
    this.find('.race-origin').textContent = showsPretrained
      ? this.t('race.origin.pretrained', { steps: trainedSteps })
      : '';
    if (status.kind === 'training') this.setStatus(this.t('race.status', { ...steps, total, backend: this.backend }));
    else if (status.kind === 'pretrained') this.setStatus(pretrainedStatus(translate, status.missing, trainedSteps));
    else if (status.kind === 'untrained') this.setStatus(this.t('race.ready'));
    else if (status.kind === 'level') this.setStatus(this.t('race.level', { step: status.step, total }));
    else if (status.kind === 'uneven') this.setStatus(this.t('race.uneven', { ...steps, total }));
    else if (status.kind === 'done')
      this.setStatus(this.t('race.done', { ...earlyErrors(this.lanes, this.locale), total }));
  }

  /** Curves and test hooks from the latest evaluations; the tables follow once per frame. */
  private showEvaluations(): void {
    for (const lane of this.lanes.values()) {
      this.errorChart.setCurve(lane.variant, lane.evaluation?.msePerStep ?? null);
      // Removed (not emptied) while a model has no measured error, so a test never reads a stale one.
      for (const [hook, value] of [
        [`mse-early-${lane.variant}`, lane.evaluation?.mseEarly],
        [`mse-late-${lane.variant}`, lane.evaluation?.mseLate],
      ] as const) {
        if (value === undefined) this.removeAttribute(`data-${hook}`);
        else this.setAttribute(`data-${hook}`, String(value));
      }
    }
    this.tables.request();
    if (this.lifecycle.phase !== 'training') this.renderStatus();
  }

  private fillTables(): void {
    const lanes = {
      synced: this.lane('synced'),
      delayed: this.lane('delayed'),
      bidirectional: this.lane('bidirectional'),
    };
    const summary = fillRaceTables(this, lanes, (key, values) => this.t(key, values), this.locale);
    this.errorChart.setLabel(this.t('race.chartLabel', { summary }));
  }
}

if (!customElements.get('variant-race')) customElements.define('variant-race', VariantRace);
