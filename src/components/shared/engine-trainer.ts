/**
 * The trainer of a demo that trains one model from its seed (the early-error figure, the
 * practice demo): starts it on the engine the demo's setting resolves to (`auto` by measurement,
 * see engine-choice.ts), and keeps the losses and the latest snapshot the trainer sends (weights
 * and optimiser state), so that a lost trainer (lost-trainer.ts) can go on on another engine
 * from there as if it had never stopped. The lab and the race, which keep models of their own,
 * use DemoEngine and LostTrainer directly.
 */
import type { SessionSetup } from '../../lib/session.ts';
import type { EngineChoice } from '../../lib/trainer/engines.ts';
import type { Reply, RequestBody, TrainingSnapshot } from '../../lib/trainer/protocol.ts';
import type { UiKey } from '../../i18n/index.ts';
import type { Values } from './demo-element.ts';
import { DemoEngine } from './engine-choice.ts';
import { LostTrainer } from './lost-trainer.ts';
import { createRunner, type ReplyHandler, type TrainerRunner } from './trainer-runner.ts';

/**
 * How often the trainer sends a snapshot while training, in ms: a lost trainer's run goes on
 * from there, so at most this much training is lost with it.
 */
export const SNAPSHOT_EVERY_MS = 2000;

/** What the demo gives its trainer: its element, strings and status line, and where replies go. */
export interface DemoTrainerHost {
  demo: HTMLElement;
  t: (key: UiKey, values?: Values) => string;
  locale: string;
  setStatus: (text: string) => void;
  onReply: ReplyHandler;
}

export class DemoTrainer {
  /** The engine the trainer was started with, and what `auto` chose. */
  readonly engine: DemoEngine;
  /** The offer to continue elsewhere after the trainer is lost. */
  readonly lost: LostTrainer;
  private readonly onReply: ReplyHandler;
  private runner: TrainerRunner | null = null;
  /** Losses of every step of the run so far, [steps]. */
  private losses: number[] = [];
  /** The latest weights and optimiser state the trainer sent, after `step` steps of the run. */
  private kept: TrainingSnapshot | null = null;

  constructor(host: DemoTrainerHost) {
    this.engine = new DemoEngine(host.t, host.locale, host.setStatus);
    this.lost = new LostTrainer(host.demo, host.t);
    this.onReply = host.onReply;
  }

  /** Whether a trainer runs (or is being started). */
  get started(): boolean {
    return this.runner !== null;
  }

  /**
   * Starts a trainer for `choice` on `setup`, replacing any: from the seed's weights, or with
   * `resume` from the weights, optimiser state and losses kept from the trainer before (when
   * none were kept, from the seed). The model is built once the engine is known (`auto` may
   * time the engines first).
   */
  async start(choice: EngineChoice, setup: SessionSetup, resume = false): Promise<void> {
    this.stop();
    const runner = createRunner(choice, (reply, freshness) => this.receive(reply, freshness));
    this.runner = runner;
    const kept = resume ? this.kept : null;
    const history = kept ? this.losses.slice(0, kept.step) : undefined;
    this.losses = history ?? [];
    this.kept = kept;
    const engine = await this.engine.resolve(runner, choice, setup);
    if (this.runner !== runner) return;
    const { params, optimizer } = kept ?? {};
    runner.send({ type: 'init', setup, engine, params, optimizer, history, snapshotEveryMs: SNAPSHOT_EVERY_MS });
  }

  /** Steps the run can go on from after a lost trainer (the weights kept), 0 when none were kept. */
  get keptStep(): number {
    return this.kept?.step ?? 0;
  }

  send(request: RequestBody): void {
    this.runner?.send(request);
  }

  /** Frees the trainer (the demo builds another model, or leaves the page). */
  stop(): void {
    this.runner?.dispose();
    this.runner = null;
  }

  /**
   * Keeps the run's losses and latest snapshot, and passes the reply on; a lost trainer is said
   * to be lost (with the offer to continue) after the demo has drawn its new state.
   */
  private receive(reply: Reply, freshness: 'data' | 'current'): void {
    if (reply.type === 'progress') {
      this.losses.length = Math.min(this.losses.length, reply.from);
      this.losses.push(...reply.losses);
      // Weights kept from beyond where the run now stands (a reset, a blow-up put back) are not this run's.
      if (this.kept && this.kept.step > reply.from) this.kept = null;
    } else if (reply.type === 'snapshot') {
      this.kept = { step: reply.step, params: reply.params, optimizer: reply.optimizer };
    } else if (reply.type === 'lost') {
      this.runner = null;
      this.onReply(reply, freshness);
      return this.lost.show(reply, this.losses.length, this.keptStep);
    }
    this.onReply(reply, freshness);
  }
}
