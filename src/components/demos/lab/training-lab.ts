/**
 * `<training-lab>`: what the training lab does — presets, settings, training, import and export —
 * talking to a trainer (worker or page) through shared/trainer-runner.ts. Its state is the shared
 * lifecycle (lib/demos/lifecycle.ts), drawn by lab-view.ts: the buttons, what Train says, what a
 * settings change does while training and which status line shows. A model trained here
 * is kept for the tab's session (kept-models.ts), so a language switch or reload restores it.
 * TensorFlow.js is loaded by the trainer only when the lab comes into view.
 * Test hooks on the element: `data-backend`, `-step`, `-loss`, `-phase`, `-origin`, `-pretrained`,
 * `-mse-early`, `-mse-late`, `-evaluated-step`, `-ms-per-step`; on `.lab-mse`, `data-mse-t0`; on
 * `.lab-run`, `data-eta-seconds` (before a long run) and `data-time-left` (while training).
 */
import { formatNumber } from '../../../lib/chart.ts';
import { echo } from '../../../lib/demos/echo.ts';
import { controls, isForeign, settingEffect, trainPlan } from '../../../lib/demos/lifecycle.ts';
import { settingsOfSetup, type ImportProblem } from '../../../lib/demos/lab-import.ts';
import {
  isLabPreset,
  LAB_SETTING_KINDS,
  LAB_SNAPSHOT_EVERY_MS,
  LAB_WINDOW_COUNT,
  labSchedule,
  labSetup,
  presetState,
  type LabField,
  type LabState,
  type PretrainedMatch,
} from '../../../lib/demos/lab.ts';
import type { ModelFile } from '../../../lib/model/format.ts';
import type { Reply, TestWindow } from '../../../lib/trainer/protocol.ts';
import type { ActionHandler, ModelForLink } from '../../shared/demo-element.ts';
import { saveText } from '../../shared/download.ts';
import { DemoEngine, measureAgain } from '../../shared/engine-choice.ts';
import { LostTrainer } from '../../shared/lost-trainer.ts';
import { createRunner, type TrainerRunner } from '../../shared/trainer-runner.ts';
import { divergenceText } from '../../shared/trainer-text.ts';
import { importErrorText } from './import-text.ts';
import { engineNote } from './lab-text.ts';
import { LabView } from './lab-view.ts';
import {
  forgetModel,
  keepModel,
  linkedSource,
  modelOfFile,
  modelSource,
  readKeptModel,
  type ModelSource,
} from './kept-models.ts';
import { readModelFile } from './model-file.ts';

class TrainingLab extends LabView {
  private runner: TrainerRunner | null = null;
  private runnerEngine: LabState['engine'] | null = null;
  private windows: TestWindow[] = [];
  private draw = 0;
  /** The origin of the model being built (it becomes the lifecycle's once ready). */
  private pending: ModelSource | null = null;
  /** The engine the trainer was started with (what `auto` chose). */
  private demoEngine!: DemoEngine;
  private lostTrainer!: LostTrainer;
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
      preset: (control) => this.applyLabPreset(control.dataset.preset),
      'measure-again': () => measureAgain(this.state.engine) && this.load(),
      continue: () => this.continueElsewhere(),
    };
  }

  protected setUp(): void {
    this.buildView();
    this.demoEngine = new DemoEngine(this.translator, this.locale, (text) => this.setStatus(text));
    this.lostTrainer = new LostTrainer(this, this.translator);
    this.onDispose(() => {
      this.runner?.dispose();
      this.runner = null;
    });
  }

  protected start(): Promise<void> {
    return this.load();
  }

  protected settingChanged(field: LabField, previous: LabState): void {
    const effect = settingEffect(this.lifecycle, LAB_SETTING_KINDS[field]);
    if (effect === 'refused') {
      this.url.update({ [field]: previous[field] });
      return this.renderSettings();
    }
    if (effect === 'redraw') {
      this.charts.loss.setScale(this.state.scale);
      return this.charts.grid.setZoom(this.state.zoom);
    }
    if (effect === 'rebuild') return void this.load().catch((error: unknown) => this.reportFailure(error));
    if (field === 'steps') {
      this.charts.loss.setData(this.losses, this.state.steps);
      this.update({ type: 'total', total: this.state.steps });
    }
    this.render();
    if (effect !== 'applyNow') return;
    this.send({ type: 'train', schedule: labSchedule(this.state), fresh: false });
    const step = this.lifecycle.step;
    const lr = formatNumber(this.state.lr, this.locale);
    this.setMessage(
      this.t(field === 'lr' ? 'lab.lrApplied' : 'lab.stepsApplied', { step, lr, total: this.state.steps }),
    );
  }

  /** Applies a preset's settings (not while training); a new model is built when they shape it. */
  private applyLabPreset(name: string | undefined): void {
    if (!isLabPreset(name) || !controls(this.lifecycle).modelSettings) return;
    this.applySettings(presetState(name, this.state));
  }

  /** Several settings at once (a preset): the run's length is redrawn, and one new model is built if any shapes it. */
  protected settingsChanged(fields: readonly LabField[], previous: LabState): void {
    if (fields.length === 1) return this.settingChanged(fields[0], previous);
    this.charts.loss.setData(this.losses, this.state.steps);
    this.update({ type: 'total', total: this.state.steps });
    if (fields.some((field) => LAB_SETTING_KINDS[field] === 'model'))
      void this.load().catch((error: unknown) => this.reportFailure(error));
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

  /** Builds the model for the current settings: kept from this session, pretrained, imported, or the seed's. */
  private async load(imported?: ModelFile): Promise<void> {
    const isLatest = this.latest.begin();
    const runner = this.ensureRunner();
    this.update({ type: 'load' });
    this.charts.mse.setData(null);
    const found = await this.findSource(imported);
    if (!isLatest()) return;
    const { source } = found;
    const engine = await this.demoEngine.resolve(runner, this.state.engine, source.setup);
    if (!isLatest()) return;
    if (found.pretrained !== undefined) {
      this.pretrained = found.pretrained;
      this.imported = null;
    }
    this.dataset.pretrained = this.pretrained?.name ?? '';
    this.pending = source;
    this.losses = [...(source.history ?? [])];
    this.charts.loss.setData(this.losses, this.state.steps);
    runner.send({
      type: 'init',
      setup: source.setup,
      engine,
      params: source.params,
      history: source.history,
      optimizer: source.optimizer,
      snapshotEveryMs: LAB_SNAPSHOT_EVERY_MS,
    });
  }

  /** Where the model comes from: an imported file, a model the link carries (read once), else modelSource. */
  private async findSource(
    imported?: ModelFile,
  ): Promise<{ source: ModelSource; pretrained?: PretrainedMatch | null }> {
    if (imported) return { source: { origin: 'imported', setup: labSetup(this.state), params: imported.params } };
    const linked = linkedSource(await this.modelFromLink(), this.state);
    if (linked === 'misfit') this.setMessage(this.t('demo.linkedModel.model'), true);
    if (linked === null || linked === 'misfit') return modelSource(this.state, this.modelsUrl);
    this.imported = { name: '', variant: this.t(`variant.${this.state.variant}`), hidden: this.state.hidden };
    return { source: linked };
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
          keepModel(this.state, reply, this.losses);
        return;
      case 'exported':
        if (this.exportForLink) return this.exportForLink(reply.text);
        return saveText(reply.text, `rnn-${this.state.variant}-h${this.state.hidden}.json`);
      case 'lost':
        return this.onLost(reply);
      case 'diverged':
        this.setMessage(
          this.t('lab.trainError', { message: divergenceText(this.translator, reply, this.locale) }),
          true,
        );
        return this.update({ type: 'stopped' });
      case 'error':
        this.setMessage(this.t('lab.trainError', { message: echo(reply.message, 200) }), true);
        return this.update({ type: reply.during === 'init' ? 'fail' : 'stopped' });
    }
  }

  private onReady(reply: Extract<Reply, { type: 'ready' }>): void {
    const source = this.pending;
    this.pending = null;
    this.dataset.backend = reply.backend;
    this.backend = this.demoEngine.label(reply.backend);
    const note = engineNote(this.translator, reply, this.state.engine, this.runner?.inWorker ?? false);
    const restored = source?.origin === 'trained' ? this.t('lab.restored', { step: reply.step }) : '';
    this.setMessage([restored, this.demoEngine.note().trim(), note].filter(Boolean).join(' '));
    this.showSteps(reply.step);
    this.update({ type: 'ready', origin: source?.origin ?? 'seed', step: reply.step });
    this.showWindows(this.draw);
    // The test error per time step of the model on show, whatever its origin.
    this.send({ type: 'evaluate' });
    if (this.lostTrainer.resumeNow()) this.train();
  }

  /** The trainer is gone with its model: say why; offer to continue elsewhere from the kept weights. */
  private onLost(reply: Extract<Reply, { type: 'lost' }>): void {
    this.runner = null;
    this.update({ type: 'fail' });
    this.lostTrainer.show(reply, this.lifecycle.step, readKeptModel(this.state)?.losses.length ?? 0);
  }

  /** Continues on the other engine from the weights kept for these settings (load finds them). */
  private continueElsewhere(engine = this.lostTrainer.takeContinue()): Promise<void> | undefined {
    if (!engine) return;
    this.url.update({ engine });
    this.renderSettings();
    return this.load();
  }

  private onProgress(reply: Extract<Reply, { type: 'progress' }>): void {
    this.losses.length = Math.min(this.losses.length, reply.from);
    this.losses.push(...reply.losses);
    if (reply.msPerStep > 0) {
      this.msPerStep = reply.msPerStep;
      this.meter.record(this.state, reply.msPerStep, (this.dataset.backend ?? 'scratch') as 'scratch');
    }
    this.dataset.msPerStep = String(this.msPerStep);
    this.showSteps(reply.step);
    this.charts.loss.setData(this.losses, this.state.steps);
    this.update({ type: 'progress', step: reply.step });
  }

  private showSteps(step: number): void {
    const latest = this.losses[step - 1];
    this.dataset.step = String(step);
    this.dataset.loss = latest === undefined ? '' : String(latest);
  }

  /** Test MSE per time step on its chart and as test hooks, and what it means for the message line. */
  private onEvaluation(reply: Extract<Reply, { type: 'evaluation' }>, freshness: 'data' | 'current'): void {
    const { mse, mseEarly, mseLate, msePerStep } = reply.evaluation;
    Object.assign(this.dataset, {
      mseEarly: String(mseEarly),
      mseLate: String(mseLate),
      evaluatedStep: String(reply.step),
    });
    this.charts.mse.setData(msePerStep);
    this.find('[data-mse-when]').textContent = this.modelAge(reply.step);
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
    this.charts.grid.setWindows(
      this.windows.map((window, index) => ({
        index: window.index,
        input: window.input,
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

  /**
   * Imports a model file, read and checked off the page (model-file.ts): a file the lab cannot
   * run is refused with its reasons before anything is built, and the model on show stays.
   */
  private async importFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const result = await readModelFile(file);
    if ('problems' in result) return this.refuseImport(file.name, result.problems);
    const { model } = result;
    this.showNotes(this.url.update(settingsOfSetup(model)));
    this.renderSettings();
    this.pretrained = null;
    this.imported = {
      name: echo(file.name),
      variant: this.t(`variant.${model.config.variant}`),
      hidden: model.config.hiddenSize,
    };
    await this.load(model);
  }

  private refuseImport(name: string, problems: ImportProblem[]): void {
    // The status line no longer announces an earlier import as the latest news.
    if (this.imported) this.imported = { ...this.imported, mse: undefined };
    this.render();
    this.setMessage(
      importErrorText(this.translator, name, problems, (field) => this.fieldLabel(field), this.locale),
      true,
    );
  }
}

if (!customElements.get('training-lab')) customElements.define('training-lab', TrainingLab);
