/**
 * `<gradient-check>`: for a small model (F = 1, H = 4, O = 3, T = 8, B = 2) compares, per
 * parameter, the hand-derived BPTT gradient (scratch engine, float64), TensorFlow.js autodiff
 * (cpu backend, float32; loaded on the first run) and a central finite-difference estimate
 * (lib/gradcheck.ts). Test hooks: each parameter row has `data-param`,
 * `data-rel-error-bptt-fd` and `data-rel-error-tfjs-fd`; the element has `data-max-rel-error`
 * (largest of all those errors), `data-seed` and `data-state` ('idle' | 'running' | 'done').
 */
import { formatNumber } from '../../lib/chart.ts';
import { defineSchema } from '../../lib/state.ts';
import { finiteDifferenceGrads, relativeError } from '../../lib/gradcheck.ts';
import { paramShapes, VARIANTS, type ModelConfig, type Variant } from '../../lib/model/config.ts';
import type { Batch } from '../../lib/model/engine.ts';
import { initParams, paramOf, type Params } from '../../lib/model/params.ts';
import { lossAndGradsScratch } from '../../lib/model/scratch.ts';
import { createRng } from '../../lib/rng.ts';
import { element, readStrings, showNotes, UrlState } from '../island.ts';
import { withTfjsEngine } from '../tfjs-cpu.ts';

/** URL keys `gc.variant` and `gc.seed`. */
export const GRADCHECK_SCHEMA = defineSchema(
  {
    variant: { kind: 'enum', values: VARIANTS, default: 'synced' },
    seed: { kind: 'int', min: 0, max: 2 ** 31 - 1, default: 1 },
  },
  { prefix: 'gc.' },
);

/** The small model of the check. */
export function checkConfig(variant: Variant): ModelConfig {
  return {
    variant,
    delay: variant === 'delayed' ? 2 : 0,
    inputSize: 1,
    hiddenSize: 4,
    outputSize: 3,
    window: 8,
    initialState: 'zero',
  };
}

/** Seeded weights (Glorot) with non-zero biases, and a batch of two sine windows. */
export function checkProblem(config: ModelConfig, seed: number): { params: Params; batch: Batch } {
  const rng = createRng(seed);
  const params = initParams(config, rng);
  for (const [name, shape] of paramShapes(config)) {
    if (shape.length === 1) params[name] = Float64Array.from({ length: shape[0] }, () => rng.uniform(-0.5, 0.5));
  }
  const T = config.window;
  const phases = [rng.uniform(0, 2 * Math.PI), rng.uniform(0, 2 * Math.PI)];
  const x = Float64Array.from({ length: 2 * T }, (_, i) => Math.sin(0.8 * (i % T) + phases[Math.floor(i / T)]));
  const y = Float64Array.from({ length: 2 * T }, (_, i) => Math.sin(0.8 * ((i % T) + 2) + phases[Math.floor(i / T)]));
  return { params, batch: { batchSize: 2, x, y } };
}

class GradientCheck extends HTMLElement {
  private t!: ReturnType<typeof readStrings>;
  private url!: UrlState<typeof GRADCHECK_SCHEMA>;
  private locale = 'en';
  /** Whether tfjs has been loaded by an earlier run (the first run says it is loading). */
  private ranOnce = false;

  connectedCallback(): void {
    this.t = readStrings(this);
    this.locale = this.dataset.locale ?? 'en';
    this.url = new UrlState(GRADCHECK_SCHEMA);
    showNotes(this, this.t, this.url.initialNotes);
    this.dataset.state = 'idle';
    this.dataset.seed = String(this.url.state.seed);
    const variant = this.querySelector<HTMLSelectElement>('select[name="variant"]')!;
    variant.value = this.url.state.variant;
    variant.addEventListener('change', () => {
      this.url.update({ variant: variant.value });
      if (this.dataset.state === 'done') void this.runSafely();
    });
    this.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
      if (!button || button.disabled) return;
      if (button.dataset.action === 'new') this.url.update({ seed: this.url.state.seed + 1 });
      this.dataset.seed = String(this.url.state.seed);
      void this.runSafely();
    });
  }

  /** Runs the check; a failure is reported and leaves the buttons usable. */
  private async runSafely(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      this.dataset.state = 'error';
      this.setStatus(this.t('demo.failed', { message: error instanceof Error ? error.message : String(error) }));
      this.setButtons(true);
    }
  }

  private async run(): Promise<void> {
    const { variant, seed } = this.url.state;
    this.dataset.state = 'running';
    this.setButtons(false);
    this.setStatus(this.ranOnce ? this.t('gc.computing') : this.t('gc.loading'));
    this.ranOnce = true;
    const config = checkConfig(variant);
    const { params, batch } = checkProblem(config, seed);
    let tfjs: Params | null = null;
    let tfjsProblem = '';
    try {
      tfjs = await withTfjsEngine(config, params, async (engine) => (await engine.lossAndGrads(batch)).grads);
    } catch (error) {
      tfjsProblem = error instanceof Error ? error.message : String(error);
    }
    this.setStatus(this.t('gc.computing'));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const bptt = lossAndGradsScratch(config, params, batch).grads;
    const fd = finiteDifferenceGrads(config, params, batch);
    const errors = this.fillRows(config, bptt, tfjs, fd);
    const maxBptt = Math.max(...errors.map((error) => error.bptt));
    const maxTfjs = tfjs ? Math.max(...errors.map((error) => error.tfjs)) : NaN;
    this.dataset.maxRelError = String(tfjs ? Math.max(maxBptt, maxTfjs) : maxBptt);
    this.dataset.state = 'done';
    const f = (value: number) => (Number.isNaN(value) ? '—' : formatNumber(value, this.locale));
    const result = this.t('gc.result', {
      bptt: f(maxBptt),
      tfjs: f(maxTfjs),
      variant: this.t(`variant.${variant}`),
      seed: this.t('gc.seed', { seed }),
    });
    this.setStatus(tfjsProblem ? `${result} ${this.t('gc.tfjsFailed', { message: tfjsProblem })}` : result);
    this.setButtons(true);
  }

  /** Writes one table row per parameter; returns the relative errors. */
  private fillRows(
    config: ModelConfig,
    bptt: Params,
    tfjs: Params | null,
    fd: Params,
  ): Array<{ bptt: number; tfjs: number }> {
    const body = this.querySelector('.gc-table tbody') as HTMLTableSectionElement;
    const preview = (values: ArrayLike<number> | undefined) =>
      values
        ? Array.from(values)
            .slice(0, 2)
            .map((value) => formatNumber(value, this.locale))
            .join(', ') + (values.length > 2 ? ', …' : '')
        : '—';
    const errors: Array<{ bptt: number; tfjs: number }> = [];
    body.replaceChildren(
      ...paramShapes(config).map(([name, shape]) => {
        const errorBptt = relativeError(paramOf(bptt, name), paramOf(fd, name));
        const errorTfjs = tfjs ? relativeError(paramOf(tfjs, name), paramOf(fd, name)) : NaN;
        errors.push({ bptt: errorBptt, tfjs: errorTfjs });
        const row = element('tr');
        row.dataset.param = name;
        row.dataset.relErrorBpttFd = String(errorBptt);
        row.dataset.relErrorTfjsFd = String(errorTfjs);
        const header = element('th', '', name);
        header.scope = 'row';
        row.append(
          header,
          ...[
            `[${shape.join(', ')}]`,
            formatNumber(errorBptt, this.locale),
            Number.isNaN(errorTfjs) ? '—' : formatNumber(errorTfjs, this.locale),
            preview(bptt[name]),
            preview(tfjs?.[name]),
            preview(fd[name]),
          ].map((text) => element('td', '', text)),
        );
        return row;
      }),
    );
    return errors;
  }

  private setButtons(enabled: boolean): void {
    for (const button of this.querySelectorAll<HTMLButtonElement>('button[data-action]')) button.disabled = !enabled;
  }

  private setStatus(text: string): void {
    (this.querySelector('.lab-status') as HTMLElement).textContent = text;
  }
}

if (!customElements.get('gradient-check')) customElements.define('gradient-check', GradientCheck);
