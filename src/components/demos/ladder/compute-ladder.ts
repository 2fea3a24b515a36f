/**
 * `<compute-ladder>`: milliseconds per training step against batch size for every engine this
 * device offers, measured when the reader presses Measure (nothing runs before). Each point is
 * one `measure` request to a trainer in a Web Worker (lib/trainer/measure.ts): a fresh model at
 * that batch size, a few timed steps. Points are measured rung by rung; one that would take too
 * long here is skipped (lib/demos/ladder.ts). Stop ends the worker at once and keeps the points
 * measured so far. Test hooks: `data-state` ('idle' | 'measuring' | 'done' | 'stopped' |
 * 'error'), `data-points` (timed points), `data-results` (every result, JSON), `data-summary`
 * (the summary's kind) and `data-crossover` (its batch size, or '').
 */
import { formatNumber } from '../../../lib/chart.ts';
import {
  addResult,
  growthOf,
  inEngineSet,
  isTimed,
  LADDER_SCHEMA,
  ladderBatches,
  ladderEngines,
  ladderPlan,
  ladderSetup,
  nextMove,
  resultOf,
  resultsInView,
  summarize,
  type Growth,
  type LadderEngine,
  type LadderResult,
} from '../../../lib/demos/ladder.ts';
import type { AutoCandidate } from '../../../lib/auto-engine.ts';
import { DemoElement, type ActionHandler } from '../../shared/demo-element.ts';
import { shortEngineName } from '../../shared/engine-choice.ts';
import { fillHeader, fillTable } from '../../shared/page-runtime.ts';
import { createRunner, type TrainerRunner } from '../../shared/trainer-runner.ts';
import { LadderChart } from './ladder-chart.ts';

class ComputeLadder extends DemoElement<typeof LADDER_SCHEMA> {
  protected readonly schema = LADDER_SCHEMA;
  private results: LadderResult[] = [];
  private engines: LadderEngine[] = [];
  /** What the figure shows: the results and engines of the current settings (see resultsInView). */
  private shown: { results: LadderResult[]; engines: LadderEngine[] } = { results: [], engines: [] };
  private runner: TrainerRunner | null = null;
  private stopping = false;
  private chart!: LadderChart;

  protected actions(): Record<string, ActionHandler> {
    return { measure: () => this.measure(), stop: () => this.stop() };
  }

  protected setUp(): void {
    this.chart = this.own(
      new LadderChart(
        this.find('.ladder-figure'),
        {
          axisBatch: this.t('ladder.axisBatch'),
          axisMs: this.t('ladder.axisMs'),
          empty: this.t('ladder.empty'),
          hint: this.t('chart.hint'),
          name: (engine) => this.engineName(engine),
          readout: (batch, values) => this.t('ladder.readout', { batch, values }),
          value: (engine, ms) => this.t('ladder.value', { engine, ms }),
        },
        this.locale,
      ),
    );
    this.onDispose(() => this.runner?.dispose());
    this.dataset.state = 'idle';
    this.enableActions({ measure: true, stop: false });
    this.render();
  }

  /** Nothing heavy runs before the reader asks: the trainer starts on Measure. */
  protected start(): void {}

  protected settingChanged(): void {
    this.render();
  }

  /** Measures every point of the settings, in order, until done or stopped. */
  private async measure(): Promise<void> {
    const isLatest = this.latest.begin();
    this.runner?.dispose();
    const runner = createRunner('auto', () => undefined);
    this.runner = runner;
    this.stopping = false;
    this.results = [];
    this.setBusy(true);
    this.setMessage('');
    this.setStatus(this.t('ladder.starting'));
    const started = performance.now();
    try {
      const { device } = await runner.ask({ type: 'probe' });
      this.engines = ladderEngines(this.state.engines, device);
      const plan = ladderPlan(ladderBatches(this.state), this.engines);
      if (plan.length === 0) {
        this.dataset.state = 'idle';
        return this.setStatus(this.t('ladder.noEngine'));
      }
      for (let move = nextMove(plan, this.results); move.kind !== 'done'; move = nextMove(plan, this.results)) {
        if (move.kind === 'skip') {
          this.results = addResult(this.results, move.result);
          continue;
        }
        const { point } = move;
        this.showProgress(plan.length, point);
        const { timings } = await runner.ask({
          type: 'measure',
          setup: ladderSetup(point.batch),
          candidates: [point.engine],
        });
        if (!isLatest()) return;
        this.results = addResult(this.results, resultOf(point, timings));
        this.render();
      }
      this.dataset.state = 'done';
      const seconds = formatNumber(Math.round((performance.now() - started) / 100) / 10, this.locale);
      this.setStatus(this.t('ladder.done', { count: this.results.filter(isTimed).length, seconds }));
    } catch (error) {
      if (!isLatest()) return;
      if (!this.stopping) return this.reportFailure(error);
      this.dataset.state = 'stopped';
      this.setStatus(this.t('ladder.stopped', { count: this.results.length, total: this.planSize() }));
    } finally {
      if (isLatest()) this.finish(runner);
    }
  }

  /** Ends the worker now (a timing under way is dropped); the points measured so far stay. */
  private stop(): void {
    this.stopping = true;
    this.runner?.dispose();
  }

  private finish(runner: TrainerRunner): void {
    runner.dispose();
    if (this.runner === runner) this.runner = null;
    this.setBusy(false);
    this.render();
  }

  private setBusy(busy: boolean): void {
    if (busy) this.dataset.state = 'measuring';
    this.enableActions({ measure: !busy, stop: busy });
    this.enableSettings(this.schema.names, !busy);
    this.labelAction('measure', this.t(this.results.length > 0 ? 'ladder.measureAgain' : 'ladder.measure'));
    const bar = this.find<HTMLProgressElement>('.ladder-progress progress');
    bar.hidden = !busy;
    if (busy) bar.value = 0;
  }

  private planSize(): number {
    return ladderPlan(ladderBatches(this.state), this.engines).length;
  }

  private showProgress(total: number, point: { engine: AutoCandidate; batch: number }): void {
    const index = this.results.length + 1;
    const engine = this.engines.find((candidate) => candidate.engine === point.engine);
    const name = engine ? this.engineName(engine) : point.engine;
    const bar = this.find<HTMLProgressElement>('.ladder-progress progress');
    bar.max = total;
    bar.value = this.results.length;
    const values = { engine: name, batch: formatNumber(point.batch, this.locale), index, total };
    this.setStatus(this.t('ladder.measuring', values));
  }

  /** "WASM", or "WebGL (software)" where WebGL has no GPU. */
  private engineName(engine: LadderEngine): string {
    const name = shortEngineName((key, values) => this.t(key, values), engine.engine);
    return engine.software ? this.t('ladder.software', { engine: name }) : name;
  }

  /** Chart, table, summary, notes and test hooks from the results so far that the settings describe. */
  private render(): void {
    const engines = this.engines.filter((engine) => inEngineSet(this.state.engines, engine.engine));
    this.shown = { results: resultsInView(this.results, this.state), engines };
    const summary = summarize(this.shown.results);
    const crossover = summary.kind === 'crossover' ? summary.batch : null;
    const batches = ladderBatches(this.state);
    this.chart.setData(batches, this.shown.engines, this.shown.results, crossover);
    this.chart.setLabel(this.t('ladder.label', { values: this.describeCurves() }));
    this.renderLegend();
    this.renderTable(batches);
    this.find('.ladder-summary').textContent = this.summaryText();
    this.renderNotes();
    Object.assign(this.dataset, {
      points: String(this.shown.results.filter(isTimed).length),
      results: JSON.stringify(this.shown.results),
      summary: summary.kind,
      crossover: crossover === null ? '' : String(crossover),
    });
  }

  /** The curves as text for the chart's accessible name: "scratch: B = 16 1.2 ms, …". */
  private describeCurves(): string {
    return this.shown.engines
      .map((engine) => {
        const points = this.shown.results.filter((r) => r.engine === engine.engine).filter(isTimed);
        const values = points.map((r) => `B = ${formatNumber(r.batch, this.locale)} ${this.ms(r.msPerStep)}`);
        return values.length > 0 ? `${this.engineName(engine)}: ${values.join(', ')}.` : '';
      })
      .join(' ');
  }

  private ms(value: number): string {
    return `${formatNumber(value, this.locale)} ms`;
  }

  private renderLegend(): void {
    const legend = this.find('.ladder-legend');
    legend.replaceChildren(
      ...this.shown.engines.map((engine) => {
        const item = document.createElement('span');
        const swatch = document.createElement('span');
        swatch.className = `ladder-swatch ${engine.engine}`;
        item.append(swatch, this.engineName(engine));
        return item;
      }),
    );
    legend.hidden = this.shown.engines.length === 0;
  }

  private renderTable(batches: readonly number[]): void {
    const header = [this.t('ladder.axisBatch'), ...this.shown.engines.map((engine) => this.engineName(engine))];
    fillHeader(this.find<HTMLTableRowElement>('.ladder-table thead tr'), header);
    const cell = (engine: AutoCandidate, batch: number): string => {
      const result = this.shown.results.find((r) => r.engine === engine && r.batch === batch);
      if (!result) return '—';
      if (isTimed(result)) return formatNumber(result.msPerStep, this.locale);
      if ('failed' in result) return this.t('ladder.cell.failed');
      return Number.isNaN(result.estimateMs)
        ? this.t('ladder.cell.failed')
        : this.t('ladder.cell.skipped', { ms: formatNumber(Math.round(result.estimateMs), this.locale) });
    };
    fillTable(
      this.find<HTMLTableSectionElement>('.ladder-table tbody'),
      batches.map((batch) => [
        formatNumber(batch, this.locale),
        ...this.shown.engines.map((e) => cell(e.engine, batch)),
      ]),
    );
  }

  /** The sentence the numbers support, the software-WebGL caveat and how each engine's step grows. */
  private summaryText(): string {
    const summary = summarize(this.shown.results);
    const name = (engine: AutoCandidate): string => {
      const known = this.shown.engines.find((candidate) => candidate.engine === engine);
      return known ? this.engineName(known) : engine;
    };
    const sentences: string[] = [];
    if (summary.kind === 'single') sentences.push(this.t('ladder.summary.single', { engine: name(summary.engine) }));
    if (summary.kind === 'same') sentences.push(this.t('ladder.summary.same', { engine: name(summary.engine) }));
    if (summary.kind === 'crossover') {
      const values = { winner: name(summary.winner), loser: name(summary.loser) };
      sentences.push(
        this.t('ladder.summary.crossover', { ...values, batch: formatNumber(summary.batch, this.locale) }),
      );
    }
    const growth = this.growthText(name);
    if (growth) sentences.push(growth);
    const software = this.shown.engines.some((engine) => engine.software);
    if (software && this.shown.results.some((r) => r.engine === 'webgl' && isTimed(r)))
      sentences.push(this.t('ladder.summary.software'));
    return sentences.join(' ');
  }

  /**
   * How much longer a step takes as the batch grows, per engine: one range for all when every
   * engine was timed over the same batch sizes, else each engine with its own.
   */
  private growthText(name: (engine: AutoCandidate) => string): string {
    const growth = growthOf(this.shown.results);
    if (growth.length === 0) return '';
    const f = (value: number) => formatNumber(value, this.locale);
    const range = (g: Growth) => ({ from: f(g.from), to: f(g.to), work: f(g.to / g.from) });
    const short = (g: Growth) =>
      this.t('ladder.growthShort', { engine: name(g.engine), ratio: f(Number(g.ratio.toPrecision(2))) });
    const [first] = growth;
    if (growth.every((g) => g.from === first.from && g.to === first.to)) {
      return this.t('ladder.growthSame', { ...range(first), list: growth.map(short).join(', ') });
    }
    const items = growth.map((g) => this.t('ladder.growthItem', { item: short(g), ...range(g) }));
    return this.t('ladder.growth', { list: items.join(', ') });
  }

  /** One note per engine that failed or was skipped, at the first batch size it happened. */
  private renderNotes(): void {
    const notes = this.shown.engines.flatMap((engine) => {
      const first = this.shown.results.find((r) => r.engine === engine.engine && !isTimed(r));
      if (!first || isTimed(first)) return [];
      const name = this.engineName(engine);
      if ('failed' in first)
        return [this.t('ladder.engineFailed', { engine: name, message: first.failed.slice(0, 120) })];
      if (Number.isNaN(first.estimateMs)) return [];
      const seconds = formatNumber(Number((first.estimateMs / 1000).toPrecision(2)), this.locale);
      return [this.t('ladder.skipped', { engine: name, batch: formatNumber(first.batch, this.locale), seconds })];
    });
    if (this.dataset.state !== 'error') this.setMessage(notes.join(' '));
  }
}

if (!customElements.get('compute-ladder')) customElements.define('compute-ladder', ComputeLadder);
