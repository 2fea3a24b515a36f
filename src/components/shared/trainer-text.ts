/**
 * What the training demos say about their trainer's troubles, in the page's language: a run
 * that blew up and the weights put back (lib/trainer/guard.ts).
 */
import { formatNumber } from '../../lib/chart.ts';
import { BLOW_UP_FACTOR } from '../../lib/trainer/guard.ts';
import type { Reply } from '../../lib/trainer/protocol.ts';
import type { UiKey } from '../../i18n/index.ts';
import type { Values } from './demo-element.ts';

/** A translator bound to a demo's dictionary. */
export type Translate = (key: UiKey, values?: Values) => string;

/**
 * Why training stopped after a blow-up and which weights are back, e.g. "at step 2 the loss
 * jumped to 63.9, more than 100 times its best so far (0.268). The weights from step 0 are
 * back; …" (a clause that follows "Training stopped: ").
 */
export function divergenceText(t: Translate, reply: Extract<Reply, { type: 'diverged' }>, locale: string): string {
  const format = (value: number) => formatNumber(value, locale);
  const values = { step: reply.atStep, loss: format(reply.loss), best: format(reply.best), factor: BLOW_UP_FACTOR };
  const reason = t(Number.isFinite(reply.loss) ? 'demo.diverged.jump' : 'demo.diverged.notNumber', values);
  const restored =
    reply.restoredStep === null
      ? t('demo.diverged.noRestore')
      : t('demo.diverged.restored', { step: reply.restoredStep });
  return `${reason} ${restored}`;
}
