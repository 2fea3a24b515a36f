/**
 * `<training-lab>`: the page side of the training lab — settings, buttons, charts, status —
 * talking to a trainer (worker or page) through shared/trainer-runner.ts. Its state is the
 * shared lifecycle (lib/demos/lifecycle.ts), which decides the buttons, what Train says, what
 * a settings change does while training and which status line shows. A model trained here is
 * kept for the tab's session (kept-models.ts), so a language switch or reload restores it.
 * TensorFlow.js is loaded by the trainer only when the lab comes into view.
 * Test hooks on the element: `data-backend`, `data-step`, `data-loss`, `data-phase`,
 * `data-origin`, `data-mse-early`, `data-mse-late`, `data-evaluated-step`, `data-ms-per-step`.
 */
import { formatNumber } from '../../../lib/chart.ts';
import {
  advance,
  controls,
  initialLifecycle,
  isForeign,
  settingEffect,
  trainPlan,
  type Lifecycle,
  type LifecycleEvent,
  type TrainPlan,
} from '../../../lib/demos/lifecycle.ts';
import type { UiKey } from '../../../i18n/index.ts';
import {
  importProblems,
  LAB_SCHEMA,
  LAB_SETTING_KINDS,
  LAB_SNAPSHOT_EVERY_MS,
  LAB_WINDOW_COUNT,
  labSchedule,
  settingsOfSetup,
  type LabField,
  type LabState,
  type PretrainedMatch,
} from '../../../lib/demos/lab.ts';
import type { Params } from '../../../lib/model/params.ts';
import { setupFromModelFile, type SessionSetup } from '../../../lib/session.ts';
import type { Reply, TestWindow } from '../../../lib/trainer/protocol.ts';
import { DemoElement, type ActionHandler, type ModelForLink } from '../../shared/demo-element.ts';
import { saveText } from '../../shared/download.ts';
import { createRunner, type TrainerRunner } from '../../shared/trainer-runner.ts';
import type { EvalGrid } from './eval-grid.ts';
import { createLabCharts } from './lab-charts.ts';
import { forgetModel, keepModel, linkedSource, modelOfFile, modelSource, type ModelSource } from './kept-models.ts';
import { backendLabel, engineNote, importProblemText, labStatus, type ImportedModel } from './lab-text.ts';
import type { LossChart } from './loss-chart.ts';

/** Settings that shape the model (locked while training). */
const MODEL_FIELDS = LAB_SCHEMA.names.filter((name) => LAB_SETTING_KINDS[name as LabField] === 'model');

const TRAIN_LABELS: Readonly<Record<TrainPlan['label'], UiKey>> = {
  start: 'lab.train',
  resume: 'demo.resume',
  again: 'lab.trainAgain',
  fromSeed: 'lab.trainFromSeed',
};

class TrainingLab extends DemoElement<typeof LAB_SCHEMA> {
  protected readonly schema = LAB_SCHEMA;
  private lifecycle: Lifecycle = initialLifecycle(LAB_SCHEMA.fields.steps.default);
  private lossChart!: LossChart;
  private grid!: EvalGrid;
  private runner: TrainerRunner | null = null;
  private runnerEngine: LabState['engine'] | null = null;
  /** Training loss of every step of the model on show. */
  private losses: number[] = [];
  private windows: TestWindow[] = [];
  private draw = 0;
  /** The origin of the model being built (it becomes the lifecycle's once ready). */
  private pending: ModelSource | null = null;
  private backend = '';
  private msPerStep = 0;
  private pretrained: PretrainedMatch | null = null;
  private imported: ImportedModel | null = null;
  /** Takes the trainer's next export for a link instead of a download. */
  private exportForLink: ((text: string) => void) | null = null;

  protected actions(): Record<string, ActionHandler> {
    return {
      train: () => this.train(),
      pause: () => this.pause(),
      step: () => this.stepOnce(),
      reset: () => this.reset(),
      redraw: () => this.showWindows(this.draw + 1),
      export: () => this.send({ type: 'export' }),
      import: (control) => this.importFile(control as HTMLInputElement),
    };
  }

  protected setUp(): void {
    const charts = createLabCharts(this, (key, values) => this.t(key, values), this.locale);
    this.lossChart = this.own(charts.loss);
    this.grid = this.own(charts.grid);
    this.lossChart.setScale(this.state.scale);
    this.lifecycle = initialLifecycle(this.state.steps);
    this.onDispose(() => {
      this.runner?.dispose();
      this.runner = null;
    });
  }

  protected start(): Promise<void> {
    return this.load();
  }

  /** Writes the settings into the form; the delay only shows for the delayed variant. */
  protected renderSettings(): void {
    super.renderSettings();
    const delay = this.querySelector<HTMLElement>('[data-field="delay"]');
    if (delay) delay.hidden = this.state.variant !== 'delayed';
  }

  protected settingChanged(field: LabField, previous: LabState): void {
    const effect = settingEffect(this.lifecycle, LAB_SETTING_KINDS[field]);
    if (effect === 'refused') {
      this.url.update({ [field]: previous[field] });
      return this.renderSettings();
    }
    if (effect === 'redraw') return this.lossChart.setScale(this.state.scale);
    if (effect === 'rebuild') return void this.load().catch((error: unknown) => this.reportFailure(error));
    if (field === 'steps') {
      this.lossChart.setData(this.losses, this.state.steps);
      this.update({ type: 'total', total: this.state.steps });
    }
    if (effect !== 'applyNow') return;
    this.send({ type: 'train', schedule: labSchedule(this.state), fresh: false });
    const step = this.lifecycle.step;
    const lr = formatNumber(this.state.lr, this.locale);
    this.setMessage(
      this.t(field === 'lr' ? 'lab.lrApplied' : 'lab.stepsApplied', { step, lr, total: this.state.steps }),
    );
  }

  private send(request: Parameters<TrainerRunner['send']>[0]): void {
    this.runner?.send(request);
  }

  /** The trainer for the chosen engine (a new one when the engine changed). */
  private ensureRunner(): TrainerRunner {
    const engine = this.state.engine;
    if (this.runner && this.runnerEngine === engine) return this.runner;
    this.runner?.dispose();
    this.setStatus(this.t('lab.starting', { engine: this.t(`engine.${engine}`) }));
    this.runner = createRunner(engine, (reply, freshness) => this.onReply(reply, freshness));
    this.runnerEngine = engine;
    return this.runner;
  }

  /** Builds the model for the current settings: kept from this session, pretrained, or the seed's. */
  private async load(imported?: { setup: SessionSetup; params: Params }): Promise<void> {
    const isLatest = this.latest.begin();
    const runner = this.ensureRunner();
    this.update({ type: 'load' });
    // A model the link carries (read once) opens as an imported one, if built for these settings.
    const linked = imported ? null : linkedSource(await this.modelFromLink(), this.state);
    if (linked === 'misfit') this.setMessage(this.t('demo.linkedModel.model'), true);
    else if (linked)
      this.imported = { name: '', variant: this.t(`variant.${this.state.variant}`), hidden: this.state.hidden };
    const found: { source: ModelSource; pretrained?: PretrainedMatch | null } = imported
      ? { source: { origin: 'imported', ...imported } }
      : linked && linked !== 'misfit'
        ? { source: linked }
        : await modelSource(this.state, this.modelsUrl);
    if (!isLatest()) return;
    const { source } = found;
    if (found.pretrained !== undefined) {
      this.pretrained = found.pretrained;
      this.imported = null;
    }
    this.pending = source;
    this.losses = [...(source.history ?? [])];
    this.lossChart.setData(this.losses, this.state.steps);
    runner.send({
      type: 'init',
      setup: source.setup,
      engine: this.state.engine,
      params: source.params,
      history: source.history,
      snapshotEveryMs: LAB_SNAPSHOT_EVERY_MS,
    });
  }

  private onReply(reply: Reply, freshness: 'data' | 'current'): void {
    switch (reply.type) {
      case 'ready':
        return this.onReady(reply);
      case 'progress':
        return this.onProgress(reply);
      case 'finished':
        return freshness === 'current' ? this.update({ type: 'finished', step: reply.step }) : undefined;
      case 'paused':
        return freshness === 'current' ? this.onPaused(reply.step) : undefined;
      case 'windows':
        if (reply.draw === this.draw) this.windows = reply.windows;
        return;
      case 'predictions':
        return this.showPredictions(reply.draw, reply.predictions);
      case 'evaluation':
        return this.onEvaluation(reply, freshness);
      case 'snapshot':
        // Kept under the current settings, so never while a model for new settings is being built.
        if (this.lifecycle.origin === 'trained' && this.lifecycle.phase !== 'loading')
          keepModel(this.state, { params: reply.params, losses: this.losses.slice(0, reply.step) });
        return;
      case 'exported':
        if (this.exportForLink) return this.exportForLink(reply.text);
        return saveText(reply.text, `rnn-${this.state.variant}-h${this.state.hidden}.json`);
      case 'error':
        this.setMessage(this.t('lab.trainError', { message: reply.message }), true);
        return this.update({ type: reply.during === 'init' ? 'fail' : 'stopped' });
    }
  }

  private onReady(reply: Extract<Reply, { type: 'ready' }>): void {
    const source = this.pending;
    this.pending = null;
    this.dataset.backend = reply.backend;
    this.backend = backendLabel((key, values) => this.t(key, values), reply.backend);
    const note = engineNote((key, values) => this.t(key, values), reply, this.runner?.inWorker ?? false);
    const restored = source?.origin === 'trained' ? `${this.t('lab.restored', { step: reply.step })} ` : '';
    this.setMessage(`${restored}${note}`);
    this.showSteps(reply.step);
    this.update({ type: 'ready', origin: source?.origin ?? 'seed', step: reply.step });
    this.showWindows(this.draw);
    if (source?.origin === 'imported') this.send({ type: 'evaluate' });
  }

  private onProgress(reply: Extract<Reply, { type: 'progress' }>): void {
    this.losses.length = Math.min(this.losses.length, reply.from);
    this.losses.push(...reply.losses);
    if (reply.msPerStep > 0) this.msPerStep = reply.msPerStep;
    this.dataset.msPerStep = String(this.msPerStep);
    this.showSteps(reply.step);
    this.lossChart.setData(this.losses, this.state.steps);
    this.update({ type: 'progress', step: reply.step });
  }

  private showSteps(step: number): void {
    const latest = this.losses[step - 1];
    this.dataset.step = String(step);
    this.dataset.loss = latest === undefined ? '' : String(latest);
  }

  /** Test MSE as test hooks, and what it means for the message line or an import's status. */
  private onEvaluation(reply: Extract<Reply, { type: 'evaluation' }>, freshness: 'data' | 'current'): void {
    const { mse, mseEarly, mseLate } = reply.evaluation;
    Object.assign(this.dataset, {
      mseEarly: String(mseEarly),
      mseLate: String(mseLate),
      evaluatedStep: String(reply.step),
    });
    const f = (value: number) => formatNumber(value, this.locale);
    if (reply.reason === 'requested' && this.imported && this.lifecycle.origin === 'imported') {
      this.imported.mse = mse;
      this.render();
    } else if (freshness === 'current' && reply.reason === 'finished') {
      this.setMessage(this.t('lab.done', { step: reply.step, mse: f(mse), early: f(mseEarly), late: f(mseLate) }));
    } else if (reply.reason === 'training' && this.lifecycle.phase === 'training') {
      this.setMessage(this.t('lab.testError', { early: f(mseEarly), late: f(mseLate) }));
    }
  }

  /** Picks test windows `draw` in the trainer (seeded); their predictions follow. */
  private showWindows(draw: number): void {
    this.draw = draw;
    this.send({ type: 'windows', count: LAB_WINDOW_COUNT, draw });
  }

  private showPredictions(draw: number, predictions: Float64Array[]): void {
    if (draw !== this.draw || predictions.length !== this.windows.length) return;
    this.grid.setWindows(
      this.windows.map((window, index) => ({
        index: window.index,
        target: window.target,
        prediction: predictions[index],
      })),
    );
  }

  private train(): void {
    const { fresh } = trainPlan(this.lifecycle);
    if (fresh) forgetModel(this.state);
    this.imported = null;
    this.update({ type: 'train' });
    this.send({ type: 'train', schedule: labSchedule(this.state), fresh });
  }

  private pause(): void {
    this.send({ type: 'pause' });
    this.update({ type: 'pause' });
  }

  /** The trainer stopped: the buttons come back, at the step it really stopped at. */
  private onPaused(step: number): void {
    if (this.lifecycle.phase !== 'pausing') return;
    this.update({ type: 'paused' });
    this.setMessage(this.t('lab.paused', { step }));
  }

  /** One step by hand; a pretrained or imported model goes back to the seed's weights first. */
  private stepOnce(): void {
    if (isForeign(this.lifecycle.origin)) this.send({ type: 'reset' });
    this.imported = null;
    this.update({ type: 'step' });
    this.send({ type: 'step', learningRate: this.state.lr });
  }

  private reset(): void {
    forgetModel(this.state);
    this.imported = null;
    this.send({ type: 'reset' });
    this.update({ type: 'reset' });
    this.setMessage(this.t('lab.reseted', { seed: this.state.seed }));
  }

  /** The model on show, for a link: the trainer exports it (none while a model is being built). */
  protected modelForLink(): Promise<ModelForLink | null> {
    if (!this.runner || ['loading', 'broken'].includes(this.lifecycle.phase)) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.exportForLink = (text) => {
        this.exportForLink = null;
        resolve(modelOfFile(text));
      };
      this.send({ type: 'export' });
    });
  }

  /** Imports a model file; one the lab cannot run is refused with the reasons, the model kept. */
  private async importFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const { lr: learningRate, batch: batchSize, seed } = this.state;
      const { setup, params } = setupFromModelFile(await file.text(), { learningRate, batchSize, seed });
      const problems = importProblems(setup);
      if (problems.length > 0)
        throw new Error(importProblemText(this.t.bind(this), problems, (f) => this.fieldLabel(f)));
      this.showNotes(this.url.update(settingsOfSetup(setup)));
      this.renderSettings();
      this.pretrained = null;
      this.imported = {
        name: file.name,
        variant: this.t(`variant.${setup.config.variant}`),
        hidden: setup.config.hiddenSize,
      };
      await this.load({ setup, params });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // The status line no longer announces an earlier import as the latest news.
      if (this.imported) this.imported = { ...this.imported, mse: undefined };
      this.render();
      this.setMessage(
        this.t('lab.importError', { name: file.name, message: message.endsWith('.') ? message : `${message}.` }),
        true,
      );
    }
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
    this.enableActions({
      train: state.train,
      pause: state.pause,
      step: state.step,
      reset: state.reset,
      export: state.export,
      redraw: state.view,
    });
    this.labelAction('train', this.t(TRAIN_LABELS[state.trainLabel]));
    this.enableSettings(MODEL_FIELDS, state.modelSettings);
    this.find<HTMLInputElement>('input[type="file"]').disabled = !state.modelSettings;
    this.setSettingsNote(state.modelSettings ? null : this.t('lab.lockedNote'));
    this.dataset.phase = this.lifecycle.phase;
    this.dataset.origin = this.lifecycle.origin;
    this.renderStatus();
  }

  /** The status line for the lifecycle's state. */
  private renderStatus(): void {
    const status = labStatus((key, values) => this.t(key, values), this.lifecycle, {
      state: this.state,
      locale: this.locale,
      losses: this.losses,
      backend: this.backend,
      msPerStep: this.msPerStep,
      pretrained: this.pretrained,
      imported: this.imported,
    });
    if (status !== null) this.setStatus(status);
  }
}

if (!customElements.get('training-lab')) customElements.define('training-lab', TrainingLab);
