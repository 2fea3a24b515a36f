import { describe, expect, it } from 'vitest';
import {
  cellAt,
  clampForLog,
  decadesIn,
  diagonalRows,
  downsample,
  gridCells,
  growDomain,
  heatColor,
  heatDomain,
  heatLegend,
  linearLegendTicks,
  logLegendTicks,
  heatmapCells,
  linearDomain,
  linePath,
  logDomain,
  lossScales,
  MISSING_COLOR,
  moveCell,
  niceCeil,
  stepScales,
  summariseSeries,
  ticksFor,
  valueAxis,
} from '../../src/lib/chart.ts';

const BOX = { width: 200, height: 100, margin: { top: 0, right: 0, bottom: 0, left: 0 } };

describe('domains', () => {
  it('niceCeil steps through 1, 2, 5 × 10^k', () => {
    expect([0.3, 1, 1.01, 7, 130, 5000, 0, -4, NaN].map(niceCeil)).toEqual([0.5, 1, 2, 10, 200, 5000, 1, 1, 1]);
  });

  it('logDomain covers whole decades and clamps zeros and negatives to the floor', () => {
    expect(logDomain([0.7, 3e-4, 0.02])).toEqual([1e-4, 1]);
    expect(logDomain([0, -1, 0.5], 1e-6)).toEqual([1e-6, 1]);
    expect(logDomain([NaN, Infinity])).toEqual([1e-3, 1]);
    expect(logDomain([0.01, 0.01])).toEqual([0.01, 0.1]);
  });

  it('linearDomain includes zero and nice ends', () => {
    expect(linearDomain([0.2, 3.4])).toEqual([0, 5]);
    expect(linearDomain([-0.7, 0.3])).toEqual([-1, 0.5]);
    expect(linearDomain([])).toEqual([0, 1]);
  });

  it('growDomain only widens', () => {
    expect(growDomain(null, [1e-3, 1])).toEqual([1e-3, 1]);
    expect(growDomain([1e-3, 1], [1e-4, 0.1])).toEqual([1e-4, 1]);
  });
});

describe('log axes', () => {
  it('clampForLog maps non-positive values to the floor and keeps NaN', () => {
    expect(clampForLog(0, 1e-6)).toBe(1e-6);
    expect(clampForLog(-3, 1e-6)).toBe(1e-6);
    expect(clampForLog(0.5, 1e-6)).toBe(0.5);
    expect(clampForLog(NaN)).toBeNaN();
  });

  it('valueAxis log draws zeros and negatives at the bottom, never NaN or Infinity', () => {
    const axis = valueAxis('log', [1e-4, 1], [100, 0]);
    expect(axis.pixel(1)).toBe(0);
    expect(axis.pixel(1e-2)).toBeCloseTo(50, 9);
    expect(axis.pixel(0)).toBe(100);
    expect(axis.pixel(-5)).toBe(100);
    expect(axis.pixel(NaN)).toBeNaN();
  });

  it('lossScales grows x to a nice step and fits the loss decades', () => {
    const points = [
      { x: 0, y: 0.9 },
      { x: 60, y: 0.05 },
      { x: 130, y: 0 },
    ];
    const log = lossScales(BOX, points, 'log', { floor: 1e-6 });
    expect(log.x.domain()).toEqual([0, 200]);
    expect(log.x.range()).toEqual([0, 200]);
    expect(log.y.scale.domain()).toEqual([1e-6, 1]);
    expect(log.y.pixel(0)).toBe(100);
    const linear = lossScales(BOX, points, 'linear', { totalSteps: 300 });
    expect(linear.x.domain()).toEqual([0, 300]);
    expect(linear.y.scale.domain()).toEqual([0, 1]);
    expect(linear.y.pixel(0.5)).toBe(50);
  });

  it('lossScales keeps a previous y domain', () => {
    const scales = lossScales(BOX, [{ x: 1, y: 0.5 }], 'log', { previousY: [1e-5, 1] });
    expect(scales.y.scale.domain()).toEqual([1e-5, 1]);
  });

  it('stepScales spans indices across the width with the shared y domain', () => {
    const { x, y } = stepScales(BOX, 64);
    expect(x(0)).toBe(0);
    expect(x(63)).toBe(200);
    expect(y.pixel(1.3)).toBeCloseTo(0, 9);
    expect(y.pixel(-1.3)).toBeCloseTo(100, 9);
  });
});

describe('ticks', () => {
  it('log ticks are powers of ten, thinned to the count', () => {
    expect(decadesIn(1e-6, 1)).toHaveLength(7);
    const axis = valueAxis('log', [1e-6, 1], [100, 0]);
    const ticks = ticksFor(axis.scale, 4);
    expect(ticks.map((tick) => tick.label)).toEqual(['1e-6', '1e-4', '0.01', '1']);
    expect(ticks[0].position).toBe(100);
    expect(ticks[3].position).toBe(0);
  });

  it('linear ticks are d3 nice ticks with compact labels', () => {
    const axis = valueAxis('linear', [0, 1], [100, 0]);
    expect(ticksFor(axis.scale, 5).map((tick) => tick.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
  });
});

describe('linePath', () => {
  it('builds the exact path of a small series', () => {
    expect(
      linePath(
        [1, 0.5, 0],
        (i) => i * 10,
        (v) => 100 - v * 100,
      ),
    ).toBe('M0,0L10,50L20,100');
  });

  it('rounds to 0.01 px and never prints -0', () => {
    expect(
      linePath(
        [1 / 3, 0],
        (i) => i / 3,
        (v) => -v * 0,
      ),
    ).toBe('M0,0L0.33,0');
    expect(
      linePath(
        [1 / 3],
        () => 1.23456,
        (v) => v,
      ),
    ).toBe('M1.23,0.33Z');
  });

  it('breaks the line at NaN and Infinity and closes single points', () => {
    const path = linePath(
      [1, 2, NaN, 3, Infinity, 4, 5],
      (i) => i,
      (v) => v,
    );
    expect(path).toBe('M0,1L1,2M3,3ZM5,4L6,5');
  });

  it('breaks where the y mapping is non-finite and returns "" for nothing', () => {
    expect(
      linePath(
        [1, -1, 2],
        (i) => i,
        (v) => (v > 0 ? v : NaN),
      ),
    ).toBe('M0,1ZM2,2Z');
    expect(
      linePath(
        [],
        (i) => i,
        (v) => v,
      ),
    ).toBe('');
    expect(
      linePath(
        [NaN, NaN],
        (i) => i,
        (v) => v,
      ),
    ).toBe('');
  });
});

describe('downsample', () => {
  const noisy = Array.from({ length: 10_000 }, (_, i) => Math.exp(-i / 2000) + 0.01 * Math.sin(i));
  noisy[4321] = 7;
  noisy[8765] = -3;

  it('keeps first, last and the extremes within the limit', () => {
    const points = downsample(noisy, 200);
    expect(points.length).toBeLessThanOrEqual(200);
    expect(points.length).toBeGreaterThan(100);
    expect(points[0]).toEqual({ x: 0, y: noisy[0] });
    expect(points.at(-1)).toEqual({ x: 9999, y: noisy[9999] });
    expect(points).toContainEqual({ x: 4321, y: 7 });
    expect(points).toContainEqual({ x: 8765, y: -3 });
    const xs = points.map((point) => point.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(xs.length);
  });

  it('returns short series unchanged', () => {
    expect(downsample([3, 1, 2], 10)).toEqual([
      { x: 0, y: 3 },
      { x: 1, y: 1 },
      { x: 2, y: 2 },
    ]);
  });

  it('keeps line breaks where values are NaN', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i >= 40 && i < 60 ? NaN : i));
    const points = downsample(values, 10);
    expect(points.length).toBeLessThanOrEqual(10);
    expect(
      linePath(
        points.map((point) => point.y),
        (i) => points[i].x,
        (v) => v,
      ),
    ).toBe('M0,0L1,1L39,39M60,60L98,98L99,99');
  });
});

describe('summariseSeries', () => {
  const values = Array.from({ length: 11 }, (_, i) => i * i);

  it('picks evenly spaced points including both ends', () => {
    expect(summariseSeries(values, 3)).toEqual([
      { x: 0, y: 0 },
      { x: 5, y: 25 },
      { x: 10, y: 100 },
    ]);
  });

  it('handles small counts and short series', () => {
    expect(summariseSeries(values, 1)).toEqual([{ x: 10, y: 100 }]);
    expect(summariseSeries(values, 0)).toEqual([]);
    expect(summariseSeries([], 5)).toEqual([]);
    expect(summariseSeries([4, 5], 5)).toEqual([
      { x: 0, y: 4 },
      { x: 1, y: 5 },
    ]);
  });
});

describe('heatColor', () => {
  const sequential = { min: 0, max: 1, kind: 'sequential', dark: false } as const;
  const diverging = { min: -2, max: 2, kind: 'diverging', dark: false } as const;

  it('hits the ramp endpoints and clamps outside values', () => {
    expect(heatColor(0, sequential)).toBe('rgb(247, 251, 255)');
    expect(heatColor(1, sequential)).toBe('rgb(8, 48, 107)');
    expect(heatColor(-5, sequential)).toBe('rgb(247, 251, 255)');
    expect(heatColor(9, sequential)).toBe('rgb(8, 48, 107)');
    expect(heatColor(0, { ...sequential, dark: true })).toBe('rgb(17, 20, 33)');
    expect(heatColor(1, { ...sequential, dark: true })).toBe('rgb(255, 255, 204)');
  });

  it('interpolates between stops', () => {
    expect(heatColor(0.125, sequential)).toBe('rgb(223, 235, 247)');
  });

  it('centres diverging colours on zero', () => {
    expect(heatColor(-2, diverging)).toBe('rgb(33, 102, 172)');
    expect(heatColor(0, diverging)).toBe('rgb(247, 247, 247)');
    expect(heatColor(2, diverging)).toBe('rgb(178, 24, 43)');
    expect(heatColor(0, { ...diverging, dark: true })).toBe('rgb(28, 28, 32)');
    expect(heatColor(0, { ...diverging, min: -1, max: 3 })).toBe('rgb(247, 247, 247)');
  });

  it('marks non-finite values as missing', () => {
    expect(heatColor(NaN, sequential)).toBe(MISSING_COLOR);
  });

  it('builds legend stops from min to max', () => {
    const legend = heatLegend(sequential, 3);
    expect(legend.map((stop) => stop.offset)).toEqual([0, 0.5, 1]);
    expect(legend[2].color).toBe('rgb(8, 48, 107)');
  });

  it('derives domains from data', () => {
    expect(heatDomain([0.1, 0.4, NaN], 'sequential')).toEqual({ min: 0, max: 0.4 });
    expect(heatDomain([-0.5, 0.2], 'diverging')).toEqual({ min: -0.5, max: 0.5 });
    expect(heatDomain([0, 0], 'diverging')).toEqual({ min: -1, max: 1 });
    expect(heatDomain([], 'sequential')).toEqual({ min: 0, max: 1 });
  });
});

describe('layout', () => {
  it('heatmapCells splits the area evenly', () => {
    const layout = heatmapCells(64, 32, { width: 320, height: 128 });
    expect(layout.cellWidth).toBe(10);
    expect(layout.cellHeight).toBe(2);
    expect(layout.x(3)).toBe(30);
    expect(layout.y(5)).toBe(10);
    expect(cellAt(layout, 64, 32, 35, 11)).toEqual({ row: 5, col: 3 });
    expect(cellAt(layout, 64, 32, 320, 0)).toBeNull();
    expect(heatmapCells(0, 0, { width: 10, height: 10 }).cellWidth).toBe(0);
  });

  it('gridCells lays out a 3×3 grid with gaps', () => {
    const cells = gridCells(9, 3, { width: 316, height: 316 }, 8);
    expect(cells).toHaveLength(9);
    expect(cells[0]).toEqual({ x: 0, y: 0, width: 100, height: 100 });
    expect(cells[4]).toEqual({ x: 108, y: 108, width: 100, height: 100 });
    expect(cells[8]).toEqual({ x: 216, y: 216, width: 100, height: 100 });
  });

  it('moveCell moves a focused cell by arrow keys within the grid, Home/End along the row', () => {
    const cell = { row: 2, col: 0 };
    expect(moveCell('ArrowDown', cell, 4, 5)).toEqual({ row: 3, col: 0 });
    expect(moveCell('ArrowLeft', cell, 4, 5)).toEqual({ row: 2, col: 0 });
    expect(moveCell('ArrowUp', { row: 0, col: 1 }, 4, 5)).toEqual({ row: 0, col: 1 });
    expect(moveCell('End', cell, 4, 5)).toEqual({ row: 2, col: 4 });
    expect(moveCell('Home', { row: 1, col: 3 }, 4, 5)).toEqual({ row: 1, col: 0 });
    expect(moveCell('a', cell, 4, 5)).toBeNull();
  });

  it('diagonalRows clips the diagonal col = row + offset to the grid', () => {
    expect(diagonalRows(0, 64, 64)).toEqual({ from: 0, to: 64 });
    expect(diagonalRows(8, 64, 64)).toEqual({ from: 0, to: 56 });
    expect(diagonalRows(-3, 10, 10)).toEqual({ from: 3, to: 10 });
    expect(diagonalRows(12, 10, 10)).toBeNull();
  });
});

describe('colour legends with numbers', () => {
  it('a log legend has one tick per decade below the largest value', () => {
    const ticks = logLegendTicks(0.273, 4);
    expect(ticks.map((tick) => tick.offset)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(ticks[4].value).toBe(0.273);
    expect(ticks[0].value).toBeCloseTo(2.73e-5, 12);
    expect(ticks[2].value).toBeCloseTo(2.73e-3, 12);
  });

  it('a log legend of nothing (all zero, NaN, infinite) has no ticks', () => {
    for (const max of [0, -1, NaN, Infinity]) expect(logLegendTicks(max, 4)).toEqual([]);
  });

  it('a linear legend spans its range evenly, ends included', () => {
    expect(linearLegendTicks(-1, 1, 5)).toEqual([
      { offset: 0, value: -1 },
      { offset: 0.25, value: -0.5 },
      { offset: 0.5, value: 0 },
      { offset: 0.75, value: 0.5 },
      { offset: 1, value: 1 },
    ]);
  });
});
