/**
 * Messages between a demo's page code and the trainer that runs its model (in a Web Worker, or
 * the same {@link TrainerHost} on the page). Plain data only, so every message can cross
 * `postMessage`. Every reply names the session it belongs to, so the page can drop replies of
 * a model it has already replaced.
 */
import type { SessionSetup, PredictedWindow, EngineFactory } from '../session.ts';
import type { Evaluation } from '../train.ts';
import type { Params } from '../model/params.ts';
import type { SkipReason } from '../model/backend.ts';

/** Which engine to train with: the scratch engine, or tfjs on one of its backends. */
export type EngineChoice = 'auto' | 'webgl' | 'wasm' | 'cpu' | 'scratch';

/** A backend passed over on the way to the one that runs, and why (translated on the page). */
export interface EngineNote {
  backend: string;
  reason: SkipReason | 'software';
}

/** An engine factory plus what was chosen and why (built by the page side, see lab/engines.ts). */
export interface ChosenEngine {
  create: EngineFactory;
  /** 'scratch' or the active tfjs backend. */
  backend: string;
  notes: EngineNote[];
  /** True when WebGL is only available in software (no GPU). */
  softwareWebgl: boolean;
}

/** Builds the engine factory for a choice (loading tfjs and a backend when needed). */
export type EngineChooser = (choice: EngineChoice, wasmPaths?: Record<string, string>) => Promise<ChosenEngine>;

/** Page → trainer. `session` in `init` is the id every later reply carries. */
export type Request =
  | {
      type: 'init';
      session: number;
      setup: SessionSetup;
      engine: EngineChoice;
      params?: Params;
      wasmPaths?: Record<string, string>;
    }
  | { type: 'train'; steps: number; fresh?: boolean }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'reset' }
  | { type: 'predict'; indices: number[] }
  | { type: 'evaluate' }
  | { type: 'export' }
  | { type: 'learningRate'; value: number };

/** What a trainer reports; see {@link Reply}. */
export type ReplyBody =
  | { type: 'ready'; backend: string; notes: EngineNote[]; softwareWebgl: boolean; testCount: number; step: number }
  /** `losses`: the new steps' losses, or every loss of the run when `full`. */
  | { type: 'progress'; step: number; losses: number[]; full: boolean; msPerStep: number; running: boolean }
  | { type: 'windows'; windows: PredictedWindow[] }
  | { type: 'evaluation'; evaluation: Evaluation; step: number; final: boolean }
  | { type: 'exported'; text: string }
  | { type: 'error'; message: string; during: Request['type'] };

/** Trainer → page: a report and the id of the session it is about (0 before any init). */
export type Reply = ReplyBody & { session: number };
