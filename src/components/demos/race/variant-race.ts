/**
 * `<variant-race>`: trains the synced, delayed and bidirectional models side by side on the
 * same data and seed — one trainer per variant (shared/trainer-runner.ts), each given the whole
 * learning-rate schedule (main run, then cool-down) in one request. It opens on the shipped
 * pretrained models (their recorded test error, drawn before any trainer is ready, so the first
 * sight — and a printout — shows the lesson); "Watch them train" races three fresh models from
 * their seeds, and Reset goes back to the pretrained ones. Untrained models are not drawn.
 * While they race, each trainer evaluates its model on the test set about once a second (a few
 * points on the chart; the rest of the time trains: race-lanes.ts).
 * The race's state is the shared lifecycle (lib/demos/lifecycle.ts) over the three models; its
 * status line follows their steps (lib/demos/race.ts), so it always agrees with the table.
 * Test hooks on the element: `data-state` ('idle' | 'training' | 'done'), `data-origin`
 * ('pretrained' | 'seed' | 'trained') and `data-mse-early-<variant>`, `data-mse-late-<variant>`
 * (numbers as strings). The lanes (race-lanes.ts) and what is drawn of them (race-figures.ts,
 * race-tables.ts) live beside this file; here: the lifecycle, the trainers' replies and the buttons.
 */
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
  raceTrainLabel,
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
import { RaceFigures } from './race-figures.ts';
import { loadPretrained, RaceLanes, type Lane } from './race-lanes.ts';
import { raceStatusText } from './race-tables.ts';

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
  private readonly lanes = new RaceLanes();
  private figures!: RaceFigures;
  private started = false;
  private backend = '';
  private draw = 0;
  /** The shipped pretrained files, fetched once when the race first starts. */
  private files: Promise<Record<Variant, ModelFile | null>> | null = null;
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
    const t = this.t.bind(this);
    this.figures = this.own(new RaceFigures(this, this.lanes, t, this.locale));
    this.lifecycle = initialLifecycle(this.state.steps);
    this.demoEngine = new DemoEngine(t, this.locale, (text) => this.setStatus(text));
    this.lostTrainer = new LostTrainer(this, t);
    this.onDispose(() => this.lanes.dispose());
    this.own(this.statusLine);
    this.listen(this.find('.race-errors details'), 'toggle', () => this.figures.requestTables());
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
      const lane = this.lanes.lane(variant);
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
    if (newTrainers) this.lanes.dispose();
    this.update({ type: 'load' });
    this.setStatus(this.t('race.starting', { engine: this.t(`engine.${choice}`) }));
    const files = opening && this.files ? await this.files : null;
    const setups = variants.map((variant) => raceSetup(variant, this.state));
    for (const [index, variant] of variants.entries()) {
      const pretrained = resume ? null : matchPretrained(files?.[variant] ?? null, setups[index]);
      this.lanes.prepare(variant, pretrained, () =>
        createRunner(choice, (reply, freshness) => this.onReply(variant, reply, freshness)),
      );
      if (!pretrained) this.figures.clearPrediction(variant);
    }
    this.showEvaluations();
    const first = this.lanes.lane(variants[0]).runner;
    if (!first || !isLatest()) return;
    const engine = await this.demoEngine.resolve(first, choice, setups[0]);
    if (!isLatest()) return;
    for (const [index, variant] of variants.entries()) {
      this.lanes.init(variant, setups[index], engine, resume?.get(variant));
    }
  }

  /** A trainer is gone: the others pause; offer to continue all three elsewhere from their latest weights. */
  private onLost(lane: Lane, reply: Extract<Reply, { type: 'lost' }>): void {
    lane.runner = null;
    this.lanes.send({ type: 'pause' });
    this.update({ type: 'fail' });
    this.lostTrainer.show(reply, lane.step, lane.kept?.step ?? 0);
  }

  /** Starts the three models again on the other engine from their latest weights, and trains on. */
  private continueElsewhere(engine = this.lostTrainer.takeContinue()): void {
    if (!engine) return;
    const resume = this.lanes.copy();
    this.url.update({ engine });
    this.renderSettings();
    void this.build(VARIANTS, true, false, resume);
  }

  private onReply(variant: Variant, reply: Reply, freshness: 'data' | 'current'): void {
    const lane = this.lanes.lane(variant);
    switch (reply.type) {
      case 'ready':
        return this.onLaneReady(lane, reply);
      case 'progress':
        lane.step = reply.step;
        lane.losses.length = Math.min(lane.losses.length, reply.from);
        lane.losses.push(...reply.losses);
        return this.update({ type: 'progress', step: this.lanes.minStep() });
      case 'finished':
        if (freshness === 'current') lane.finished = true;
        return this.checkFinished();
      case 'paused':
        if (freshness === 'current') lane.paused = true;
        return this.checkPaused();
      case 'evaluation':
        Object.assign(lane, { evaluation: reply.evaluation, evaluatedStep: reply.step });
        this.showEvaluations();
        return this.checkFinished();
      case 'windows':
        lane.window = reply.windows[0] ?? null;
        return;
      case 'predictions':
        if (reply.draw === this.draw && reply.predictions[0])
          this.figures.showPrediction(lane, reply.step, reply.predictions[0]);
        return;
      case 'snapshot':
        lane.kept = { step: reply.step, params: reply.params, optimizer: reply.optimizer };
        return;
      default:
        return this.onTrouble(lane, reply);
    }
  }

  /** Replies that end a lane's training: an error, a blow-up, a lost trainer. */
  private onTrouble(lane: Lane, reply: Reply): void {
    if (reply.type === 'error') return this.onError(lane, reply);
    if (reply.type === 'lost') return this.onLost(lane, reply);
    if (reply.type === 'diverged')
      return this.onError(lane, { ...reply, message: divergenceText(this.t.bind(this), reply, this.locale) });
  }

  /** One model is built; once all three are, the race is ready (and trains on after a lost trainer). */
  private onLaneReady(lane: Lane, reply: Extract<Reply, { type: 'ready' }>): void {
    lane.ready = true;
    lane.step = reply.step;
    this.backend = this.demoEngine.label(reply.backend);
    lane.runner?.send({ type: 'windows', count: 1, draw: this.draw });
    if (!this.lanes.everyReady()) return;
    this.update({
      type: 'ready',
      origin: raceOrigin(this.lanes.steps(), this.lanes.pretrainedVariants()),
      step: this.lanes.minStep(),
    });
    if (this.demoEngine.note()) this.setMessage(this.demoEngine.note().trim());
    if (this.lostTrainer.resumeNow()) this.train();
  }

  private onError(lane: Lane, reply: { message: string; during?: string }): void {
    this.setMessage(this.t('race.error', { variant: this.t(`variant.${lane.variant}`), message: reply.message }), true);
    if (reply.during === 'init') return this.update({ type: 'fail' });
    this.lanes.send({ type: 'pause' });
    this.update({ type: 'stopped' });
  }

  /** The race rests once every trainer has confirmed the pause (or finished). */
  private checkPaused(): void {
    if (this.lifecycle.phase === 'pausing' && this.lanes.resting()) this.update({ type: 'paused' });
  }

  /** The race is over once every model has reached the end and been evaluated there. */
  private checkFinished(): void {
    if (this.lifecycle.phase !== 'training' && this.lifecycle.phase !== 'pausing') return;
    if (!this.lanes.doneAt(this.state.steps)) return;
    this.update({ type: 'finished', step: this.lanes.minStep() });
    const t0 = (variant: Variant) => this.lanes.lane(variant).evaluation?.msePerStep[0] ?? NaN;
    reportResult(this, {
      demo: 'variant-race',
      t0: { synced: t0('synced'), delayed: t0('delayed'), bidirectional: t0('bidirectional') },
    });
  }

  private train(): void {
    const label = raceTrainLabel(this.lanes.steps(), this.state.steps, this.lanes.pretrainedVariants());
    const fresh = label === 'again' || label === 'fromSeed';
    this.update({ type: 'train' });
    this.setMessage('');
    this.sendTrain(fresh);
  }

  /** Sends every model the race's schedule (a new one replaces the running schedule). */
  private sendTrain(fresh: boolean): void {
    const schedule = raceSchedule(this.state.steps);
    for (const lane of this.lanes.all()) {
      lane.finished = false;
      if (fresh) Object.assign(lane, { step: 0, evaluatedStep: 0, evaluation: null, pretrained: null });
      if (fresh) this.figures.clearPrediction(lane.variant);
      lane.runner?.send({ type: 'train', schedule, fresh });
    }
    if (fresh) this.showEvaluations();
  }

  private pause(): void {
    for (const lane of this.lanes.all()) lane.paused = false;
    this.lanes.send({ type: 'pause' });
    this.update({ type: 'pause' });
  }

  /** Back to the race's opening state: the pretrained models where they match, untrained elsewhere. */
  private reset(): Promise<void> {
    return this.build(VARIANTS, false, true);
  }

  /** Shows test window number `draw` (the same window in every model: same data and seed). */
  private showWindow(draw: number): void {
    this.draw = draw;
    this.lanes.send({ type: 'windows', count: 1, draw });
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
    const origin = this.lifecycle.origin;
    const pretrained = this.lanes.pretrainedVariants();
    // Reset goes back to the opening state, so it has something to do only once the race trained.
    this.enableActions({ train: state.train, pause: state.pause, reset: state.reset && origin === 'trained' });
    this.enableActions({ window: state.view });
    showMeasureAgain(this, this.state.engine, state.modelSettings);
    this.labelAction('train', this.t(TRAIN_LABELS[raceTrainLabel(this.lanes.steps(), this.state.steps, pretrained)]));
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
    const text = raceStatusText(
      translate,
      this.locale,
      this.lifecycle.phase,
      this.lanes,
      this.state.steps,
      this.backend,
    );
    this.find('.race-origin').textContent = text.origin;
    if (text.status) this.setStatus(text.status);
  }

  /** Curves, test hooks and tables from the latest evaluations; the status line when not training. */
  private showEvaluations(): void {
    this.figures.showEvaluations();
    if (this.lifecycle.phase !== 'training') this.renderStatus();
  }
}

if (!customElements.get('variant-race')) customElements.define('variant-race', VariantRace);
