/** The CLI: usage errors exit with code 2 and a one-line message; train/eval/grad work end to end. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function rnn(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', './scripts/node-hooks.mjs', 'scripts/rnn.ts', ...args], {
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('rnn CLI', () => {
  it('rejects an unknown flag with exit code 2 and a one-line message', () => {
    const { code, stderr } = rnn('train', '--bogus');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/Unknown option '--bogus'/);
  });

  it('rejects unknown commands, missing values and bad numbers with exit code 2', () => {
    expect(rnn('frobnicate')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command "frobnicate"/) });
    expect(rnn('train', '--lr')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--lr <value>' argument missing/),
    });
    expect(rnn('train', '--steps', 'ten')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--steps must be an integer/),
    });
    expect(rnn('eval')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--model is required/) });
  });

  it('reports the test MSE at t = 0..3 and t >= 16 every n steps, with the training options as flags', () => {
    const { code, stdout, stderr } = rnn(
      'train',
      ...['--steps', '4', '--report-every', '2', '--hidden', '4', '--batch', '8', '--burn-in', '2'],
      ...['--initial-state', 'learned', '--optimizer', 'sgd', '--lr', '0.05', '--clip', '1', '--whh-scale', '2'],
    );
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0].split('\t')).toEqual(['step', 't=0', 't=1', 't=2', 't=3', 't>=16', 'train-loss', 'grad-norm']);
    const rows = lines.slice(1, 3).map((line) => line.split('\t').map(Number));
    expect(rows.map((row) => row[0])).toEqual([2, 4]);
    for (const row of rows) {
      expect(row).toHaveLength(8);
      expect(row.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
    }
    expect(rnn('train', '--burn-in', '64')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--burn-in must be/),
    });
    expect(rnn('train', '--optimizer', 'rmsprop')).toMatchObject({ code: 2 });
  });

  it('prints help', () => {
    const { code, stdout } = rnn('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Commands:/);
  });

  it('trains, evaluates and differentiates a small model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-'));
    const modelPath = join(dir, 'model.json');
    const trained = rnn('train', '--steps', '5', '--hidden', '4', '--batch', '8', '--out', modelPath);
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/test MSE t>=16 \d/);
    const evaluated = JSON.parse(rnn('eval', '--model', modelPath).stdout);
    expect(evaluated.msePerStep).toHaveLength(64);
    expect(evaluated.mse).toBeGreaterThan(0);
    const batchPath = join(dir, 'batch.json');
    const row = Array.from({ length: 64 }, (_, t) => Math.sin(t / 5));
    writeFileSync(batchPath, JSON.stringify({ x: [row, row], y: [row, row] }));
    const grad = rnn('grad', '--model', modelPath, '--batch', batchPath);
    expect(grad.code).toBe(0);
    const output = JSON.parse(grad.stdout);
    expect(output.loss).toBeGreaterThan(0);
    expect(output.grads.Whh).toHaveLength(16);
    const viaTfjs = JSON.parse(rnn('grad', '--model', modelPath, '--batch', batchPath, '--engine', 'tfjs').stdout);
    expect(Math.abs(viaTfjs.loss - output.loss)).toBeLessThan(1e-5 * output.loss);
    for (const [name, values] of Object.entries(output.grads as Record<string, number[]>)) {
      const scale = Math.max(...values.map(Math.abs), 1e-3);
      values.forEach((value, i) => expect(Math.abs(viaTfjs.grads[name][i] - value)).toBeLessThan(1e-4 * scale));
    }
    const bad = rnn('grad', '--model', modelPath, '--batch', modelPath);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/batch .*expected \{"x"/);
  });
});
