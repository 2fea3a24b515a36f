/**
 * The race's three lanes: what it keeps per variant (its trainer, steps, latest evaluation,
 * pretrained model on show, losses and kept weights), the questions the race asks of all three
 * (all ready? all resting? all done?), the `init` each trainer is started with, and the loading
 * of the shipped pretrained files.
 */
import type { LaneSteps, PretrainedLane } from '../../../lib/demos/race.ts';
import { fetchPretrained } from '../../../lib/demos/models.ts';
import { VARIANTS, type Variant } from '../../../lib/model/config.ts';
import type { ModelFile } from '../../../lib/model/format.ts';
import type { SessionSetup } from '../../../lib/session.ts';
import type { Evaluation } from '../../../lib/train.ts';
import type { EngineChoice } from '../../../lib/trainer/engines.ts';
import type { ReportIntervals, RequestBody, TestWindow, TrainingSnapshot } from '../../../lib/trainer/protocol.ts';
import type { TrainerRunner } from '../../shared/trainer-runner.ts';

/**
 * How often each trainer sends a snapshot (weights and optimiser state) while training, in ms
 * (kept to continue on another engine if a trainer is lost; a lost race goes back at most this far).
 */
export const SNAPSHOT_EVERY_MS = 2000;

/**
 * How often each trainer re-predicts the example window and evaluates the test set while
 * racing, in ms: the chart needs a few points on the way, and each evaluation of the whole test
 * set costs several training steps, so the trainers spend their time training.
 */
export const RACE_REPORT_EVERY_MS: Readonly<ReportIntervals> = { predict: 1000, evaluate: 1000 };

/** One variant's trainer and what the page knows about its model. */
export interface Lane {
  variant: Variant;
  runner: TrainerRunner | null;
  ready: boolean;
  step: number;
  /** The trainer reached the end of the current run. */
  finished: boolean;
  /** The trainer confirmed the latest Pause. */
  paused: boolean;
  evaluation: Evaluation | null;
  /** The step the evaluation was measured at (the table's step column). */
  evaluatedStep: number;
  window: TestWindow | null;
  /** The shipped model on show (until this lane trains here), or null. */
  pretrained: PretrainedLane | null;
  /** Training losses so far, and the latest snapshot the trainer sent (to continue on another engine). */
  losses: number[];
  kept: TrainingSnapshot | null;
}

/** The three shipped pretrained files (null where one cannot be fetched). */
export async function loadPretrained(modelsUrl: string): Promise<Record<Variant, ModelFile | null>> {
  const [synced, delayed, bidirectional] = await Promise.all(
    VARIANTS.map((variant) => fetchPretrained(modelsUrl, variant)),
  );
  return { synced, delayed, bidirectional };
}

export function emptyLane(variant: Variant): Lane {
  return {
    variant,
    runner: null,
    ready: false,
    step: 0,
    finished: false,
    paused: false,
    evaluation: null,
    evaluatedStep: 0,
    window: null,
    pretrained: null,
    losses: [],
    kept: null,
  };
}

/** The lanes of the three variants, in the order of {@link VARIANTS}. */
export class RaceLanes {
  private readonly lanes = new Map<Variant, Lane>(VARIANTS.map((variant) => [variant, emptyLane(variant)]));

  lane(variant: Variant): Lane {
    const lane = this.lanes.get(variant);
    if (!lane) throw new Error(`no lane for ${variant}`);
    return lane;
  }

  all(): Lane[] {
    return VARIANTS.map((variant) => this.lane(variant));
  }

  steps(): LaneSteps {
    return {
      synced: this.lane('synced').step,
      delayed: this.lane('delayed').step,
      bidirectional: this.lane('bidirectional').step,
    };
  }

  /** The step the slowest model has reached. */
  minStep(): number {
    return Math.min(...this.all().map((lane) => lane.step));
  }

  /** Variants whose lane shows a shipped pretrained model. */
  pretrainedVariants(): Variant[] {
    return VARIANTS.filter((variant) => this.lane(variant).pretrained !== null);
  }

  /** A copy of every lane as it stands (what the race continues from after a lost trainer). */
  copy(): ReadonlyMap<Variant, Lane> {
    return new Map(this.all().map((lane) => [lane.variant, { ...lane }]));
  }

  /** Stops every trainer and empties the lanes. */
  dispose(): void {
    for (const lane of this.lanes.values()) lane.runner?.dispose();
    for (const variant of VARIANTS) this.lanes.set(variant, emptyLane(variant));
  }

  /** Sends `request` to every trainer. */
  send(request: RequestBody): void {
    for (const lane of this.lanes.values()) lane.runner?.send(request);
  }

  /**
   * Makes a lane ready for a new model: its trainer (`start` makes one when it has none), no
   * steps yet, and the pretrained model on show, if any, with its recorded error.
   */
  prepare(variant: Variant, pretrained: PretrainedLane | null, start: () => TrainerRunner): void {
    const lane = this.lane(variant);
    lane.runner ??= start();
    Object.assign(lane, { ready: false, step: 0, finished: false, pretrained, losses: [], kept: null });
    Object.assign(lane, { evaluation: pretrained?.evaluation ?? null, evaluatedStep: pretrained?.steps ?? 0 });
  }

  /**
   * Builds a lane's model on `engine`: the weights, optimiser state and losses `resume` kept
   * (after a lost trainer), else the pretrained weights on show, else the seed's.
   */
  init(variant: Variant, setup: SessionSetup, engine: EngineChoice, resume?: Lane): void {
    const lane = this.lane(variant);
    const kept = resume?.kept;
    lane.runner?.send({
      type: 'init',
      setup,
      engine,
      params: kept?.params ?? lane.pretrained?.params,
      optimizer: kept?.optimizer,
      history: kept ? resume.losses.slice(0, kept.step) : undefined,
      snapshotEveryMs: SNAPSHOT_EVERY_MS,
      reportEveryMs: RACE_REPORT_EVERY_MS,
    });
  }

  everyReady(): boolean {
    return this.all().every((lane) => lane.ready);
  }

  /** Every trainer confirmed the pause (or had finished). */
  resting(): boolean {
    return this.all().every((lane) => lane.paused || lane.finished);
  }

  /** Every model reached step `total` and was evaluated there. */
  doneAt(total: number): boolean {
    return this.all().every((lane) => lane.finished && lane.step >= total && lane.evaluatedStep >= lane.step);
  }
}
