/** The training lab's two figures, with their translated labels: the loss chart and the 3×3 grid. */
import { required } from '../../shared/page-runtime.ts';
import { EvalGrid } from './eval-grid.ts';
import type { Translate } from './lab-text.ts';
import { LossChart } from './loss-chart.ts';

/** Builds the charts inside the lab's `.lab-loss` and `.lab-grid` figures. */
export function createLabCharts(root: HTMLElement, t: Translate, locale: string): { loss: LossChart; grid: EvalGrid } {
  const loss = new LossChart(
    required(root, '.lab-loss'),
    {
      title: t('chart.loss'),
      stepAxis: t('chart.stepAxis'),
      lossAxis: t('chart.lossAxis'),
      stepColumn: t('chart.table.step'),
      lossColumn: t('chart.table.loss'),
      empty: t('chart.lossEmpty'),
      hint: t('chart.hint'),
    },
    locale,
  );
  const grid = new EvalGrid(
    required(root, '.lab-grid'),
    {
      panel: (index, mse) => t('chart.windowSummary', { index, mse }),
      target: t('chart.target'),
      prediction: t('chart.prediction'),
      timeColumn: t('chart.table.t'),
    },
    locale,
  );
  return { loss, grid };
}
