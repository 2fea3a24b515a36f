/**
 * Predict, then run: the questions a reader answers before a demo runs, and how a live run's
 * result scores the answer. Each question belongs to one demo; that demo reports the result of
 * every live run it completes (a {@link DemoResult}), and {@link scoreAnswer} turns it into the
 * choice that actually happened plus the numbers to say why. The committed answer is a schema
 * field (URL key `predict.<question>.answer`), like every other demo setting. Pure and tested.
 */
import { VARIANTS, type Variant } from '../model/config.ts';
import { defineSchema, type Schema, type EnumField } from '../state.ts';

/** What a demo reports when a live run completes (the name of its DOM event: `demo-result`). */
export type DemoResult =
  /** The race: each model's test MSE at t = 0. */
  | { demo: 'variant-race'; t0: Record<Variant, number> }
  /** The early-error figure: test MSE at t = 0…3 at the run's first and last measurement. */
  | { demo: 'early-error'; first: number[]; last: number[]; steps: number }
  /** The practice demo: whether the run diverged (and where), else its late test MSE. */
  | { demo: 'practice'; diverged: boolean; step: number; late: number };

/** The demos that report results. */
export type ResultDemo = DemoResult['demo'];

/** A question: the demo whose run answers it and the choices, in the order shown. */
export interface Question {
  demo: ResultDemo;
  choices: readonly string[];
}

/** Every question on the site, by id. */
export const QUESTIONS = {
  /** Variants: how much worse the synced model is at t = 0 after the race. */
  'race-t0': { demo: 'variant-race', choices: ['similar', 'tenfold', 'hundredfold'] },
  /** Variants: the shape of the early error against training steps. */
  'early-shape': { demo: 'early-error', choices: ['allFall', 't0Flat', 'allFlat'] },
  /** Practice: whether the SGD run at lr 0.5 with clipping trains. */
  'clip-saves': { demo: 'practice', choices: ['diverges', 'trains'] },
} as const satisfies Record<string, Question>;

/** A question's id. */
export type QuestionId = keyof typeof QUESTIONS;

/** The answer of no commitment yet. */
export const NO_ANSWER = 'none';

/** The URL state of a question: the committed answer, or {@link NO_ANSWER}. */
export function predictSchema(id: QuestionId): Schema<{ answer: EnumField }> {
  const values = [NO_ANSWER, ...QUESTIONS[id].choices];
  return defineSchema({ answer: { kind: 'enum', values, default: NO_ANSWER } }, { prefix: `predict.${id}.` });
}

/** What a run showed: the choice that happened and the numbers behind it (formatted by the page). */
export interface Outcome {
  actual: string;
  values: Record<string, number>;
}

/** Ratio above which an error counts as "about ten times", and "a hundred times or more". */
const TENFOLD = 3;
const HUNDREDFOLD = 30;

/** How far the synced model's t = 0 error is above the better of the other two. */
function raceOutcome(t0: Record<Variant, number>): Outcome {
  const others = VARIANTS.filter((variant) => variant !== 'synced').map((variant) => t0[variant]);
  const ratio = t0.synced / Math.max(Math.min(...others), Number.MIN_VALUE);
  const actual = ratio >= HUNDREDFOLD ? 'hundredfold' : ratio >= TENFOLD ? 'tenfold' : 'similar';
  return { actual, values: { ratio, synced: t0.synced, best: Math.min(...others) } };
}

/**
 * The early error's shape: `t0Flat` when t = 0 ends near its Bayes error ½ (at 0.35 or above) while
 * t = 1 falls at least fivefold; `allFall` when t = 0 too ends well below ½; `allFlat` when t = 1
 * does not fall fivefold (with noisy inputs it cannot).
 */
function earlyOutcome(first: number[], last: number[]): Outcome {
  const [t0First, t1First] = first;
  const [t0Last, t1Last] = last;
  const values = { t0First, t0Last, t1First, t1Last };
  if (t1Last > t1First / 5) return { actual: 'allFlat', values };
  return { actual: t0Last < 0.35 ? 'allFall' : 't0Flat', values };
}

/** The choice a run's result makes true for question `id`; null when the result is another demo's. */
export function scoreAnswer(id: QuestionId, result: DemoResult): Outcome | null {
  if (QUESTIONS[id].demo !== result.demo) return null;
  switch (result.demo) {
    case 'variant-race':
      return raceOutcome(result.t0);
    case 'early-error':
      return earlyOutcome(result.first, result.last);
    case 'practice':
      return result.diverged
        ? { actual: 'diverges', values: { step: result.step } }
        : { actual: 'trains', values: { late: result.late } };
  }
}

/** Whether a committed answer was right (null while nothing is committed). */
export function isRight(answer: string, outcome: Outcome): boolean | null {
  return answer === NO_ANSWER ? null : answer === outcome.actual;
}
