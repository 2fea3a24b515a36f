/**
 * What the training lab shows for its state: the lifecycle (lib/demos/lifecycle.ts) drawn as
 * buttons, their labels, locked settings and preset buttons, the status line and the run meter,
 * and the settings form. `<training-lab>` (training-lab.ts) extends it with what the lab does:
 * building models, training and talking to its trainer.
 */
import {
  advance,
  controls,
  initialLifecycle,
  trainPlan,
  type Lifecycle,
  type LifecycleEvent,
  type TrainPlan,
} from '../../../lib/demos/lifecycle.ts';
import type { UiKey } from '../../../i18n/index.ts';
import type { EngineChoice } from '../../../lib/trainer/engines.ts';
import {
  activePreset,
  isLabPreset,
  LAB_LINK_PRESETS,
  LAB_SCHEMA,
  LAB_SETTING_KINDS,
  labSchemaFor,
  labSetup,
  type LabField,
  type PretrainedMatch,
} from '../../../lib/demos/lab.ts';
import { DemoElement, type Values } from '../../shared/demo-element.ts';
import { showMeasureAgain } from '../../shared/engine-choice.ts';
import { createLabCharts, type LabCharts } from './lab-charts.ts';
import { RunMeter } from './lab-run.ts';
import { labStatus, type ImportedModel, type Translate } from './lab-text.ts';

/** Settings that shape the model (locked while training). */
const MODEL_FIELDS = LAB_SCHEMA.names.filter((name) => LAB_SETTING_KINDS[name as LabField] === 'model');

const TRAIN_LABELS: Readonly<Record<TrainPlan['label'], UiKey>> = {
  start: 'lab.train',
  resume: 'demo.resume',
  again: 'lab.trainAgain',
  fromSeed: 'lab.trainFromSeed',
};

export abstract class LabView extends DemoElement<typeof LAB_SCHEMA> {
  protected lifecycle: Lifecycle = initialLifecycle(LAB_SCHEMA.fields.steps.default);
  protected charts!: LabCharts;
  protected meter!: RunMeter;
  /** Training loss of every step of the model on show. */
  protected losses: number[] = [];
  /** The engine the trainer runs on, named for people. */
  protected backend = '';
  protected msPerStep = 0;
  protected pretrained: PretrainedMatch | null = null;
  protected imported: ImportedModel | null = null;
  private labSchema: typeof LAB_SCHEMA | null = null;
  /** The presets a teacher's link may name (`?preset=original`); their buttons are the lab's own. */
  protected readonly presets = LAB_LINK_PRESETS;

  /** The lab's settings; a `preset` given in the markup is this lab's defaults. */
  protected get schema(): typeof LAB_SCHEMA {
    const preset = this.dataset.preset;
    this.labSchema ??= labSchemaFor(isLabPreset(preset) ? preset : null);
    return this.labSchema;
  }

  /** The page's translator, as a plain function. */
  protected get translator(): Translate {
    return (key: UiKey, values?: Values) => this.t(key, values);
  }

  /** Builds the charts and the run meter (once per connection). */
  protected buildView(): void {
    this.charts = createLabCharts(this, this.translator, this.locale);
    for (const chart of Object.values(this.charts)) this.own(chart);
    this.meter = this.own(new RunMeter(this.find('.lab-run'), this.translator, this.locale));
    this.charts.loss.setScale(this.state.scale);
    this.charts.grid.setZoom(this.state.zoom);
    this.lifecycle = initialLifecycle(this.state.steps);
  }

  /** Writes the settings into the form; the delay only shows for the delayed variant. */
  protected renderSettings(): void {
    super.renderSettings();
    const delay = this.querySelector<HTMLElement>('[data-field="delay"]');
    if (delay) delay.hidden = this.state.variant !== 'delayed';
  }

  /** Applies a lifecycle event and redraws what depends on the state. */
  protected update(event: LifecycleEvent): void {
    const before = this.lifecycle;
    this.lifecycle = advance(before, event);
    // Progress while training only moves the step: the buttons and settings stay as they are.
    if (event.type === 'progress' && before.phase === 'training' && this.lifecycle.phase === 'training') {
      this.renderStatus();
      this.renderRun();
    } else this.render();
  }

  protected render(): void {
    const state = controls(this.lifecycle);
    this.enableActions({
      train: state.train,
      pause: state.pause,
      step: state.step,
      reset: state.reset,
      export: state.export,
      redraw: state.view,
    });
    showMeasureAgain(this, this.state.engine, state.modelSettings);
    this.labelAction('train', this.trainLabel(state.trainLabel));
    this.enableSettings(MODEL_FIELDS, state.modelSettings);
    this.find<HTMLInputElement>('input[type="file"]').disabled = !state.modelSettings;
    this.renderPresets(state.modelSettings);
    this.setSettingsNote(state.modelSettings ? null : this.t('lab.lockedNote'));
    this.dataset.phase = this.lifecycle.phase;
    this.dataset.origin = this.lifecycle.origin;
    this.renderStatus();
    this.renderRun();
  }

  /** What Train says; on the original run's pretrained model, that it reruns it. */
  private trainLabel(label: TrainPlan['label']): string {
    const rerun =
      label === 'fromSeed' && this.lifecycle.origin === 'pretrained' && this.pretrained?.name === 'original';
    return this.t(rerun ? 'lab.rerunOriginal' : TRAIN_LABELS[label]);
  }

  /** Which model a curve belongs to: pretrained, imported, untrained, or after how many steps. */
  protected modelAge(step: number): string {
    const { origin } = this.lifecycle;
    if (origin === 'pretrained' || origin === 'imported') return this.t(`chart.mseOf.${origin}`);
    return step === 0 ? this.t('chart.mseOf.seed') : this.t('chart.mseWhen', { step });
  }
  /** The preset buttons: usable while the model can change, the one the settings match pressed. */
  private renderPresets(enabled: boolean): void {
    const active = activePreset(this.state);
    for (const button of this.querySelectorAll<HTMLButtonElement>('button[data-action="preset"]')) {
      button.disabled = !enabled;
      button.setAttribute('aria-pressed', String(button.dataset.preset === active));
    }
  }

  /** The run meter: the estimate before a long run, the progress bar while training. */
  private renderRun(): void {
    const { phase, step } = this.lifecycle;
    if (phase === 'training' || phase === 'pausing') return this.meter.showProgress(this.state, step, this.state.steps);
    if (phase === 'loading' || phase === 'broken') return this.meter.hide();
    const steps = trainPlan(this.lifecycle).fresh ? this.state.steps : this.state.steps - step;
    if (steps <= 0) return this.meter.hide();
    // Timed on the engine the trainer runs (what `auto` chose), not on `auto` itself.
    const engine = (this.dataset.backend || this.state.engine) as EngineChoice;
    this.meter.showPlan(this.state, steps, () => labSetup(this.state), engine);
  }

  /** The status line for the lifecycle's state. */
  private renderStatus(): void {
    const status = labStatus(this.translator, this.lifecycle, {
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
