/**
 * The trainer: turns {@link Request}s into work on a {@link TrainingSession} and reports back
 * through `emit`. The same host runs inside a Web Worker and, as a fallback, on the page; only
 * the way it yields between slices of work differs. Framework-free (no DOM), so it is unit-tested
 * in Node.
 *
 * Ordering: requests are handled one after another in arrival order, except `pause`, which takes
 * effect at once. Training runs in one loop at a time, in slices of `timing.sliceMs`; a request
 * that changes the model (init, reset, step) first stops the loop and waits for it to end.
 */
import { createSession, type TrainingSession } from '../session.ts';
import type { EngineChooser, Reply, ReplyBody, Request } from './protocol.ts';

/** How often the test windows on show are re-predicted while training, in ms. */
const PREDICT_EVERY_MS = 400;
/** How often the whole test set is evaluated while training, in ms. */
const EVALUATE_EVERY_MS = 500;

/** How long one uninterrupted slice of training may run, and how the host yields after it. */
export interface HostTiming {
  sliceMs: number;
  /** Resolves when the host may continue (lets messages, input and painting through). */
  yieldToOthers: () => Promise<void>;
}

/** Handles requests for one session at a time; see the module comment for the ordering. */
export class TrainerHost {
  private session: TrainingSession | null = null;
  private sessionId = 0;
  private running = false;
  private looping = false;
  private loopDone: Promise<void> = Promise.resolve();
  private targetStep = 0;
  private pendingWindows: number[] | null = null;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly emitReply: (reply: Reply) => void;
  private readonly timing: HostTiming;
  private readonly chooseEngine: EngineChooser;

  constructor(emit: (reply: Reply) => void, timing: HostTiming, chooseEngine: EngineChooser) {
    this.emitReply = emit;
    this.timing = timing;
    this.chooseEngine = chooseEngine;
  }

  /** Queues a request (`pause` acts at once); resolves when it has been handled. */
  handle(request: Request): Promise<void> {
    if (request.type === 'pause') {
      this.running = false;
      return Promise.resolve();
    }
    this.queue = this.queue.then(() => this.dispatchSafely(request));
    return this.queue;
  }

  /** Stops training, frees the model and silences every later reply. */
  dispose(): void {
    this.disposed = true;
    this.running = false;
    void this.loopDone.then(() => this.session?.dispose());
  }

  private emit(body: ReplyBody): void {
    if (!this.disposed) this.emitReply({ ...body, session: this.sessionId });
  }

  private fail(error: unknown, during: Request['type']): void {
    this.running = false;
    this.emit({ type: 'error', message: error instanceof Error ? error.message : String(error), during });
  }

  private async dispatchSafely(request: Exclude<Request, { type: 'pause' }>): Promise<void> {
    try {
      await this.dispatch(request);
    } catch (error) {
      this.fail(error, request.type);
    }
  }

  private async dispatch(request: Exclude<Request, { type: 'pause' }>): Promise<void> {
    switch (request.type) {
      case 'init':
        return this.init(request);
      case 'train':
        return this.train(request.steps, request.fresh ?? false);
      case 'step':
        await this.stopLoop();
        await this.runSlice(1);
        return this.sendWindows();
      case 'reset':
        await this.stopLoop();
        this.requireSession().reset();
        return this.report(0);
      case 'predict':
        this.pendingWindows = request.indices;
        return this.looping ? undefined : this.sendWindows();
      case 'evaluate':
        return this.sendEvaluation(true);
      case 'export':
        this.emit({ type: 'exported', text: await this.requireSession().exportModel() });
        return;
      case 'learningRate':
        this.requireSession().engine.setLearningRate(request.value);
        return;
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
    await this.stopLoop();
    const previous = this.session;
    this.session = null;
    this.sessionId = request.session;
    previous?.dispose();
    const chosen = await this.chooseEngine(request.engine, request.wasmPaths);
    const session = await createSession(request.setup, chosen.create, request.params);
    this.session = session;
    this.emit({
      type: 'ready',
      backend: chosen.backend,
      notes: chosen.notes,
      softwareWebgl: chosen.softwareWebgl,
      testCount: session.test.count,
      step: 0,
    });
  }

  /** Trains `steps` more steps (from the seed's initial weights when `fresh`). */
  private async train(steps: number, fresh: boolean): Promise<void> {
    const session = this.requireSession();
    if (fresh) {
      await this.stopLoop();
      session.reset();
    }
    this.targetStep = session.step + steps;
    this.running = true;
    if (!this.looping) this.startLoop();
  }

  private startLoop(): void {
    this.looping = true;
    this.running = true;
    this.loopDone = this.loop()
      .catch((error) => this.fail(error, 'train'))
      .finally(() => {
        this.looping = false;
        const resumed = this.running && this.session !== null && this.session.step < this.targetStep;
        if (resumed) this.startLoop();
      });
  }

  /** Trains in slices until the target step or a pause, reporting after every slice. */
  private async loop(): Promise<void> {
    const session = this.requireSession();
    let lastPredict = 0;
    let lastEvaluation = performance.now();
    while (this.running && this.session === session && session.step < this.targetStep) {
      await this.runSlice(this.targetStep - session.step);
      if (performance.now() - lastPredict > PREDICT_EVERY_MS) {
        lastPredict = performance.now();
        await this.sendWindows();
      }
      if (performance.now() - lastEvaluation > EVALUATE_EVERY_MS) {
        await this.sendEvaluation(false);
        lastEvaluation = performance.now();
      }
      await this.timing.yieldToOthers();
    }
    if (this.session !== session) return;
    const finished = session.step >= this.targetStep;
    if (finished) this.running = false;
    await this.sendWindows();
    this.report(0);
    await this.sendEvaluation(finished);
  }

  /** Up to `maxSteps` steps, stopping early when the slice's time is up. */
  private async runSlice(maxSteps: number): Promise<void> {
    const session = this.requireSession();
    const start = performance.now();
    const firstNew = session.step;
    let steps = 0;
    while (steps < maxSteps) {
      await session.trainStep();
      steps++;
      if (performance.now() - start >= this.timing.sliceMs) break;
    }
    const elapsed = performance.now() - start;
    this.emitProgress(session.losses.slice(firstNew), steps > 0 ? elapsed / steps : 0);
  }

  private report(msPerStep: number): void {
    this.emitProgress([], msPerStep, true);
  }

  private emitProgress(newLosses: number[], msPerStep: number, full = false): void {
    const session = this.requireSession();
    this.emit({
      type: 'progress',
      step: session.step,
      losses: full ? [...session.losses] : newLosses,
      full,
      msPerStep,
      running: this.running,
    });
  }

  private async sendWindows(): Promise<void> {
    if (!this.pendingWindows || !this.session) return;
    this.emit({ type: 'windows', windows: await this.session.predictWindows(this.pendingWindows) });
  }

  /** Test-set error of the current model; `final` marks the end of a run. */
  private async sendEvaluation(final: boolean): Promise<void> {
    const session = this.requireSession();
    this.emit({ type: 'evaluation', evaluation: await session.evaluate(), step: session.step, final });
  }
}
