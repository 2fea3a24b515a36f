/**
 * The model's hyper-parameters and the names and shapes of its parameters.
 *
 * Forward pass, per window (row vectors, as in the original TensorFlow code):
 *   h_t = tanh(x_t·Wxh + h_{t-1}·Whh + bh),  h_{-1} = 0        h_t ∈ R^H
 *   z_t = tanh(h_t·Why + by)                                    z_t ∈ R^O
 *   ŷ_t = z_t·Wl + bl                                           ŷ_t ∈ R
 * `delayed` feeds d extra zeros after the window and reads ŷ_t at step t+d;
 * `bidirectional` adds a backward cell (Wxh_b, Whh_b, bh_b) run from the last step to the
 * first and feeds [h_t ; g_t] (forward state, backward state) to Why, which is then [2H, O].
 */

/** How predictions line up with inputs. */
export type Variant = 'synced' | 'delayed' | 'bidirectional';

/** Every variant, in the order the site presents them. */
export const VARIANTS: readonly Variant[] = ['synced', 'delayed', 'bidirectional'];

/**
 * Where the recurrence starts: `zero` is h_{-1} = 0 (the original); `learned` makes the initial
 * state a parameter `h0` [H] (and `h0_b` [H], the backward cell's g_T, for `bidirectional`),
 * trained like every other weight and initialised to 0.
 */
export type InitialState = 'zero' | 'learned';

/** Every initial-state choice. */
export const INITIAL_STATES: readonly InitialState[] = ['zero', 'learned'];

/** Architecture of one model. */
export interface ModelConfig {
  variant: Variant;
  /** Steps of look-ahead for `delayed` (d ≥ 1); ignored (0) otherwise. */
  delay: number;
  /** F: features per input step (1 for the sine task). */
  inputSize: number;
  /** H: hidden units of the recurrent cell. */
  hiddenSize: number;
  /** O: units of the tanh output layer. */
  outputSize: number;
  /** T: time steps per window. */
  window: number;
  /** Where the recurrence starts (see {@link InitialState}). */
  initialState: InitialState;
}

/** Parameter names; the `_b` ones exist only for `bidirectional`. */
export type ParamName = 'Wxh' | 'Whh' | 'bh' | 'h0' | 'Wxh_b' | 'Whh_b' | 'bh_b' | 'h0_b' | 'Why' | 'by' | 'Wl' | 'bl';

/** The original post's sizes: T = 64, F = 1, H = 32, O = 32, synced. */
export const ORIGINAL_CONFIG: ModelConfig = {
  variant: 'synced',
  delay: 0,
  inputSize: 1,
  hiddenSize: 32,
  outputSize: 32,
  window: 64,
  initialState: 'zero',
};

/**
 * A config of `variant` built on the original's sizes: `delay` applies to `delayed` only (it is
 * 0 otherwise, whatever is passed), every other field may be overridden. The one place that
 * decides what a variant's delay is.
 */
export function makeConfig(variant: Variant, options: Partial<Omit<ModelConfig, 'variant'>> = {}): ModelConfig {
  const { delay = 8, ...rest } = options;
  return { ...ORIGINAL_CONFIG, ...rest, variant, delay: variant === 'delayed' ? delay : 0 };
}

/**
 * Names and shapes of the parameters, in a fixed order (the order of the model file and of
 * every flattened gradient). Matrices are row-major `[rows, cols]`.
 */
export function paramShapes(config: ModelConfig): Array<[ParamName, number[]]> {
  const { inputSize: F, hiddenSize: H, outputSize: O } = config;
  const learned = config.initialState === 'learned';
  const recurrent: Array<[ParamName, number[]]> = [
    ['Wxh', [F, H]],
    ['Whh', [H, H]],
    ['bh', [H]],
  ];
  if (learned) recurrent.push(['h0', [H]]);
  if (config.variant === 'bidirectional') {
    recurrent.push(['Wxh_b', [F, H]], ['Whh_b', [H, H]], ['bh_b', [H]]);
    if (learned) recurrent.push(['h0_b', [H]]);
  }
  const stateSize = config.variant === 'bidirectional' ? 2 * H : H;
  return [...recurrent, ['Why', [stateSize, O]], ['by', [O]], ['Wl', [O, 1]], ['bl', [1]]];
}

/** Number of steps the recurrence runs: T + d (d is 0 unless the variant is `delayed`). */
export function unrolledSteps(config: ModelConfig): number {
  return config.window + config.delay;
}

/**
 * Checks a config and returns a list of human-readable problems (empty when valid).
 * Integers must be positive and bounded so a browser can hold the model.
 */
export function configProblems(config: ModelConfig): string[] {
  const problems: string[] = [];
  if (!VARIANTS.includes(config.variant)) {
    problems.push(`variant must be synced, delayed or bidirectional, got ${JSON.stringify(config.variant)}`);
  }
  const positiveInt = (name: keyof ModelConfig, max: number) => {
    const value = config[name] as unknown;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      problems.push(`${name} must be an integer from 1 to ${max}, got ${JSON.stringify(value)}`);
    }
  };
  positiveInt('inputSize', 64);
  positiveInt('hiddenSize', 512);
  positiveInt('outputSize', 512);
  positiveInt('window', 1024);
  if (!INITIAL_STATES.includes(config.initialState)) {
    problems.push(`initialState must be zero or learned, got ${JSON.stringify(config.initialState)}`);
  }
  if (config.variant === 'delayed') positiveInt('delay', 256);
  else if (config.delay !== 0) problems.push(`delay must be 0 unless variant is delayed, got ${config.delay}`);
  return problems;
}
