/**
 * `<gradient-check>`: for a small model (lib/demos/gradient-check.ts) compares, per parameter,
 * the hand-derived BPTT gradient (scratch engine, float64), TensorFlow.js autodiff (cpu
 * backend, float32; loaded on the first check) and a central finite-difference estimate
 * (lib/gradcheck.ts). Test hooks: each parameter row has `data-param`,
 * `data-rel-error-bptt-fd` and `data-rel-error-tfjs-fd`; the element has `data-max-rel-error`
 * (largest of all those errors), `data-seed` and `data-state` ('idle' | 'running' | 'done' | 'error').
 */
import { formatNumber } from '../../../lib/chart.ts';
import { finiteDifferenceGrads } from '../../../lib/gradcheck.ts';
import {
  checkConfig,
  checkProblem,
  compareGradients,
  GRADCHECK_SCHEMA,
  largestErrors,
  type GradientRow,
} from '../../../lib/demos/gradient-check.ts';
import type { Params } from '../../../lib/model/params.ts';
import { lossAndGradsScratch } from '../../../lib/model/scratch.ts';
import { DemoElement, type ActionHandler } from '../../shared/demo-element.ts';
import { element } from '../../shared/page-runtime.ts';
import { withTfjsEngine } from '../../shared/tfjs-cpu.ts';

/** Lets the browser paint the status before the synchronous finite differences. */
const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

class GradientCheck extends DemoElement<typeof GRADCHECK_SCHEMA> {
  protected readonly schema = GRADCHECK_SCHEMA;
  /** Whether TensorFlow.js was loaded by an earlier check (the first check says it is loading). */
  private tfjsLoaded = false;

  protected actions(): Record<string, ActionHandler> {
    return {
      run: () => this.check(),
      new: () => {
        this.url.update({ seed: this.state.seed + 1 });
        return this.check();
      },
    };
  }

  protected setUp(): void {
    this.dataset.state = 'idle';
    this.dataset.seed = String(this.state.seed);
  }

  /** Nothing runs until the reader asks: the check loads TensorFlow.js. */
  protected start(): void {}

  protected settingChanged(): void {
    if (this.dataset.state === 'done') void this.check();
  }

  /** Runs the check; a failure is reported and leaves the buttons usable. */
  private async check(): Promise<void> {
    const isLatest = this.latest.begin();
    const { variant, seed } = this.state;
    this.dataset.seed = String(seed);
    this.dataset.state = 'running';
    this.enableActions({ run: false, new: false });
    this.setStatus(this.t(this.tfjsLoaded ? 'gc.computing' : 'gc.loading'));
    this.setMessage('');
    try {
      const config = checkConfig(variant);
      const { params, batch } = checkProblem(config, seed);
      let tfjs: Params | null = null;
      try {
        tfjs = await withTfjsEngine(config, params, async (engine) => (await engine.lossAndGrads(batch)).grads);
        this.tfjsLoaded = true;
      } catch (error) {
        this.setMessage(this.t('gc.tfjsFailed', { message: error instanceof Error ? error.message : String(error) }));
      }
      if (!isLatest()) return;
      this.setStatus(this.t('gc.computing'));
      await nextPaint();
      if (!isLatest()) return;
      const bptt = lossAndGradsScratch(config, params, batch).grads;
      this.showResult(compareGradients(config, bptt, tfjs, finiteDifferenceGrads(config, params, batch)));
    } catch (error) {
      if (isLatest()) this.reportFailure(error);
    } finally {
      if (isLatest()) this.enableActions({ run: true, new: true });
    }
  }

  private showResult(rows: GradientRow[]): void {
    const { variant, seed } = this.state;
    const errors = largestErrors(rows);
    this.fillRows(rows);
    this.dataset.maxRelError = String(errors.overall);
    this.dataset.state = 'done';
    this.setStatus(
      this.t('gc.result', {
        bptt: this.format(errors.bptt),
        tfjs: this.format(errors.tfjs),
        variant: this.t(`variant.${variant}`),
        seed: this.t('gc.seed', { seed }),
      }),
    );
  }

  private format(value: number): string {
    return Number.isNaN(value) ? '—' : formatNumber(value, this.locale);
  }

  /** The first two entries of a gradient, e.g. "0.12, −0.3, …". */
  private preview(values: ArrayLike<number> | null): string {
    if (!values) return '—';
    const shown = Array.from(values)
      .slice(0, 2)
      .map((value) => formatNumber(value, this.locale));
    return shown.join(', ') + (values.length > 2 ? ', …' : '');
  }

  /** One table row per parameter, with its errors as test hooks. */
  private fillRows(rows: GradientRow[]): void {
    this.find<HTMLTableSectionElement>('.gc-table tbody').replaceChildren(
      ...rows.map((row) => {
        const tr = element('tr');
        tr.dataset.param = row.name;
        tr.dataset.relErrorBpttFd = String(row.errorBptt);
        tr.dataset.relErrorTfjsFd = String(row.errorTfjs);
        const header = element('th', '', row.name);
        header.scope = 'row';
        const cells = [
          `[${row.shape.join(', ')}]`,
          this.format(row.errorBptt),
          this.format(row.errorTfjs),
          this.preview(row.bptt),
          this.preview(row.tfjs),
          this.preview(row.fd),
        ];
        tr.append(header, ...cells.map((text) => element('td', '', text)));
        return tr;
      }),
    );
  }
}

if (!customElements.get('gradient-check')) customElements.define('gradient-check', GradientCheck);
