/**
 * How long a run takes: before a long run starts, the lab says how long it will take, from the
 * time per step measured on this device (a few steps timed in a short-lived trainer of their
 * own when nothing was measured yet, so the model on show is not touched); while it trains, a
 * progress bar with the time left. Speeds are kept for the tab, per set-up that costs the same.
 */
import { formatNumber } from '../../../lib/chart.ts';
import {
  batchesPerEpoch,
  durationParts,
  epochsDone,
  speedKey,
  wantsEstimate,
  type LabState,
} from '../../../lib/demos/lab.ts';
import type { SessionSetup } from '../../../lib/session.ts';
import type { EngineChoice, TrainerBackend } from '../../../lib/trainer/engines.ts';
import { createRunner, type TrainerRunner } from '../../shared/trainer-runner.ts';
import { backendLabel, type Translate } from './lab-text.ts';

/** Steps a speed probe times; the first (warming up) is left out of the estimate. */
const PROBE_STEPS = 3;
/** A probe that has not finished by then is given up. */
const PROBE_TIMEOUT_MS = 120_000;
/** Weight of the newest slice in the running average of the time per step. */
const SMOOTHING = 0.3;

/** A measured speed: milliseconds per step, on which engine. */
interface Speed {
  msPerStep: number;
  backend: TrainerBackend;
}

/** The median of a non-empty list. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Times `PROBE_STEPS` steps of `setup` on `engine` in a trainer of its own; `done` gets the
 * speed, or null when it could not be measured. Returns the function that cancels it.
 */
function probeSpeed(engine: EngineChoice, setup: SessionSetup, done: (speed: Speed | null) => void): () => void {
  const times: number[] = [];
  let backend: TrainerBackend = 'scratch';
  let runner: TrainerRunner | null = null;
  let timer = 0;
  const stop = () => {
    runner?.dispose();
    runner = null;
    clearTimeout(timer);
  };
  const finish = (speed: Speed | null) => {
    stop();
    done(speed);
  };
  runner = createRunner(engine, (reply) => {
    if (reply.type === 'ready') backend = reply.backend;
    else if (reply.type === 'error') finish(null);
    else if (reply.type === 'progress' && reply.losses.length > 0 && times.push(reply.msPerStep) === PROBE_STEPS)
      finish({ msPerStep: median(times.slice(1)), backend });
  });
  runner.send({ type: 'init', setup, engine });
  for (let step = 0; step < PROBE_STEPS; step++) runner.send({ type: 'step', learningRate: setup.learningRate });
  timer = window.setTimeout(() => finish(null), PROBE_TIMEOUT_MS);
  return stop;
}

/** The lab's run meter, drawn into its `.lab-run` box (a progress bar and a line of text). */
export class RunMeter {
  private readonly box: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly text: HTMLElement;
  private readonly t: Translate;
  private readonly locale: string;
  private readonly speeds = new Map<string, Speed>();
  private probe: { key: string; cancel: () => void } | null = null;

  constructor(box: HTMLElement, t: Translate, locale: string) {
    this.box = box;
    this.bar = box.querySelector('progress') as HTMLProgressElement;
    this.text = box.querySelector('.lab-run-text') as HTMLElement;
    this.t = t;
    this.locale = locale;
  }

  /** Records the time per step of real training (a running average). */
  record(state: LabState, msPerStep: number, backend: TrainerBackend): void {
    if (!(msPerStep > 0)) return;
    const key = speedKey(state);
    const known = this.speeds.get(key);
    const smoothed = known ? known.msPerStep + SMOOTHING * (msPerStep - known.msPerStep) : msPerStep;
    this.speeds.set(key, { msPerStep: smoothed, backend });
  }

  /**
   * Before a run of `steps` steps: hidden for a short run; otherwise the estimated time, or a
   * note that the speed is being measured (and `measure` starts the measurement, on `engine`:
   * the one the lab's trainer runs, which for `auto` is the one measured fastest).
   */
  showPlan(state: LabState, steps: number, measure: () => SessionSetup, engine: EngineChoice = state.engine): void {
    this.bar.hidden = true;
    delete this.box.dataset.timeLeft;
    if (this.probe && this.probe.key !== speedKey(state)) this.cancelProbe();
    if (!wantsEstimate(state, steps)) return this.hide();
    const speed = this.speeds.get(speedKey(state));
    this.box.hidden = false;
    if (!speed) {
      delete this.box.dataset.etaSeconds;
      this.setText(this.t('lab.measuring'));
      return this.startProbe(state, measure(), engine, () => this.showPlan(state, steps, measure, engine));
    }
    const seconds = (steps * speed.msPerStep) / 1000;
    this.box.dataset.etaSeconds = String(seconds);
    const values = {
      steps: formatNumber(steps, this.locale),
      time: this.duration(seconds),
      ms: formatNumber(Math.round(speed.msPerStep), this.locale),
      backend: backendLabel(this.t, speed.backend),
    };
    if (state.sampling !== 'epochs') return this.setText(this.t('lab.plan', values));
    const perEpoch = batchesPerEpoch(state.batch);
    this.setText(
      this.t('lab.planEpochs', { ...values, epochs: formatNumber(steps / perEpoch, this.locale), perEpoch }),
    );
  }

  /** While training: the bar at `step` of `total`, and the time left at the measured speed. */
  showProgress(state: LabState, step: number, total: number): void {
    this.cancelProbe();
    delete this.box.dataset.etaSeconds;
    this.box.hidden = false;
    this.bar.hidden = false;
    this.bar.max = Math.max(1, total);
    this.bar.value = Math.min(step, total);
    const speed = this.speeds.get(speedKey(state));
    const seconds = speed ? (Math.max(0, total - step) * speed.msPerStep) / 1000 : null;
    this.box.dataset.timeLeft = seconds === null ? '' : String(seconds);
    const left = seconds === null ? '…' : this.duration(seconds);
    if (state.sampling === 'epochs') {
      const epochs = formatNumber(total / batchesPerEpoch(state.batch), this.locale);
      this.setText(this.t('lab.progressEpochs', { epoch: epochsDone(step, state.batch), epochs, left }));
    } else this.setText(this.t('lab.progress', { step: formatNumber(step, this.locale), total, left }));
  }

  /** Hides the meter (and stops a measurement nobody waits for). */
  hide(): void {
    this.cancelProbe();
    this.box.hidden = true;
    delete this.box.dataset.etaSeconds;
  }

  /** Stops a running measurement. */
  cancelProbe(): void {
    this.probe?.cancel();
    this.probe = null;
  }

  dispose(): void {
    this.cancelProbe();
  }

  private startProbe(state: LabState, setup: SessionSetup, engine: EngineChoice, measured: () => void): void {
    const key = speedKey(state);
    if (this.probe?.key === key) return;
    this.cancelProbe();
    const cancel = probeSpeed(engine, setup, (speed) => {
      this.probe = null;
      if (speed) this.speeds.set(key, speed);
      if (speed) measured();
      else this.hide();
    });
    this.probe = { key, cancel };
  }

  private setText(text: string): void {
    if (this.text.textContent !== text) this.text.textContent = text;
  }

  /** A duration in words of the page's language. */
  private duration(seconds: number): string {
    const { h, m, s } = durationParts(seconds);
    if (h !== undefined) return this.t('lab.duration.hm', { h, m: m ?? 0 });
    if (m !== undefined) return s ? this.t('lab.duration.ms', { m, s }) : this.t('lab.duration.m', { m });
    return this.t('lab.duration.s', { s: s ?? 1 });
  }
}
