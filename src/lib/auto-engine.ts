/**
 * `auto` chooses the engine by measurement: it times a few training steps of every candidate the
 * device offers, at the demo's batch size, and keeps the fastest. The decision is remembered per
 * device (the WebGL renderer string) and batch-size bucket, so later visits start at once.
 *
 * Pure logic: the caller supplies how to time a candidate (in the trainer, off the main thread),
 * where to remember decisions (localStorage on a page, nothing in Node) and the clock.
 */

/** Engines `auto` chooses among: the scratch engine and TensorFlow.js on WebGL or WASM. */
export const AUTO_CANDIDATES = ['scratch', 'webgl', 'wasm'] as const;

/** One engine `auto` may pick. */
export type AutoCandidate = (typeof AUTO_CANDIDATES)[number];

/** How one candidate did: milliseconds per training step, or why it could not be timed. */
export type CandidateTiming = { engine: AutoCandidate; msPerStep: number } | { engine: AutoCandidate; failed: string };

/** What `auto` picked, the timings it picked from, and whether they were measured now or remembered. */
export interface AutoDecision {
  engine: AutoCandidate;
  timings: CandidateTiming[];
  source: 'measured' | 'remembered';
}

/** The subset of the Web Storage API decisions are kept in (localStorage on a page). */
export interface DecisionStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

/** Prefix of every remembered decision; bump the version when timings stop being comparable. */
export const DECISION_PREFIX = 'rnn-auto-engine:v1:';

/** Upper edges of the batch-size buckets: a decision holds for every batch size in its bucket. */
const BUCKET_EDGES = [16, 64, 256, 1024, 4096];

/**
 * The bucket of a batch size B: the smallest edge ≥ B among 16, 64, 256, 1,024, 4,096 (the last
 * for anything larger). Engines cross over as B grows — a GPU pays a fixed cost per dispatch and
 * wins only when each dispatch carries enough work — so timings at B = 64 say little about B = 2,048.
 */
export function batchBucket(batchSize: number): number {
  return BUCKET_EDGES.find((edge) => batchSize <= edge) ?? BUCKET_EDGES[BUCKET_EDGES.length - 1];
}

/** The storage key of the decision for a device (its WebGL renderer, or 'none') and a batch size. */
export function decisionKey(renderer: string, batchSize: number): string {
  return `${DECISION_PREFIX}${renderer || 'none'}:${batchBucket(batchSize)}`;
}

/** The fastest candidate among the timings that succeeded, or null when none did. */
export function fastest(timings: readonly CandidateTiming[]): AutoCandidate | null {
  let best: { engine: AutoCandidate; msPerStep: number } | null = null;
  for (const timing of timings) {
    if ('msPerStep' in timing && (best === null || timing.msPerStep < best.msPerStep)) best = timing;
  }
  return best?.engine ?? null;
}

function isCandidate(value: unknown): value is AutoCandidate {
  return typeof value === 'string' && (AUTO_CANDIDATES as readonly string[]).includes(value);
}

/** Reads one stored timing, or null when it is malformed. */
function parseTiming(raw: unknown): CandidateTiming | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { engine, msPerStep, failed } = raw as Record<string, unknown>;
  if (!isCandidate(engine)) return null;
  if (typeof msPerStep === 'number' && Number.isFinite(msPerStep) && msPerStep > 0) return { engine, msPerStep };
  if (typeof failed === 'string') return { engine, failed: failed.slice(0, 200) };
  return null;
}

/**
 * A remembered decision, or null when the text is missing, malformed, or names an engine that is
 * not among `candidates` (the device changed what it offers). Never throws.
 */
export function parseDecision(text: string | null, candidates: readonly AutoCandidate[]): AutoDecision | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { timings?: unknown }).timings)) return null;
  const timings = (raw as { timings: unknown[] }).timings.map(parseTiming);
  if (timings.some((timing) => timing === null)) return null;
  const valid = timings as CandidateTiming[];
  const engine = fastest(valid);
  if (engine === null || !candidates.includes(engine)) return null;
  return { engine, timings: valid, source: 'remembered' };
}

/** Options of {@link chooseByMeasurement}. */
export interface ChooseOptions {
  /** Engines available here, in the order to time them. */
  candidates: readonly AutoCandidate[];
  /**
   * Resolves to milliseconds per step for one candidate; rejects when it cannot run here.
   * `fastestSoFar` is the best time per step of the candidates timed before it (Infinity for
   * the first), so a candidate that is clearly slower may stop early.
   */
  measure: (engine: AutoCandidate, fastestSoFar: number) => Promise<number>;
  /** Where decisions are remembered (none: always measure). */
  store?: DecisionStore | null;
  /** The key of this device and batch size, from {@link decisionKey}. */
  key: string;
}

/** Writes a decision; a full or refused storage only means the next visit measures again. */
export function rememberDecision(
  store: DecisionStore | null | undefined,
  key: string,
  timings: readonly CandidateTiming[],
): void {
  try {
    store?.setItem(key, JSON.stringify({ timings }));
  } catch {
    /* Storage full or disabled. */
  }
}

function readStore(store: DecisionStore | null | undefined, key: string): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** The decision remembered under `key`, if it is valid and its engine is still among `candidates`. */
export function recallDecision(
  store: DecisionStore | null | undefined,
  key: string,
  candidates: readonly AutoCandidate[],
): AutoDecision | null {
  return parseDecision(readStore(store, key), candidates);
}

/**
 * Picks the fastest candidate: a remembered decision for `key` when there is a valid one,
 * otherwise times every candidate in turn (a failing one is recorded and skipped) and remembers
 * the result. Rejects only when no candidate could be timed.
 */
export async function chooseByMeasurement(options: ChooseOptions): Promise<AutoDecision> {
  const { candidates, measure, store, key } = options;
  const remembered = recallDecision(store, key, candidates);
  if (remembered) return remembered;
  const timings: CandidateTiming[] = [];
  for (const engine of candidates) {
    try {
      const fastestSoFar = Math.min(...timings.map((timing) => ('msPerStep' in timing ? timing.msPerStep : Infinity)));
      const msPerStep = await measure(engine, fastestSoFar);
      if (!Number.isFinite(msPerStep) || msPerStep <= 0) throw new Error(`timing was ${msPerStep}`);
      timings.push({ engine, msPerStep });
    } catch (error) {
      timings.push({ engine, failed: error instanceof Error ? error.message : String(error) });
    }
  }
  const engine = fastest(timings);
  if (engine === null) {
    const reasons = timings.map((timing) => ('failed' in timing ? `${timing.engine}: ${timing.failed}` : ''));
    throw new Error(`no engine could be timed (${reasons.join('; ')})`);
  }
  rememberDecision(store, key, timings);
  return { engine, timings, source: 'measured' };
}

/** Forgets every remembered decision ("measure again"); returns how many were removed. */
export function forgetDecisions(store: DecisionStore | null | undefined): number {
  if (!store) return 0;
  const keys: string[] = [];
  try {
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key?.startsWith(DECISION_PREFIX)) keys.push(key);
    }
    for (const key of keys) store.removeItem(key);
  } catch {
    return 0;
  }
  return keys.length;
}

/** Options of {@link timeSteps}. */
export interface TimingOptions {
  /** Steps run first and not timed (shader compilation, JIT, first allocations). */
  warmupSteps: number;
  /** Timing goes on, in growing rounds, until this much time has been measured. */
  budgetMs: number;
  /** Never time fewer steps than this. */
  minSteps: number;
  /** Milliseconds from an arbitrary origin (performance.now in a page or worker). */
  now: () => number;
  /**
   * Stop as soon as one timed step is slower than this (ms): the candidate cannot win, and timing
   * it in full at a large batch costs the reader seconds (WASM at B = 2,048). Infinity: never.
   */
  giveUpAboveMs?: number;
}

/** Defaults that keep one candidate's timing near a quarter of a second. */
export const TIMING_DEFAULTS: Omit<TimingOptions, 'now'> = { warmupSteps: 2, budgetMs: 250, minSteps: 3 };

/**
 * Milliseconds per step of `run(count)`, which trains `count` steps and resolves when their results
 * are read back: after the warm-up, rounds of 1, 2, 4, … steps until `budgetMs` have been timed and
 * at least `minSteps` steps run; the result is total time over total steps.
 */
export async function timeSteps(
  run: (count: number) => Promise<void>,
  options: Partial<TimingOptions> & Pick<TimingOptions, 'now'>,
): Promise<number> {
  const { warmupSteps, budgetMs, minSteps, now, giveUpAboveMs = Infinity } = { ...TIMING_DEFAULTS, ...options };
  if (warmupSteps > 1) await run(warmupSteps - 1);
  if (warmupSteps > 0) {
    // The last warm-up step is timed on its own: compilation is behind it, so a step this slow
    // means the candidate loses, and it is not timed further.
    const start = now();
    await run(1);
    const ms = now() - start;
    if (ms > giveUpAboveMs) return ms;
  }
  let steps = 0;
  let elapsed = 0;
  for (let round = 1; elapsed < budgetMs || steps < minSteps; round = Math.min(round * 2, 64)) {
    const start = now();
    await run(round);
    elapsed += now() - start;
    steps += round;
    if (elapsed / steps > giveUpAboveMs) break;
  }
  return elapsed / steps;
}
