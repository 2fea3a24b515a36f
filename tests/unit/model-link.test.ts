/** A trained model carried in a link: round trips, precision, size limit, and every kind of bad link. */
import { describe, expect, it } from 'vitest';
import {
  decodeModelLink,
  encodeModelLink,
  float16Bits,
  fromBase64Url,
  fromFloat16Bits,
  MODEL_LINK_MAX_CHARS,
  toBase64Url,
} from '../../src/lib/demos/model-link.ts';
import { makeConfig, paramShapes, type ModelConfig } from '../../src/lib/model/config.ts';
import { seededParams, type Params } from '../../src/lib/model/params.ts';

/** Largest |a − b| / max(|b|, floor) over every parameter. */
function largestRelativeGap(a: Params, b: Params, config: ModelConfig, floor = 1e-3): number {
  let gap = 0;
  for (const [name] of paramShapes(config)) {
    const [x, y] = [a[name] ?? [], b[name] ?? []];
    for (let i = 0; i < y.length; i++) gap = Math.max(gap, Math.abs(x[i] - y[i]) / Math.max(Math.abs(y[i]), floor));
  }
  return gap;
}

/** Compresses raw bytes the way the encoder does, to build hand-made (bad) payloads. */
async function deflate(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** A payload with the given version, precision code, header text and weight bytes. */
function payload(version: number, precision: number, header: string, weights: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(header);
  const bytes = new Uint8Array(4 + head.length + weights.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, version);
  view.setUint8(1, precision);
  view.setUint16(2, head.length, true);
  bytes.set(head, 4);
  bytes.set(weights, 4 + head.length);
  return bytes;
}

describe('half precision', () => {
  it('round-trips every half-precision number exactly, and rounds others to the nearest', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = fromFloat16Bits(bits);
      if (Number.isNaN(value)) continue;
      expect(float16Bits(value), `bits ${bits}`).toBe(bits);
    }
    expect(fromFloat16Bits(float16Bits(0.1))).toBeCloseTo(0.1, 3);
    expect(fromFloat16Bits(float16Bits(1 + 2 ** -11))).toBe(1); // a tie rounds to even
    expect(fromFloat16Bits(float16Bits(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9);
    expect(fromFloat16Bits(float16Bits(1e6))).toBe(Infinity);
    expect(fromFloat16Bits(float16Bits(1e-9))).toBe(0);
    expect(fromFloat16Bits(float16Bits(-3e-6))).toBeCloseTo(-3e-6, 7); // subnormal
  });
});

describe('base64url', () => {
  it('round-trips bytes and refuses other text', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(toBase64Url(bytes)).toMatch(/^[A-Za-z0-9_-]+$/);
    for (const bad of ['a+b', 'ab/c', 'abcde', 'ab cd', 'é']) expect(fromBase64Url(bad), bad).toBeNull();
  });
});

describe('a model in a link', () => {
  const small = makeConfig('synced', { hiddenSize: 8 });
  const smallParams = seededParams(small, 3);

  it('a small model round-trips in float32, with its meta', async () => {
    const encoded = await encodeModelLink({ config: small, params: smallParams, meta: { step: 120, note: 'x' } });
    expect(encoded.ok && encoded.precision).toBe('float32');
    if (!encoded.ok) return;
    expect(encoded.text).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = await decodeModelLink(encoded.text);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.model.config).toEqual(small);
    expect(decoded.model.meta).toEqual({ step: 120, note: 'x' });
    expect(decoded.model.precision).toBe('float32');
    for (const [name] of paramShapes(small)) {
      expect(decoded.model.params[name]).toEqual(Float64Array.from(smallParams[name] ?? [], Math.fround));
    }
  });

  it('the original-sized models fit (float16 where float32 is too long) within 1e-3 relative', async () => {
    for (const variant of ['synced', 'delayed', 'bidirectional'] as const) {
      const config = makeConfig(variant);
      const params = seededParams(config, 1);
      const encoded = await encodeModelLink({ config, params });
      expect(encoded.ok, variant).toBe(true);
      if (!encoded.ok) continue;
      expect(encoded.text.length).toBeLessThanOrEqual(MODEL_LINK_MAX_CHARS);
      const decoded = await decodeModelLink(encoded.text);
      if (!decoded.ok) throw new Error(decoded.detail);
      expect(largestRelativeGap(decoded.model.params, params, config)).toBeLessThan(1e-3);
      console.log(`${variant}, H = 32: ${encoded.text.length} characters as ${encoded.precision}`);
    }
  });

  it('a model too large even in float16 is refused with its size', async () => {
    const config = makeConfig('bidirectional', { hiddenSize: 128 });
    const encoded = await encodeModelLink({ config, params: seededParams(config, 1) });
    expect(encoded.ok).toBe(false);
    if (encoded.ok) return;
    expect(encoded.chars).toBeGreaterThan(MODEL_LINK_MAX_CHARS);
    expect(encoded.maxChars).toBe(MODEL_LINK_MAX_CHARS);
  });

  it('float16 can be asked for, and weights beyond its range are not squeezed into it', async () => {
    const forced = await encodeModelLink({ config: small, params: smallParams }, { precision: 'float16' });
    expect(forced.ok && forced.precision).toBe('float16');
    const huge = { ...smallParams, bl: Float64Array.of(1e6) };
    expect((await encodeModelLink({ config: small, params: huge }, { precision: 'float16' })).ok).toBe(false);
    const fallback = await encodeModelLink({ config: small, params: huge }, { maxChars: 10 });
    expect(fallback.ok).toBe(false);
  });

  it('damaged links: not base64url, not deflate data, cut off, empty', async () => {
    const encoded = await encodeModelLink({ config: small, params: smallParams });
    if (!encoded.ok) throw new Error('the small model should fit');
    for (const text of ['', '!!!', 'AAAA', encoded.text.slice(0, encoded.text.length / 2), `${encoded.text}x`]) {
      const decoded = await decodeModelLink(text);
      expect(decoded.ok, JSON.stringify(text.slice(0, 20))).toBe(false);
      if (!decoded.ok) expect(['damaged', 'model']).toContain(decoded.problem);
    }
  });

  it('a newer format, an unknown precision, a bad header, a wrong weight count, non-finite weights', async () => {
    const header = JSON.stringify({ config: small, meta: {} });
    const count = paramShapes(small).reduce((total, [, shape]) => total + shape.reduce((a, b) => a * b, 1), 0);
    const weights = new Uint8Array(count * 4);
    const nan = new Uint8Array(count * 4);
    new DataView(nan.buffer).setFloat32(8, NaN, true);
    const cases: Array<[Uint8Array, string]> = [
      [payload(2, 1, header, weights), 'version'],
      [payload(1, 9, header, weights), 'damaged'],
      [payload(1, 1, '{"config":', weights), 'model'],
      [payload(1, 1, JSON.stringify({ config: { ...small, hiddenSize: 0 } }), weights), 'model'],
      [payload(1, 1, JSON.stringify({ config: small, meta: { a: [1] } }), weights), 'model'],
      [payload(1, 1, header, weights.subarray(4)), 'model'],
      [payload(1, 1, header, nan), 'model'],
      [new Uint8Array([1, 1]), 'damaged'],
      [payload(1, 1, header, weights).subarray(0, 10), 'damaged'],
    ];
    for (const [bytes, problem] of cases) {
      const decoded = await decodeModelLink(await deflate(bytes));
      expect(decoded.ok ? 'ok' : decoded.problem).toBe(problem);
    }
    const good = await decodeModelLink(await deflate(payload(1, 1, header, weights)));
    expect(good.ok).toBe(true);
  });

  it('refuses a payload that inflates beyond the bound (a hostile link)', async () => {
    const decoded = await decodeModelLink(await deflate(new Uint8Array(9 * 1024 * 1024)));
    expect(decoded.ok ? 'ok' : decoded.problem).toBe('damaged');
  });
});
