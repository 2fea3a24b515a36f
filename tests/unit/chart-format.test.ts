/** How charts and messages write numbers: `formatNumber` (readouts, tables) and `formatCompact` (legends). */
import { describe, expect, it } from 'vitest';
import { formatCompact, formatNumber } from '../../src/lib/chart.ts';

describe('formatNumber', () => {
  it.each([
    [3.2e-4, '3.2e-4'],
    [0.00031999, '3.2e-4'],
    [3e-4, '3e-4'],
    [-1.26e-7, '-1.3e-7'],
    [0.0123456, '0.0123'],
    [0.001, '0.001'],
    [1.5, '1.5'],
    [3.14159, '3.14'],
    [123.456, '123'],
    [300, '300'],
    [20000, '20000'],
    [1234567, '1.2e6'],
    [45678.9, '4.6e4'],
    [0, '0'],
    [-0, '0'],
    [NaN, 'NaN'],
    [Infinity, '∞'],
    [-Infinity, '-∞'],
  ])('formats %d as %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });

  it('groups digits when a locale is given', () => {
    expect(formatNumber(20000, 'en')).toBe('20,000');
    expect(formatNumber(20000, 'ko')).toBe('20,000');
    expect(formatNumber(0.5, 'ko')).toBe('0.5');
  });

  it('keeps the formats of locales, grouping and digits apart (they are reused between calls)', () => {
    expect(formatNumber(20000, 'de')).toBe('20.000');
    expect(formatNumber(20000, 'en')).toBe('20,000');
    expect(formatNumber(20000)).toBe('20000');
    expect(formatNumber(1.25, 'de')).toBe('1,25');
    expect(formatNumber(12.5, 'de')).toBe('12,5');
    expect(formatNumber(1.25, 'en')).toBe('1.25');
    expect(formatNumber(20000, 'de')).toBe('20.000');
  });
});

describe('formatCompact', () => {
  it('keeps legend labels to two significant digits', () => {
    expect([5.91e-4, 5.91e-3, 0.0591, 0.591, 5.91, 123, 15_300].map((value) => formatCompact(value))).toEqual([
      '5.9e-4',
      '5.9e-3',
      '0.059',
      '0.59',
      '5.9',
      '120',
      '1.5e4',
    ]);
    expect(formatCompact(-0.5)).toBe('-0.5');
    expect(formatCompact(0)).toBe('0');
    expect(formatCompact(NaN)).toBe('NaN');
  });
});
