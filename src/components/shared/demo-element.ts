/**
 * `DemoElement`: the one custom-element base every demo extends (the only class in
 * src/components that extends HTMLElement). It owns what every demo needs, so a demo keeps only
 * what is its own:
 * - its strings and locale, read from the attributes DemoShell.astro writes at build time;
 * - its settings: URL state, the form controls showing it, and notes on corrected values;
 * - its actions: `button[data-action]` clicks (and `input[type=file][data-action]` changes)
 *   dispatched to the handlers the demo declares (plus `copy-link`, the set-up's address);
 *   forms never submit;
 * - its buttons' enabled state, keeping keyboard focus on a sensible button when the focused
 *   one is disabled (Train ↔ Pause);
 * - the "latest request wins" guard for slow work;
 * - starting when it comes near the viewport, and letting go of everything (trainers,
 *   observers, timers, listeners) when it leaves the page;
 * - the path of the pretrained models, under the site's base path.
 */
import { resolveLocale, translate, type Dictionary, type Locale, type UiKey } from '../../i18n/index.ts';
import { echo } from '../../lib/demos/echo.ts';
import { LatestRequest } from '../../lib/demos/latest.ts';
import type { Note, Schema, StateOf } from '../../lib/state.ts';
import { writeLiveLine } from './live-line.ts';
import { element, required, UrlState, whenVisible, type Cleanup } from './page-runtime.ts';

/** What a `data-action` control does: a button click, or a file chosen in a file input. */
export type ActionHandler = (control: HTMLElement) => unknown;

/** A demo's setting names. */
export type FieldOf<S extends Schema> = keyof S['fields'] & string;

/** Values filled into a translated string's `{name}` placeholders. */
export type Values = Record<string, string | number>;

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

/** How long the copy-link button says the link was copied, in ms. */
const LINK_COPIED_MS = 2500;

/** Where focus goes when the focused button is disabled: the button that takes over its role. */
const FOCUS_PARTNERS: Readonly<Record<string, string>> = { train: 'pause', pause: 'train' };

export abstract class DemoElement<S extends Schema> extends HTMLElement {
  /** The demo's settings and their URL keys. */
  protected abstract readonly schema: S;
  /** The page's locale (`ko` or `en`). */
  protected locale: Locale = 'ko';
  /** The demo's settings, bound to the address bar. */
  protected url!: UrlState<S>;
  /** Guards slow work so only the latest request's result is shown. */
  protected readonly latest = new LatestRequest();
  private dictionary: Dictionary | null = null;
  private cleanups: Cleanup[] = [];
  private keyboardSelect: HTMLSelectElement | null = null;
  private pendingSelect: { control: HTMLSelectElement; timer: number } | null = null;
  /** A button that should get focus back once it is enabled again. */
  private focusWanted: string | null = null;

  /** Handlers by `data-action`. */
  protected abstract actions(): Record<string, ActionHandler>;
  /** Builds what the demo draws with (charts, its own listeners); called once per connection. */
  protected abstract setUp(): void;
  /** Starts the demo's work; called once, when it first comes near the viewport. */
  protected abstract start(): unknown;
  /** A setting changed to the value now in `this.state`; `previous` is the state before. */
  protected abstract settingChanged(field: FieldOf<S>, previous: StateOf<S>): void;

  /** The demo's current settings. */
  get state(): StateOf<S> {
    return this.url.state;
  }

  /** Where the pretrained model files are served (`<base>models/`, set at build time). */
  protected get modelsUrl(): string {
    const url = this.dataset.models;
    if (!url) throw new Error('demo markup has no data-models (render it with DemoShell)');
    return url;
  }

  connectedCallback(): void {
    this.locale = resolveLocale(this.dataset.locale);
    this.dictionary = JSON.parse(this.dataset.strings ?? '{}') as Dictionary;
    this.url = new UrlState(this.schema);
    this.renderSettings();
    this.showNotes(this.url.initialNotes);
    this.listen(this, 'click', (event) => this.onClick(event));
    this.listen(this, 'change', (event) => this.onChange(event));
    this.listen(this, 'keydown', (event) => this.onKeydown(event as KeyboardEvent));
    this.listen(this, 'focusout', (event) => this.onFocusOut(event));
    this.listen(this, 'submit', (event) => event.preventDefault());
    this.setUp();
    this.onDispose(whenVisible(this, () => void this.startSafely()));
  }

  disconnectedCallback(): void {
    this.latest.cancel();
    this.url.flush();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  /** Translates `key` in the page's language. */
  protected t(key: UiKey, values: Values = {}): string {
    if (!this.dictionary) throw new Error('demo strings read before the demo was connected');
    return translate(this.dictionary, key, values);
  }

  /** Runs `cleanup` when the demo leaves the page. */
  protected onDispose(cleanup: Cleanup): void {
    this.cleanups.push(cleanup);
  }

  /** Keeps `thing` until the demo leaves the page, then disposes of it. */
  protected own<T extends { dispose(): void }>(thing: T): T {
    this.onDispose(() => thing.dispose());
    return thing;
  }

  /** Adds a listener that is removed when the demo leaves the page. */
  protected listen(target: EventTarget, type: string, handler: (event: Event) => void): void {
    target.addEventListener(type, handler);
    this.onDispose(() => target.removeEventListener(type, handler));
  }

  /** A timeout cleared when the demo leaves the page. */
  protected later(callback: () => void, ms: number): number {
    const timer = window.setTimeout(callback, ms);
    this.onDispose(() => clearTimeout(timer));
    return timer;
  }

  /** An interval cleared by the returned function or when the demo leaves the page. */
  protected every(callback: () => void, ms: number): Cleanup {
    const timer = window.setInterval(callback, ms);
    const stop = () => clearInterval(timer);
    this.onDispose(stop);
    return stop;
  }

  /** The element matching `selector` inside the demo. */
  protected find<E extends Element = HTMLElement>(selector: string): E {
    return required<E>(this, selector);
  }

  /** Sets the status line (`.demo-status`, announced politely at most once a second; the latest text wins). */
  protected setStatus(text: string): void {
    writeLiveLine(this.find('.demo-status'), text);
  }

  /** Sets the message line (`.demo-message`, paced like the status), styled as an error when `isError`. */
  protected setMessage(text: string, isError = false): void {
    writeLiveLine(this.find('.demo-message'), text, (line) => line.classList.toggle('demo-error', isError));
  }

  /**
   * Shows what decoding or clamping changed as translated sentences naming each control, in
   * the `.demo-notes` box; hides the box when there is nothing to say.
   */
  protected showNotes(notes: Note[]): void {
    const box = this.find('.demo-notes');
    const lines = notes.map((note) =>
      this.t(note.kind === 'clamped' ? 'demo.note.clamped' : 'demo.note.invalid', {
        field: this.fieldLabel(note.field),
        given: echo(note.given),
        used: String(note.used),
      }),
    );
    box.hidden = lines.length === 0;
    box.replaceChildren(...lines.map((line) => element('p', '', line)));
  }

  /** The visible label of the setting `field`, or its name. */
  protected fieldLabel(field: string): string {
    const control = this.querySelector(`[name="${CSS.escape(field)}"]`);
    return control?.closest('label')?.querySelector('span')?.textContent?.trim() || field;
  }

  /** The form controls of the demo's settings. */
  protected settingControls(): Array<HTMLInputElement | HTMLSelectElement> {
    const controls = this.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input[name], select[name]');
    return [...controls].filter((control) => this.isField(control.name));
  }

  /** Writes the state into the controls (they then show the values actually used). */
  protected renderSettings(): void {
    const state = this.state as Record<string, number | string>;
    for (const control of this.settingControls()) control.value = String(state[control.name]);
  }

  /** Shows a note under the settings (e.g. which can change while training), or hides it. */
  protected setSettingsNote(text: string | null): void {
    const note = this.querySelector<HTMLElement>('.demo-settings-note');
    if (!note) return;
    note.hidden = text === null;
    if (note.textContent !== (text ?? '')) note.textContent = text ?? '';
  }

  /** Enables or disables settings controls (e.g. those that shape the model, while training). */
  protected enableSettings(fields: readonly string[], enabled: boolean): void {
    for (const control of this.settingControls()) if (fields.includes(control.name)) control.disabled = !enabled;
  }

  /**
   * Enables or disables buttons by their `data-action`. When the focused button is disabled,
   * focus moves to its partner (Train ↔ Pause) or the first enabled button of the row, so a
   * keyboard user never falls back to the top of the page.
   */
  protected enableActions(enabled: Record<string, boolean>): void {
    const focused = document.activeElement;
    for (const [action, on] of Object.entries(enabled)) {
      const button = this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
      if (button) button.disabled = !on;
    }
    if (focused instanceof HTMLButtonElement && this.contains(focused) && focused.disabled) this.moveFocusFrom(focused);
    else if (this.focusWanted) this.restoreFocus();
  }

  /** Sets a button's label by its `data-action`. */
  protected labelAction(action: string, text: string): void {
    const button = this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
    if (button && button.textContent !== text) button.textContent = text;
  }

  /** Applies a new value of setting `field` as if the reader had entered it. */
  protected applySetting(field: FieldOf<S>, value: unknown): void {
    const previous = this.state;
    const notes = this.url.update({ [field]: value } as Partial<Record<keyof S['fields'], unknown>>);
    this.showNotes(notes);
    this.renderSettings();
    if ((previous as Record<string, unknown>)[field] !== (this.state as Record<string, unknown>)[field])
      this.settingChanged(field, previous);
  }

  /**
   * Copies the address of this exact set-up (every setting is in it) for sharing (the
   * `copy-link` action); the button itself confirms for a moment, so the confirmation is not
   * lost to a status update. Where the clipboard is refused, the message line shows the link.
   */
  protected async copyLink(): Promise<void> {
    const link = this.url.flush();
    try {
      await navigator.clipboard.writeText(link);
      this.labelAction('copy-link', this.t('demo.linkCopied'));
      this.later(() => this.labelAction('copy-link', this.t('demo.copyLink')), LINK_COPIED_MS);
    } catch {
      this.setMessage(this.t('demo.linkManual', { url: link }));
    }
  }

  /** Reports a failure of the demo's own work (not training) in the status line. */
  protected reportFailure(error: unknown): void {
    this.dataset.state = 'error';
    this.setStatus(this.t('demo.failed', { message: error instanceof Error ? error.message : String(error) }));
  }

  private async startSafely(): Promise<void> {
    try {
      await this.start();
    } catch (error) {
      this.reportFailure(error);
    }
  }

  private isField(name: string): name is FieldOf<S> {
    return this.schema.names.includes(name);
  }

  private onClick(event: Event): void {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (!button || button.disabled || !this.contains(button)) return;
    this.runAction(button);
  }

  private runAction(control: HTMLElement): void {
    const handlers: Record<string, ActionHandler> = { 'copy-link': () => this.copyLink(), ...this.actions() };
    const handler = handlers[control.dataset.action ?? ''];
    if (!handler) return;
    Promise.resolve(handler.call(this, control)).catch((error: unknown) => this.reportFailure(error));
  }

  private onChange(event: Event): void {
    const control = event.target;
    if (control instanceof HTMLInputElement && control.type === 'file' && control.dataset.action) {
      this.runAction(control);
      return;
    }
    if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement)) return;
    if (!this.isField(control.name)) return;
    if (control instanceof HTMLSelectElement && control === this.keyboardSelect) return this.deferSelect(control);
    this.applySetting(control.name, control.value);
  }

  /** Arrow keys on a closed select change its value at once; note it so the change can wait. */
  private onKeydown(event: KeyboardEvent): void {
    const target = event.target;
    if (!(target instanceof HTMLSelectElement)) return;
    if (SELECT_MOVE_KEYS.has(event.key)) {
      this.keyboardSelect = target;
      queueMicrotask(() => setTimeout(() => (this.keyboardSelect = null), 0));
    } else if (event.key === 'Enter' && this.pendingSelect?.control === target) {
      this.settleSelect();
    }
  }

  /**
   * A select moved by arrow keys applies once the keys stop (or focus leaves), so stepping
   * through the choices does not rebuild a model at every key press.
   */
  private deferSelect(control: HTMLSelectElement): void {
    if (this.pendingSelect) clearTimeout(this.pendingSelect.timer);
    this.pendingSelect = { control, timer: this.later(() => this.settleSelect(), KEYBOARD_SELECT_SETTLE_MS) };
  }

  private settleSelect(): void {
    const pending = this.pendingSelect;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pendingSelect = null;
    if (this.isField(pending.control.name)) this.applySetting(pending.control.name, pending.control.value);
  }

  private onFocusOut(event: Event): void {
    if (event.target === this.pendingSelect?.control) this.settleSelect();
  }

  /**
   * Focus leaves a button that was just disabled: to its partner when that is enabled; when
   * the partner is disabled too (for a moment), it gets focus back once enabled; otherwise to
   * the first enabled button of the row.
   */
  private moveFocusFrom(button: HTMLButtonElement): void {
    const partnerAction = FOCUS_PARTNERS[button.dataset.action ?? ''];
    const partner = partnerAction
      ? this.querySelector<HTMLButtonElement>(`button[data-action="${partnerAction}"]`)
      : null;
    if (partner && !partner.disabled) return partner.focus();
    if (partner && partnerAction) {
      this.focusWanted = partnerAction;
      return;
    }
    const first = this.querySelector<HTMLButtonElement>('.demo-buttons button[data-action]:not(:disabled)');
    if (first) first.focus();
    else this.focusWanted = button.dataset.action ?? null;
  }

  private restoreFocus(): void {
    const wanted = this.querySelector<HTMLButtonElement>(`button[data-action="${this.focusWanted}"]`);
    const lost = document.activeElement === document.body || document.activeElement === null;
    if (!wanted || wanted.disabled) return;
    this.focusWanted = null;
    if (lost) wanted.focus();
  }
}
