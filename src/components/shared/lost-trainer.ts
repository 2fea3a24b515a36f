/**
 * A demo's side of a trainer that is gone (it lost its WebGL context, went quiet, or exited:
 * the runner's `lost` reply): says so on the status and message lines, offers "Continue on
 * scratch from step 20" (a `data-action="continue"` button in the message line), and remembers
 * that training should go on once the model is back on the other engine. One per demo.
 */
import { fallbackEngine } from '../../lib/trainer/engines.ts';
import type { Reply } from '../../lib/trainer/protocol.ts';
import type { UiKey } from '../../i18n/index.ts';
import type { Values } from './demo-element.ts';
import { shortEngineName } from './engine-choice.ts';
import { writeLiveLine } from './live-line.ts';

type Translate = (key: UiKey, values?: Values) => string;

/** An engine a demo continues on after its trainer was lost. */
export type ContinueEngine = ReturnType<typeof fallbackEngine>;

export class LostTrainer {
  private readonly demo: HTMLElement;
  private readonly t: Translate;
  private continueOn: ContinueEngine | null = null;
  private resume = false;

  constructor(demo: HTMLElement, t: Translate) {
    this.demo = demo;
    this.t = t;
  }

  /**
   * Shows that the trainer is gone, at the page's step `step`, and offers to continue on another
   * engine from the kept weights of step `keptStep`.
   */
  show(reply: Extract<Reply, { type: 'lost' }>, step: number, keptStep: number): void {
    const engine = fallbackEngine(reply.backend);
    this.continueOn = engine;
    const status = this.demo.querySelector<HTMLElement>('.demo-status');
    const message = this.demo.querySelector<HTMLElement>('.demo-message');
    // Through the lines' own pacing (live-line.ts), so a progress line still waiting its turn
    // cannot overwrite them.
    if (status) writeLiveLine(status, this.t('demo.lost.status', { step }));
    if (!message) return;
    const text = this.t(`demo.lost.${reply.reason}`, { step, message: reply.message.slice(0, 80) });
    writeLiveLine(message, text, (line) => {
      line.classList.add('demo-error');
      line.querySelector('button[data-action="continue"]')?.remove();
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.action = 'continue';
      button.textContent = this.t('demo.lost.continue', { engine: shortEngineName(this.t, engine), step: keptStep });
      line.append(' ', button);
    });
  }

  /** The engine to continue on, once (training then resumes when the model is ready); null if none was offered. */
  takeContinue(): ContinueEngine | null {
    const engine = this.continueOn;
    this.continueOn = null;
    this.resume = engine !== null;
    return engine;
  }

  /** Whether training should resume now that the model is back (true once after {@link takeContinue}). */
  resumeNow(): boolean {
    const resume = this.resume;
    this.resume = false;
    return resume;
  }
}
