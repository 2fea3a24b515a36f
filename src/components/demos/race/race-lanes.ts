/**
 * What the race keeps per variant (its trainer, steps, latest evaluation, pretrained model on
 * show) and the loading of the shipped pretrained files.
 */
import type { PretrainedLane } from '../../../lib/demos/race.ts';
import { VARIANTS, type Variant } from '../../../lib/model/config.ts';
import type { ModelFile } from '../../../lib/model/format.ts';
import type { Params } from '../../../lib/model/params.ts';
import { fetchPretrained } from '../../../lib/demos/models.ts';
import type { Evaluation } from '../../../lib/train.ts';
import type { TestWindow } from '../../../lib/trainer/protocol.ts';
import type { TrainerRunner } from '../../shared/trainer-runner.ts';

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
  /** Training losses so far, and the latest weights the trainer sent (to continue on another engine). */
  losses: number[];
  kept: { step: number; params: Params } | null;
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
