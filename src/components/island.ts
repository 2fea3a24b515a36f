/**
 * Page-side helpers every island uses: translated strings, URL state, theme changes, starting
 * when visible, coalesced redraws, and small DOM builders. Maths lives in src/lib.
 */
import { translate, type Dictionary, type UiKey } from '../i18n/index.ts';
import { clampState, decodeState, mergeIntoQuery, type Note, type Schema, type StateOf } from '../lib/state.ts';

/** A translator bound to the dictionary an island was rendered with (`data-strings`). */
export type Translator = (key: UiKey, values?: Record<string, string | number>) => string;

/** Reads the dictionary an island was rendered with (`data-strings`). */
export function readStrings(root: HTMLElement): Translator {
  const strings = JSON.parse(root.dataset.strings ?? '{}') as Dictionary;
  return (key, values = {}) => translate(strings, key, values);
}

/** Writes a query string into the address bar without a navigation (browsers may refuse bursts). */
function replaceQuery(query: string): void {
  try {
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  } catch {
    /* Rate-limited by the browser: the next update writes the address again. */
  }
}

/** How long the address bar waits for changes to settle before it is rewritten, in ms. */
const URL_WRITE_DELAY_MS = 200;

/** A schema-bound piece of URL state: read once (never throwing), written back on every update. */
export class UrlState<S extends Schema> {
  state: StateOf<S>;
  /** What decoding the address changed (invalid or out-of-range values). */
  readonly initialNotes: Note[];
  private readonly schema: S;
  private writeTimer = 0;

  constructor(schema: S) {
    this.schema = schema;
    const decoded = decodeState(schema, location.search);
    this.state = decoded.state;
    this.initialNotes = decoded.notes;
  }

  /** Validates `values` into the state (clamping with notes) and updates the address bar. */
  update(values: Partial<Record<keyof S['fields'], unknown>>): Note[] {
    const { state, notes } = clampState(this.schema, values, this.state);
    this.state = state;
    clearTimeout(this.writeTimer);
    this.writeTimer = window.setTimeout(() => this.flush(), URL_WRITE_DELAY_MS);
    return notes;
  }

  /** Writes any pending change into the address bar now and returns the full address. */
  flush(): string {
    clearTimeout(this.writeTimer);
    replaceQuery(mergeIntoQuery(this.schema, this.state, location.search));
    return location.href;
  }
}

/** Whether Starlight's dark theme is active. */
export function isDark(): boolean {
  return document.documentElement.dataset.theme === 'dark';
}

/** Calls `callback` whenever the page theme (light/dark) changes. */
export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
}

/** Runs `start` once, when `element` comes within 200 px of the viewport. */
export function whenVisible(element: HTMLElement, start: () => void): void {
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      start();
    },
    { rootMargin: '200px' },
  );
  observer.observe(element);
}

/**
 * Coalesces redraw requests into at most one `draw` per animation frame, and redraws when
 * `resizeTarget` (if given) changes size. Returns the function that requests a redraw.
 */
export function redrawScheduler(draw: () => void, resizeTarget?: Element): () => void {
  let frame = 0;
  const request = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw();
    });
  };
  if (resizeTarget) new ResizeObserver(request).observe(resizeTarget);
  return request;
}

/** Builds an element with a class and optional text. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** Replaces a table body with rows of text cells (the first cell as a row header when `header`). */
export function fillTable(body: HTMLTableSectionElement, rows: string[][], header = true): void {
  body.replaceChildren(
    ...rows.map((cells) => {
      const row = document.createElement('tr');
      cells.forEach((text, index) => row.append(element(index === 0 && header ? 'th' : 'td', '', text)));
      if (header) row.firstElementChild?.setAttribute('scope', 'row');
      return row;
    }),
  );
}

/** Sets the text of the island's status line (`.lab-status`, role="status"). */
export function setStatus(root: HTMLElement, text: string): void {
  (root.querySelector('.lab-status') as HTMLElement).textContent = text;
}

/** Sets the island's message line (`.lab-message`), styled as an error when `isError`. */
export function setMessage(root: HTMLElement, text: string, isError = false): void {
  const line = root.querySelector('.lab-message') as HTMLElement;
  line.textContent = text;
  line.classList.toggle('lab-error', isError);
}

/** The visible label of the form control named `field` inside `root`, or the field name. */
function fieldLabel(root: HTMLElement, field: string): string {
  const control = root.querySelector(`[name="${CSS.escape(field)}"]`);
  return control?.closest('label')?.querySelector('span')?.textContent?.trim() || field;
}

/**
 * Shows what decoding or clamping changed (`notes`) in the island's `.lab-notes` box as
 * translated sentences naming each control; hides the box when there is nothing to say.
 */
export function showNotes(root: HTMLElement, t: Translator, notes: Note[]): void {
  const box = root.querySelector<HTMLElement>('.lab-notes');
  if (!box) return;
  const lines = notes.map((note) =>
    t(note.kind === 'clamped' ? 'lab.note.clamped' : 'lab.note.invalid', {
      field: fieldLabel(root, note.field),
      given: note.given,
      used: String(note.used),
    }),
  );
  box.hidden = lines.length === 0;
  box.replaceChildren(...lines.map((line) => element('p', '', line)));
}

/** Enables or disables the island's buttons by their `data-action`, e.g. `{ train: true, pause: false }`. */
export function enableActions(root: HTMLElement, actions: Record<string, boolean>): void {
  for (const [action, enabled] of Object.entries(actions)) {
    const button = root.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
    if (button) button.disabled = !enabled;
  }
}
