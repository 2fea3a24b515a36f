/**
 * Which engine a demo trains with, as a reader chooses it, and the TensorFlow.js backends each
 * choice tries in order. Pure decisions; loading the engines is the page's job
 * (components/shared/engine-factory.ts).
 */
import type { BackendName } from '../model/backend.ts';
import type { EngineFactory } from '../session.ts';
import type { SkipReason } from '../model/backend.ts';

/** Engines a demo can ask for: `auto` picks the best available, `scratch` is the hand-written one. */
export const ENGINES = ['auto', 'webgl', 'wasm', 'cpu', 'scratch'] as const;

/** Which engine to train with: the scratch engine, or TensorFlow.js on one of its backends. */
export type EngineChoice = (typeof ENGINES)[number];

/** What a trainer actually runs on: the scratch engine or the TensorFlow.js backend that started. */
export type TrainerBackend = 'scratch' | BackendName;

/** Whether WebGL exists where the trainer runs, and whether it is a software renderer. */
export interface WebglProbe {
  available: boolean;
  software: boolean;
}

/**
 * The TensorFlow.js backends to try, in order, for a choice. `auto` prefers WebGL on a real
 * GPU, and WASM where WebGL would run in software (slower than WASM for this model).
 */
export function backendOrder(choice: Exclude<EngineChoice, 'scratch'>, webgl: WebglProbe): BackendName[] {
  if (choice === 'auto') return webgl.available && !webgl.software ? ['webgl', 'wasm', 'cpu'] : ['wasm', 'cpu'];
  if (choice === 'webgl') return ['webgl', 'wasm', 'cpu'];
  if (choice === 'wasm') return ['wasm', 'cpu'];
  return ['cpu'];
}

/** A backend passed over on the way to the one that runs, and why (translated on the page). */
export interface EngineNote {
  backend: BackendName;
  reason: SkipReason | 'software';
}

/** An engine factory plus what was chosen and why. */
export interface ChosenEngine {
  create: EngineFactory;
  backend: TrainerBackend;
  notes: EngineNote[];
  /** True when WebGL is only available in software (no GPU). */
  softwareWebgl: boolean;
}

/** Builds the engine factory for a choice (loading TensorFlow.js and a backend when needed). */
export type EngineChooser = (choice: EngineChoice, wasmPaths?: Record<string, string>) => Promise<ChosenEngine>;
