/**
 * Which engine a demo trains with, as a reader chooses it, and the TensorFlow.js backends each
 * choice tries in order. Pure decisions; loading the engines is the page's job
 * (components/shared/engine-factory.ts).
 */
import type { AutoCandidate } from '../auto-engine.ts';
import type { BackendName, SkipReason } from '../model/backend.ts';
import type { EngineFactory } from '../session.ts';

/** Engines a demo can ask for: `auto` picks the best available, `scratch` is the hand-written one. */
export const ENGINES = ['auto', 'webgl', 'wasm', 'cpu', 'scratch'] as const;

/** Which engine to train with: the scratch engine, or TensorFlow.js on one of its backends. */
export type EngineChoice = (typeof ENGINES)[number];

/** What a trainer actually runs on: the scratch engine or the TensorFlow.js backend that started. */
export type TrainerBackend = 'scratch' | BackendName;

/** Whether WebGL exists where the trainer runs, whether it is a software renderer, and its name. */
export interface WebglProbe {
  available: boolean;
  software: boolean;
  /** The (unmasked, where allowed) renderer string; '' without WebGL. */
  renderer: string;
}

/** What a trainer's device offers `auto`: the engines worth timing, and the renderer that keys the decision. */
export interface DeviceInfo {
  renderer: string;
  candidates: AutoCandidate[];
}

/**
 * The engines `auto` times on a device: the scratch engine always; WebGL only on a hardware
 * renderer (in software it is never the fastest, and timing it compiles shaders for seconds);
 * WASM where WebAssembly exists.
 */
export function autoCandidates(webgl: WebglProbe, hasWebAssembly: boolean): AutoCandidate[] {
  const candidates: AutoCandidate[] = ['scratch'];
  if (webgl.available && !webgl.software) candidates.push('webgl');
  if (hasWebAssembly) candidates.push('wasm');
  return candidates;
}

/** How a trainer host reaches engines: builds one for a choice, and describes its device. */
export interface EngineSource {
  choose: EngineChooser;
  probe: () => DeviceInfo;
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
  /**
   * Calls `onLost` if the device the engine computes on goes away (WebGL: the context is lost);
   * returns how to stop watching. Absent for engines that cannot lose their device.
   */
  watchDevice?: (onLost: () => void) => () => void;
}

/**
 * The engine to continue on when a trainer on `lost` is gone: the scratch engine (it needs no
 * GPU and no TensorFlow.js), or WASM when the scratch engine itself was the one lost.
 */
export function fallbackEngine(lost: TrainerBackend | null): 'scratch' | 'wasm' {
  return lost === 'scratch' ? 'wasm' : 'scratch';
}

/** Builds the engine factory for a choice (loading TensorFlow.js and a backend when needed). */
export type EngineChooser = (choice: EngineChoice, wasmPaths?: Record<string, string>) => Promise<ChosenEngine>;
