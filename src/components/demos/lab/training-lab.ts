/**
 * `<training-lab>`: the custom element behind the TrainingLab island. It owns the page side of
 * the lab — form, buttons, charts, status — and talks to a trainer (worker or page) through
 * {@link LabRunner}. TensorFlow.js is loaded by the trainer only when the lab comes into view
 * or a button is pressed. Test hooks: `data-backend`, `data-step`, `data-loss` on the element.
 */
import { createRng, pickDistinct } from '../../lib/rng.ts';
import { DATA_DEFAULTS } from '../../lib/data.ts';
import { formatNumber } from '../../lib/chart.ts';
import { ORIGINAL_CONFIG, type ModelConfig } from '../../lib/model/config.ts';
import type { Params } from '../../lib/model/params.ts';
import { clampState, LAB_SCHEMA, type LabState } from '../../lib/state.ts';
import { setupFromModelFile, type SessionSetup } from '../../lib/session.ts';
import type { UiKey } from '../../i18n/index.ts';
import type { ModelFile } from '../../lib/model/format.ts';
import { LossChart } from '../charts/loss-chart.ts';
import { EvalGrid } from '../charts/eval-grid.ts';
import {
  enableActions,
  readStrings,
  setMessage,
  setStatus,
  showNotes,
  whenVisible,
  type Translator,
} from '../island.ts';
import { fetchPretrained, saveText } from '../model-files.ts';
import { LabForm } from './lab-form.ts';
import { createRunner, type LabRunner } from './runner.ts';
import type { Reply } from '../../lib/trainer/protocol.ts';

/** Display names of the TensorFlow.js backends. */
const BACKEND_NAMES: Record<string, string> = { webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** Fields whose change needs a new model (and so a new session). */
const MODEL_FIELDS: ReadonlyArray<keyof LabState> = ['hidden', 'variant', 'delay', 'horizon', 'noise', 'seed', 'batch'];

/** A pretrained model that matches the lab's settings, and its recorded test MSE. */
interface PretrainedModel {
  params: Params;
  mse: number;
}

/** The shipped pretrained model for the state's variant if it was trained with these settings. */
function matchingPretrained(model: ModelFile | null, state: LabState): PretrainedModel | null {
  if (!model) return null;
  const { config, data } = model;
  const same =
    config.hiddenSize === state.hidden &&
    (config.variant !== 'delayed' || config.delay === state.delay) &&
    data.horizon === state.horizon &&
    data.noise === state.noise;
  return same ? { params: model.params, mse: model.metrics?.mse ?? NaN } : null;
}

/**
 * Why an imported model cannot run in this lab — which feeds one value per step (F = 1) and
 * offers the ranges of LAB_SCHEMA — or null when it can.
 */
function incompatibility(setup: SessionSetup): string | null {
  if (setup.config.inputSize !== 1)
    return `this lab feeds one value per step (F = 1), the file has F = ${setup.config.inputSize}.`;
  const fields = {
    hidden: setup.config.hiddenSize,
    horizon: setup.data.horizon,
    noise: setup.data.noise,
    ...(setup.config.variant === 'delayed' ? { delay: setup.config.delay } : {}),
  };
  const { notes } = clampState(LAB_SCHEMA, fields);
  if (notes.length === 0) return null;
  return notes.map((note) => `${note.field} ${note.given} is outside what the lab offers`).join('; ') + '.';
}

class TrainingLab extends HTMLElement {
  private translator!: Translator;
  private locale = 'ko';
  private form!: LabForm;
  private lossChart!: LossChart;
  private grid!: EvalGrid;
  private runner: LabRunner | null = null;
  private runnerEngine: string | null = null;
  private losses: number[] = [];
  private running = false;
  /** True while the model shown is not a run of this setup (pretrained or imported). */
  private foreignModel = false;
  private windowIndices: number[] = [];
  private windowDraw = 0;
  private testCount = DATA_DEFAULTS.testSize;
  private backendLabel = '';
  private msPerStep = 0;
  private pretrained: PretrainedModel | null = null;
  /** Counts calls of `start`, so a slow pretrained-model fetch cannot overwrite newer settings. */
  private generation = 0;
  /** The imported file whose test error is being measured, for the status line. */
  private pendingImport: { name: string; variant: string; hidden: number } | null = null;

  connectedCallback(): void {
    this.translator = readStrings(this);
    this.locale = this.dataset.locale ?? 'ko';
    this.form = new LabForm(this);
    showNotes(this, this.translator, this.form.initialNotes);
    this.lossChart = new LossChart(
      this.querySelector('.lab-loss') as HTMLElement,
      {
        title: this.t('chart.loss'),
        stepAxis: this.t('chart.stepAxis'),
        lossAxis: this.t('chart.lossAxis'),
        stepColumn: this.t('chart.table.step'),
        lossColumn: this.t('chart.table.loss'),
        empty: this.t('chart.lossEmpty'),
      },
      this.locale,
    );
    this.lossChart.setScale(this.form.state.scale);
    this.grid = new EvalGrid(
      this.querySelector('.lab-grid') as HTMLElement,
      {
        panel: (index, mse) => this.t('chart.windowSummary', { index, mse }),
        target: this.t('chart.target'),
        prediction: this.t('chart.prediction'),
        timeColumn: this.t('chart.table.t'),
      },
      this.locale,
    );
    this.addEventListener('change', (event) => this.onChange(event));
    this.addEventListener('click', (event) => this.onClick(event));
    whenVisible(this, () => void this.start());
  }

  private t(key: UiKey, values: Record<string, string | number> = {}): string {
    return this.translator(key, values);
  }

  /** Creates the trainer (if needed) and a session for the current settings. */
  private async start(params?: Params, setup?: SessionSetup): Promise<void> {
    const state = this.form.state;
    if (!this.runner || this.runnerEngine !== state.engine) {
      this.runner?.dispose();
      this.setStatus(this.t('lab.starting', { engine: this.t(`engine.${state.engine}`) }));
      this.runner = createRunner(state.engine, (reply) => this.onReply(reply));
      this.runnerEngine = state.engine;
    }
    const generation = ++this.generation;
    let startParams = params;
    if (!startParams) {
      const pretrained = matchingPretrained(
        await fetchPretrained(this.dataset.models ?? '/models/', state.variant),
        state,
      );
      if (generation !== this.generation) return;
      this.pretrained = pretrained;
      startParams = pretrained?.params;
    }
    this.foreignModel = startParams !== undefined;
    this.running = false;
    this.losses = [];
    this.lossChart.setData([], state.steps);
    this.setButtons(false);
    this.runner.send({
      type: 'init',
      session: generation,
      setup: setup ?? this.setupFromState(state),
      engine: state.engine,
      params: startParams,
    });
  }

  private setupFromState(state: LabState): SessionSetup {
    const config: ModelConfig = {
      ...ORIGINAL_CONFIG,
      variant: state.variant,
      delay: state.variant === 'delayed' ? state.delay : 0,
      hiddenSize: state.hidden,
    };
    return {
      config,
      data: { ...DATA_DEFAULTS, horizon: state.horizon, noise: state.noise, seed: state.seed },
      learningRate: state.lr,
      batchSize: state.batch,
      seed: state.seed,
    };
  }

  private onReply(reply: Reply): void {
    if (reply.session !== this.generation) return;
    switch (reply.type) {
      case 'ready':
        return this.onReady(reply);
      case 'progress':
        return this.onProgress(reply);
      case 'windows':
        this.grid.setWindows(reply.windows.map((window) => ({ ...window })));
        return;
      case 'evaluation':
        return this.onEvaluation(reply);
      case 'exported':
        saveText(reply.text, `rnn-${this.form.state.variant}-h${this.form.state.hidden}.json`);
        return;
      case 'error':
        this.running = false;
        this.setButtons(reply.during !== 'init');
        this.setMessage(this.t('lab.trainError', { message: reply.message }), true);
        return;
    }
  }

  /** Test MSE while training (data attributes, for tools) and a summary when a run ends. */
  private onEvaluation(reply: Extract<Reply, { type: 'evaluation' }>): void {
    const { mse, mseEarly, mseLate } = reply.evaluation;
    this.dataset.mseEarly = String(mseEarly);
    this.dataset.mseLate = String(mseLate);
    this.dataset.evaluatedStep = String(reply.step);
    if (!reply.final) {
      if (this.running) {
        this.setMessage(
          this.t('lab.testError', {
            early: formatNumber(mseEarly, this.locale),
            late: formatNumber(mseLate, this.locale),
          }),
        );
      }
      return;
    }
    if (this.pendingImport) {
      this.setStatus(this.t('lab.imported', { ...this.pendingImport, mse: formatNumber(mse, this.locale) }));
      this.pendingImport = null;
      return;
    }
    this.setMessage(
      this.t('lab.done', {
        step: reply.step,
        mse: formatNumber(mse, this.locale),
        early: formatNumber(mseEarly, this.locale),
        late: formatNumber(mseLate, this.locale),
      }),
    );
  }

  private onReady(reply: Extract<Reply, { type: 'ready' }>): void {
    this.dataset.backend = reply.backend;
    this.dataset.step = '0';
    this.dataset.loss = '';
    this.losses = [];
    this.running = false;
    this.lossChart.setData([], this.form.state.steps);
    this.testCount = reply.testCount;
    this.backendLabel =
      reply.backend === 'scratch'
        ? this.t('engine.scratch')
        : `TensorFlow.js · ${BACKEND_NAMES[reply.backend] ?? reply.backend}`;
    const notes = reply.notes.map((note) =>
      this.t(`lab.skip.${note.reason}`, { backend: BACKEND_NAMES[note.backend] ?? note.backend }),
    );
    if (reply.softwareWebgl) notes.push(this.t('lab.softwareWebgl'));
    notes.push(this.runner?.inWorker ? this.t('lab.worker') : this.t('lab.mainThread'));
    this.setMessage(`${this.t('lab.backendNote', { backend: this.backendLabel })} ${notes.join(' · ')}`);
    if (this.pretrained && this.foreignModel) {
      this.setStatus(
        this.t('lab.pretrained', {
          variant: this.t(`variant.${this.form.state.variant}`),
          mse: formatNumber(this.pretrained.mse, this.locale),
          seed: this.form.state.seed,
        }),
      );
    } else if (!this.foreignModel) {
      this.setStatus(this.t('lab.noPretrained', { seed: this.form.state.seed }));
    }
    if (this.windowIndices.length === 0) this.drawWindows();
    else this.runner?.send({ type: 'predict', indices: this.windowIndices });
    this.setButtons(true);
  }

  private onProgress(reply: Extract<Reply, { type: 'progress' }>): void {
    if (reply.full) this.losses = reply.losses;
    else this.losses.push(...reply.losses);
    if (reply.msPerStep > 0) this.msPerStep = reply.msPerStep;
    this.dataset.msPerStep = String(this.msPerStep);
    this.running = reply.running;
    const latest = this.losses[this.losses.length - 1];
    this.dataset.step = String(reply.step);
    this.dataset.loss = latest === undefined ? '' : String(latest);
    this.lossChart.setData(this.losses, this.form.state.steps);
    const values = {
      step: reply.step,
      total: this.form.state.steps,
      backend: this.backendLabel,
      loss: latest === undefined ? '—' : formatNumber(latest, this.locale),
      ms: formatNumber(Math.round(this.msPerStep * 10) / 10, this.locale),
    };
    this.setStatus(this.running ? this.t('lab.status', values) : this.t('lab.statusIdle', values));
    this.setButtons(true);
  }

  private drawWindows(): void {
    this.windowIndices = pickDistinct(9, this.testCount, createRng(this.form.state.seed * 7919 + this.windowDraw++));
    this.runner?.send({ type: 'predict', indices: this.windowIndices });
  }

  private onChange(event: Event): void {
    const control = event.target as HTMLInputElement | HTMLSelectElement;
    if (control.type === 'file') return void this.importFile(control as HTMLInputElement);
    if (!control.name) return;
    const { field, notes } = this.form.read(control);
    showNotes(this, this.translator, notes);
    if (field === 'scale') this.lossChart.setScale(this.form.state.scale);
    else if (field === 'lr') this.runner?.send({ type: 'learningRate', value: this.form.state.lr });
    else if (field === 'steps') this.lossChart.setData(this.losses, this.form.state.steps);
    else if (MODEL_FIELDS.includes(field) || field === 'engine') void this.start();
  }

  private async onClick(event: Event): Promise<void> {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.disabled) return;
    if (button.dataset.action === 'copy-link') return this.copyLink(button);
    const runner = this.runner;
    if (!runner) return;
    const action = button.dataset.action;
    if (action === 'train') {
      const fresh = this.foreignModel || this.losses.length >= this.form.state.steps;
      this.foreignModel = false;
      this.running = true;
      runner.send({
        type: 'train',
        fresh,
        steps: fresh ? this.form.state.steps : this.form.state.steps - this.losses.length,
      });
      this.setButtons(true);
    } else if (action === 'pause') {
      runner.send({ type: 'pause' });
      this.setMessage(this.t('lab.paused', { step: this.losses.length }));
    } else if (action === 'step') {
      if (this.foreignModel) runner.send({ type: 'reset' });
      this.foreignModel = false;
      runner.send({ type: 'step' });
    } else if (action === 'reset') {
      this.foreignModel = false;
      runner.send({ type: 'reset' });
      this.setMessage(this.t('lab.reseted', { seed: this.form.state.seed }));
    } else if (action === 'redraw') {
      this.drawWindows();
    } else if (action === 'export') {
      runner.send({ type: 'export' });
    }
  }

  /**
   * Copies the address of this exact set-up (every setting is in it) for sharing; the button
   * itself confirms for a moment, so the confirmation is not lost to a status update.
   */
  private async copyLink(button: HTMLButtonElement): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.form.link());
      button.textContent = this.t('lab.linkCopied');
      setTimeout(() => {
        button.textContent = this.t('lab.copyLink');
      }, 2500);
    } catch {
      this.setMessage(this.t('lab.linkManual', { url: this.form.link() }));
    }
  }

  private async importFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      const text = await file.text();
      const state = this.form.state;
      const { setup, params } = setupFromModelFile(text, {
        learningRate: state.lr,
        batchSize: state.batch,
        seed: state.seed,
      });
      const problem = incompatibility(setup);
      if (problem) throw new Error(problem);
      showNotes(
        this,
        this.translator,
        this.form.assign({
          hidden: setup.config.hiddenSize,
          variant: setup.config.variant,
          horizon: setup.data.horizon,
          noise: setup.data.noise,
          ...(setup.config.variant === 'delayed' ? { delay: setup.config.delay } : {}),
        }),
      );
      this.pretrained = null;
      await this.start(params, setup);
      this.pendingImport = {
        name: file.name,
        variant: this.t(`variant.${setup.config.variant}`),
        hidden: setup.config.hiddenSize,
      };
      this.runner?.send({ type: 'evaluate' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.setMessage(
        this.t('lab.importError', { name: file.name, message: message.endsWith('.') ? message : `${message}.` }),
        true,
      );
    }
  }

  private setButtons(ready: boolean): void {
    const idle = ready && !this.running;
    enableActions(this, {
      train: idle,
      pause: ready && this.running,
      step: idle,
      reset: idle,
      redraw: ready,
      export: idle,
    });
  }

  private setStatus(text: string): void {
    setStatus(this, text);
  }

  private setMessage(text: string, isError = false): void {
    setMessage(this, text, isError);
  }
}

if (!customElements.get('training-lab')) customElements.define('training-lab', TrainingLab);
