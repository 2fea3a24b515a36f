/**
 * `auto` on the trainer's side: the candidates a device offers, the timing of fake engines whose
 * steps take a given time on an injected clock (the fastest wins; one that fails to start, or
 * starts as something else, is recorded and skipped), and the host's probe and measure replies.
 */
import { describe, expect, it } from 'vitest';
import type { AutoCandidate } from '../../src/lib/auto-engine.ts';
import { DATA_DEFAULTS } from '../../src/lib/data.ts';
import { ORIGINAL_CONFIG } from '../../src/lib/model/config.ts';
import { createScratchEngine } from '../../src/lib/model/scratch.ts';
import type { SessionSetup } from '../../src/lib/session.ts';
import { autoCandidates, type ChosenEngine, type EngineChooser } from '../../src/lib/trainer/engines.ts';
import { TrainerHost } from '../../src/lib/trainer/host.ts';
import { measureCandidates } from '../../src/lib/trainer/measure.ts';
import type { Reply } from '../../src/lib/trainer/protocol.ts';

const setup: SessionSetup = {
  config: { ...ORIGINAL_CONFIG, hiddenSize: 4, outputSize: 3, window: 8 },
  data: { ...DATA_DEFAULTS, cycles: 1, horizon: 2, trainSize: 32, testSize: 16 },
  learningRate: 0.01,
  batchSize: 4,
  seed: 2,
};

/** How a fake candidate behaves: ms per step, or it fails to start, or another backend starts instead. */
type Behaviour = number | 'fails' | 'substitute';

/** A clock and a chooser of fake engines: a step of `engine` moves the clock by its ms. */
function fakeDevice(behaviour: Partial<Record<AutoCandidate, Behaviour>>) {
  const clock = { now: 0 };
  const built: string[] = [];
  const choose: EngineChooser = async (choice) => {
    const given = behaviour[choice as AutoCandidate];
    if (given === undefined || given === 'fails') throw new Error(`${choice} is not available`);
    const backend = given === 'substitute' ? 'cpu' : (choice as ChosenEngine['backend']);
    return {
      backend,
      notes: [],
      softwareWebgl: false,
      create: async (config, params, training) => {
        built.push(choice);
        const engine = createScratchEngine(config, params, { training });
        return {
          ...engine,
          trainSteps: async (batches) => {
            clock.now += (typeof given === 'number' ? given : 1) * batches.length;
            return engine.trainSteps(batches);
          },
        };
      },
    };
  };
  return { clock, choose, built };
}

describe('autoCandidates', () => {
  it('offers WebGL only on a hardware renderer, WASM where WebAssembly exists, scratch always', () => {
    const hardware = { available: true, software: false, renderer: 'ANGLE (NVIDIA)' };
    const software = { available: true, software: true, renderer: 'SwiftShader' };
    const none = { available: false, software: false, renderer: '' };
    expect(autoCandidates(hardware, true)).toEqual(['scratch', 'webgl', 'wasm']);
    expect(autoCandidates(software, true)).toEqual(['scratch', 'wasm']);
    expect(autoCandidates(none, false)).toEqual(['scratch']);
  });
});

describe('measureCandidates', () => {
  it('times fake engines on the set-up and picks the fastest', async () => {
    const { clock, choose, built } = fakeDevice({ scratch: 14, webgl: 9, wasm: 60 });
    const decision = await measureCandidates({
      setup,
      candidates: ['scratch', 'webgl', 'wasm'],
      choose,
      timing: { now: () => clock.now, budgetMs: 100 },
    });
    expect(decision.engine).toBe('webgl');
    expect(decision.timings).toEqual([
      { engine: 'scratch', msPerStep: 14 },
      { engine: 'webgl', msPerStep: 9 },
      { engine: 'wasm', msPerStep: 60 },
    ]);
    expect(built).toEqual(['scratch', 'webgl', 'wasm']);
  });

  it('falls back when a candidate fails to start or starts as another backend', async () => {
    const { clock, choose } = fakeDevice({ scratch: 20, webgl: 'substitute', wasm: 'fails' });
    const decision = await measureCandidates({
      setup,
      candidates: ['scratch', 'webgl', 'wasm'],
      choose,
      timing: { now: () => clock.now, budgetMs: 50 },
    });
    expect(decision.engine).toBe('scratch');
    expect(decision.timings[1]).toEqual({
      engine: 'webgl',
      failed: 'webgl did not start here (cpu would run instead)',
    });
    expect(decision.timings[2]).toEqual({ engine: 'wasm', failed: 'wasm is not available' });
  });

  it('rejects when no candidate can be timed', async () => {
    const { clock, choose } = fakeDevice({});
    await expect(
      measureCandidates({ setup, candidates: ['scratch'], choose, timing: { now: () => clock.now } }),
    ).rejects.toThrow(/no engine could be timed/);
  });
});

describe('the host answers probe and measure', () => {
  /** A host on a fake device; resolves replies of a type as they come. */
  function host(behaviour: Partial<Record<AutoCandidate, Behaviour>>) {
    const { clock, choose } = fakeDevice(behaviour);
    const replies: Reply[] = [];
    const trainer = new TrainerHost(
      (reply) => replies.push(reply),
      { sliceMs: 5, yieldToOthers: () => Promise.resolve(), now: () => clock.now },
      { choose, probe: () => ({ renderer: 'Fake GPU', candidates: ['scratch', 'webgl', 'wasm'] }) },
    );
    return { trainer, replies };
  }

  it('replies with the device and with the timings of every candidate', async () => {
    const { trainer, replies } = host({ scratch: 30, webgl: 'fails', wasm: 12 });
    await trainer.handle({ type: 'probe', run: 0 });
    await trainer.handle({ type: 'measure', setup, candidates: ['scratch', 'webgl', 'wasm'], run: 0 });
    expect(replies[0]).toEqual({
      type: 'probed',
      device: { renderer: 'Fake GPU', candidates: ['scratch', 'webgl', 'wasm'] },
      run: 0,
    });
    expect(replies[1]).toMatchObject({
      type: 'measured',
      timings: [
        { engine: 'scratch', msPerStep: 30 },
        { engine: 'webgl', failed: 'webgl is not available' },
        { engine: 'wasm', msPerStep: 12 },
      ],
    });
  });

  it('measures even when a newer init is already waiting (the page awaits the answer)', async () => {
    const { trainer, replies } = host({ scratch: 5 });
    const measured = trainer.handle({ type: 'measure', setup, candidates: ['scratch'], run: 1 });
    void trainer.handle({ type: 'init', setup, engine: 'scratch', run: 2 });
    await measured;
    expect(replies.map((reply) => reply.type)).toContain('measured');
  });

  it('says why when nothing could be timed', async () => {
    const { trainer, replies } = host({});
    await trainer.handle({ type: 'measure', setup, candidates: ['scratch'], run: 0 });
    expect(replies).toEqual([
      { type: 'error', during: 'measure', message: expect.stringMatching(/no engine could be timed/), run: 0 },
    ]);
  });
});
