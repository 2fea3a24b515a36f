/**
 * What every chart of the demos shares: the container it draws into, its translated labels and
 * locale, and redraws coalesced to one per frame that also follow the container's size.
 * Subclasses keep their data and implement `draw`; the demo disposes of the chart when it
 * leaves the page.
 */
import { redrawScheduler, type RedrawScheduler } from '../page-runtime.ts';

export abstract class ChartFigure<Labels> {
  protected readonly container: HTMLElement;
  protected readonly labels: Labels;
  protected readonly locale: string;
  private readonly redraw: RedrawScheduler;

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

  /** Stops following the container's size and drops a pending redraw. */
  dispose(): void {
    this.redraw.dispose();
  }

  /** Renders the current data at the container's current size. */
  protected abstract draw(): void;
}
