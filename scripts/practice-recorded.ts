/**
 * The practice demo's recorded runs (see make-recorded.ts): each of RECORDED_SETTINGS trained
 * with the real engine as the page trains it, keeping every step's gradient norm (thinned as
 * the page thins a live run) and the final test error per time step, or the step where the run
 * diverged (its loss or gradient stopped being finite; the page's trainer stops there too).
 */
import {
  appendNorms,
  normStride,
  practiceSetup,
  PRACTICE_SCHEMA,
  recordKey,
  RECORDED_SETTINGS,
  type PracticeRun,
} from '../src/lib/demos/practice.ts';
import type { SessionSetup, TrainingSession } from '../src/lib/session.ts';
import { defaultState } from '../src/lib/state.ts';

/** Makes a session the way the page's scratch engine runs. */
type SessionMaker = (setup: SessionSetup) => Promise<TrainingSession>;

/** Steps per engine call (the page trains in slices too; the numbers do not depend on it). */
const CHUNK = 50;

/** Trains one recorded run. */
async function recordRun(
  makeSession: SessionMaker,
  state: ReturnType<typeof defaultState<typeof PRACTICE_SCHEMA>>,
): Promise<PracticeRun> {
  const session = await makeSession(practiceSetup(state));
  const stride = normStride(state.steps);
  let gradNorms: Array<[number, number]> = [];
  let divergedAt: number | null = null;
  while (session.step < state.steps && divergedAt === null) {
    const from = session.step;
    const stats = await session.trainSteps(Math.min(CHUNK, state.steps - from));
    const bad = Array.from(stats.losses).findIndex(
      (loss, index) => !Number.isFinite(loss) || Number.isNaN(stats.gradNorms[index]),
    );
    const good = bad < 0 ? stats.losses.length : bad;
    gradNorms = appendNorms(gradNorms, from, Array.from(stats.gradNorms.subarray(0, good)), stride);
    if (bad >= 0) divergedAt = from + bad + 1;
  }
  const msePerStep = divergedAt === null ? Array.from((await session.evaluate()).msePerStep) : null;
  session.dispose();
  return { gradNorms, msePerStep, divergedAt, steps: divergedAt === null ? session.step : divergedAt - 1 };
}

/** Every recorded run, keyed as the page looks them up. */
export async function recordPractice(makeSession: SessionMaker): Promise<Record<string, unknown>> {
  const runs: Record<string, PracticeRun> = {};
  for (const settings of RECORDED_SETTINGS) {
    const state = { ...defaultState(PRACTICE_SCHEMA), ...settings };
    const started = performance.now();
    const run = await recordRun(makeSession, state);
    runs[recordKey(state)] = run;
    const norms = run.gradNorms.slice(0, 20).map(([step, norm]) => `${step}:${norm.toExponential(1)}`);
    const result = run.msePerStep
      ? `t=0..3 ${run.msePerStep
          .slice(0, 4)
          .map((mse) => mse.toExponential(2))
          .join(' ')}, t>=16 ${(
          run.msePerStep.slice(16).reduce((sum, mse) => sum + mse, 0) /
          (run.msePerStep.length - 16)
        ).toExponential(2)}`
      : `diverged at step ${run.divergedAt}`;
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`practice ${recordKey(state)}: ${result}; norms ${norms.join(' ')} (${seconds} s)`);
  }
  return { setup: 'synced, batch size 64; Adam lr 0.01 or SGD lr 0.5', runs };
}
