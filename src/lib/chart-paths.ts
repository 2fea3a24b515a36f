/**
 * Chart geometry and text: SVG path strings, downsampling of long curves, and number
 * formatting / series summaries for status lines and text alternatives. No DOM needed.
 */

/** A point of a series: `x` (step or index) and `y` (value). */
export interface SeriesPoint {
  x: number;
  y: number;
}

/** Rounds a pixel coordinate to 0.01 px for compact path strings ('12.35', never '-0'). */
function coordinate(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * SVG path data of a polyline through `values`, e.g. 'M0,10L5,4L10,0'.
 * Point i is at (x(i), y(values[i])). A value that is non-finite, or maps to a non-finite
 * pixel, breaks the line: the next finite point starts a new 'M' segment. A segment of a
 * single point is closed ('M3,4Z') so round line caps still show it as a dot.
 * Coordinates are rounded to 0.01 px. Empty or all-invalid input gives ''.
 */
export function linePath(
  values: ArrayLike<number>,
  x: (index: number) => number,
  y: (value: number) => number,
): string {
  let path = '';
  let segmentLength = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    const px = Number.isFinite(value) ? x(index) : NaN;
    const py = Number.isFinite(value) ? y(value) : NaN;
    if (!Number.isFinite(px) || !Number.isFinite(py)) {
      if (segmentLength === 1) path += 'Z';
      segmentLength = 0;
      continue;
    }
    path += `${segmentLength === 0 ? 'M' : 'L'}${coordinate(px)},${coordinate(py)}`;
    segmentLength++;
  }
  if (segmentLength === 1) path += 'Z';
  return path;
}

/**
 * Reduces a long series to at most `maxPoints` points while keeping its shape: the first
 * and last points are kept, and the interior is cut into buckets, each contributing its
 * minimum and maximum (in index order). Spikes and the lowest loss therefore survive.
 * If the series has non-finite values, each bucket also keeps its first non-finite point
 * (as NaN) so line breaks survive; buckets are then fewer to stay within the limit.
 * @param maxPoints raised to at least 5; if `values.length <= maxPoints` all points return.
 * @returns points `{x: original index, y: value}` in strictly increasing x.
 */
export function downsample(values: ArrayLike<number>, maxPoints: number): SeriesPoint[] {
  const length = values.length;
  const limit = Math.max(5, Math.floor(maxPoints));
  if (length <= limit) return Array.from({ length }, (_, index) => ({ x: index, y: values[index] }));
  const interior = length - 2;
  const perBucket = hasNonFinite(values) ? 3 : 2;
  const bucketCount = Math.floor((limit - 2) / perBucket);
  const points: SeriesPoint[] = [{ x: 0, y: values[0] }];
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const start = 1 + Math.floor((bucket * interior) / bucketCount);
    const end = 1 + Math.floor(((bucket + 1) * interior) / bucketCount);
    points.push(...bucketPoints(values, start, end));
  }
  points.push({ x: length - 1, y: values[length - 1] });
  return points;
}

function hasNonFinite(values: ArrayLike<number>): boolean {
  for (let index = 0; index < values.length; index++) if (!Number.isFinite(values[index])) return true;
  return false;
}

/** Min, max and first non-finite point of values[start, end), unique and in index order. */
function bucketPoints(values: ArrayLike<number>, start: number, end: number): SeriesPoint[] {
  let minIndex = -1;
  let maxIndex = -1;
  let gapIndex = -1;
  for (let index = start; index < end; index++) {
    const value = values[index];
    if (!Number.isFinite(value)) {
      if (gapIndex < 0) gapIndex = index;
      continue;
    }
    if (minIndex < 0 || value < values[minIndex]) minIndex = index;
    if (maxIndex < 0 || value > values[maxIndex]) maxIndex = index;
  }
  const kept = [...new Set([minIndex, maxIndex, gapIndex])].filter((index) => index >= 0).sort((a, b) => a - b);
  return kept.map((index) => ({ x: index, y: index === gapIndex ? NaN : values[index] }));
}

/**
 * Picks `count` evenly spaced points (first and last included) for a text alternative,
 * e.g. a table under the loss chart. `count >= values.length` returns every point;
 * `count === 1` returns the last point (the latest value); `count <= 0` returns [].
 * @returns `{x: index, y: value}` in increasing x, without duplicates.
 */
export function summariseSeries(values: ArrayLike<number>, count: number): SeriesPoint[] {
  const length = values.length;
  const wanted = Math.floor(count);
  if (length === 0 || wanted <= 0) return [];
  if (wanted === 1) return [{ x: length - 1, y: values[length - 1] }];
  const indices = new Set<number>();
  const picks = Math.min(wanted, length);
  for (let pick = 0; pick < picks; pick++) indices.add(Math.round((pick * (length - 1)) / (picks - 1)));
  return [...indices].map((index) => ({ x: index, y: values[index] }));
}

/** Exponent form with `significant` digits, trailing zeros and '+' removed: 3.2e-4, 1e5. */
function scientific(value: number, significant: number): string {
  const [mantissa, exponent] = value.toExponential(significant - 1).split('e') as [string, string];
  const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
  return `${trimmed}e${exponent.replace('+', '')}`;
}

/**
 * Number formats by locale, grouping and digits: building an Intl.NumberFormat costs far more
 * than formatting with one, and charts and tables format hundreds of numbers per redraw.
 */
const NUMBER_FORMATS = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, grouping: boolean, fractionDigits: number): Intl.NumberFormat {
  const key = `${locale}|${grouping}|${fractionDigits}`;
  let format = NUMBER_FORMATS.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { useGrouping: grouping, maximumFractionDigits: fractionDigits });
    NUMBER_FORMATS.set(key, format);
  }
  return format;
}

/**
 * Compact number for status lines, tick labels and text alternatives:
 * - 0 → '0'; NaN → 'NaN'; ±Infinity → '∞' / '-∞';
 * - integers with |v| < 1e6 → exact ('300', or '20,000' when a locale is given);
 * - other |v| ≥ 1e4 or |v| < 1e-3 → 2 significant digits in exponent form ('3.2e-4', '1.5e6');
 * - otherwise 3 significant digits, trailing zeros dropped ('0.0123', '1.5', '123').
 * @param locale BCP 47 tag ('ko', 'en'); when given, digit grouping follows it.
 */
export function formatNumber(value: number, locale?: string): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const grouping = locale !== undefined;
  if (Number.isInteger(value) && magnitude < 1e6) return numberFormat(locale ?? 'en-US', grouping, 0).format(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) return scientific(value, 2);
  const fractionDigits = Math.max(0, 2 - Math.floor(Math.log10(magnitude)));
  return numberFormat(locale ?? 'en-US', grouping, fractionDigits).format(value);
}

/**
 * A short number for legends, where labels sit side by side: two significant digits, in
 * exponent form below 0.01 and from 10,000 up ('5.9e-4', '0.059', '5.9', '120', '1.5e4').
 */
export function formatCompact(value: number, locale?: string): string {
  if (!Number.isFinite(value) || value === 0) return formatNumber(value, locale);
  const magnitude = Math.abs(value);
  if (magnitude < 0.01 || magnitude >= 1e4) return scientific(value, 2);
  return formatNumber(Number(value.toPrecision(2)), locale);
}
