/**
 * Messages between the training lab's page code and the code that trains (a Web Worker, or the
 * same host object on the page). Plain data only, so every message can cross `postMessage`.
 */
import type { SessionSetup, PredictedWindow } from '../../lib/session.ts';
import type { Evaluation } from '../../lib/train.ts';
import type { Params } from '../../lib/model/params.ts';
import type { SkipReason } from '../../lib/model/backend.ts';

/** Which engine to train with: the scratch engine, or tfjs on one of its backends. */
export type EngineChoice = 'auto' | 'webgl' | 'wasm' | 'cpu' | 'scratch';

/** A backend passed over on the way to the one that runs, and why (translated on the page). */
export interface EngineNote {
  backend: string;
  reason: SkipReason | 'software';
}

/** Page → trainer. */
export type Request =
  | { type: 'init'; setup: SessionSetup; engine: EngineChoice; params?: Params; wasmPaths?: Record<string, string> }
  | { type: 'train'; steps: number }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'reset' }
  | { type: 'predict'; indices: number[] }
  | { type: 'evaluate' }
  | { type: 'export' }
  | { type: 'learningRate'; value: number };

/** Trainer → page. */
export type Reply =
  | { type: 'ready'; backend: string; notes: EngineNote[]; softwareWebgl: boolean; testCount: number; step: number }
  | { type: 'progress'; step: number; losses: number[]; msPerStep: number; running: boolean }
  | { type: 'windows'; windows: PredictedWindow[] }
  | { type: 'evaluation'; evaluation: Evaluation; step: number; final: boolean }
  | { type: 'exported'; text: string }
  | { type: 'error'; message: string; during: Request['type'] };
