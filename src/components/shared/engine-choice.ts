/**
 * The one way a demo turns its engine setting into the engine its trainer runs. For `auto` it
 * asks the trainer which engines its device offers (the worker's own WebGL, not the page's),
 * then uses the decision remembered in localStorage for this device and batch-size bucket, or
 * has the trainer time each candidate at the demo's batch size (off the main thread) and
 * remembers the fastest. Two demos needing the same decision at once share one measurement.
 * Also: "measure again" (forget every decision) and the sentence that says what `auto` chose.
 */
import {
  decisionKey,
  fastest,
  forgetDecisions,
  recallDecision,
  rememberDecision,
  type AutoCandidate,
  type AutoDecision,
  type CandidateTiming,
  type DecisionStore,
} from '../../lib/auto-engine.ts';
import { formatNumber } from '../../lib/chart.ts';
import type { SessionSetup } from '../../lib/session.ts';
import type { EngineChoice, TrainerBackend } from '../../lib/trainer/engines.ts';
import type { UiKey } from '../../i18n/index.ts';
import type { Values } from './demo-element.ts';
import type { TrainerRunner } from './trainer-runner.ts';

/** An engine a trainer can be started with (what `auto` resolves to). */
export type ConcreteEngine = Exclude<EngineChoice, 'auto'>;

/** The engine to start, and what `auto` decided on the way (null when the reader chose the engine). */
export interface ResolvedEngine {
  engine: ConcreteEngine;
  decision: AutoDecision | null;
  /** Why `auto` could not measure (it then starts the scratch engine), or null. */
  problem: string | null;
}

/** Measurements under way on this page, by decision key. */
const measuring = new Map<string, Promise<AutoDecision>>();

/** The page's localStorage, or null where it is refused (privacy settings, sandboxed frames). */
function decisionStore(): DecisionStore | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Has the trainer time the candidates, remembers the result, and shares it while under way. */
function measureOnce(
  runner: TrainerRunner,
  key: string,
  setup: SessionSetup,
  candidates: AutoCandidate[],
): Promise<AutoDecision> {
  const pending = measuring.get(key);
  if (pending) return pending;
  const measured = runner.ask({ type: 'measure', setup, candidates }).then(({ timings }): AutoDecision => {
    const engine = fastest(timings);
    if (engine === null) throw new Error(timings.map(describeFailure).join('; '));
    rememberDecision(decisionStore(), key, timings);
    return { engine, timings, source: 'measured' };
  });
  measuring.set(key, measured);
  const forget = () => measuring.delete(key);
  measured.then(forget, forget);
  return measured;
}

function describeFailure(timing: CandidateTiming): string {
  return 'failed' in timing ? `${timing.engine}: ${timing.failed}` : '';
}

/**
 * The engine for `choice` on the demo's `setup`: itself, or what `auto` decides (see the module
 * comment). `onMeasuring` is called with the candidates when they are about to be timed.
 */
export async function resolveEngine(
  runner: TrainerRunner,
  choice: EngineChoice,
  setup: SessionSetup,
  onMeasuring?: (candidates: readonly AutoCandidate[]) => void,
): Promise<ResolvedEngine> {
  if (choice !== 'auto') return { engine: choice, decision: null, problem: null };
  try {
    const { device } = await runner.ask({ type: 'probe' });
    const key = decisionKey(device.renderer, setup.batchSize);
    const remembered = recallDecision(decisionStore(), key, device.candidates);
    if (remembered) return { engine: remembered.engine, decision: remembered, problem: null };
    onMeasuring?.(device.candidates);
    const decision = await measureOnce(runner, key, setup, device.candidates);
    return { engine: decision.engine, decision, problem: null };
  } catch (error) {
    return { engine: 'scratch', decision: null, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** Forgets every remembered `auto` decision ("measure again"); returns how many there were. */
export function forgetAutoDecisions(): number {
  return forgetDecisions(decisionStore());
}

/** A translator bound to a demo's dictionary. */
type Translate = (key: UiKey, values?: Values) => string;

/** Display names of the TensorFlow.js backends. */
const BACKEND_NAMES: Readonly<Record<string, string>> = { webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** The human name of the engine a trainer runs on ("TensorFlow.js · WASM"). */
export function backendName(t: Translate, backend: TrainerBackend): string {
  return backend === 'scratch' ? t('engine.scratch') : `TensorFlow.js · ${BACKEND_NAMES[backend] ?? backend}`;
}

/** Short names of the engines `auto` chooses among, as the decision sentence lists them. */
const SHORT_NAMES: Readonly<Record<AutoCandidate, UiKey>> = {
  scratch: 'auto.name.scratch',
  webgl: 'auto.name.webgl',
  wasm: 'auto.name.wasm',
};

/** The short name of an engine `auto` chooses among ("scratch", "WASM"). */
export function shortEngineName(t: Translate, engine: AutoCandidate): string {
  return t(SHORT_NAMES[engine]);
}

/** "auto → scratch · 14 ms/step (WebGL 31, WASM 60)": what `auto` chose and why, translated. */
export function describeDecision(t: Translate, decision: AutoDecision, locale: string): string {
  const ms = (value: number) => formatNumber(Math.round(value * 10) / 10, locale);
  const chosen = decision.timings.find((timing) => timing.engine === decision.engine);
  const others = decision.timings
    .filter((timing) => timing.engine !== decision.engine)
    .map((timing) =>
      'msPerStep' in timing
        ? t('auto.other', { engine: t(SHORT_NAMES[timing.engine]), ms: ms(timing.msPerStep) })
        : t('auto.otherFailed', { engine: t(SHORT_NAMES[timing.engine]) }),
    );
  const values = {
    engine: t(SHORT_NAMES[decision.engine]),
    ms: chosen && 'msPerStep' in chosen ? ms(chosen.msPerStep) : '—',
    others: others.join(', '),
  };
  const choice = t(others.length > 0 ? 'auto.chose' : 'auto.choseOnly', values);
  return t(decision.source === 'remembered' ? 'auto.remembered' : 'auto.measured', { choice });
}

/** The status while `auto` times the candidates. */
export function describeMeasuring(t: Translate, candidates: readonly AutoCandidate[]): string {
  return t('auto.measuring', { engines: candidates.map((engine) => t(SHORT_NAMES[engine])).join(', ') });
}

/**
 * A demo's engine, as its trainers were last started: resolves the engine setting (timing the
 * candidates for `auto`, with a status while it does), then words what `auto` chose for the
 * message line and the status line. One per demo; the demo calls {@link resolve} before each
 * `init`.
 */
export class DemoEngine {
  private resolved: ResolvedEngine | null = null;
  private readonly t: Translate;
  private readonly locale: string;
  private readonly showStatus: (text: string) => void;

  constructor(t: Translate, locale: string, showStatus: (text: string) => void) {
    this.t = t;
    this.locale = locale;
    this.showStatus = showStatus;
  }

  /** The engine to start for `choice` on `setup` (see {@link resolveEngine}). */
  async resolve(runner: TrainerRunner, choice: EngineChoice, setup: SessionSetup): Promise<ConcreteEngine> {
    const resolved = await resolveEngine(runner, choice, setup, (candidates) =>
      this.showStatus(describeMeasuring(this.t, candidates)),
    );
    this.resolved = resolved;
    return resolved.engine;
  }

  /** What `auto` chose and why, or why it could not measure, followed by a space; '' for a chosen engine. */
  note(): string {
    const resolved = this.resolved;
    if (resolved?.decision) return `${describeDecision(this.t, resolved.decision, this.locale)} `;
    if (resolved?.problem) return `${this.t('auto.unmeasured', { message: resolved.problem.slice(0, 80) })} `;
    return '';
  }

  /** The status line's name of the engine a trainer runs on: "auto → …" when `auto` chose it. */
  label(backend: TrainerBackend): string {
    const engine = backendName(this.t, backend);
    return this.resolved?.decision ? this.t('auto.label', { engine }) : engine;
  }
}

/**
 * "Measure again": forgets every `auto` timing; true when the demo (on `auto`) should start its
 * model again so the engines are timed anew.
 */
export function measureAgain(choice: EngineChoice): boolean {
  forgetAutoDecisions();
  return choice === 'auto';
}

/**
 * Shows "Measure again" beside the engine select only while the engine is `auto`, enabled when
 * the model may be rebuilt (not while training); hidden, it is disabled too (no enabled control
 * is out of sight).
 */
export function showMeasureAgain(demo: HTMLElement, choice: EngineChoice, enabled: boolean): void {
  const button = demo.querySelector<HTMLButtonElement>('button[data-action="measure-again"]');
  if (!button) return;
  button.hidden = choice !== 'auto';
  button.disabled = !enabled || choice !== 'auto';
}
