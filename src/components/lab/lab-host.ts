/**
 * The trainer side of the lab: turns {@link Request}s into work on a {@link TrainingSession}
 * and reports back through `emit`. The same host runs inside the Web Worker and, as a
 * fallback, on the page; only the way it yields between slices of work differs.
 */
import { createSession, type TrainingSession } from '../../lib/session.ts';
import type { Params } from '../../lib/model/params.ts';
import { makeEngineFactory } from './engines.ts';
import type { EngineChoice, Reply, Request } from './protocol.ts';

/** How often the test windows on show are re-predicted while training, in ms. */
const PREDICT_EVERY_MS = 400;
/** How often the whole test set is evaluated while training, in ms. */
const EVALUATE_EVERY_MS = 500;

/** How long one uninterrupted slice of training may run before yielding, in ms. */
export interface HostTiming {
  sliceMs: number;
  /** Resolves when the host may continue (lets messages, input and painting through). */
  yieldToOthers: () => Promise<void>;
}

/** Handles lab requests for one session at a time. */
export class LabHost {
  private session: TrainingSession | null = null;
  private running = false;
  private targetStep = 0;
  private pendingWindows: number[] | null = null;
  private readonly emit: (reply: Reply) => void;
  private readonly timing: HostTiming;

  constructor(emit: (reply: Reply) => void, timing: HostTiming) {
    this.emit = emit;
    this.timing = timing;
  }

  /** Handles one request; errors become an `error` reply naming the request. */
  async handle(request: Request): Promise<void> {
    try {
      await this.dispatch(request);
    } catch (error) {
      this.running = false;
      this.emit({ type: 'error', message: error instanceof Error ? error.message : String(error), during: request.type });
    }
  }

  private async dispatch(request: Request): Promise<void> {
    switch (request.type) {
      case 'init':
        return this.init(request.setup, request.engine, request.params, request.wasmPaths);
      case 'train':
        this.targetStep = this.requireSession().step + request.steps;
        if (!this.running) void this.loop();
        return;
      case 'pause':
        this.running = false;
        return;
      case 'step':
        this.running = false;
        return this.runSlice(1);
      case 'reset':
        this.running = false;
        this.requireSession().reset();
        return this.report(0);
      case 'predict':
        this.pendingWindows = request.indices;
        if (!this.running) await this.sendWindows();
        return;
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

  private async init(setup: TrainingSession['setup'], engine: EngineChoice, params?: Params, wasmPaths?: Record<string, string>): Promise<void> {
    this.running = false;
    const factory = await makeEngineFactory(engine, wasmPaths);
    const session = await createSession(setup, factory.create, params);
    this.session?.dispose();
    this.session = session;
    this.emit({
      type: 'ready',
      backend: factory.backend,
      notes: factory.notes,
      softwareWebgl: factory.softwareWebgl,
      testCount: session.test.count,
      step: 0,
    });
  }

  /** Trains in slices until the target step or a pause, reporting after every slice. */
  private async loop(): Promise<void> {
    this.running = true;
    let lastPredict = 0;
    let lastEvaluation = performance.now();
    while (this.running && this.requireSession().step < this.targetStep) {
      await this.runSlice(this.targetStep - this.requireSession().step);
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
    const finished = this.running;
    this.running = false;
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
    if (!this.running) await this.sendWindows();
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
