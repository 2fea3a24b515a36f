import type { UiKey } from './en.ts';
import { koCharts } from './ko/charts.ts';
import { koInside } from './ko/inside.ts';
import { koLab } from './ko/lab.ts';
import { koLadder } from './ko/ladder.ts';
import { koLifecycle } from './ko/lifecycle.ts';
import { koRace } from './ko/race.ts';

/**
 * Korean UI strings; the same flat keys as English, in the same parts by area (`ko/*.ts`).
 * Keys of a new area may follow the parts here, in a block marked with its name.
 */
export const ko: Record<UiKey, string> = {
  ...koLab,
  ...koCharts,
  ...koRace,
  ...koInside,
  ...koLifecycle,
  ...koLadder,
};
