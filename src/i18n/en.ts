/**
 * English UI strings: flat keys, `{name}` marks a value filled in at run time. The strings live
 * in parts by area (`en/*.ts`); this entry joins them, and keys of a new area may follow the
 * parts here, in a block marked with its name.
 */
import { enCharts } from './en/charts.ts';
import { enInside } from './en/inside.ts';
import { enLab } from './en/lab.ts';
import { enLadder } from './en/ladder.ts';
import { enLifecycle } from './en/lifecycle.ts';
import { enRace } from './en/race.ts';

export const en = {
  ...enLab,
  ...enCharts,
  ...enRace,
  ...enInside,
  ...enLifecycle,
  ...enLadder,
} as const;

export type UiKey = keyof typeof en;
