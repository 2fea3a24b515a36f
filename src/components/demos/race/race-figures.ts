/**
 * What the race draws of its lanes: the test error per time step of each model (chart, test
 * hooks `data-mse-early-<variant>` / `data-mse-late-<variant>`, and the tables, at most once per
 * frame) and the example window with each model's prediction (chart and text alternative).
 */
import { formatNumber } from '../../../lib/chart.ts';
import type { Variant } from '../../../lib/model/config.ts';
import type { UiKey } from '../../../i18n/index.ts';
import { redrawScheduler, type RedrawScheduler } from '../../shared/page-runtime.ts';
import { ExampleWindowChart, StepErrorChart, type RaceChartLabels } from './race-charts.ts';
import type { Lane, RaceLanes } from './race-lanes.ts';
import { fillRaceTables } from './race-tables.ts';

/** Translates a key with values (the demo's `t`). */
type Translate = (key: UiKey, values?: Record<string, string | number>) => string;

export class RaceFigures {
  private readonly root: HTMLElement;
  private readonly lanes: RaceLanes;
  private readonly t: Translate;
  private readonly locale: string;
  private readonly errorChart: StepErrorChart;
  private readonly exampleChart: ExampleWindowChart;
  /** Redraws the tables at most once per frame, however many evaluations arrive. */
  private readonly tables: RedrawScheduler;

  /** Draws into the race element `root` (its `.race-errors` and `.race-example` figures). */
  constructor(root: HTMLElement, lanes: RaceLanes, t: Translate, locale: string) {
    this.root = root;
    this.lanes = lanes;
    this.t = t;
    this.locale = locale;
    const labels: RaceChartLabels = {
      axisT: t('race.axisT'),
      axisMse: t('race.axisMse'),
      early: t('race.early'),
      variant: {
        synced: t('variant.synced'),
        delayed: t('variant.delayed'),
        bidirectional: t('variant.bidirectional'),
      },
      hint: t('chart.hint'),
      target: t('chart.target'),
    };
    const figure = (selector: string) => root.querySelector(selector) as HTMLElement;
    this.errorChart = new StepErrorChart(figure('.race-errors'), labels, locale);
    this.exampleChart = new ExampleWindowChart(figure('.race-example'), labels, locale);
    this.tables = redrawScheduler(() => this.fillTables());
  }

  dispose(): void {
    this.errorChart.dispose();
    this.exampleChart.dispose();
    this.tables.dispose();
  }

  /** The tables again (e.g. the per-step table was opened). */
  requestTables(): void {
    this.tables.request();
  }

  /** Curves and test hooks from the lanes' latest evaluations; the tables follow once per frame. */
  showEvaluations(): void {
    for (const lane of this.lanes.all()) {
      this.errorChart.setCurve(lane.variant, lane.evaluation?.msePerStep ?? null);
      // Removed (not emptied) while a model has no measured error, so a test never reads a stale one.
      for (const [hook, value] of [
        [`mse-early-${lane.variant}`, lane.evaluation?.mseEarly],
        [`mse-late-${lane.variant}`, lane.evaluation?.mseLate],
      ] as const) {
        if (value === undefined) this.root.removeAttribute(`data-${hook}`);
        else this.root.setAttribute(`data-${hook}`, String(value));
      }
    }
    this.tables.request();
  }

  /** Draws a model's prediction of the window on show; untrained models are not drawn. */
  showPrediction(lane: Lane, step: number, prediction: Float64Array): void {
    if (!lane.window) return;
    if (!lane.pretrained && step === 0) return this.clearPrediction(lane.variant);
    this.exampleChart.setPrediction(lane.variant, lane.window.target, prediction);
    const errors = this.exampleChart
      .windowErrors()
      .map(([variant, mse]) => `${this.t(`variant.${variant}`)} ${formatNumber(mse, this.locale)}`)
      .join(', ');
    this.exampleChart.setLabel(this.t('race.exampleLabel', { index: lane.window.index, errors }));
  }

  clearPrediction(variant: Variant): void {
    this.exampleChart.clearPrediction(variant);
  }

  private fillTables(): void {
    const lanes = {
      synced: this.lanes.lane('synced'),
      delayed: this.lanes.lane('delayed'),
      bidirectional: this.lanes.lane('bidirectional'),
    };
    const summary = fillRaceTables(this.root, lanes, this.t, this.locale);
    this.errorChart.setLabel(this.t('race.chartLabel', { summary }));
  }
}
