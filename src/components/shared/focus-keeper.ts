/**
 * Keyboard focus when a demo disables the focused button: it moves to the button that takes
 * over its role (Train ↔ Pause) or the first enabled button of the row, so a keyboard user
 * never falls back to the top of the page; when the partner is disabled too (for a moment), it
 * gets focus once it is enabled again.
 */
import { hiddenByLink } from './teacher-view.ts';

/** Where focus goes when the focused button is disabled: the button that takes over its role. */
const FOCUS_PARTNERS: Readonly<Record<string, string>> = { train: 'pause', pause: 'train' };

/** Keeps focus on a sensible button of one demo while its buttons are enabled and disabled. */
export class FocusKeeper {
  private readonly root: HTMLElement;
  /** A button that should get focus back once it is enabled again. */
  private wanted: string | null = null;

  constructor(root: HTMLElement) {
    this.root = root;
  }

  /** Call after changing which buttons are enabled; `focused` is what had focus before. */
  settle(focused: Element | null): void {
    if (focused instanceof HTMLButtonElement && this.root.contains(focused) && focused.disabled) this.moveFrom(focused);
    else if (this.wanted) this.restore();
  }

  private button(action: string): HTMLButtonElement | null {
    return this.root.querySelector<HTMLButtonElement>(`button[data-action="${CSS.escape(action)}"]`);
  }

  private moveFrom(button: HTMLButtonElement): void {
    const partnerAction = FOCUS_PARTNERS[button.dataset.action ?? ''];
    const partner = partnerAction ? this.button(partnerAction) : null;
    if (partner && !partner.disabled) return partner.focus();
    if (partner && partnerAction) {
      this.wanted = partnerAction;
      return;
    }
    const enabled = this.root.querySelectorAll<HTMLButtonElement>('.demo-buttons button[data-action]:not(:disabled)');
    const first = [...enabled].find((candidate) => !hiddenByLink(candidate));
    if (first) first.focus();
    else this.wanted = button.dataset.action ?? null;
  }

  private restore(): void {
    const wanted = this.wanted === null ? null : this.button(this.wanted);
    const lost = document.activeElement === document.body || document.activeElement === null;
    if (!wanted || wanted.disabled) return;
    this.wanted = null;
    if (lost) wanted.focus();
  }
}
