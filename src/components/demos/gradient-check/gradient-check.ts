/**
 * `<gradient-check>`: compares, per parameter of a small model, the hand-derived BPTT
 * gradient, TensorFlow.js autodiff and finite differences (gradient-table.ts). Test hooks:
 * `data-max-rel-error`, `data-seed`, `data-state` ('idle' | 'running' | 'done' | 'error').
 */
import { GRADCHECK_PRESETS, GRADCHECK_SCHEMA, largestErrors } from '../../../lib/demos/gradient-check.ts';
import { DemoElement, type ActionHandler } from '../../shared/demo-element.ts';
import { checkGradients, fillGradientTable, formatError } from './gradient-table.ts';

class GradientCheck extends DemoElement<typeof GRADCHECK_SCHEMA> {
  protected readonly schema = GRADCHECK_SCHEMA;
  protected readonly presets = GRADCHECK_PRESETS;
  /** Whether TensorFlow.js was loaded by an earlier check (the first check says it is loading). */
  private tfjsLoaded = false;

  protected actions(): Record<string, ActionHandler> {
    return { run: () => this.check(), new: () => this.check(this.state.seed + 1) };
  }

  protected setUp(): void {
    this.dataset.state = 'idle';
  }

  /** Nothing runs until the reader asks: the check loads TensorFlow.js. */
  protected start(): void {}

  protected settingChanged(): void {
    if (this.dataset.state === 'done') void this.check();
  }

  /** Runs the check with the weights of `seed`; a failure is reported and leaves the buttons usable. */
  private async check(seed = this.state.seed): Promise<void> {
    const isLatest = this.latest.begin();
    this.url.update({ seed });
    const { variant } = this.state;
    Object.assign(this.dataset, { seed: String(seed), state: 'running' });
    this.enableActions({ run: false, new: false });
    this.setStatus(this.t(this.tfjsLoaded ? 'gc.computing' : 'gc.loading'));
    try {
      const { rows, tfjsProblem } = await checkGradients(variant, seed, () => this.setStatus(this.t('gc.computing')));
      if (!isLatest()) return;
      this.tfjsLoaded ||= tfjsProblem === null;
      this.setMessage(tfjsProblem === null ? '' : this.t('gc.tfjsFailed', { message: tfjsProblem }));
      fillGradientTable(this.find('.gc-table tbody'), rows, this.locale);
      const errors = largestErrors(rows);
      Object.assign(this.dataset, { maxRelError: String(errors.overall), state: 'done' });
      const [bptt, tfjs] = [formatError(errors.bptt, this.locale), formatError(errors.tfjs, this.locale)];
      const names = { variant: this.t(`variant.${variant}`), seed: this.t('gc.seed', { seed }) };
      this.setStatus(this.t('gc.result', { bptt, tfjs, ...names }));
    } catch (error) {
      if (isLatest()) this.reportFailure(error);
    } finally {
      if (isLatest()) this.enableActions({ run: true, new: true });
    }
  }
}

if (!customElements.get('gradient-check')) customElements.define('gradient-check', GradientCheck);
