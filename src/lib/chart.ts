/**
 * Chart helpers in one import: scales and layout (`chart-scales.ts`), paths, downsampling
 * and number text (`chart-paths.ts`), heatmap colours and cells (`chart-heatmap.ts`).
 * Pure maths returning numbers and strings, like d3-shape: no DOM, usable in workers.
 */

export * from './chart-scales.ts';
export * from './chart-paths.ts';
export * from './chart-heatmap.ts';
