/**
 * Why an imported model file was refused, in the page's language: each structured reason from
 * lib/demos/lab-import.ts as a short clause naming the setting as the form labels it, what the
 * file says (already cut short) and what the lab offers. At most a few reasons are listed.
 */
import { formatNumber } from '../../../lib/chart.ts';
import { echo } from '../../../lib/demos/echo.ts';
import {
  LAB_IMPORT_MAX_BYTES,
  sizeParts,
  type Allowed,
  type FileSetting,
  type ImportProblem,
} from '../../../lib/demos/lab-import.ts';
import type { LabField } from '../../../lib/demos/lab.ts';
import type { UiKey } from '../../../i18n/index.ts';
import type { Translate } from './lab-text.ts';

/** Reasons listed in full; the rest are counted. */
const LISTED = 3;

/** File settings the lab's form shows, by the form field that shows them. */
const FORM_FIELDS: Partial<Record<FileSetting, LabField>> = {
  variant: 'variant',
  delay: 'delay',
  hiddenSize: 'hidden',
  horizon: 'horizon',
  noise: 'noise',
  seed: 'seed',
};

/** Names of the file settings the form does not show. */
const SETTING_NAMES: Partial<Record<FileSetting, UiKey>> = {
  inputSize: 'lab.file.inputSize',
  outputSize: 'lab.file.outputSize',
  window: 'lab.file.window',
  initialState: 'lab.file.initialState',
  cycles: 'lab.file.cycles',
  trainSize: 'lab.file.trainSize',
  testSize: 'lab.file.testSize',
  dtype: 'lab.file.dtype',
};

/** A size in bytes, KB or MB. */
function size(bytes: number, locale: string): string {
  const { value, unit } = sizeParts(bytes);
  return `${formatNumber(value, locale)} ${unit}`;
}

/** What the lab offers, in words: a value, a choice of values, or a range. */
function allowedText(t: Translate, allowed: Allowed, locale: string): string {
  if ('min' in allowed)
    return t('lab.import.allowedRange', {
      min: formatNumber(allowed.min, locale),
      max: formatNumber(allowed.max, locale),
    });
  const values = allowed.values.map((value) => {
    if (typeof value === 'number') return formatNumber(value, locale);
    if (value === 'zero') return t('lab.file.zeroState');
    return value === 'synced' || value === 'delayed' || value === 'bidirectional' ? t(`variant.${value}`) : value;
  });
  return values.join(', ');
}

/** One reason as a clause. */
function problemText(
  t: Translate,
  problem: ImportProblem,
  fieldLabel: (field: string) => string,
  locale: string,
): string {
  switch (problem.kind) {
    case 'tooLarge':
      return t('lab.import.tooLarge', { size: size(problem.bytes, locale), max: size(LAB_IMPORT_MAX_BYTES, locale) });
    case 'version':
      return t('lab.import.version', { given: problem.given });
    case 'unknownField':
    case 'missingField':
      return t(`lab.import.${problem.kind}`, { field: problem.field });
    case 'badValue':
      return t('lab.import.badValue', { field: problem.field, given: problem.given });
    case 'params':
      return t('lab.import.params', { name: problem.name });
    case 'setting': {
      const formField = FORM_FIELDS[problem.field];
      const nameKey = SETTING_NAMES[problem.field];
      const field = formField ? fieldLabel(formField) : nameKey ? t(nameKey) : problem.field;
      const allowed = allowedText(t, problem.allowed, locale);
      return t('lab.import.setting', { field, given: problem.given, allowed });
    }
    default:
      return t(`lab.import.${problem.kind}`);
  }
}

/**
 * Why a file cannot run in the lab: its first reasons, then how many more there are, naming each
 * setting by its label. `name` is the file's name as the reader gave it (cut short here).
 */
export function importErrorText(
  t: Translate,
  name: string,
  problems: readonly ImportProblem[],
  fieldLabel: (field: string) => string,
  locale: string,
): string {
  const listed = problems.slice(0, LISTED).map((problem) => problemText(t, problem, fieldLabel, locale));
  const more = problems.length - listed.length;
  if (more > 0) listed.push(t('lab.import.more', { count: more }));
  return t('lab.importError', { name: echo(name), message: listed.join(t('lab.import.join')) });
}
