/**
 * What every chart of the demos shares: the container it draws into, its translated labels and
 * locale, and redraws coalesced to one per frame that also follow the container's size.
 * Subclasses keep their data and implement `draw`.
 */
import { redrawScheduler } from '../island.ts';

export abstract class ChartFigure<Labels> {
  protected readonly container: HTMLElement;
  protected readonly labels: Labels;
  protected readonly locale: string;
  /** Asks for a redraw on the next animation frame (several asks, one draw). */
  protected readonly requestDraw: () => void;

  constructor(container: HTMLElement, labels: Labels, locale: string) {
    this.container = container;
    this.labels = labels;
    this.locale = locale;
    this.requestDraw = redrawScheduler(() => this.draw(), container);
  }

  /** Renders the current data at the container's current size. */
  protected abstract draw(): void;
}
