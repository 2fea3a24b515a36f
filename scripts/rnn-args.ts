/**
 * Argument parsing for scripts/rnn.ts: per-command flags, number checks and the usage text.
 * Every mistake becomes a `UsageError` (one line, exit code 2).
 */
import { parseArgs } from 'node:util';

/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** The --help text. */
export const USAGE = `Usage: npm run rnn -- <command> [flags]
  (or: node --import ./scripts/node-hooks.mjs scripts/rnn.ts <command> [flags])

Commands:
  train  Train a model on seeded sine windows; prints test MSE (all t, t=0..3, t>=16).
         --variant synced|delayed|bidirectional   (default synced)
         --delay d        look-ahead of the delayed variant (default 8)
         --engine scratch|tfjs                    (default scratch)
         --dtype float32|float64   scratch precision (default float32)
         --steps n        Adam steps of random batches (default 300)
         --epochs n       shuffled epochs instead of --steps
         --batch b        windows per step (default 64)
         --lr r           Adam learning rate (default 0.01)
         --seed s         seed of data, initial weights and batches (default 1)
         --hidden H       hidden units (default 32)
         --horizon k      target = the wave k steps ahead (default 8)
         --noise s        std of Gaussian noise on the inputs (default 0)
         --kernels auto|js|simd   scratch float32 kernels (default auto: SIMD where available)
         --optimizer adam|sgd     update rule (default adam)
         --clip c         clip the global gradient norm to c (default 0 = off)
         --burn-in k      leave the first k steps out of the loss (default 0)
         --initial-state zero|learned   h_{-1} = 0, or a trained h0 (default zero)
         --whh-scale s    multiply the initial Whh by s (explore exploding gradients)
         --report-every n print test MSE at t = 0, 1, 2, 3 and t >= 16 every n steps
         --preset original  TF1 Adam (lr 0.001, eps 1e-8), batch 2048, 100 shuffled epochs
         --out model.json write the model file, metrics included
  eval   --model m.json   Print {msePerStep, mse, mseEarly, mseLate} on the model's test set.
  grad   --model m.json --batch batch.json [--engine scratch|tfjs]
         Print {loss, grads} for batch.json = {"x": number[B][T], "y": number[B][T]}.
  --help Show this text.`;

type Flag = { type: 'string' } | { type: 'boolean' };

/** Flags each command accepts. */
const COMMAND_FLAGS: Record<string, Record<string, Flag>> = {
  train: Object.fromEntries(
    [
      'variant',
      'delay',
      'engine',
      'dtype',
      'steps',
      'epochs',
      'batch',
      'lr',
      'seed',
      'hidden',
      'horizon',
      'noise',
      'preset',
      'out',
      'kernels',
      'optimizer',
      'clip',
      'burn-in',
      'initial-state',
      'whh-scale',
      'report-every',
    ].map((name) => [name, { type: 'string' } as Flag]),
  ),
  eval: { model: { type: 'string' } },
  grad: { model: { type: 'string' }, batch: { type: 'string' }, engine: { type: 'string' } },
};

/** A parsed command line. */
export interface CommandLine {
  command: 'train' | 'eval' | 'grad' | 'help';
  flags: Record<string, string | undefined>;
}

/** Parses argv (without node and script) into a command and its string flags. */
export function parseCommandLine(argv: string[]): CommandLine {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help')
    return { command: 'help', flags: {} };
  const options = COMMAND_FLAGS[command];
  if (!options) throw new UsageError(`unknown command ${JSON.stringify(command)}: expected train, eval or grad`);
  if (rest.includes('--help')) return { command: 'help', flags: {} };
  try {
    const { values, positionals } = parseArgs({ args: rest, options, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    return { command: command as CommandLine['command'], flags: values as Record<string, string | undefined> };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message.split('\n')[0];
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''));
  }
}

/** A numeric flag: `undefined` when absent, else a finite number within the rule (`positive`: > 0). */
export function numberFlag(
  flags: CommandLine['flags'],
  name: string,
  rule: { integer?: boolean; min?: number; max?: number; positive?: boolean } = {},
): number | undefined {
  const text = flags[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  const { integer = false, min = -Infinity, max = Infinity, positive = false } = rule;
  const outside = value < min || value > max || (positive && value <= 0);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || outside) {
    const kind = integer ? 'an integer' : 'a number';
    const low = positive ? ' in (0, ' : ` from ${min} to `;
    const range =
      positive || Number.isFinite(min)
        ? Number.isFinite(max)
          ? `${low}${max}${positive ? ']' : ''}`
          : ` ≥ ${min}`
        : '';
    throw new UsageError(`--${name} must be ${kind}${range}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A flag restricted to `choices`; `fallback` when absent. */
export function choiceFlag<T extends string>(
  flags: CommandLine['flags'],
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const value = flags[name];
  if (value === undefined) return fallback;
  if (!choices.includes(value as T))
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/** A flag that must be given. */
export function requiredFlag(flags: CommandLine['flags'], name: string): string {
  const value = flags[name];
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}
