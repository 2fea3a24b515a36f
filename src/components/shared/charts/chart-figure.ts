/**
 * What every chart of the demos shares: the container it draws into, its translated labels and
 * locale, and redraws coalesced to one per frame that also follow the container's size.
 * Subclasses keep their data and implement `draw`; the demo disposes of the chart when it
 * leaves the page.
 */
import { redrawScheduler, type Cleanup, type RedrawScheduler } from '../page-runtime.ts';

export abstract class ChartFigure<Labels> {
  protected readonly container: HTMLElement;
  protected readonly labels: Labels;
  protected readonly locale: string;
  private readonly redraw: RedrawScheduler;
  private readonly cleanups: Cleanup[] = [];

  constructor(container: HTMLElement, labels: Labels, locale: string) {
    this.container = container;
    this.labels = labels;
    this.locale = locale;
    this.redraw = redrawScheduler(() => this.draw(), container);
  }

  /** Asks for a redraw on the next animation frame (several asks, one draw). */
  protected requestDraw(): void {
    this.redraw.request();
  }

  /** Runs `cleanup` when the chart is disposed of (e.g. the listeners of its readout). */
  protected onDispose(cleanup: Cleanup): void {
    this.cleanups.push(cleanup);
  }

  /** Stops following the container's size, drops a pending redraw and lets go of listeners. */
  dispose(): void {
    this.redraw.dispose();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  /** Renders the current data at the container's current size. */
  protected abstract draw(): void;
}
