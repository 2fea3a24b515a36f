/**
 * What the training lab says, in the page's language: the status line for its lifecycle state
 * and what the reader should know about the engine it runs on (only when it matters). The
 * decisions (which line applies) are lib/demos/lifecycle.ts's; this file only words them.
 * Why an imported file was refused is import-text.ts.
 */
import { formatNumber } from '../../../lib/chart.ts';
import { statusKind, type Lifecycle } from '../../../lib/demos/lifecycle.ts';
import type { LabState, PretrainedMatch } from '../../../lib/demos/lab.ts';
import type { EngineChoice, EngineNote, TrainerBackend } from '../../../lib/trainer/engines.ts';
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

/** What the engine note needs to know about the engine that started. */
export interface StartedEngine {
  backend: TrainerBackend;
  notes: EngineNote[];
  softwareWebgl: boolean;
}

/**
 * What the reader should know about the engine that started, in plain words, or '' on a
 * normal start: the engine they chose could not be used (and why), the engine is a slow one,
 * or training runs on the page (which may then respond slowly).
 */
export function engineNote(t: Translate, started: StartedEngine, choice: EngineChoice, inWorker: boolean): string {
  const used = backendLabel(t, started.backend);
  const notes: string[] = [];
  const skipped = started.notes.find((note) => note.backend === choice);
  if (choice !== 'auto' && choice !== started.backend) {
    const reason = t(`lab.engine.reason.${skipped?.reason ?? 'failed'}`);
    notes.push(t('lab.engine.fallback', { wanted: BACKEND_NAMES[choice] ?? choice, reason, used }));
  } else if (started.softwareWebgl) {
    notes.push(t('lab.engine.softwareWebgl'));
  } else if (started.backend === 'cpu') {
    notes.push(t('lab.engine.slow', { used }));
  }
  if (!inWorker) notes.push(t('lab.engine.onPage'));
  return notes.join(' ');
}

/** The status line for a pretrained model: which file, and its recorded test MSE. */
function pretrainedStatus(t: Translate, pretrained: PretrainedMatch, state: LabState, locale: string): string {
  const mse = formatNumber(pretrained.mse, locale);
  if (pretrained.name === 'original') return t('lab.pretrainedOriginal', { mse });
  return t('lab.pretrained', { variant: t(`variant.${state.variant}`), mse, seed: state.seed });
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
  if (lifecycle.origin === 'pretrained' && context.pretrained)
    return pretrainedStatus(t, context.pretrained, state, locale);
  if (lifecycle.origin === 'imported') {
    const imported = context.imported;
    if (imported?.mse === undefined) return t('lab.statusIdle', values);
    return t(imported.name ? 'lab.imported' : 'lab.linked', { ...imported, mse: formatNumber(imported.mse, locale) });
  }
  return t(context.pretrained ? 'lab.untrained' : 'lab.noPretrained', { seed: state.seed });
}
