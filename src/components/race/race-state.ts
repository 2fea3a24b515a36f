/**
 * Settings of the variant race and their URL keys (`race.delay`, `race.steps`, `race.seed`,
 * `race.engine`), plus the training schedule: the chosen steps at lr 0.01, the last fifth
 * at lr/5 (a short cool-down that removes Adam's occasional late spikes).
 */
import { defineSchema, ENGINES, type StateOf } from '../../lib/state.ts';
import { DATA_DEFAULTS } from '../../lib/data.ts';
import { TRAINING_DEFAULTS } from '../../lib/train.ts';
import type { Variant } from '../../lib/model/config.ts';
import type { SessionSetup } from '../../lib/session.ts';
import { variantConfig } from '../model-files.ts';

/** The race's state; the default engine is the scratch one (fastest on a CPU for this model). */
export const RACE_SCHEMA = defineSchema(
  {
    delay: { kind: 'int', min: 1, max: 32, default: 8 },
    steps: { kind: 'int', min: 10, max: 5000, default: 400 },
    seed: { kind: 'int', min: 0, max: 2 ** 31 - 1, default: 1 },
    engine: { kind: 'enum', values: ENGINES, default: 'scratch' },
  },
  { prefix: 'race.' },
);

/** The race's settings, as decoded from the URL. */
export type RaceState = StateOf<typeof RACE_SCHEMA>;

/** Share of the steps trained at the full learning rate; the rest use {@link COOL_DOWN_FACTOR}·lr. */
export const MAIN_SHARE = 0.8;
/** Learning-rate factor of the cool-down (the last 1 − MAIN_SHARE of the steps). */
export const COOL_DOWN_FACTOR = 0.2;

/** Steps at the full learning rate for a run of `total` steps. */
export function mainSteps(total: number): number {
  return Math.round(total * MAIN_SHARE);
}

/** What a trainer at `step` should do next in a run of `total` steps, or null when finished. */
export function nextPhase(step: number, total: number): { learningRate: number; steps: number } | null {
  const lr = TRAINING_DEFAULTS.learningRate;
  if (step < mainSteps(total)) return { learningRate: lr, steps: mainSteps(total) - step };
  if (step < total) return { learningRate: lr * COOL_DOWN_FACTOR, steps: total - step };
  return null;
}

/** The session set-up of one variant: same data, seed and batch size for all three. */
export function raceSetup(variant: Variant, state: RaceState): SessionSetup {
  return {
    config: variantConfig(variant, state.delay),
    data: { ...DATA_DEFAULTS, seed: state.seed },
    learningRate: TRAINING_DEFAULTS.learningRate,
    batchSize: TRAINING_DEFAULTS.batchSize,
    seed: state.seed,
  };
}
