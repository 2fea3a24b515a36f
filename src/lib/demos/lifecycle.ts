/**
 * The life of a training demo as one pure state machine, shared by the training lab and the
 * variant race: where the demo is (loading → idle → training → paused → finished, or broken
 * when no model could be built), where its model came from (the seed's weights, a pretrained
 * file, an imported file, or training here), and how far it has trained. Everything the page
 * shows about that — which buttons are enabled and what the Train button says, what a changed
 * setting does while training, which status line applies — is decided here, so it is tested
 * once and the components only draw it.
 */

/**
 * Where a demo is. `pausing`: Pause was pressed and the trainer has not yet confirmed that it
 * stopped (its last slice of steps still counts); `broken`: the model could not be built.
 */
export type Phase = 'loading' | 'idle' | 'training' | 'pausing' | 'paused' | 'finished' | 'broken';

/**
 * Where the model on show came from: the seed's untrained weights, a shipped pretrained file,
 * a file the reader imported, or training in this demo (including a model kept from earlier
 * in the session).
 */
export type ModelOrigin = 'seed' | 'pretrained' | 'imported' | 'trained';

/** A demo's state: phase, model origin, and steps trained so far of a run of `total`. */
export interface Lifecycle {
  readonly phase: Phase;
  readonly origin: ModelOrigin;
  /** Steps trained in the current run. */
  readonly step: number;
  /** Steps the run aims for (the demo's setting). */
  readonly total: number;
}

/** What can happen to a demo. Events that make no sense in a phase leave the state as it is. */
export type LifecycleEvent =
  /** A new model is being built (settings changed, engine switched, file imported). */
  | { type: 'load' }
  /** The model is built: from `origin`, already trained `step` steps (a kept model). */
  | { type: 'ready'; origin: ModelOrigin; step: number }
  /** Building the model failed. */
  | { type: 'fail' }
  /** The reader pressed Train (see {@link trainPlan} for fresh or resumed). */
  | { type: 'train' }
  /** The reader pressed Pause. */
  | { type: 'pause' }
  /** The trainer confirms it stopped (after Pause). */
  | { type: 'paused' }
  /** One training step by hand (a model from elsewhere is reset to the seed first). */
  | { type: 'step' }
  /** Back to the seed's weights. */
  | { type: 'reset' }
  /** The trainer reports `step` steps trained. */
  | { type: 'progress'; step: number }
  /** The trainer reached the run's end. */
  | { type: 'finished'; step: number }
  /** Training stopped on an error; the model is kept as it was. */
  | { type: 'stopped' }
  /** The reader changed the run's length. */
  | { type: 'total'; total: number };

/** A demo that has not built its model yet. */
export function initialLifecycle(total: number): Lifecycle {
  return { phase: 'loading', origin: 'seed', step: 0, total };
}

/** Whether the model on show came from outside this demo's training (Train then starts afresh). */
export function isForeign(origin: ModelOrigin): boolean {
  return origin === 'pretrained' || origin === 'imported';
}

/** The phase of a ready model that is not training, from how far it has trained. */
function restingPhase(origin: ModelOrigin, step: number, total: number): Phase {
  if (isForeign(origin) || step === 0) return 'idle';
  return step >= total ? 'finished' : 'paused';
}

/** Whether a model is ready to act on. */
function ready(phase: Phase): boolean {
  return phase !== 'loading' && phase !== 'broken';
}

/** What pressing Train does now: start from the seed's weights (`fresh`) or continue. */
export interface TrainPlan {
  fresh: boolean;
  /**
   * What the button says: `start` (untrained seed weights), `resume` (part-trained),
   * `again` (the run is complete: start over from the seed), `fromSeed` (a pretrained or
   * imported model is on show: training starts from the seed's weights instead).
   */
  label: 'start' | 'resume' | 'again' | 'fromSeed';
}

/** What Train would do in this state. */
export function trainPlan(state: Lifecycle): TrainPlan {
  if (isForeign(state.origin)) return { fresh: true, label: 'fromSeed' };
  if (state.step >= state.total && state.step > 0) return { fresh: true, label: 'again' };
  return { fresh: false, label: state.step > 0 ? 'resume' : 'start' };
}

/** Applies one event. Pure: returns a new state (or the same one when nothing changes). */
export function advance(state: Lifecycle, event: LifecycleEvent): Lifecycle {
  const { phase, origin, step, total } = state;
  switch (event.type) {
    case 'load':
      return { ...state, phase: 'loading' };
    case 'ready':
      return { ...state, origin: event.origin, step: event.step, phase: restingPhase(event.origin, event.step, total) };
    case 'fail':
      return { ...state, phase: 'broken' };
    case 'train': {
      if (!ready(phase) || phase === 'training') return state;
      const fresh = trainPlan(state).fresh;
      return { ...state, phase: 'training', origin: 'trained', step: fresh ? 0 : step };
    }
    case 'pause':
      return phase === 'training' ? { ...state, phase: 'pausing' } : state;
    case 'paused':
    case 'stopped':
      return running(phase) ? { ...state, phase: restingPhase(origin, step, total) } : state;
    case 'step': {
      if (!ready(phase) || phase === 'training') return state;
      const from = isForeign(origin) ? 0 : step;
      return { ...state, origin: 'trained', step: from, phase: restingPhase('trained', from, total) };
    }
    case 'reset':
      return ready(phase) ? { ...state, phase: 'idle', origin: 'seed', step: 0 } : state;
    case 'progress':
      return withStep(state, event.step);
    case 'finished': {
      const next = withStep(state, event.step);
      return running(phase) ? { ...next, phase: restingPhase(origin, next.step, total) } : next;
    }
    case 'total':
      return withTotal(state, event.total);
  }
}

/** Whether the trainer is (still) running steps: training, or stopping after Pause. */
function running(phase: Phase): boolean {
  return phase === 'training' || phase === 'pausing';
}

/** Records the trainer's step count; a resting model's phase follows it. */
function withStep(state: Lifecycle, step: number): Lifecycle {
  if (!ready(state.phase) || isForeign(state.origin) || running(state.phase)) return { ...state, step };
  return { ...state, step, phase: restingPhase(state.origin, step, state.total) };
}

function withTotal(state: Lifecycle, total: number): Lifecycle {
  const next = { ...state, total };
  if (!ready(state.phase) || running(state.phase)) return next;
  return { ...next, phase: restingPhase(state.origin, state.step, total) };
}

/** The state of a demo's buttons: which are enabled, and what Train says. */
export interface Controls {
  train: boolean;
  trainLabel: TrainPlan['label'];
  pause: boolean;
  step: boolean;
  reset: boolean;
  export: boolean;
  /** Actions that only look at the model (new test windows, copy a link). */
  view: boolean;
  /** Whether settings that shape the model (size, data, seed, engine) can change now. */
  modelSettings: boolean;
}

/**
 * The buttons for a state. While training, and while the trainer stops after Pause, only Pause
 * (and looking) is possible.
 */
export function controls(state: Lifecycle): Controls {
  const canAct = ready(state.phase) && !running(state.phase);
  return {
    train: canAct,
    trainLabel: trainPlan(state).label,
    // Pause stays available while stopping (pressing it again changes nothing), so keyboard
    // focus stays on it until Train takes over.
    pause: running(state.phase),
    step: canAct,
    reset: canAct,
    export: canAct,
    view: ready(state.phase),
    modelSettings: !running(state.phase),
  };
}

/**
 * Kinds of setting: `display` changes only how results are drawn; `schedule` changes how the
 * run trains from now on (learning rate, length); `model` changes what is trained (sizes,
 * data, seed) or where (engine), so it needs a new model.
 */
export type SettingKind = 'display' | 'schedule' | 'model';

/**
 * What a changed setting does: `redraw` the figures; `applyNow` to the running trainer (from
 * its next step, said in a note); `keep` for the next run; `rebuild` the model. Model
 * settings are locked while training ({@link Controls.modelSettings}); a change that still
 * arrives then is `refused` and the control is put back.
 */
export type SettingEffect = 'redraw' | 'applyNow' | 'keep' | 'rebuild' | 'refused';

/** What changing a setting of `kind` does in this state. */
export function settingEffect(state: Lifecycle, kind: SettingKind): SettingEffect {
  if (kind === 'display') return 'redraw';
  if (kind === 'schedule') return state.phase === 'training' ? 'applyNow' : 'keep';
  return running(state.phase) ? 'refused' : 'rebuild';
}

/**
 * Which status line describes the state: `loading`, `broken`, `training` (live progress),
 * `origin` (a model nobody trained here yet: the seed's, pretrained or imported) or
 * `progress` (steps trained so far, at rest or stopping).
 */
export type StatusKind = 'loading' | 'broken' | 'training' | 'origin' | 'progress';

/** The status line for a state. */
export function statusKind(state: Lifecycle): StatusKind {
  if (state.phase === 'loading' || state.phase === 'broken') return state.phase;
  if (state.phase === 'training') return 'training';
  return state.origin === 'trained' ? 'progress' : 'origin';
}
