/**
 * The trainer's side of `auto`: times a few training steps of each candidate engine on the
 * demo's own set-up (so at its batch size and model size) and picks the fastest, off the main
 * thread. The pure chooser and the timing loop are lib/auto-engine.ts's; remembering decisions
 * is the page's (it owns localStorage).
 */
import {
  chooseByMeasurement,
  timeSteps,
  type AutoCandidate,
  type AutoDecision,
  type TimingOptions,
} from '../auto-engine.ts';
import { createSession, type SessionSetup } from '../session.ts';
import type { EngineChooser } from './engines.ts';

/** A candidate whose step takes this many times the fastest one's so far stops being timed (it cannot win). */
export const GIVE_UP_FACTOR = 3;

/** Options of {@link measureCandidates}. */
export interface MeasureOptions {
  setup: SessionSetup;
  /** Engines to time, in order. */
  candidates: readonly AutoCandidate[];
  choose: EngineChooser;
  /** The clock and, for tests, shorter budgets (see TIMING_DEFAULTS). */
  timing: Partial<TimingOptions> & Pick<TimingOptions, 'now'>;
}

/**
 * Milliseconds per step of one candidate: builds it (refusing a substitute, e.g. WASM when
 * WebGL was asked for but failed to start), times `trainSteps` on fresh batches of the set-up,
 * frees it. Rejects when the candidate cannot run here.
 */
async function timeCandidate(engine: AutoCandidate, options: MeasureOptions, fastestSoFar: number): Promise<number> {
  const chosen = await options.choose(engine);
  if (chosen.backend !== engine) throw new Error(`${engine} did not start here (${chosen.backend} would run instead)`);
  const session = await createSession(options.setup, chosen.create);
  try {
    const giveUpAboveMs = GIVE_UP_FACTOR * fastestSoFar;
    return await timeSteps(async (count) => void (await session.trainSteps(count)), {
      giveUpAboveMs,
      ...options.timing,
    });
  } finally {
    session.dispose();
  }
}

/**
 * Times every candidate in turn and picks the fastest; one that fails is recorded with its
 * reason and skipped. Rejects only when none could be timed.
 */
export function measureCandidates(options: MeasureOptions): Promise<AutoDecision> {
  return chooseByMeasurement({
    candidates: options.candidates,
    measure: (engine, fastestSoFar) => timeCandidate(engine, options, fastestSoFar),
    key: '',
  });
}
