/**
 * Messages between a demo's page code and the trainer that runs its model (in a Web Worker, or
 * the same {@link TrainerHost} on the page). Plain data only, so every message can cross
 * `postMessage`. Every request carries a run id and every reply the run id of the last request
 * the trainer had handled when it was sent, so the page can tell replies about a model it has
 * replaced, and replies overtaken by a newer request, from current ones (see runs.ts).
 *
 * Lean by design: a `train` request carries its whole learning-rate schedule; the test windows
 * on show are picked by the trainer (seeded) and their inputs and targets sent once, later
 * predictions alone; losses are sent once each, as they are trained.
 */
import type { SessionSetup } from '../session.ts';
import type { Evaluation } from '../train.ts';
import type { OptimizerSnapshot } from '../model/engine.ts';
import type { Params } from '../model/params.ts';
import type { AutoCandidate, CandidateTiming } from '../auto-engine.ts';
import type { DeviceInfo, EngineChoice, EngineNote, TrainerBackend } from './engines.ts';
import type { TrainingPhase } from './schedule.ts';

/** What the page asks of a trainer; see {@link Request}. */
export type RequestBody =
  | {
      type: 'init';
      setup: SessionSetup;
      engine: EngineChoice;
      /** Starting weights (pretrained, imported or kept); the seed's weights when absent. */
      params?: Params;
      /** Losses of the steps `params` were already trained (a kept model), [steps]. */
      history?: number[];
      /**
       * The optimiser state `params` were trained to (a {@link TrainingSnapshot}'s), so a run
       * continued on a new trainer makes the update the lost one would have made next. Absent
       * (pretrained or imported weights, older kept models): a fresh optimiser, whose first Adam
       * update moves every weight by about the learning rate.
       */
      optimizer?: OptimizerSnapshot;
      wasmPaths?: Record<string, string>;
      /** When set, the trainer sends a `snapshot` this often while training and when a run stops. */
      snapshotEveryMs?: number;
      /**
       * How often, in ms, the trainer re-predicts the test windows on show and evaluates the
       * whole test set while training (defaults in host.ts); a demo that needs only a few points
       * of its chart asks for fewer, leaving the time to training.
       */
      reportEveryMs?: Partial<ReportIntervals>;
    }
  /** Train to the end of `schedule` (steps counted from the run's start), from the seed's weights when `fresh`. */
  | { type: 'train'; schedule: TrainingPhase[]; fresh: boolean }
  /** Stop after the current slice of steps (acts at once, and again in turn). */
  | { type: 'pause' }
  | { type: 'step'; learningRate: number }
  | { type: 'reset' }
  /** Pick `count` test windows with draw number `draw` (seeded by the set-up's seed) and show them. */
  | { type: 'windows'; count: number; draw: number }
  | { type: 'evaluate' }
  | { type: 'export' }
  /** Which engines `auto` may choose among where the trainer runs, and the device's WebGL renderer. */
  | { type: 'probe' }
  /**
   * Time a few training steps of each candidate on `setup` (at its batch size) and reply with
   * the timings; frees the current model first (a new one follows).
   */
  | { type: 'measure'; setup: SessionSetup; candidates: AutoCandidate[] };

/**
 * Where a run stands, enough to go on from there on another trainer (the `snapshot` reply, sent
 * back as `init`'s `params`, `optimizer` and, with the page's losses up to `step`, `history`).
 */
export interface TrainingSnapshot {
  /** Steps trained so far. */
  step: number;
  /** The weights after `step` steps. */
  params: Params;
  /** The optimiser's state at the same point (Adam's t and moments m, v). */
  optimizer: OptimizerSnapshot;
}

/** Intervals of a trainer's reports while training, in ms (≤ 0: never, but for the run's end). */
export interface ReportIntervals {
  predict: number;
  evaluate: number;
}

/** Page → trainer: a request and its run id (see runs.ts). */
export type Request = RequestBody & { run: number };

/** How often a trainer in a worker says it is alive (the `heartbeat` reply), in ms. */
export const HEARTBEAT_MS = 1000;

/** Why a trainer was lost; see the `lost` reply. */
export type LostReason = 'context' | 'quiet' | 'exited';

/** Why a test-set evaluation was sent. */
export type EvaluationReason = 'training' | 'paused' | 'finished' | 'requested';

/** One test window: its index in the test set, input x [T] and target y [T]. */
export interface TestWindow {
  index: number;
  input: Float64Array;
  target: Float64Array;
}

/** What a trainer reports; see {@link Reply}. */
export type ReplyBody =
  | { type: 'ready'; backend: TrainerBackend; notes: EngineNote[]; softwareWebgl: boolean; step: number }
  /**
   * Losses of steps `from` … `step` − 1 (`from` = `step` − losses.length); `from` 0 with no losses after a reset;
   * `gradNorms`, aligned with `losses`: each step's global gradient norm before clipping (NaN where unknown).
   */
  | { type: 'progress'; step: number; from: number; losses: number[]; gradNorms: number[]; msPerStep: number }
  /** The run reached the end of its schedule. */
  | { type: 'finished'; step: number }
  /** Training stopped after a pause, at `step` (no step follows until the next train). */
  | { type: 'paused'; step: number }
  | { type: 'windows'; draw: number; windows: TestWindow[] }
  /** Predictions [T] for the windows of draw `draw`, in their order. */
  | { type: 'predictions'; draw: number; step: number; predictions: Float64Array[] }
  | { type: 'evaluation'; evaluation: Evaluation; step: number; reason: EvaluationReason }
  /** Where the run stands (see {@link TrainingSnapshot}); asked for with `init`'s `snapshotEveryMs`. */
  | ({ type: 'snapshot' } & TrainingSnapshot)
  /**
   * Training blew up (lib/trainer/guard.ts) and stopped: the loss shown at step `atStep` was
   * `loss` (not finite, or far above the best smoothed loss `best`); the weights after
   * `restoredStep` steps are back in place (progress follows from there); null when the weights
   * the run started from already failed (nothing earlier to go back to).
   */
  | { type: 'diverged'; atStep: number; loss: number; best: number; restoredStep: number | null }
  | { type: 'exported'; text: string }
  | { type: 'probed'; device: DeviceInfo }
  /** The worker is alive (sent every second, whatever it is doing; the page's runner consumes it). */
  | { type: 'heartbeat' }
  /**
   * The trainer is gone and its model with it: it lost its WebGL context (`context`, from the
   * trainer), went quiet or exited (`quiet`, `exited`: made up by the page's runner). `backend`
   * is what it ran on, when known.
   */
  | { type: 'lost'; reason: LostReason; message: string; backend: TrainerBackend | null }
  | { type: 'measured'; timings: CandidateTiming[] }
  | { type: 'error'; message: string; during: RequestBody['type'] };

/** Trainer → page: a report and the run id of the last request handled before it. */
export type Reply = ReplyBody & { run: number };
