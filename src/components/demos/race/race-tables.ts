/**
 * The race's numbers as text: the summary table (early and late error and the step each was
 * measured at, per model), the per-step table (only while its <details> is open: 64 rows × 3
 * models need not be rebuilt for nobody), the chart's accessible summary sentence and the
 * status line.
 */
import { formatNumber } from '../../../lib/chart.ts';
import type { Phase } from '../../../lib/demos/lifecycle.ts';
import { raceOrigin, raceStatus } from '../../../lib/demos/race.ts';
import { VARIANTS, type Variant } from '../../../lib/model/config.ts';
import type { Evaluation } from '../../../lib/train.ts';
import type { UiKey } from '../../../i18n/index.ts';
import { fillTable, required } from '../../shared/page-runtime.ts';
import type { RaceLanes } from './race-lanes.ts';

/** What the tables show of one model: its latest test error and the step it was measured at. */
export interface LaneNumbers {
  variant: Variant;
  evaluation: Evaluation | null;
  evaluatedStep: number;
  /** Steps trained here (shown when there is no evaluation yet, e.g. a model just rebuilt). */
  step: number;
}

/** Translates a key with values (the demo's `t`). */
type Translate = (key: UiKey, values?: Record<string, string | number>) => string;

/** Fills the race's tables inside `root`; returns the chart's summary sentence. */
export function fillRaceTables(
  root: HTMLElement,
  lanes: Record<Variant, LaneNumbers>,
  t: Translate,
  locale: string,
): string {
  const rows = VARIANTS.map((variant) => lanes[variant]);
  const format = (value: number | undefined) => (value === undefined ? '—' : formatNumber(value, locale));
  fillTable(
    required<HTMLTableSectionElement>(root, '.race-summary tbody'),
    rows.map((lane) => [
      t(`variant.${lane.variant}`),
      format(lane.evaluation?.mseEarly),
      format(lane.evaluation?.mseLate),
      format(lane.evaluation ? lane.evaluatedStep : lane.step),
    ]),
  );
  const details = root.querySelector('details');
  if (details?.open) {
    const T = rows.find((lane) => lane.evaluation)?.evaluation?.msePerStep.length ?? 0;
    fillTable(
      required<HTMLTableSectionElement>(root, '.race-per-step tbody'),
      Array.from({ length: T }, (_, step) => [
        String(step),
        ...rows.map((lane) => format(lane.evaluation?.msePerStep[step])),
      ]),
    );
  }
  return rows
    .filter((lane) => lane.evaluation)
    .map((lane) =>
      t('race.chartSummary', {
        variant: t(`variant.${lane.variant}`),
        early: format(lane.evaluation?.mseEarly),
        late: format(lane.evaluation?.mseLate),
      }),
    )
    .join(' ');
}

/** The status of the opening state: the pretrained models, and the lanes no file matches. */
export function pretrainedStatus(t: Translate, missing: readonly Variant[], steps: string): string {
  const shown = t('race.pretrained', { steps });
  if (missing.length === 0) return shown;
  const variants = missing.map((variant) => t(`variant.${variant}`)).join(', ');
  return `${shown} ${t('race.pretrainedMissing', { variants })}`;
}

/** Each model's mean test error over t = 0…3, formatted ('—' while unknown). */
export function earlyErrors(lanes: RaceLanes, locale: string): Record<Variant, string> {
  const early = (variant: Variant) => lanes.lane(variant).evaluation?.mseEarly;
  const format = (value: number | undefined) => (value === undefined ? '—' : formatNumber(value, locale));
  return {
    synced: format(early('synced')),
    delayed: format(early('delayed')),
    bidirectional: format(early('bidirectional')),
  };
}

/** The race's status line and the chart's origin label. */
export interface RaceStatusText {
  status: string;
  /** "pretrained, 2,000 steps" while the shipped models are on show, else ''. */
  origin: string;
}

/**
 * The status line that matches the three models' steps (see lib/demos/race.ts `raceStatus`),
 * in words; `backend` names the engine the trainers run on.
 */
export function raceStatusText(
  t: Translate,
  locale: string,
  phase: Phase,
  lanes: RaceLanes,
  total: number,
  backend: string,
): RaceStatusText {
  const steps = lanes.steps();
  const pretrained = lanes.pretrainedVariants();
  const status = raceStatus(phase, steps, total, pretrained);
  const trainedSteps = formatNumber(lanes.lane(pretrained[0] ?? 'synced').pretrained?.steps ?? 0, locale);
  const showsPretrained = raceOrigin(steps, pretrained) === 'pretrained' && phase !== 'training';
  const origin = showsPretrained ? t('race.origin.pretrained', { steps: trainedSteps }) : '';
  const text = (): string => {
    switch (status.kind) {
      case 'training':
        return t('race.status', { ...steps, total, backend });
      case 'pretrained':
        return pretrainedStatus(t, status.missing, trainedSteps);
      case 'untrained':
        return t('race.ready');
      case 'level':
        return t('race.level', { step: status.step, total });
      case 'uneven':
        return t('race.uneven', { ...steps, total });
      case 'done':
        return t('race.done', { ...earlyErrors(lanes, locale), total });
      default:
        return '';
    }
  };
  return { status: text(), origin };
}
