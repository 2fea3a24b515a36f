/**
 * What the training lab says, in the page's language: the status line for its lifecycle
 * state, the note on the engine it runs on, and why an imported file was refused. The
 * decisions (which line applies) are lib/demos/lifecycle.ts's; this file only words them.
 */
import { formatNumber } from '../../../lib/chart.ts';
import { statusKind, type Lifecycle } from '../../../lib/demos/lifecycle.ts';
import type { ImportProblem, LabState, PretrainedMatch } from '../../../lib/demos/lab.ts';
import type { EngineNote, TrainerBackend } from '../../../lib/trainer/engines.ts';
import type { UiKey } from '../../../i18n/index.ts';
import type { Values } from '../../shared/demo-element.ts';

/** A translator bound to the page's dictionary. */
export type Translate = (key: UiKey, values?: Values) => string;

/** Display names of the TensorFlow.js backends. */
const BACKEND_NAMES: Record<string, string> = { webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** An imported file on show, and its test MSE once measured. */
export interface ImportedModel {
  /** The file's name; '' for a model a link carried. */
  name: string;
  variant: string;
  hidden: number;
  mse?: number;
}

/** What the status line needs besides the lifecycle. */
export interface StatusContext {
  state: LabState;
  locale: string;
  losses: readonly number[];
  backend: string;
  msPerStep: number;
  pretrained: PretrainedMatch | null;
  imported: ImportedModel | null;
}

/** The human name of the engine a trainer runs on. */
export function backendLabel(t: Translate, backend: TrainerBackend): string {
  return backend === 'scratch' ? t('engine.scratch') : `TensorFlow.js · ${BACKEND_NAMES[backend] ?? backend}`;
}

/** The message on the engine that started: which, what was passed over and why, and where it runs. */
export function engineNote(
  t: Translate,
  ready: { backend: TrainerBackend; notes: EngineNote[]; softwareWebgl: boolean },
  inWorker: boolean,
): string {
  const notes = ready.notes.map((note) =>
    t(`lab.skip.${note.reason}`, { backend: BACKEND_NAMES[note.backend] ?? note.backend }),
  );
  if (ready.softwareWebgl) notes.push(t('lab.softwareWebgl'));
  notes.push(t(inWorker ? 'lab.worker' : 'lab.mainThread'));
  return `${t('lab.backendNote', { backend: backendLabel(t, ready.backend) })} ${notes.join(' · ')}`;
}

/** The status line for the lab's state; null keeps the line as it is (loading, broken). */
export function labStatus(t: Translate, lifecycle: Lifecycle, context: StatusContext): string | null {
  const { state, locale, losses } = context;
  const latest = losses[losses.length - 1];
  const values = {
    step: lifecycle.step,
    total: state.steps,
    backend: context.backend,
    loss: latest === undefined ? '—' : formatNumber(latest, locale),
    ms: formatNumber(Math.round(context.msPerStep * 10) / 10, locale),
  };
  const kind = statusKind(lifecycle);
  if (kind === 'training') return t('lab.status', values);
  if (kind === 'progress') return t('lab.statusIdle', values);
  if (kind !== 'origin') return null;
  if (lifecycle.origin === 'pretrained' && context.pretrained) {
    const mse = formatNumber(context.pretrained.mse, locale);
    return t('lab.pretrained', { variant: t(`variant.${state.variant}`), mse, seed: state.seed });
  }
  if (lifecycle.origin === 'imported') {
    const imported = context.imported;
    if (imported?.mse === undefined) return t('lab.statusIdle', values);
    return t(imported.name ? 'lab.imported' : 'lab.linked', { ...imported, mse: formatNumber(imported.mse, locale) });
  }
  return t(context.pretrained ? 'lab.untrained' : 'lab.noPretrained', { seed: state.seed });
}

/** Why a file cannot run in the lab, naming each setting by its label. */
export function importProblemText(
  t: Translate,
  problems: readonly ImportProblem[],
  fieldLabel: (field: string) => string,
): string {
  return (
    problems
      .map((problem) =>
        problem.kind === 'inputSize'
          ? t('lab.import.inputSize', { given: problem.given })
          : t('lab.import.range', { field: fieldLabel(problem.field), given: problem.given }),
      )
      .join('; ') + '.'
  );
}
