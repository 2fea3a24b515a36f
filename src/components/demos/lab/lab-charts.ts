/**
 * The training lab's three figures, with their translated labels: the training loss, the test
 * error per time step MSE(t), and the 3×3 grid of test windows.
 */
import { required } from '../../shared/page-runtime.ts';
import { EvalGrid } from './eval-grid.ts';
import type { Translate } from './lab-text.ts';
import { LossChart } from './loss-chart.ts';
import { MseChart } from './mse-chart.ts';

/** The lab's charts. */
export interface LabCharts {
  loss: LossChart;
  mse: MseChart;
  grid: EvalGrid;
}

/** Builds the charts inside the lab's `.lab-loss`, `.lab-mse` and `.lab-grid` figures. */
export function createLabCharts(root: HTMLElement, t: Translate, locale: string): LabCharts {
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
  const mse = new MseChart(
    required(root, '.lab-mse'),
    {
      title: t('chart.mse'),
      tAxis: t('chart.tAxis'),
      mseAxis: t('chart.mseAxis'),
      band: t('chart.mseBand'),
      empty: t('chart.mseEmpty'),
      readout: (step, value) => t('chart.mseReadout', { t: step, mse: value }),
    },
    locale,
  );
  const grid = new EvalGrid(
    required(root, '.lab-grid'),
    { panel: (index, value) => t('chart.windowSummary', { index, mse: value }) },
    locale,
  );
  return { loss, mse, grid };
}
