/**
 * `<practice-demo>`: a synced model trained with the practice chapter's fixes — burn-in k, a
 * zero or learned initial state, gradient clipping — under Adam or under SGD at a rate that
 * explodes unclipped (lib/demos/practice.ts). It opens on the recorded run of its settings when
 * there is one (scripts/make-recorded.ts, passed in as `data-recorded`); Train runs them here:
 * the gradient norm of every step comes with the trainer's progress, the test error per time
 * step with its evaluations. A run that blows up stops (the trainer says so) and is marked.
 * The trainer starts on the engine the setting resolves to (`auto` by measurement, also on
 * "Measure again"; shared/engine-trainer.ts); a lost trainer's run can go on elsewhere.
 * Test hooks: `data-state` ('idle' | 'training' | 'done' | 'diverged'), `data-origin`
 * ('recorded' | 'live' | 'none'), `data-max-grad-norm`, `data-diverged-at`, `data-mse-early`,
 * `data-mse-late`.
 */
import { formatNumber } from '../../../lib/chart.ts';
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
import {
  appendNorms,
  maxNorm,
  normStride,
  parseRecordedPractice,
  practiceSchedule,
  practiceSetup,
  PRACTICE_SCHEMA,
  recordKey,
  runEvaluation,
  type PracticeRun,
  type PracticeState,
  type RecordedPractice,
} from '../../../lib/demos/practice.ts';
import { defaultState } from '../../../lib/state.ts';
import type { UiKey } from '../../../i18n/index.ts';
import type { Reply } from '../../../lib/trainer/protocol.ts';
import { DemoElement, type ActionHandler, type FieldOf } from '../../shared/demo-element.ts';
import { measureAgain, showMeasureAgain } from '../../shared/engine-choice.ts';
import { DemoTrainer } from '../../shared/engine-trainer.ts';
import { reportResult } from '../predict/result-event.ts';
import { GradNormChart, PracticeErrorChart } from './practice-charts.ts';

const TRAIN_LABELS: Readonly<Record<TrainPlan['label'], UiKey>> = {
  start: 'pr.train',
  fromSeed: 'pr.train',
  resume: 'demo.resume',
  again: 'pr.trainAgain',
};

/** Settings that shape the run (every one but its length): locked while training. */
const MODEL_FIELDS = ['optimizer', 'burnIn', 'init', 'clip', 'seed', 'engine'] as const;

class PracticeDemo extends DemoElement<typeof PRACTICE_SCHEMA> {
  protected readonly schema = PRACTICE_SCHEMA;
  private lifecycle: Lifecycle = initialLifecycle(PRACTICE_SCHEMA.fields.steps.default);
  private recorded: RecordedPractice = {};
  /** The run on show: recorded, live, or none. */
  private run: PracticeRun | null = null;
  private live = false;
  private trainer!: DemoTrainer;
  private errorChart!: PracticeErrorChart;
  private normChart!: GradNormChart;

  protected actions(): Record<string, ActionHandler> {
    return {
      train: () => this.train(),
      pause: () => this.pause(),
      'measure-again': () => measureAgain(this.state.engine) && this.timeEnginesAgain(),
      continue: () => this.continueElsewhere(),
    };
  }

  protected setUp(): void {
    const labels = {
      axisT: this.t('pr.axisT'),
      axisMse: this.t('pr.axisMse'),
      axisStep: this.t('pr.axisStep'),
      axisNorm: this.t('pr.axisNorm'),
      early: 't = 0–3',
      run: this.t('pr.run'),
      reference: this.t('pr.reference'),
      clip: (c: string) => `c = ${c}`,
      diverged: this.t('pr.divergedMark'),
    };
    this.errorChart = this.own(new PracticeErrorChart(this.find('.pr-errors'), labels, this.locale));
    this.normChart = this.own(new GradNormChart(this.find('.pr-norms'), labels, this.locale));
    this.trainer = new DemoTrainer({
      demo: this,
      t: this.t.bind(this),
      locale: this.locale,
      setStatus: (text) => this.setStatus(text),
      onReply: (reply, freshness) => this.onReply(reply, freshness),
    });
    this.onDispose(() => this.trainer.stop());
    try {
      this.recorded = parseRecordedPractice(this.dataset.recorded ?? '');
    } catch (error) {
      return this.reportFailure(error);
    }
    // Recorded runs need no trainer: drawn at once, so the page (and a printout) shows one.
    this.showRecorded();
  }

  /** Nothing to start: the trainer starts when the reader trains. */
  protected start(): void {}

  protected settingChanged(field: FieldOf<typeof PRACTICE_SCHEMA>, previous: PracticeState): void {
    const effect = settingEffect(this.lifecycle, field === 'steps' ? 'schedule' : 'model');
    if (effect === 'refused') {
      this.url.update({ [field]: previous[field] });
      return this.renderSettings();
    }
    if (field === 'steps' && this.live) {
      this.update({ type: 'total', total: this.state.steps });
      if (effect === 'applyNow')
        this.trainer.send({ type: 'train', schedule: practiceSchedule(this.state), fresh: false });
      return this.redraw();
    }
    // Anything else trains another model: back to its recorded run (or none).
    this.trainer.stop();
    this.showRecorded();
  }

  /** Shows the recorded run of the current settings, if any. */
  private showRecorded(): void {
    this.live = false;
    this.run = this.recorded[recordKey(this.state)] ?? null;
    this.lifecycle = initialLifecycle(this.state.steps);
    this.update({ type: 'ready', origin: this.run ? 'pretrained' : 'seed', step: 0 });
    this.setMessage('');
    this.redraw();
  }

  private train(): void {
    // A run that blew up starts again from the seed (as its button says).
    const fresh = trainPlan(this.lifecycle).fresh || (this.run?.divergedAt ?? null) !== null;
    this.update({ type: 'train' });
    this.setMessage('');
    if (fresh || !this.live) this.run = { gradNorms: [], msePerStep: null, divergedAt: null, steps: 0 };
    this.live = true;
    this.redraw();
    if (!this.trainer.started) return this.startTrainer();
    this.trainer.send({ type: 'train', schedule: practiceSchedule(this.state), fresh });
  }

  /** Starts a trainer on the engine the setting resolves to (from the weights kept when `resume`). */
  private startTrainer(resume = false): void {
    const { engine } = this.state;
    this.setStatus(this.t('pr.starting', { engine: this.t(`engine.${engine}`) }));
    void this.trainer.start(engine, practiceSetup(this.state), resume);
  }

  /** "Measure again" (the timings are forgotten): back to the recorded run; the engines are timed anew now. */
  private timeEnginesAgain(): void {
    this.showRecorded();
    this.update({ type: 'load' });
    this.startTrainer();
  }

  /** Continues the live run on the engine offered after the trainer was lost, from the kept weights. */
  private continueElsewhere(): void {
    const engine = this.trainer.lost.takeContinue();
    if (!engine) return;
    this.url.update({ engine });
    this.renderSettings();
    const kept = this.trainer.keptStep;
    if (this.run) this.run.gradNorms = this.run.gradNorms.filter(([step]) => step <= kept);
    this.startTrainer(true);
  }

  private pause(): void {
    this.trainer.send({ type: 'pause' });
    this.update({ type: 'pause' });
  }

  private onReply(reply: Reply, freshness: 'data' | 'current'): void {
    if (reply.type === 'ready') return this.onReady(reply.step);
    if (reply.type === 'lost') return this.update({ type: 'fail' });
    const run = this.run;
    if (!run || !this.live) return;
    switch (reply.type) {
      case 'progress':
        // After a blow-up the trainer goes back to the last good weights; the figure keeps the blow-up.
        if (run.divergedAt !== null) return;
        run.gradNorms = appendNorms(run.gradNorms, reply.from, reply.gradNorms, normStride(this.state.steps));
        run.steps = reply.step;
        this.update({ type: 'progress', step: reply.step });
        return this.redraw();
      case 'paused':
        if (freshness === 'current') this.update({ type: 'paused' });
        return;
      case 'evaluation':
        run.msePerStep = Array.from(reply.evaluation.msePerStep);
        this.redraw();
        if (reply.reason === 'finished') this.finish(reply.step);
        return;
      case 'diverged':
        return this.diverged(reply.atStep, this.t('pr.divergedGuard', { loss: formatNumber(reply.loss, this.locale) }));
      case 'error':
        return this.onError(run, reply);
      default:
        return;
    }
  }

  /**
   * The model is built: a live run starts training, a lost run goes on where its weights were
   * kept, and after "Measure again" the recorded run stays on show.
   */
  private onReady(step: number): void {
    const note = this.trainer.engine.note().trim();
    if (this.trainer.lost.resumeNow()) {
      this.update({ type: 'ready', origin: 'trained', step });
      this.train();
    } else if (this.lifecycle.phase === 'loading') {
      this.update({ type: 'ready', origin: this.run ? 'pretrained' : 'seed', step: 0 });
    } else if (this.lifecycle.phase === 'pausing') {
      // Paused before the model was built (the trainer had no run to confirm): it waits at step 0.
      this.update({ type: 'paused' });
    } else if (this.live) {
      this.trainer.send({ type: 'train', schedule: practiceSchedule(this.state), fresh: false });
    }
    if (note) this.setMessage(note);
  }

  private onError(run: PracticeRun, reply: Extract<Reply, { type: 'error' }>): void {
    if (reply.during === 'init') {
      this.setMessage(this.t('pr.error', { message: reply.message }), true);
      return this.update({ type: 'fail' });
    }
    // Until the trainer's divergence guard, a step that overflows ends the run with an error.
    if (/diverged/.test(reply.message)) return this.diverged(run.steps, this.t('pr.divergedNotFinite'));
    this.setMessage(this.t('pr.error', { message: reply.message }), true);
    this.update({ type: 'stopped' });
  }

  private finish(step: number): void {
    this.update({ type: 'finished', step });
    const late = this.run ? runEvaluation(this.run)?.mseLate : undefined;
    reportResult(this, { demo: 'practice', diverged: false, step, late: late ?? Number.NaN });
  }

  /** The run blew up at `step`: stop, mark it, and say so. */
  private diverged(step: number, why: string): void {
    if (this.run) Object.assign(this.run, { divergedAt: step, msePerStep: null });
    this.update({ type: 'stopped' });
    this.setMessage(this.t('pr.diverged', { step, why }), true);
    this.redraw();
    reportResult(this, { demo: 'practice', diverged: true, step, late: Number.NaN });
  }

  private update(event: LifecycleEvent): void {
    const before = this.lifecycle;
    this.lifecycle = advance(before, event);
    if (event.type === 'progress' && before.phase === this.lifecycle.phase) return this.renderStatus();
    const state = controls(this.lifecycle);
    const stopped = this.run?.divergedAt !== null && this.run?.divergedAt !== undefined;
    this.enableActions({ train: state.train, pause: state.pause });
    this.labelAction('train', this.t(TRAIN_LABELS[stopped ? 'again' : state.trainLabel]));
    this.enableSettings(MODEL_FIELDS, state.modelSettings);
    showMeasureAgain(this, this.state.engine, state.modelSettings && this.lifecycle.phase !== 'loading');
    this.setSettingsNote(state.modelSettings ? null : this.t('pr.lockedNote'));
    this.renderStatus();
  }

  private renderStatus(): void {
    const { phase, step, total } = this.lifecycle;
    const run = this.run;
    const evaluation = run ? runEvaluation(run) : null;
    // A norm not measured yet (no step taken) reads as a dash, as a missing measurement does.
    const format = (value: number | undefined) =>
      value === undefined || Number.isNaN(value) ? '—' : formatNumber(value, this.locale);
    const values = {
      step: format(step),
      total: format(total),
      norm: format(run ? maxNorm(run.gradNorms) : undefined),
      early: format(evaluation?.mseEarly),
      late: format(evaluation?.mseLate),
    };
    const diverged = run?.divergedAt ?? null;
    this.dataset.state =
      diverged !== null ? 'diverged' : phase === 'training' ? 'training' : phase === 'finished' ? 'done' : 'idle';
    this.dataset.origin = this.live ? 'live' : run ? 'recorded' : 'none';
    // While loading or broken the line says what is going on (starting, measuring, a lost trainer).
    if (phase === 'loading' || phase === 'broken') return;
    if (phase === 'training') return this.setStatus(this.t('pr.status', values));
    if (!this.live && !run) return this.setStatus(this.t('pr.noRecorded'));
    const prefix = this.live ? '' : `${this.t('pr.recorded', { steps: format(run?.steps ?? 0) })} `;
    if (diverged !== null)
      return this.setStatus(prefix + this.t('pr.stoppedAt', { ...values, step: format(diverged) }));
    // A live run paused before its first step rests at step 0 ('idle'): still paused to the reader.
    if (phase === 'paused' || (this.live && phase === 'idle')) return this.setStatus(this.t('pr.paused', values));
    this.setStatus(prefix + this.t('pr.done', { ...values, step: format(run?.steps ?? step) }));
  }

  /** Both charts, the test hooks and the accessible summaries from the run on show. */
  private redraw(): void {
    const run = this.run;
    const evaluation = run ? runEvaluation(run) : null;
    const reference = this.recorded[recordKey(defaultState(PRACTICE_SCHEMA))];
    const isReference = recordKey(this.state) === recordKey(defaultState(PRACTICE_SCHEMA));
    const referenceCurve = isReference ? null : (reference?.msePerStep ?? null);
    this.errorChart.setCurves(run?.msePerStep ?? null, referenceCurve);
    this.find('.pr-key-reference').hidden = referenceCurve === null;
    this.normChart.setRun(run?.gradNorms ?? [], this.state.steps, this.state.clip, run?.divergedAt ?? null);
    const hooks: Record<string, number | null | undefined> = {
      'max-grad-norm': run ? maxNorm(run.gradNorms) : null,
      'diverged-at': run?.divergedAt,
      'mse-early': evaluation?.mseEarly,
      'mse-late': evaluation?.mseLate,
    };
    for (const [name, value] of Object.entries(hooks)) {
      if (value === null || value === undefined || Number.isNaN(value)) this.removeAttribute(`data-${name}`);
      else this.setAttribute(`data-${name}`, String(value));
    }
    // A norm not measured yet (no step taken) reads as a dash, as a missing measurement does.
    const format = (value: number | undefined) =>
      value === undefined || Number.isNaN(value) ? '—' : formatNumber(value, this.locale);
    this.errorChart.setLabel(
      this.t('pr.errorsLabel', { early: format(evaluation?.mseEarly), late: format(evaluation?.mseLate) }),
    );
    this.normChart.setLabel(this.t('pr.normsLabel', { norm: format(run ? maxNorm(run.gradNorms) : undefined) }));
    this.renderStatus();
  }
}

if (!customElements.get('practice-demo')) customElements.define('practice-demo', PracticeDemo);
