/**
 * Seeded pseudo-random numbers. All randomness in the project flows through an `Rng`
 * created here, so a seed reproduces a run exactly (data, initial weights, shuffles).
 */

/** A source of uniform numbers in [0, 1) plus helpers built on it. */
export interface Rng {
  /** Uniform sample in [0, 1). */
  next(): number;
  /** Uniform sample in [low, high). */
  uniform(low: number, high: number): number;
  /** Standard normal sample N(0, 1) (Box–Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * Mulberry32: a 32-bit generator, fast and good enough for initialisation and data.
 * @param seed any finite number; it is reduced to an unsigned 32-bit integer.
 */
export function createRng(seed: number): Rng {
  let state = (Math.trunc(seed) >>> 0) ^ 0x9e3779b9;
  let spareNormal: number | null = null;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    normal,
    uniform: (low, high) => low + (high - low) * next(),
    int: (n) => Math.floor(next() * n),
  };
}

/** `count` distinct integers from [0, n) (all of them when count ≥ n), in the order drawn. */
export function pickDistinct(count: number, n: number, rng: Rng): number[] {
  const picked = new Set<number>();
  const wanted = Math.max(0, Math.min(count, n));
  while (picked.size < wanted) picked.add(rng.int(n));
  return [...picked];
}

/** Offsets of the independent random streams of one seed (the data uses the seed itself). */
const STREAMS = { weights: 0x5eed, batches: 0xba7c } as const;

/** The generator of one purpose (`weights`, `batches`) for `seed`, independent of the others. */
export function streamRng(seed: number, stream: keyof typeof STREAMS): Rng {
  return createRng(seed * 2 + STREAMS[stream]);
}
