/**
 * The trainer: turns {@link Request}s into work on a {@link TrainingSession} and reports back
 * through `emit`. The same host runs inside a Web Worker and, as a fallback, on the page; only
 * the way it yields between slices of work differs. Framework-free (no DOM), so it is unit-tested
 * in Node with an injected clock.
 *
 * Ordering: requests are handled one after another in arrival order; `pause` also stops the
 * running loop at once. Training runs in one loop at a time, in slices of `timing.sliceMs`; a
 * request that changes the model (init, reset, step, a fresh train) first stops the loop and
 * waits for it to end. Each reply carries the run id of the last request handled before it.
 * Work that a request already received makes pointless is skipped: while a request that
 * replaces the model waits in the queue, earlier requests (but for building a model, picking
 * windows and exporting), training and the reports of a loop that ends are dropped, so a
 * burst of clicks leaves no backlog of training and evaluations behind it.
 */
import { createRng } from '../rng.ts';
import { createSession, trainingOptionsOf, type TrainingSession } from '../session.ts';
import type { EngineSource, TrainerBackend } from './engines.ts';
import { measureCandidates } from './measure.ts';
import type { EvaluationReason, ReportIntervals, Reply, ReplyBody, Request, RequestBody } from './protocol.ts';
import { SessionGuard } from './guard.ts';
import { ReportSchedule, SlicePacer } from './pace.ts';
import { replacesModel } from './runs.ts';
import { phaseAt, scheduleLength, scheduleProblems, type TrainingPhase } from './schedule.ts';

/**
 * How often, by default, the test windows on show are re-predicted and the whole test set is
 * evaluated while training, in ms (an `init` request may ask for other intervals).
 */
export const REPORT_EVERY_MS: Readonly<ReportIntervals> = { predict: 400, evaluate: 500 };

/** How long one uninterrupted slice of training may run, how the host yields after it, and its clock. */
export interface HostTiming {
  sliceMs: number;
  /** Resolves when the host may continue (lets messages, input and painting through). */
  yieldToOthers: () => Promise<void>;
  /** Milliseconds from some fixed origin (default `performance.now`); tests pass their own. */
  now?: () => number;
}

/** Test windows picked for display: their draw number and indices in the test set. */
interface ShownWindows {
  draw: number;
  indices: number[];
}

/** Whether a request first ends the training loop: it replaces, steps or measures over the model. */
function endsLoop(request: Request): boolean {
  return ['init', 'reset', 'step', 'measure'].includes(request.type) || (request.type === 'train' && request.fresh);
}

/** Requests that always run, even when a request replacing the model waits: their replies are awaited. */
const ALWAYS_RUN: ReadonlySet<RequestBody['type']> = new Set(['windows', 'export', 'probe', 'measure']);

/** Handles requests for one session at a time; see the module comment for the ordering. */
export class TrainerHost {
  private session: TrainingSession | null = null;
  private run = 0;
  /** The run of the latest request received that replaces the model (init, reset, a fresh train). */
  private replacedAt = 0;
  /** The run of the latest init received (only a newer init makes building a model pointless). */
  private rebuiltAt = 0;
  private running = false;
  private looping = false;
  private loopDone: Promise<void> = Promise.resolve();
  /** Resolves once the current loop runs no more steps (before its closing reports). */
  private loopStopped: Promise<void> = Promise.resolve();
  private schedule: TrainingPhase[] = [];
  private learningRate = 0;
  private pacer: SlicePacer;
  private guard: SessionGuard | null = null;
  /** Stops watching the current engine's device (WebGL context). */
  private unwatchDevice: () => void = () => undefined;
  private shown: ShownWindows | null = null;
  private snapshotEveryMs = 0;
  private reportEveryMs: ReportIntervals = { ...REPORT_EVERY_MS };
  /** Losses the page has been sent (the next progress starts here). */
  private reported = 0;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly emitReply: (reply: Reply) => void;
  private readonly timing: HostTiming;
  private readonly engines: EngineSource;
  private readonly now: () => number;

  constructor(emit: (reply: Reply) => void, timing: HostTiming, engines: EngineSource) {
    this.emitReply = emit;
    this.timing = timing;
    this.engines = engines;
    this.now = timing.now ?? (() => performance.now());
    this.pacer = new SlicePacer(timing.sliceMs);
  }

  /** Queues a request (`pause` also stops the loop at once); resolves when it has been handled. */
  handle(request: Request): Promise<void> {
    if (request.type === 'pause') this.running = false;
    if (replacesModel(request)) this.replacedAt = Math.max(this.replacedAt, request.run);
    if (request.type === 'init') this.rebuiltAt = Math.max(this.rebuiltAt, request.run);
    this.queue = this.queue.then(() => this.dispatchSafely(request));
    return this.queue;
  }

  /** Stops training, frees the model and silences every later reply. */
  dispose(): void {
    this.disposed = true;
    this.running = false;
    this.unwatchDevice();
    void this.loopDone.then(() => this.session?.dispose());
  }

  private emit(body: ReplyBody): void {
    if (!this.disposed) this.emitReply({ ...body, run: this.run });
  }

  private fail(error: unknown, during: RequestBody['type']): void {
    this.running = false;
    this.emit({ type: 'error', message: error instanceof Error ? error.message : String(error), during });
  }

  /**
   * Whether a request (or, without one, the work of the current run) is pointless because a
   * request replacing the model is already waiting. Picking windows, exporting, probing and
   * measuring always run.
   */
  private superseded(request?: Request): boolean {
    if (request && ALWAYS_RUN.has(request.type)) return false;
    return (request?.run ?? this.run) < this.replacedAt;
  }

  private async dispatchSafely(request: Request): Promise<void> {
    if (request.type === 'init' ? request.run < this.rebuiltAt : this.superseded(request)) return;
    try {
      // Replies of a loop that this request ends still belong to the run before it.
      if (endsLoop(request)) await this.stopLoop();
      this.run = request.run;
      await this.dispatch(request);
    } catch (error) {
      this.fail(error, request.type);
    }
  }

  private async dispatch(request: Request): Promise<void> {
    switch (request.type) {
      case 'init':
        return this.init(request);
      case 'train':
        return this.train(request.schedule, request.fresh);
      case 'pause':
        // Confirmed once no step runs any more (the loop's closing reports may follow).
        this.running = false;
        await this.loopStopped;
        if (this.session) this.emit({ type: 'paused', step: this.session.step });
        return;
      case 'step':
        this.useLearningRate(request.learningRate);
        await this.runSlice(1);
        await this.sendPredictions();
        return this.sendSnapshot();
      case 'reset':
        this.requireSession().reset();
        this.guard?.reset();
        this.sendProgress(0);
        return this.sendPredictions();
      case 'windows':
        return this.showWindows({ draw: request.draw, indices: this.pickWindows(request.count, request.draw) });
      case 'evaluate':
        return this.sendEvaluation('requested');
      case 'export':
        this.emit({ type: 'exported', text: await this.requireSession().exportModel() });
        return;
      case 'probe':
        this.emit({ type: 'probed', device: this.engines.probe() });
        return;
      case 'measure':
        return this.measure(request);
    }
  }

  private requireSession(): TrainingSession {
    if (!this.session) throw new Error('the model is not ready yet');
    return this.session;
  }

  /** Ends the training loop, if any, and waits until it has stopped touching the session. */
  private async stopLoop(): Promise<void> {
    this.running = false;
    await this.loopDone;
  }

  private async init(request: Extract<Request, { type: 'init' }>): Promise<void> {
    const previous = this.session;
    this.session = null;
    this.shown = null;
    previous?.dispose();
    const chosen = await this.engines.choose(request.engine, request.wasmPaths);
    const session = await createSession(request.setup, chosen.create, request.params);
    // A kept model continues its run: its losses so far make up the step count, and its
    // optimiser state (when sent) keeps Adam's next update what it would have been.
    try {
      if (request.history || request.optimizer) session.restore(request.history ?? [], request.optimizer);
    } catch (error) {
      session.dispose();
      throw error;
    }
    this.session = session;
    this.pacer = new SlicePacer(this.timing.sliceMs);
    this.guard = new SessionGuard(session, this.now);
    this.unwatchDevice();
    this.unwatchDevice = chosen.watchDevice?.(() => this.deviceLost(chosen.backend)) ?? (() => undefined);
    this.learningRate = trainingOptionsOf(request.setup).learningRate;
    this.snapshotEveryMs = request.snapshotEveryMs ?? 0;
    this.reportEveryMs = { ...REPORT_EVERY_MS, ...request.reportEveryMs };
    this.reported = session.step;
    this.emit({
      type: 'ready',
      backend: chosen.backend,
      notes: chosen.notes,
      softwareWebgl: chosen.softwareWebgl,
      step: session.step,
    });
  }

  /** Frees the model (engines being timed should not share the device with it), then times the candidates. */
  private async measure(request: Extract<Request, { type: 'measure' }>): Promise<void> {
    this.session?.dispose();
    this.session = null;
    this.shown = null;
    const decision = await measureCandidates({
      setup: request.setup,
      candidates: request.candidates,
      choose: (engine) => this.engines.choose(engine),
      timing: { now: this.now },
    });
    this.emit({ type: 'measured', timings: decision.timings });
  }

  /** Trains to the end of `schedule` (from the seed's initial weights when `fresh`). */
  private async train(schedule: TrainingPhase[], fresh: boolean): Promise<void> {
    const problems = scheduleProblems(schedule);
    if (problems.length > 0) throw new Error(`invalid schedule: ${problems.join('; ')}`);
    const session = this.requireSession();
    if (fresh) {
      session.reset();
      this.guard?.reset();
      this.sendProgress(0);
    }
    this.schedule = schedule;
    this.running = true;
    if (!this.looping) this.startLoop();
  }

  private startLoop(): void {
    let stopped: () => void = () => undefined;
    this.loopStopped = new Promise<void>((resolve) => (stopped = resolve));
    this.looping = true;
    this.running = true;
    this.loopDone = this.loop(stopped)
      .catch((error) => this.fail(error, 'train'))
      .finally(() => {
        stopped();
        this.looping = false;
        // A train request handled while the loop was winding down continues in a new loop.
        if (this.running && this.session !== null) this.startLoop();
      });
  }

  private useLearningRate(learningRate: number): void {
    if (learningRate === this.learningRate) return;
    this.requireSession().configureTraining({ learningRate });
    this.learningRate = learningRate;
  }

  /** Trains in slices until the schedule ends or a pause, reporting after every slice; calls `stopped` after the last step. */
  private async loop(stopped: () => void): Promise<void> {
    const session = this.requireSession();
    // Each report waits its interval after the previous one is done, and longer when it is slow
    // (a busy machine, a large model, software WebGL), so reports never crowd out training.
    const reports = new ReportSchedule({ ...this.reportEveryMs, snapshot: this.snapshotEveryMs }, this.now);
    let phase = phaseAt(this.schedule, session.step);
    while (this.running && this.session === session && phase && !this.superseded()) {
      this.useLearningRate(phase.learningRate);
      await this.runSlice(phase.endStep - session.step);
      await reports.run('predict', () => this.sendPredictions());
      await reports.run('evaluate', () => this.sendEvaluation('training'));
      await reports.run('snapshot', () => this.sendSnapshot());
      await this.timing.yieldToOthers();
      phase = phaseAt(this.schedule, session.step);
    }
    stopped();
    if (this.session !== session) return;
    const finished = session.step >= scheduleLength(this.schedule);
    this.running = false;
    if (this.superseded()) return;
    if (finished) this.emit({ type: 'finished', step: session.step });
    await this.sendPredictions();
    this.sendSnapshot();
    await this.sendEvaluation(finished ? 'finished' : 'paused');
  }

  /**
   * One slice: up to `maxSteps` steps in one engine call, as many as fit in the slice's time,
   * keeping the weights it starts from; stops training after a blow-up (see guard.ts).
   */
  private async runSlice(maxSteps: number): Promise<void> {
    const session = this.requireSession();
    this.guard?.beforeSlice();
    const steps = this.pacer.next(maxSteps);
    const start = this.now();
    const { losses, gradNorms } = await session.trainSteps(steps);
    const elapsed = this.now() - start;
    this.pacer.record(steps, elapsed);
    // A step whose gradient overflowed (NaN norm) left the weights as they were: it counts as a
    // loss that is not a number, so the guard stops the run there.
    const checked = Array.from(losses, (loss, i) => (Number.isNaN(gradNorms[i]) ? Number.NaN : loss));
    const blowUp = this.guard?.check(checked, session.step - steps) ?? null;
    // Every step up to the blow-up is reported, its loss and gradient norm too (a figure of the
    // norms shows the explosion); the steps after it trained on broken weights.
    this.sendProgress(elapsed / steps, blowUp ? blowUp.index + 1 : session.step);
    if (!blowUp || !this.guard) return;
    const divergence = this.guard.restore(blowUp);
    this.running = false;
    this.emit({ type: 'diverged', ...divergence });
    // The run now stands where the good weights were kept: its losses go on from there.
    this.sendProgress(elapsed / steps);
  }

  /** The engine's device is gone (a lost WebGL context): nothing more can run; the page is told. */
  private deviceLost(backend: TrainerBackend): void {
    this.running = false;
    const message = `the ${backend} device was lost`;
    this.emit({ type: 'lost', reason: 'context', message, backend });
  }

  /** Sends the losses not sent yet, up to step `upTo` (all from 0 after a reset). */
  private sendProgress(msPerStep: number, upTo = this.requireSession().step): void {
    const session = this.requireSession();
    const from = Math.min(this.reported, upTo);
    this.reported = upTo;
    const [losses, gradNorms] = [session.losses.slice(from, upTo), session.gradNorms.slice(from, upTo)];
    this.emit({ type: 'progress', step: upTo, from, losses, gradNorms, msPerStep });
  }

  /** `count` distinct test windows, the same for the same set-up seed and draw number. */
  private pickWindows(count: number, draw: number): number[] {
    const session = this.requireSession();
    return session.pickWindows(count, createRng(session.setup.seed * 7919 + draw));
  }

  private async showWindows(shown: ShownWindows): Promise<void> {
    const session = this.requireSession();
    const T = session.test.window;
    this.shown = shown;
    const windows = shown.indices.map((index) => ({
      index,
      input: session.test.x.slice(index * T, (index + 1) * T),
      target: session.test.y.slice(index * T, (index + 1) * T),
    }));
    this.emit({ type: 'windows', draw: shown.draw, windows });
    await this.sendPredictions();
  }

  private async sendPredictions(): Promise<void> {
    const { shown, session } = this;
    if (!shown || !session) return;
    const predicted = await session.predictWindows(shown.indices);
    const predictions = predicted.map((window) => window.prediction);
    this.emit({ type: 'predictions', draw: shown.draw, step: session.step, predictions });
  }

  private sendSnapshot(): void {
    const session = this.session;
    if (!session || this.snapshotEveryMs <= 0) return;
    const { engine } = session;
    this.emit({
      type: 'snapshot',
      step: session.step,
      params: engine.getParams(),
      optimizer: engine.getOptimizerState(),
    });
  }

  /** Test-set error of the current model. */
  private async sendEvaluation(reason: EvaluationReason): Promise<void> {
    const session = this.requireSession();
    this.emit({ type: 'evaluation', evaluation: await session.evaluate(), step: session.step, reason });
  }
}
