/**
 * A training run's learning-rate schedule as data: phases of `steps` steps at a learning rate,
 * one after another from step 0 (e.g. the race's main run and its cool-down). The trainer
 * reads the phase of the step it is at, so a paused run resumes at the right rate.
 */

/** `steps` consecutive steps at `learningRate`. */
export interface TrainingPhase {
  steps: number;
  learningRate: number;
}

/** Steps of a whole schedule (the run's last step). */
export function scheduleLength(schedule: readonly TrainingPhase[]): number {
  return schedule.reduce((sum, phase) => sum + Math.max(0, phase.steps), 0);
}

/**
 * The phase step `step` (0-based, counted from the run's start) falls in: its learning rate and
 * the step where it ends (exclusive). Null once the schedule is over.
 */
export function phaseAt(
  schedule: readonly TrainingPhase[],
  step: number,
): { learningRate: number; endStep: number } | null {
  let end = 0;
  for (const phase of schedule) {
    end += Math.max(0, phase.steps);
    if (step < end) return { learningRate: phase.learningRate, endStep: end };
  }
  return null;
}

/** Problems with a schedule (empty when valid): whole step counts ≥ 0, finite positive rates. */
export function scheduleProblems(schedule: readonly TrainingPhase[]): string[] {
  const problems: string[] = [];
  schedule.forEach((phase, index) => {
    if (!Number.isInteger(phase.steps) || phase.steps < 0)
      problems.push(`phase ${index}: steps must be a whole number ≥ 0, got ${phase.steps}`);
    if (!Number.isFinite(phase.learningRate) || phase.learningRate <= 0)
      problems.push(`phase ${index}: learning rate must be a positive number, got ${phase.learningRate}`);
  });
  return problems;
}
