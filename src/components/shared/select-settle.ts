/**
 * A closed select moved by arrow keys changes its value (and fires `change`) at every key in
 * Chromium. So that stepping through the choices does not rebuild a model at every key press, a
 * change made by keys applies once the keys stop, Enter is pressed or focus leaves; a change
 * made with the pointer applies at once.
 */

/** How long a select changed by arrow keys waits for the next key before it applies, in ms. */
const KEYBOARD_SELECT_SETTLE_MS = 700;

/** Keys that change a closed select's value at once (each fires `change` in Chromium). */
const SELECT_MOVE_KEYS = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

/** Holds back key-driven select changes of one demo until they settle. */
export class SelectSettler {
  private keyboardSelect: HTMLSelectElement | null = null;
  private pending: { control: HTMLSelectElement; timer: number } | null = null;
  private readonly apply: (control: HTMLSelectElement) => void;

  /** `apply` is called with the select once its change should take effect. */
  constructor(apply: (control: HTMLSelectElement) => void) {
    this.apply = apply;
  }

  /** A `change` of `control`: true when it is held back (the keys may not have stopped). */
  holds(control: HTMLSelectElement): boolean {
    if (control !== this.keyboardSelect) return false;
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = { control, timer: window.setTimeout(() => this.settle(), KEYBOARD_SELECT_SETTLE_MS) };
    return true;
  }

  /** Notes arrow keys on a select (so its change waits); Enter applies a waiting change. */
  keydown(event: KeyboardEvent): void {
    const target = event.target;
    if (!(target instanceof HTMLSelectElement)) return;
    if (SELECT_MOVE_KEYS.has(event.key)) {
      this.keyboardSelect = target;
      queueMicrotask(() => setTimeout(() => (this.keyboardSelect = null), 0));
    } else if (event.key === 'Enter' && this.pending?.control === target) {
      this.settle();
    }
  }

  /** Focus left `target`: a change waiting on it applies now. */
  focusOut(target: EventTarget | null): void {
    if (target === this.pending?.control) this.settle();
  }

  /** Drops a waiting change (the demo left the page). */
  dispose(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = null;
  }

  private settle(): void {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending = null;
    this.apply(pending.control);
  }
}
