/**
 * A trained model carried in a link (the URL fragment), so a class opens a demo already
 * trained instead of training it again. The payload is binary, compressed, then base64url:
 *
 *   byte 0      format version (1)
 *   byte 1      precision: 1 = float32, 2 = float16 (IEEE half, round to nearest even)
 *   bytes 2–3   header length N (uint16, little-endian)
 *   N bytes     header, UTF-8 JSON: { "config": ModelConfig, "meta": { name: number | string } }
 *   the rest    every parameter in paramShapes(config) order, row-major, little-endian
 *
 * compressed with `CompressionStream('deflate-raw')` and written as base64url without padding.
 * Float32 is used when it fits in {@link MODEL_LINK_MAX_CHARS}, else float16 (half the size,
 * about three significant digits); a model too large even then is refused with its size, so the
 * page can offer the export file instead. Decoding never throws: it returns the reason.
 * Runs wherever `CompressionStream` does (browsers, workers, Node ≥ 18).
 */
import { configProblems, paramShapes, type ModelConfig } from '../model/config.ts';
import { sizeOf, type Params } from '../model/params.ts';

/** Longest payload put in a link, in characters: links this long survive chat, mail and LMS editors. */
export const MODEL_LINK_MAX_CHARS = 16_000;

/** Largest payload decoded, in bytes after decompression (a bound against hostile links). */
const MAX_DECODED_BYTES = 8 * 1024 * 1024;

const FORMAT_VERSION = 1;
const PRECISION_CODES = { float32: 1, float16: 2 } as const;

/** How the weights are stored in the link. */
export type LinkPrecision = keyof typeof PRECISION_CODES;

/** A model in a link: its config, weights and a few named values the demo wants back (e.g. the step). */
export interface LinkedModel {
  config: ModelConfig;
  /** Weights as float64 (decoded from the link's precision). */
  params: Params;
  meta: Record<string, number | string>;
  precision: LinkPrecision;
}

/** An encoded model: the payload text, or why it cannot go in a link. */
export type ModelLinkEncoding =
  | { ok: true; text: string; precision: LinkPrecision }
  | { ok: false; problem: 'tooLarge'; chars: number; maxChars: number };

/** Why a link's model could not be read: damaged text or data, a newer format, or a model that is not valid. */
export type ModelLinkProblem = 'damaged' | 'version' | 'model';

/** A decoded model, or the reason there is none (`detail` is for developers, in English). */
export type ModelLinkDecoding =
  { ok: true; model: LinkedModel } | { ok: false; problem: ModelLinkProblem; detail: string };

const scratch32 = new Float32Array(1);
const bits32 = new Uint32Array(scratch32.buffer);

/** IEEE 754 half-precision bits of `value` (rounded to nearest even; overflow gives ±Infinity). */
export function float16Bits(value: number): number {
  scratch32[0] = value;
  const x = bits32[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = ((x >>> 23) & 0xff) - 127 + 15;
  const mantissa = x & 0x7fffff;
  if (((x >>> 23) & 0xff) === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  if (exponent >= 0x1f) return sign | 0x7c00;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    return sign | roundShift(mantissa | 0x800000, 14 - exponent);
  }
  // A carry out of the mantissa moves into the exponent, which is the right rounding.
  return sign | ((exponent << 10) + roundShift(mantissa, 13));
}

/** `value >> shift`, rounded to nearest, ties to even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/** The number whose IEEE 754 half-precision bits are `bits`. */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** The uncompressed payload of a model at one precision; null when a weight does not fit it. */
function packModel(model: Omit<LinkedModel, 'precision'>, precision: LinkPrecision): Uint8Array | null {
  const header = new TextEncoder().encode(JSON.stringify({ config: model.config, meta: model.meta }));
  const shapes = paramShapes(model.config);
  const count = shapes.reduce((total, [, shape]) => total + sizeOf(shape), 0);
  const width = precision === 'float32' ? 4 : 2;
  const bytes = new Uint8Array(4 + header.length + count * width);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, FORMAT_VERSION);
  view.setUint8(1, PRECISION_CODES[precision]);
  view.setUint16(2, header.length, true);
  bytes.set(header, 4);
  let offset = 4 + header.length;
  for (const [name] of shapes) {
    for (const value of model.params[name] ?? []) {
      if (precision === 'float32') view.setFloat32(offset, value, true);
      else view.setUint16(offset, float16Bits(value), true);
      const stored = precision === 'float32' ? Math.fround(value) : fromFloat16Bits(float16Bits(value));
      if (!Number.isFinite(stored)) return null;
      offset += width;
    }
  }
  return bytes;
}

/** Runs bytes through a compression or decompression stream; stops past `limit` bytes of output. */
async function transform(bytes: Uint8Array, stream: GenericTransformStream, limit: number): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      throw new Error(`more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes of base64url text (padding optional); null when it is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) return null;
  const bare = text.replace(/=+$/, '');
  if (bare.length % 4 === 1) return null;
  const binary = atob(
    bare
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(bare.length / 4) * 4, '='),
  );
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/**
 * Encodes a model for a link: float32 when it fits in `maxChars`, else float16, else refused
 * with its size (`tooLarge`). `precision` forces one of the two.
 */
export async function encodeModelLink(
  model: { config: ModelConfig; params: Params; meta?: Record<string, number | string> },
  options: { maxChars?: number; precision?: LinkPrecision } = {},
): Promise<ModelLinkEncoding> {
  const maxChars = options.maxChars ?? MODEL_LINK_MAX_CHARS;
  const precisions: LinkPrecision[] = options.precision ? [options.precision] : ['float32', 'float16'];
  let chars = Infinity;
  for (const precision of precisions) {
    const packed = packModel({ config: model.config, params: model.params, meta: model.meta ?? {} }, precision);
    if (!packed) continue;
    const text = toBase64Url(await transform(packed, new CompressionStream('deflate-raw'), Infinity));
    if (text.length <= maxChars) return { ok: true, text, precision };
    chars = Math.min(chars, text.length);
  }
  return { ok: false, problem: 'tooLarge', chars, maxChars };
}

/** The header's config and meta, checked; a string saying what is wrong otherwise. */
function readHeader(json: string): { config: ModelConfig; meta: Record<string, number | string> } | string {
  let header: unknown;
  try {
    header = JSON.parse(json);
  } catch {
    return 'header is not JSON';
  }
  if (typeof header !== 'object' || header === null) return 'header is not an object';
  const { config, meta = {} } = header as { config?: unknown; meta?: unknown };
  if (typeof config !== 'object' || config === null) return 'header has no config';
  // Only the config's own fields are kept, whatever else the header holds.
  const { variant, delay, inputSize, hiddenSize, outputSize, window, initialState } = config as ModelConfig;
  const clean: ModelConfig = { variant, delay, inputSize, hiddenSize, outputSize, window, initialState };
  const problems = configProblems(clean);
  if (problems.length > 0) return problems.join('; ');
  if (typeof meta !== 'object' || meta === null) return 'meta is not an object';
  const entries = Object.entries(meta as Record<string, unknown>);
  if (!entries.every(([, value]) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))))
    return 'meta holds something other than numbers and strings';
  return { config: clean, meta: meta as Record<string, number | string> };
}

/** Reads the weights after the header; a string saying what is wrong otherwise. */
function readParams(view: DataView, offset: number, config: ModelConfig, precision: LinkPrecision): Params | string {
  const width = precision === 'float32' ? 4 : 2;
  const shapes = paramShapes(config);
  const count = shapes.reduce((total, [, shape]) => total + sizeOf(shape), 0);
  if (view.byteLength - offset !== count * width) {
    return `expected ${count} weights, found ${(view.byteLength - offset) / width}`;
  }
  const params: Params = {};
  for (const [name, shape] of shapes) {
    const values = new Float64Array(sizeOf(shape));
    for (let i = 0; i < values.length; i++, offset += width) {
      values[i] =
        precision === 'float32' ? view.getFloat32(offset, true) : fromFloat16Bits(view.getUint16(offset, true));
      if (!Number.isFinite(values[i])) return `${name}[${i}] is not finite`;
    }
    params[name] = values;
  }
  return params;
}

/** Decodes a link's model; never throws (damaged text, a newer format or an invalid model give a reason). */
export async function decodeModelLink(text: string): Promise<ModelLinkDecoding> {
  const fail = (problem: ModelLinkProblem, detail: string): ModelLinkDecoding => ({ ok: false, problem, detail });
  const compressed = fromBase64Url(text);
  if (!compressed || compressed.length === 0) return fail('damaged', 'not base64url');
  let bytes: Uint8Array;
  try {
    bytes = await transform(compressed, new DecompressionStream('deflate-raw'), MAX_DECODED_BYTES);
  } catch (error) {
    return fail('damaged', `not deflate-raw data (${error instanceof Error ? error.message : String(error)})`);
  }
  if (bytes.length < 4) return fail('damaged', 'too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== FORMAT_VERSION) return fail('version', `format version ${view.getUint8(0)}`);
  const precision = (Object.keys(PRECISION_CODES) as LinkPrecision[]).find(
    (name) => PRECISION_CODES[name] === view.getUint8(1),
  );
  if (!precision) return fail('damaged', `unknown precision ${view.getUint8(1)}`);
  const headerLength = view.getUint16(2, true);
  if (4 + headerLength > bytes.length) return fail('damaged', 'header cut off');
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(4, 4 + headerLength));
  } catch {
    return fail('damaged', 'header is not UTF-8');
  }
  const header = readHeader(json);
  if (typeof header === 'string') return fail('model', header);
  const params = readParams(view, 4 + headerLength, header.config, precision);
  if (typeof params === 'string') return fail('model', params);
  return { ok: true, model: { ...header, params, precision } };
}
