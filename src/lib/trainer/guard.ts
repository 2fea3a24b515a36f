/**
 * The divergence guard: notices when training blows up, and keeps the weights to go back to.
 *
 * A blow-up is a training loss that is not a finite number, or one that is both far above the
 * best the run has reached — more than {@link BLOW_UP_FACTOR} times its best smoothed loss — and
 * worse than the model that always predicts 0 (the mean of y², ½ for these sine targets). The
 * second condition keeps Adam's occasional late spikes (a loss of 1e-3 jumping 30-fold for a few
 * steps, then recovering) from counting: only a model that has become worse than knowing nothing,
 * and far worse than it was, has diverged. With lr = 1 the loss goes 0.27 → 64 → 293: caught at 64.
 *
 * Losses are indexed by step: loss i is that of the weights after i updates (before update i + 1),
 * so a blow-up at loss i condemns the weights after i updates; the last good weights are the
 * newest kept from before that.
 */
import type { Params } from '../model/params.ts';
import type { TrainingSession } from '../session.ts';
import type { ReplyBody } from './protocol.ts';

/** How many times its best smoothed loss a loss must be to count as a blow-up. */
export const BLOW_UP_FACTOR = 100;

/**
 * How often, at most, the weights a slice starts from are kept, in ms: reading them back costs a
 * GPU round trip on WebGL, and a blow-up going back up to a second of training loses little.
 */
export const KEEP_EVERY_MS = 500;

/** Weight of the latest loss in the smoothed loss (an exponential moving average). */
const SMOOTHING = 0.1;

/** A blow-up: the index of the loss (= updates before it), the loss, and the best smoothed loss before it. */
export interface BlowUp {
  index: number;
  loss: number;
  best: number;
}

/** Watches a run's losses, in order, for a blow-up. */
export class DivergenceGuard {
  private readonly floor: number;
  private smoothed = Number.NaN;
  private best = Number.POSITIVE_INFINITY;

  /** `floor`: the loss of always predicting 0, below which no loss counts as a blow-up. */
  constructor(floor: number) {
    this.floor = floor;
  }

  /** Forgets the run (a new model, a reset, a fresh run). */
  reset(): void {
    this.smoothed = Number.NaN;
    this.best = Number.POSITIVE_INFINITY;
  }

  /**
   * Feeds the losses of consecutive steps, the first being loss `firstIndex`; returns the first
   * blow-up among them (the losses after it are not taken in), or null.
   */
  check(losses: ArrayLike<number>, firstIndex: number): BlowUp | null {
    for (let i = 0; i < losses.length; i++) {
      const loss = losses[i];
      if (!Number.isFinite(loss) || (loss > BLOW_UP_FACTOR * this.best && loss > this.floor)) {
        return { index: firstIndex + i, loss, best: this.best };
      }
      this.smoothed = Number.isNaN(this.smoothed) ? loss : SMOOTHING * loss + (1 - SMOOTHING) * this.smoothed;
      this.best = Math.min(this.best, this.smoothed);
    }
    return null;
  }
}

/** The mean of y² over the targets [N·T]: the loss of a model that always predicts 0. */
export function zeroPredictionLoss(targets: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum += targets[i] * targets[i];
  return targets.length > 0 ? sum / targets.length : 0;
}

/** Weights kept after `step` updates. */
export interface KeptWeights {
  step: number;
  params: Params;
}

/**
 * The weights at the start of two recent slices of training: a blow-up at loss i goes back to the
 * newest of them from before update i (the older one when the newer was kept at i).
 */
export class WeightHistory {
  private kept: KeptWeights[] = [];

  /** Keeps the weights after `step` updates (the start of a slice). */
  keep(step: number, params: Params): void {
    this.kept = [...this.kept.filter((weights) => weights.step < step).slice(-1), { step, params }];
  }

  /** The newest weights kept from before loss `index` was computed on bad weights, or null. */
  before(index: number): KeptWeights | null {
    return this.kept.filter((weights) => weights.step < index).at(-1) ?? null;
  }

  clear(): void {
    this.kept = [];
  }
}

/** What the guard reports after a blow-up: the `diverged` reply's fields. */
export type Divergence = Omit<Extract<ReplyBody, { type: 'diverged' }>, 'type'>;

/**
 * The guard of one training session: keeps the weights at the start of each slice, checks each
 * slice's losses, and after a blow-up puts the last good weights back.
 */
export class SessionGuard {
  private readonly guard: DivergenceGuard;
  private readonly weights = new WeightHistory();
  private readonly session: TrainingSession;
  private readonly now: () => number;
  private keptAt = Number.NEGATIVE_INFINITY;

  /** Guards `session` on the clock `now` (ms); a kept run's losses so far set its best. */
  constructor(session: TrainingSession, now: () => number) {
    this.session = session;
    this.now = now;
    this.guard = new DivergenceGuard(zeroPredictionLoss(session.train.y));
    this.guard.check(session.losses.filter(Number.isFinite), 0);
  }

  /** Forgets the run (a reset, a fresh run). */
  reset(): void {
    this.guard.reset();
    this.weights.clear();
    this.keptAt = Number.NEGATIVE_INFINITY;
  }

  /** Keeps the weights a slice starts from, unless some were kept less than {@link KEEP_EVERY_MS} ago. */
  beforeSlice(): void {
    if (this.now() - this.keptAt < KEEP_EVERY_MS) return;
    this.weights.keep(this.session.step, this.session.engine.getParams());
    this.keptAt = this.now();
  }

  /** Checks the losses of the slice just trained, the first being loss `firstIndex`: the first blow-up, or null. */
  check(losses: ArrayLike<number>, firstIndex: number): BlowUp | null {
    return this.guard.check(losses, firstIndex);
  }

  /** After `blowUp`, rolls the session back to the last good weights; returns what happened. */
  restore(blowUp: BlowUp): Divergence {
    const kept = this.weights.before(blowUp.index);
    if (kept) this.session.rollBack(kept.step, kept.params);
    this.guard.reset();
    this.guard.check(this.session.losses.filter(Number.isFinite), 0);
    return { atStep: blowUp.index + 1, loss: blowUp.loss, best: blowUp.best, restoredStep: kept?.step ?? null };
  }
}
