/**
 * `<predict-run>`: predict, then run. The reader picks one answer (a radio group) and commits it
 * (kept in the URL as `predict.<question>.answer`); the next live run of the demo the question
 * belongs to (its `demo-result` event, result-event.ts) shows what happened and scores the
 * answer (lib/demos/predict.ts). "Change my prediction" unlocks it again. Test hooks:
 * `data-answer` (the committed choice or 'none'), `data-actual` (what the run showed) and
 * `data-score` ('right' | 'wrong', absent until a run scored a committed answer).
 */
import { formatNumber } from '../../../lib/chart.ts';
import {
  isRight,
  NO_ANSWER,
  predictSchema,
  QUESTIONS,
  scoreAnswer,
  type DemoResult,
  type Outcome,
  type QuestionId,
} from '../../../lib/demos/predict.ts';
import type { UiKey } from '../../../i18n/index.ts';
import { DemoElement, type ActionHandler } from '../../shared/demo-element.ts';
import { RESULT_EVENT } from './result-event.ts';

/** The question of an element, from its `data-question` (set at build time). */
function questionOf(element: HTMLElement): QuestionId {
  const id = element.dataset.question ?? '';
  if (!(id in QUESTIONS)) throw new Error(`unknown question "${id}"`);
  return id as QuestionId;
}

class PredictRun extends DemoElement<ReturnType<typeof predictSchema>> {
  private selected = '';
  private outcome: Outcome | null = null;

  protected get schema(): ReturnType<typeof predictSchema> {
    return predictSchema(questionOf(this));
  }

  private get question(): QuestionId {
    return questionOf(this);
  }

  protected actions(): Record<string, ActionHandler> {
    return { commit: () => this.commit(this.selected), change: () => this.commit(NO_ANSWER) };
  }

  protected setUp(): void {
    // A choice picked before the code arrived (the radios are plain markup until then) counts.
    const picked = this.querySelector<HTMLInputElement>('.predict-choices input[type="radio"]:checked');
    this.selected = this.state.answer === NO_ANSWER ? (picked?.value ?? '') : this.state.answer;
    this.listen(this.find('.predict-choices'), 'change', (event) => {
      const radio = event.target as HTMLInputElement;
      if (radio.checked) this.selected = radio.value;
      this.render();
    });
    const target = `[data-demo="${QUESTIONS[this.question].demo}"]`;
    this.listen(document, RESULT_EVENT, (event) => {
      if (event.target instanceof Element && event.target.matches(target))
        this.onResult((event as CustomEvent<DemoResult>).detail);
    });
    this.render();
  }

  protected start(): void {}

  protected settingChanged(): void {
    this.render();
  }

  /** Commits `answer` (or withdraws the commitment with {@link NO_ANSWER}). */
  private commit(answer: string): void {
    if (answer === '') return;
    this.url.update({ answer });
    this.outcome = null;
    this.setMessage('');
    this.render();
    if (answer !== NO_ANSWER) this.find<HTMLButtonElement>('button[data-action="change"]').focus();
  }

  /** A live run completed: say what happened and, when an answer is committed, score it. */
  private onResult(result: DemoResult): void {
    const outcome = scoreAnswer(this.question, result);
    if (!outcome) return;
    this.outcome = outcome;
    this.render();
  }

  private choiceLabel(choice: string): string {
    return this.t(`predict.${this.question}.${choice}` as UiKey);
  }

  private render(): void {
    const answer = this.state.answer;
    const committed = answer !== NO_ANSWER;
    for (const radio of this.querySelectorAll<HTMLInputElement>('.predict-choices input[type="radio"]')) {
      radio.checked = radio.value === (committed ? answer : this.selected);
      radio.disabled = committed;
    }
    this.enableActions({ commit: !committed && this.selected !== '', change: committed });
    this.dataset.answer = answer;
    this.setStatus(
      committed ? this.t('predict.committed', { guess: this.choiceLabel(answer) }) : this.t('predict.prompt'),
    );
    this.renderOutcome(answer);
  }

  /** The verdict and what the run showed, once a run has completed. */
  private renderOutcome(answer: string): void {
    const outcome = this.outcome;
    const right = outcome ? isRight(answer, outcome) : null;
    if (right === null) delete this.dataset.score;
    else this.dataset.score = right ? 'right' : 'wrong';
    if (!outcome) return this.setMessage('');
    this.dataset.actual = outcome.actual;
    const values = Object.fromEntries(
      Object.entries(outcome.values).map(([name, value]) => [
        name,
        formatNumber(name === 'ratio' || name === 'step' ? Math.round(value) : value, this.locale),
      ]),
    );
    const shown = this.t(`predict.${this.question}.outcome.${outcome.actual}` as UiKey, values);
    const actual = this.choiceLabel(outcome.actual);
    const verdict =
      right === null
        ? this.t('predict.uncommitted', { actual })
        : this.t(right ? 'predict.right' : 'predict.wrong', { guess: this.choiceLabel(answer), actual });
    this.setMessage(`${verdict} ${shown}`);
  }
}

if (!customElements.get('predict-run')) customElements.define('predict-run', PredictRun);
