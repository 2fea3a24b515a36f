/**
 * `<early-error>`: the synced model's test MSE at t = 0…3 against training steps. It opens on
 * the recorded run of its settings (written by scripts/make-recorded.ts with the real engine,
 * passed in by the markup as `data-recorded`); "Run it live" trains the same model here, in
 * legs of 50 steps (lib/demos/early-error.ts), each ending in a test-set evaluation, so the live
 * curve is measured at the recorded run's steps. The trainer starts only when asked (or when
 * "Measure again" times the engines for `auto`), on the engine the setting resolves to
 * (shared/engine-trainer.ts); a lost trainer's run can go on elsewhere. State is the shared
 * lifecycle (lib/demos/lifecycle.ts). Test hooks: `data-state` ('idle' | 'training' |
 * 'done'), `data-origin` ('recorded' | 'live'), `data-points` (live measurements) and
 * `data-mse-t0` … `data-mse-t3` (the latest measurement shown).
 */
import { formatNumber } from '../../../lib/chart.ts';
import {
  addPoint,
  earlyErrorSetup,
  EARLY_ERROR_SCHEMA,
  nextLeg,
  parseRecordedRuns,
  type EarlyErrorState,
  type EarlyPoint,
  type RecordedRuns,
} from '../../../lib/demos/early-error.ts';
import {
  advance,
  controls,
  initialLifecycle,
  settingEffect,
  trainPlan,
  type Lifecycle,
  type LifecycleEvent,
  type TrainPlan,
} from '../../../lib/demos/lifecycle.ts';
import type { UiKey } from '../../../i18n/index.ts';
import type { EvaluationReason, Reply } from '../../../lib/trainer/protocol.ts';
import { DemoElement, type ActionHandler, type FieldOf } from '../../shared/demo-element.ts';
import { reportResult } from '../predict/result-event.ts';
import { fillTable } from '../../shared/page-runtime.ts';
import { measureAgain, showMeasureAgain } from '../../shared/engine-choice.ts';
import { DemoTrainer } from '../../shared/engine-trainer.ts';
import { divergenceText } from '../../shared/trainer-text.ts';
import { EarlyErrorChart } from './early-error-chart.ts';

const TRAIN_LABELS: Readonly<Record<TrainPlan['label'], UiKey>> = {
  start: 'ee.run',
  fromSeed: 'ee.run',
  resume: 'demo.resume',
  again: 'ee.runAgain',
};

/** What changing each setting does (noise and engine need a new model; steps only the run's end). */
const KINDS = { noise: 'model', steps: 'schedule', engine: 'model' } as const;

class EarlyError extends DemoElement<typeof EARLY_ERROR_SCHEMA> {
  protected readonly schema = EARLY_ERROR_SCHEMA;
  private lifecycle: Lifecycle = initialLifecycle(EARLY_ERROR_SCHEMA.fields.steps.default);
  private recorded: RecordedRuns = {};
  private live: EarlyPoint[] = [];
  private trainer!: DemoTrainer;
  private chart!: EarlyErrorChart;

  protected actions(): Record<string, ActionHandler> {
    return {
      train: () => this.train(),
      pause: () => this.pause(),
      'measure-again': () => measureAgain(this.state.engine) && this.timeEnginesAgain(),
      continue: () => this.continueElsewhere(),
    };
  }

  protected setUp(): void {
    this.chart = this.own(
      new EarlyErrorChart(
        this.find('.ee-figure'),
        {
          axisSteps: this.t('ee.axisSteps'),
          axisMse: this.t('ee.axisMse'),
          bayes: this.t('ee.bayes'),
          readout: (step, values) => this.t('ee.readout', { step, values }),
        },
        this.locale,
      ),
    );
    this.trainer = new DemoTrainer({
      demo: this,
      t: this.t.bind(this),
      locale: this.locale,
      setStatus: (text) => this.setStatus(text),
      onReply: (reply, freshness) => this.onReply(reply, freshness),
    });
    this.onDispose(() => this.trainer.stop());
    this.listen(this.find('.ee-figure details'), 'toggle', () => this.fillNumbers());
    this.lifecycle = initialLifecycle(this.state.steps);
    try {
      this.recorded = parseRecordedRuns(this.dataset.recorded ?? '');
    } catch (error) {
      return this.reportFailure(error);
    }
    // The recorded run needs no trainer: drawn at once, so the page (and a printout) shows it.
    this.update({ type: 'ready', origin: 'pretrained', step: 0 });
    this.redraw();
  }

  /** Nothing to start: the trainer starts when the reader runs the model live. */
  protected start(): void {}

  protected settingChanged(field: FieldOf<typeof EARLY_ERROR_SCHEMA>, previous: EarlyErrorState): void {
    const effect = settingEffect(this.lifecycle, KINDS[field]);
    if (effect === 'refused') {
      this.url.update({ [field]: previous[field] });
      return this.renderSettings();
    }
    if (field === 'steps') {
      this.update({ type: 'total', total: this.state.steps });
      if (effect === 'applyNow') this.setMessage(this.t('ee.stepsApplied', { total: this.state.steps }));
      return this.redraw();
    }
    // A new noise level or engine: back to the recorded run of the new settings.
    this.trainer.stop();
    this.live = [];
    this.update({ type: 'ready', origin: 'pretrained', step: 0 });
    this.redraw();
  }

  /** Starts (or resumes) the live run; a first run starts its trainer. */
  private train(): void {
    const fresh = trainPlan(this.lifecycle).fresh;
    this.update({ type: 'train' });
    this.setMessage('');
    if (!this.trainer.started) return this.startTrainer();
    if (fresh) {
      this.live = [];
      this.trainer.send({ type: 'reset' });
      this.trainer.send({ type: 'evaluate' });
    }
    this.sendLeg(fresh ? 0 : this.lifecycle.step);
  }

  /** Starts a trainer on the engine the setting resolves to (from the weights kept when `resume`). */
  private startTrainer(resume = false): void {
    const { engine, noise } = this.state;
    if (!resume) this.live = [];
    this.setStatus(this.t('ee.starting', { engine: this.t(`engine.${engine}`) }));
    void this.trainer.start(engine, earlyErrorSetup(noise), resume);
  }

  /** "Measure again" (the timings are forgotten): back to the recorded run; the engines are timed anew now. */
  private timeEnginesAgain(): void {
    this.live = [];
    this.update({ type: 'load' });
    this.redraw();
    this.startTrainer();
  }

  /** Continues the live run on the engine offered after the trainer was lost, from the kept weights. */
  private continueElsewhere(): void {
    const engine = this.trainer.lost.takeContinue();
    if (!engine) return;
    this.url.update({ engine });
    this.renderSettings();
    this.live = this.live.filter((point) => point.step <= this.trainer.keptStep);
    this.redraw();
    this.startTrainer(true);
  }

  /** Trains to the next measurement (the trainer evaluates the test set when it gets there). */
  private sendLeg(step: number): void {
    const schedule = nextLeg(step, this.state.steps);
    if (schedule.length > 0) return this.trainer.send({ type: 'train', schedule, fresh: false });
    this.update({ type: 'finished', step });
    const [first, last] = [this.live[0], this.live.at(-1)];
    if (first && last) reportResult(this, { demo: 'early-error', first: first.mse, last: last.mse, steps: last.step });
  }

  private pause(): void {
    this.trainer.send({ type: 'pause' });
    this.update({ type: 'pause' });
  }

  private onReply(reply: Reply, freshness: 'data' | 'current'): void {
    switch (reply.type) {
      case 'ready':
        return this.onReady(reply.step);
      case 'progress':
        return this.update({ type: 'progress', step: reply.step });
      case 'paused':
        if (freshness === 'current') this.update({ type: 'paused' });
        return;
      case 'evaluation':
        return this.onEvaluation(reply.step, reply.evaluation.msePerStep, reply.reason);
      case 'lost':
        return this.update({ type: 'fail' });
      case 'diverged':
        return this.stop(divergenceText(this.t.bind(this), reply, this.locale), 'train');
      case 'error':
        return this.stop(reply.message, reply.during);
      default:
        return;
    }
  }

  /**
   * The model is built: a live run starts with a measurement at step 0, a lost run goes on
   * where its weights were kept, and after "Measure again" the recorded run stays on show.
   */
  private onReady(step: number): void {
    const note = this.trainer.engine.note().trim();
    if (this.trainer.lost.resumeNow()) {
      this.update({ type: 'ready', origin: 'trained', step });
      this.train();
    } else if (this.lifecycle.phase === 'loading') {
      this.update({ type: 'ready', origin: 'pretrained', step: 0 });
    } else if (this.lifecycle.phase === 'pausing') {
      // Paused before the model was built (the trainer had no run to confirm): it waits at step 0, measured.
      this.trainer.send({ type: 'evaluate' });
      this.update({ type: 'paused' });
    } else {
      this.trainer.send({ type: 'evaluate' });
      this.sendLeg(0);
    }
    if (note) this.setMessage(note);
  }

  /** Training stopped on an error or a blow-up (`during` init: no model was built). */
  private stop(message: string, during: string): void {
    this.setMessage(this.t('ee.error', { message }), true);
    this.update({ type: during === 'init' ? 'fail' : 'stopped' });
  }

  /**
   * A measurement at a leg's end (or before training, or at a pause): added to the live curve;
   * at a leg's end the next leg starts. The trainer's own timed evaluations while a slow leg
   * runs are left out, so the live curve has the recorded run's steps.
   */
  private onEvaluation(step: number, msePerStep: Float64Array, reason: EvaluationReason): void {
    if (this.lifecycle.origin !== 'trained' || reason === 'training') return;
    this.live = addPoint(this.live, step, msePerStep);
    this.redraw();
    if (reason === 'finished' && this.lifecycle.phase === 'training') this.sendLeg(step);
  }

  private update(event: LifecycleEvent): void {
    const before = this.lifecycle;
    this.lifecycle = advance(before, event);
    if (event.type === 'progress' && before.phase === this.lifecycle.phase) return this.renderStatus();
    const state = controls(this.lifecycle);
    this.enableActions({ train: state.train, pause: state.pause });
    this.labelAction('train', this.t(TRAIN_LABELS[state.trainLabel]));
    this.enableSettings(['noise', 'engine'], state.modelSettings);
    showMeasureAgain(this, this.state.engine, state.modelSettings && this.lifecycle.phase !== 'loading');
    const phase = this.lifecycle.phase;
    this.dataset.state = phase === 'training' ? 'training' : phase === 'finished' ? 'done' : 'idle';
    this.dataset.origin = this.lifecycle.origin === 'trained' ? 'live' : 'recorded';
    this.renderStatus();
  }

  /** The recorded curve of the current noise level. */
  private recordedCurve(): EarlyPoint[] {
    return this.recorded[this.state.noise]?.curve ?? [];
  }

  /** The measurement the status, hooks and label describe: the live run's latest, else the recorded run's last. */
  private latestPoint(): EarlyPoint | null {
    return (this.live.length > 0 ? this.live : this.recordedCurve()).at(-1) ?? null;
  }

  private renderStatus(): void {
    const point = this.latestPoint();
    const values: Record<string, string> = { step: formatNumber(point?.step ?? 0, this.locale) };
    point?.mse.forEach((mse, t) => (values[`t${t}`] = formatNumber(mse, this.locale)));
    const { phase, origin, step, total } = this.lifecycle;
    // While loading or broken the line says what is going on (starting, measuring, a lost trainer).
    if (phase === 'loading' || phase === 'broken') return;
    if (phase === 'training') this.setStatus(this.t('ee.status', { ...values, step, total }));
    else if (origin !== 'trained') this.setStatus(point ? this.t('ee.recorded', values) : this.t('ee.noRecorded'));
    else if (phase === 'finished') this.setStatus(this.t('ee.done', { ...values, total }));
    else this.setStatus(this.t('ee.paused', { ...values, step }));
  }

  private redraw(): void {
    const point = this.latestPoint();
    this.chart.setCurves(this.recordedCurve(), this.live, this.state.steps);
    this.dataset.points = String(this.live.length);
    this.find('.ee-key').hidden = this.live.length === 0;
    point?.mse.forEach((mse, t) => this.setAttribute(`data-mse-t${t}`, String(mse)));
    const values = point ? point.mse.map((mse, t) => `t = ${t}: ${formatNumber(mse, this.locale)}`).join(', ') : '';
    this.chart.setLabel(this.t('ee.label', { step: formatNumber(point?.step ?? 0, this.locale), values }));
    this.fillNumbers();
    this.renderStatus();
  }

  /** The measurements as a table, only while it is open. */
  private fillNumbers(): void {
    if (!this.find<HTMLDetailsElement>('.ee-figure details').open) return;
    const curve = this.live.length > 0 ? this.live : this.recordedCurve();
    const format = (value: number) => formatNumber(value, this.locale);
    fillTable(
      this.find<HTMLTableSectionElement>('.ee-table tbody'),
      curve.map((point) => [format(point.step), ...point.mse.map(format)]),
    );
  }
}

if (!customElements.get('early-error')) customElements.define('early-error', EarlyError);
