/**
 * The demos' lifecycle: phases, the model's origin, what Train does and says, which buttons
 * are enabled, what a settings change does while training, and which status line applies.
 */
import { describe, expect, it } from 'vitest';
import {
  advance,
  controls,
  initialLifecycle,
  settingEffect,
  statusKind,
  trainPlan,
  type Lifecycle,
  type LifecycleEvent,
} from '../../src/lib/demos/lifecycle.ts';

/** The state after a sequence of events from a fresh demo running `total` steps. */
function after(events: LifecycleEvent[], total = 100): Lifecycle {
  return events.reduce(advance, initialLifecycle(total));
}

const seedReady: LifecycleEvent = { type: 'ready', origin: 'seed', step: 0 };

describe('lifecycle', () => {
  it('loads, then rests on the model it was given', () => {
    expect(after([]).phase).toBe('loading');
    expect(controls(after([])).train).toBe(false);
    expect(after([seedReady])).toEqual({ phase: 'idle', origin: 'seed', step: 0, total: 100 });
    expect(after([{ type: 'ready', origin: 'pretrained', step: 0 }]).phase).toBe('idle');
    expect(after([{ type: 'fail' }]).phase).toBe('broken');
    expect(statusKind(after([{ type: 'fail' }]))).toBe('broken');
  });

  it('trains, pauses with the steps so far, resumes, and finishes at the end of the run', () => {
    const training = after([seedReady, { type: 'train' }, { type: 'progress', step: 40 }]);
    expect(training).toMatchObject({ phase: 'training', origin: 'trained', step: 40 });
    const pausing = advance(training, { type: 'pause' });
    expect(pausing.phase).toBe('pausing');
    expect(controls(pausing)).toMatchObject({ train: false, pause: true, reset: false, modelSettings: false });
    // The trainer's last slice still counts; the phase waits for its confirmation.
    const paused = advance(advance(pausing, { type: 'progress', step: 40 }), { type: 'paused' });
    expect(paused.phase).toBe('paused');
    expect(trainPlan(paused)).toEqual({ fresh: false, label: 'resume' });
    const resumed = advance(paused, { type: 'train' });
    expect(resumed).toMatchObject({ phase: 'training', step: 40 });
    const finished = advance(resumed, { type: 'finished', step: 100 });
    expect(finished).toMatchObject({ phase: 'finished', step: 100 });
  });

  it('says what Train will do: start, resume, start again from the seed, or leave a foreign model', () => {
    expect(trainPlan(after([seedReady]))).toEqual({ fresh: false, label: 'start' });
    const finished = after([seedReady, { type: 'train' }, { type: 'finished', step: 100 }]);
    expect(trainPlan(finished)).toEqual({ fresh: true, label: 'again' });
    expect(advance(finished, { type: 'train' })).toMatchObject({ phase: 'training', step: 0 });
    const pretrained = after([{ type: 'ready', origin: 'pretrained', step: 0 }]);
    expect(trainPlan(pretrained)).toEqual({ fresh: true, label: 'fromSeed' });
    const imported = after([{ type: 'ready', origin: 'imported', step: 0 }]);
    expect(trainPlan(imported).label).toBe('fromSeed');
  });

  it('a longer run turns a finished model into a paused one (Train resumes), a shorter one back', () => {
    const finished = after([seedReady, { type: 'train' }, { type: 'finished', step: 100 }]);
    const longer = advance(finished, { type: 'total', total: 150 });
    expect(longer.phase).toBe('paused');
    expect(trainPlan(longer).label).toBe('resume');
    expect(advance(longer, { type: 'total', total: 80 }).phase).toBe('finished');
  });

  it('a kept model comes back trained, paused or finished by its steps', () => {
    expect(after([{ type: 'ready', origin: 'trained', step: 30 }])).toMatchObject({ phase: 'paused', step: 30 });
    expect(after([{ type: 'ready', origin: 'trained', step: 100 }]).phase).toBe('finished');
    expect(trainPlan(after([{ type: 'ready', origin: 'trained', step: 30 }])).label).toBe('resume');
  });

  it('a step by hand on a pretrained model starts from the seed; Reset returns to it', () => {
    const stepped = after([{ type: 'ready', origin: 'pretrained', step: 0 }, { type: 'step' }]);
    expect(stepped).toMatchObject({ origin: 'trained', step: 0 });
    const one = advance(stepped, { type: 'progress', step: 1 });
    expect(one.phase).toBe('paused');
    const reset = advance(one, { type: 'reset' });
    expect(reset).toEqual({ phase: 'idle', origin: 'seed', step: 0, total: 100 });
  });

  it('ignores what cannot happen: Train while loading or training, Pause at rest', () => {
    expect(after([{ type: 'train' }]).phase).toBe('loading');
    const training = after([seedReady, { type: 'train' }]);
    expect(advance(training, { type: 'train' })).toEqual(training);
    const idle = after([seedReady]);
    expect(advance(idle, { type: 'pause' })).toEqual(idle);
  });

  it('a finished report after a pause moves the steps but not the phase backwards', () => {
    const pausing = after([seedReady, { type: 'train' }, { type: 'progress', step: 60 }, { type: 'pause' }]);
    expect(advance(pausing, { type: 'finished', step: 100 })).toMatchObject({ phase: 'finished', step: 100 });
    const paused = advance(pausing, { type: 'paused' });
    const late = advance(paused, { type: 'finished', step: 100 });
    expect(late).toMatchObject({ phase: 'finished', step: 100 });
    const early = advance(paused, { type: 'finished', step: 70 });
    expect(early).toMatchObject({ phase: 'paused', step: 70 });
  });

  it('an error while training stops it and keeps the model', () => {
    const stopped = after([seedReady, { type: 'train' }, { type: 'progress', step: 7 }, { type: 'stopped' }]);
    expect(stopped).toMatchObject({ phase: 'paused', step: 7, origin: 'trained' });
  });
});

describe('controls', () => {
  it('while training only Pause and looking are possible, and model settings are locked', () => {
    const training = controls(after([seedReady, { type: 'train' }]));
    expect(training).toMatchObject({
      train: false,
      pause: true,
      step: false,
      reset: false,
      export: false,
      view: true,
      modelSettings: false,
    });
  });

  it('at rest everything but Pause is possible', () => {
    expect(controls(after([seedReady]))).toEqual({
      train: true,
      trainLabel: 'start',
      pause: false,
      step: true,
      reset: true,
      export: true,
      view: true,
      modelSettings: true,
    });
  });
});

describe('settings', () => {
  it('the learning rate and length apply at once while training and wait otherwise', () => {
    const training = after([seedReady, { type: 'train' }]);
    expect(settingEffect(training, 'schedule')).toBe('applyNow');
    expect(settingEffect(after([seedReady]), 'schedule')).toBe('keep');
  });

  it('model settings rebuild the model at rest and are refused while training or stopping', () => {
    expect(settingEffect(after([seedReady]), 'model')).toBe('rebuild');
    expect(settingEffect(after([seedReady, { type: 'train' }, { type: 'pause' }]), 'model')).toBe('refused');
    expect(settingEffect(after([seedReady, { type: 'train' }, { type: 'pause' }]), 'schedule')).toBe('keep');
    expect(settingEffect(after([seedReady, { type: 'train' }]), 'model')).toBe('refused');
    expect(settingEffect(after([seedReady, { type: 'train' }]), 'display')).toBe('redraw');
  });
});

describe('status line', () => {
  it('describes where the model came from until it is trained here, then its progress', () => {
    expect(statusKind(after([]))).toBe('loading');
    expect(statusKind(after([{ type: 'ready', origin: 'pretrained', step: 0 }]))).toBe('origin');
    expect(statusKind(after([seedReady]))).toBe('origin');
    expect(statusKind(after([seedReady, { type: 'train' }]))).toBe('training');
    expect(statusKind(after([seedReady, { type: 'train' }, { type: 'pause' }]))).toBe('progress');
    expect(statusKind(after([seedReady, { type: 'train' }, { type: 'pause' }, { type: 'paused' }]))).toBe('progress');
  });
});
