/**
 * `DemoElement`: the one custom-element base every demo extends (the only class in
 * src/components that extends HTMLElement). It owns what every demo needs, so a demo keeps only
 * what is its own:
 * - its strings and locale, read from the attributes DemoShell.astro writes at build time;
 * - its settings: URL state, the form controls showing it, and notes on corrected values;
 * - its actions: `button[data-action]` clicks (and `input[type=file][data-action]` changes)
 *   dispatched to the handlers the demo declares, plus `copy-link`, `copy-model-link` and
 *   `preset`; forms never submit;
 * - teacher mode (teacher-view.ts): links to the demo (with its model), presets, controls a
 *   link hides, the settings written out for print;
 * - its buttons' enabled state, keeping keyboard focus sensible (focus-keeper.ts);
 * - the "latest request wins" guard for slow work;
 * - starting when it comes near the viewport, and letting go of everything (trainers,
 *   observers, timers, listeners) when it leaves the page;
 * - the path of the pretrained models, under the site's base path.
 */
import { resolveLocale, translate, type Dictionary, type Locale, type UiKey } from '../../i18n/index.ts';
import { formatNumber } from '../../lib/chart.ts';
import { echo } from '../../lib/demos/echo.ts';
import { LatestRequest } from '../../lib/demos/latest.ts';
import type { LinkedModel } from '../../lib/demos/model-link.ts';
import { decodeVisibility, isHidden, presetState, type Preset, type TeacherNote } from '../../lib/demos/teacher.ts';
import type { Note, Schema, StateOf } from '../../lib/state.ts';
import { editedSettings, element, onPrint, required, UrlState, whenVisible, type Cleanup } from './page-runtime.ts';
import { pressPendingPreset } from './demo-loader.ts';
import { FocusKeeper } from './focus-keeper.ts';
import { SelectSettler } from './select-settle.ts';
import {
  actionNames,
  copyText,
  hideControls,
  linkedFragment,
  linkTo,
  markPreset,
  scrollToDemo,
  settingsText,
} from './teacher-view.ts';
import { writeLineNow, writeLiveLine } from './live-line.ts';

/** What a `data-action` control does: a button click, or a file chosen in a file input. */
export type ActionHandler = (control: HTMLElement) => unknown;

/** A demo's setting names. */
export type FieldOf<S extends Schema> = keyof S['fields'] & string;

/** Values filled into a translated string's `{name}` placeholders. */
export type Values = Record<string, string | number>;

/** A model a demo offers for a link: its config and weights, and named values it wants back. */
export type ModelForLink = Omit<LinkedModel, 'precision' | 'meta'> & { meta?: LinkedModel['meta'] };

/** How long the copy-link button says the link was copied, in ms. */
const LINK_COPIED_MS = 2500;

export abstract class DemoElement<S extends Schema> extends HTMLElement {
  /** The demo's settings and their URL keys. */
  protected abstract readonly schema: S;
  /** The demo's presets (from its lib/demos file; DemoShell draws their buttons from the same list). */
  protected readonly presets: readonly Preset<S>[] = [];
  /** The page's locale (`ko` or `en`). */
  protected locale: Locale = 'ko';
  /** The demo's settings, bound to the address bar. */
  protected url!: UrlState<S>;
  /** Guards slow work so only the latest request's result is shown. */
  protected readonly latest = new LatestRequest();
  private dictionary: Dictionary | null = null;
  private cleanups: Cleanup[] = [];
  private readonly selects = new SelectSettler((control) => this.applyControl(control));
  private readonly focusKeeper = new FocusKeeper(this);
  /** The model the page's link carries for this demo (base64url), until the demo takes it. */
  private linkedModelText: string | null = null;

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
    this.url = new UrlState(this.schema, this.presets);
    const controls = { fields: this.schema.names, actions: actionNames(this) };
    const { visibility, notes } = decodeVisibility(location.search, this.schema.prefix, controls);
    // What the reader set before the code arrived wins over the address, except what a link fixes and hides.
    const shown = this.settingControls().filter((control) => !isHidden(visibility, control.name, 'field'));
    const edited = editedSettings(shown) as Partial<Record<keyof S['fields'], unknown>>;
    const earlyNotes = Object.keys(edited).length > 0 ? this.url.update(edited) : [];
    this.renderSettings();
    hideControls(this, visibility, this.schema.names);
    this.showNotes([...this.url.initialNotes, ...earlyNotes], [...this.url.teacherNotes, ...notes]);
    this.listen(this, 'click', (event) => this.onClick(event));
    this.listen(this, 'change', (event) => this.onChange(event));
    this.listen(this, 'keydown', (event) => this.selects.keydown(event as KeyboardEvent));
    this.listen(this, 'focusout', (event) => this.selects.focusOut(event.target));
    this.listen(this, 'submit', (event) => event.preventDefault());
    this.onDispose(() => this.selects.dispose());
    this.onDispose(onPrint(() => this.printSettings()));
    this.readLink();
    this.setUp();
    pressPendingPreset(this);
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

  /**
   * Sets the status line at once (not paced), for a status that must name the same step as a
   * figure on show; see live-line.ts `writeLineNow`.
   */
  protected setStatusNow(text: string): void {
    writeLineNow(this.find('.demo-status'), text);
  }

  /** Sets the message line (`.demo-message`, paced like the status), styled as an error when `isError`. */
  protected setMessage(text: string, isError = false): void {
    writeLiveLine(this.find('.demo-message'), text, (line) => line.classList.toggle('demo-error', isError));
  }

  /**
   * Shows what decoding or clamping changed as translated sentences naming each control (and
   * what a teacher's link named that the demo does not have), in the `.demo-notes` box; hides
   * the box when there is nothing to say.
   */
  protected showNotes(notes: Note[], teacherNotes: readonly TeacherNote[] = []): void {
    const box = this.find('.demo-notes');
    const lines = notes.map((note) =>
      this.t(note.kind === 'clamped' ? 'demo.note.clamped' : 'demo.note.invalid', {
        field: this.fieldLabel(note.field),
        given: echo(note.given),
        used: String(note.used),
      }),
    );
    for (const note of teacherNotes) {
      lines.push(
        this.t(note.kind === 'unknownPreset' ? 'demo.note.unknownPreset' : 'demo.note.unknownControl', { ...note }),
      );
    }
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

  /** Writes the state into the controls (they then show the values actually used) and marks the matching preset. */
  protected renderSettings(): void {
    const state = this.state as Record<string, number | string>;
    for (const control of this.settingControls()) control.value = String(state[control.name]);
    markPreset(this, this.presets, this.state);
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
    this.focusKeeper.settle(focused);
  }

  /** Sets a button's label by its `data-action`. */
  protected labelAction(action: string, text: string): void {
    const button = this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
    if (button && button.textContent !== text) button.textContent = text;
  }

  /** Applies a new value of setting `field` as if the reader had entered it. */
  protected applySetting(field: FieldOf<S>, value: unknown): void {
    this.applySettings({ [field]: value } as Partial<Record<keyof S['fields'], unknown>>);
  }

  /** Applies new values of several settings at once (a preset), then says which changed. */
  protected applySettings(values: Partial<Record<keyof S['fields'], unknown>>): void {
    const previous = this.state;
    this.showNotes(this.url.update(values));
    this.renderSettings();
    const [before, after] = [previous as Record<string, unknown>, this.state as Record<string, unknown>];
    const changed = this.schema.names.filter((name): name is FieldOf<S> => before[name] !== after[name]);
    if (changed.length > 0) this.settingsChanged(changed, previous);
  }

  /** Several settings changed at once (a preset): each in turn, unless a demo does them together. */
  protected settingsChanged(fields: readonly FieldOf<S>[], previous: StateOf<S>): void {
    for (const field of fields) this.settingChanged(field, previous);
  }

  /** Copies the address of this set-up, pointing at this demo (it opens there, in either language). */
  protected async copyLink(): Promise<void> {
    this.url.flush();
    await this.share(linkTo(this.id), 'copy-link', ['demo.copyLink', 'demo.linkCopied', 'demo.linkManual']);
  }

  /** The trained model to put in a link (`copy-model-link`), or null; demos that train override it. */
  protected modelForLink(): Promise<ModelForLink | null> | ModelForLink | null {
    return null;
  }

  /** Copies a link with the trained model in its fragment; one too large says so and points to the export. */
  protected async copyModelLink(): Promise<void> {
    const model = await this.modelForLink();
    if (!model) return this.setMessage(this.t('demo.modelLinkNone'));
    // The codec is fetched when a model link is made or opened, not with every page.
    const { encodeModelLink } = await import('../../lib/demos/model-link.ts');
    const encoded = await encodeModelLink(model);
    if (!encoded.ok) {
      const [chars, max] = [encoded.chars, encoded.maxChars].map((value) => formatNumber(value, this.locale));
      return this.setMessage(this.t('demo.modelLinkTooLarge', { chars, max }), true);
    }
    this.url.flush();
    const labels: [UiKey, UiKey, UiKey] = ['demo.copyModelLink', 'demo.modelLinkCopied', 'demo.modelLinkManual'];
    if (await this.share(linkTo(this.id, { model: encoded.text }), 'copy-model-link', labels))
      this.setMessage(encoded.precision === 'float16' ? this.t('demo.modelLinkRounded') : '');
  }

  /** The model the page's link carries for this demo, once (then null); a bad one says why. */
  protected async modelFromLink(): Promise<LinkedModel | null> {
    const text = this.linkedModelText;
    this.linkedModelText = null;
    if (!text) return null;
    const { decodeModelLink } = await import('../../lib/demos/model-link.ts');
    const decoded = await decodeModelLink(text);
    if (decoded.ok) return decoded.model;
    this.setMessage(this.t(`demo.linkedModel.${decoded.problem}`), true);
    return null;
  }

  /** Reports a failure of the demo's own work (not training) in the status line. */
  protected reportFailure(error: unknown): void {
    this.dataset.state = 'error';
    this.setStatus(this.t('demo.failed', { message: error instanceof Error ? error.message : String(error) }));
  }

  /** Copies a link: the button confirms for a moment (a status update cannot hide it); else the message shows it. */
  private async share(link: string, action: string, [label, copied, manual]: [UiKey, UiKey, UiKey]): Promise<boolean> {
    this.dataset.link = link;
    if (!(await copyText(link))) {
      this.setMessage(this.t(manual, { url: link }));
      return false;
    }
    this.labelAction(action, this.t(copied));
    this.later(() => this.labelAction(action, this.t(label)), LINK_COPIED_MS);
    return true;
  }

  /** A link pointing at this demo: scroll to it, and keep the model it carries for the demo. */
  private readLink(): void {
    const { anchor, params } = linkedFragment();
    if (!this.id || anchor !== this.id) return;
    this.linkedModelText = params.get('model');
    scrollToDemo(this);
  }

  /** Applies one of the demo's presets by its id. */
  private applyPreset(id: string): void {
    const preset = this.presets.find((candidate) => candidate.id === id);
    if (preset) this.applySettings(presetState(this.schema, preset));
  }

  /** Writes the settings out for print (the form itself does not print). */
  private printSettings(): void {
    const line = this.querySelector('.demo-print-settings');
    if (line) line.textContent = settingsText(this, this.schema.names);
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
    const handlers: Record<string, ActionHandler> = {
      'copy-link': () => this.copyLink(),
      'copy-model-link': () => this.copyModelLink(),
      preset: (button) => this.applyPreset(button.dataset.preset ?? ''),
      ...this.actions(),
    };
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
    if (control instanceof HTMLSelectElement && this.selects.holds(control)) return;
    this.applyControl(control);
  }

  /** Applies the value a setting's control now shows. */
  private applyControl(control: HTMLInputElement | HTMLSelectElement): void {
    if (this.isField(control.name)) this.applySetting(control.name, control.value);
  }
}
