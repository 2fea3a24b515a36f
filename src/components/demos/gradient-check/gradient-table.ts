/**
 * The gradient check's work on the page: the three gradients of the small model (TensorFlow.js
 * loaded on first use; a failure to load it is reported, not fatal) and the table row of each
 * parameter, with its relative errors as test hooks (`data-param`, `data-rel-error-bptt-fd`,
 * `data-rel-error-tfjs-fd`).
 */
import { formatNumber } from '../../../lib/chart.ts';
import { checkConfig, checkProblem, compareGradients, type GradientRow } from '../../../lib/demos/gradient-check.ts';
import { finiteDifferenceGrads } from '../../../lib/gradcheck.ts';
import type { Variant } from '../../../lib/model/config.ts';
import type { Params } from '../../../lib/model/params.ts';
import { lossAndGradsScratch } from '../../../lib/model/scratch.ts';
import { element } from '../../shared/page-runtime.ts';
import { withTfjsEngine } from '../../shared/tfjs-cpu.ts';

/** Lets the browser paint the status before the synchronous finite differences. */
const nextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** The rows of the check, and why TensorFlow.js could not take part (null when it did). */
export interface CheckResult {
  rows: GradientRow[];
  tfjsProblem: string | null;
}

/** Computes the three gradients of the check's model; `computing` is called once TensorFlow.js is done. */
export async function checkGradients(variant: Variant, seed: number, computing: () => void): Promise<CheckResult> {
  const config = checkConfig(variant);
  const { params, batch } = checkProblem(config, seed);
  let tfjs: Params | null = null;
  let tfjsProblem: string | null = null;
  try {
    tfjs = await withTfjsEngine(config, params, async (engine) => (await engine.lossAndGrads(batch)).grads);
  } catch (error) {
    tfjsProblem = error instanceof Error ? error.message : String(error);
  }
  computing();
  await nextPaint();
  const bptt = lossAndGradsScratch(config, params, batch).grads;
  return { rows: compareGradients(config, bptt, tfjs, finiteDifferenceGrads(config, params, batch)), tfjsProblem };
}

/** An error for the table and status: '—' where there is none (TensorFlow.js did not run). */
export function formatError(value: number, locale: string): string {
  return Number.isNaN(value) ? '—' : formatNumber(value, locale);
}

/** The first two entries of a gradient, e.g. "0.12, −0.3, …". */
function preview(values: ArrayLike<number> | null, locale: string): string {
  if (!values) return '—';
  const shown = Array.from(values)
    .slice(0, 2)
    .map((value) => formatNumber(value, locale));
  return shown.join(', ') + (values.length > 2 ? ', …' : '');
}

/** Replaces the table body with one row per parameter. */
export function fillGradientTable(body: HTMLTableSectionElement, rows: GradientRow[], locale: string): void {
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = element('tr');
      tr.dataset.param = row.name;
      tr.dataset.relErrorBpttFd = String(row.errorBptt);
      tr.dataset.relErrorTfjsFd = String(row.errorTfjs);
      const header = element('th', '', row.name);
      header.scope = 'row';
      const cells = [
        `[${row.shape.join(', ')}]`,
        formatError(row.errorBptt, locale),
        formatError(row.errorTfjs, locale),
        preview(row.bptt, locale),
        preview(row.tfjs, locale),
        preview(row.fd, locale),
      ];
      tr.append(header, ...cells.map((text) => element('td', '', text)));
      return tr;
    }),
  );
}
