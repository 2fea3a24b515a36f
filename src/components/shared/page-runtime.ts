/**
 * What demos need at run time on the page, below the level of one demo: URL state written back
 * to the address bar, theme changes, printing, starting when near the viewport, coalesced
 * redraws, and small DOM builders. Each helper that observes something returns the function
 * that stops it, so a demo can let go of everything when it leaves the page. Maths lives in src/lib.
 */
import { decodeWithPreset, presetKey, type Preset, type TeacherNote } from '../../lib/demos/teacher.ts';
import { clampState, mergeIntoQuery, type Note, type Schema, type StateOf } from '../../lib/state.ts';
import { FrameBudget } from '../../lib/frame-budget.ts';

/** Stops what a helper started (an observer, a timer, a listener). */
export type Cleanup = () => void;

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

/**
 * A schema-bound piece of URL state: read once (never throwing), written back on every update.
 * The address may name one of the demo's presets (`<prefix>preset=<id>`, its other keys still
 * winning); once the state is written back, every value is in the address and the preset's
 * name is dropped (it would otherwise bring back a value the reader had set to its default).
 */
export class UrlState<S extends Schema> {
  state: StateOf<S>;
  /** What decoding the address changed (invalid or out-of-range values). */
  readonly initialNotes: Note[];
  /** What the address named that the demo does not have (an unknown preset). */
  readonly teacherNotes: TeacherNote[];
  private readonly schema: S;
  private writeTimer = 0;

  constructor(schema: S, presets: readonly Preset<S>[] = []) {
    this.schema = schema;
    const decoded = decodeWithPreset(schema, presets, location.search);
    this.state = decoded.state;
    this.initialNotes = decoded.notes;
    this.teacherNotes = decoded.teacherNotes;
  }

  /** Validates `values` into the state (clamping with notes) and updates the address bar soon. */
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
    const params = new URLSearchParams(location.search);
    params.delete(presetKey(this.schema));
    replaceQuery(mergeIntoQuery(this.schema, this.state, params));
    return location.href;
  }
}

/**
 * Values of the settings a reader changed before the demo's code arrived (the form is plain
 * markup until then) or that the browser restored on a reload: every control no longer showing
 * the value it was built with, by name.
 */
export function editedSettings(controls: Iterable<HTMLInputElement | HTMLSelectElement>): Record<string, string> {
  const edited: Record<string, string> = {};
  for (const control of controls) {
    const changed =
      control instanceof HTMLSelectElement
        ? [...control.options].some((option) => option.selected !== option.defaultSelected)
        : control.value !== control.defaultValue;
    if (changed) edited[control.name] = control.value;
  }
  return edited;
}

/** Whether Starlight's dark theme is active. */
export function isDark(): boolean {
  return document.documentElement.dataset.theme === 'dark';
}

/** Calls `callback` whenever the page theme (light/dark) changes. */
export function onThemeChange(callback: () => void): Cleanup {
  const observer = new MutationObserver(callback);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

/** What printing does to the page (see {@link onPrint}); installed once, with the first demo. */
const printDrawers = new Set<() => void>();
let printInstalled = false;

/**
 * Calls `draw` when the page is about to print, after the page has switched to light colours
 * and opened the demos' numbers (`<details>`), so figures print as the page shows them, in
 * colours meant for paper, with their numbers. The draw must happen then, synchronously: the
 * print is laid out before the next animation frame. After printing, the page is put back.
 */
export function onPrint(draw: () => void): Cleanup {
  if (!printInstalled) installPrint();
  printDrawers.add(draw);
  return () => printDrawers.delete(draw);
}

function installPrint(): void {
  printInstalled = true;
  const root = document.documentElement;
  let theme: string | undefined;
  const opened: HTMLDetailsElement[] = [];
  window.addEventListener('beforeprint', () => {
    theme = root.dataset.theme;
    root.dataset.theme = 'light';
    for (const details of document.querySelectorAll<HTMLDetailsElement>('.demo details:not([open])')) {
      details.open = true;
      opened.push(details);
    }
    for (const draw of printDrawers) draw();
  });
  window.addEventListener('afterprint', () => {
    if (theme === undefined) delete root.dataset.theme;
    else root.dataset.theme = theme;
    for (const details of opened.splice(0)) details.open = false;
  });
}

/** Runs `start` once, when `target` comes within 200 px of the viewport. */
export function whenVisible(target: HTMLElement, start: () => void): Cleanup {
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      start();
    },
    { rootMargin: '200px' },
  );
  observer.observe(target);
  return () => observer.disconnect();
}

/** Redraw requests coalesced to one per animation frame; see {@link redrawScheduler}. */
export interface RedrawScheduler {
  request: () => void;
  dispose: Cleanup;
}

/**
 * Milliseconds of redrawing per animation frame, shared by every figure on the page: figures
 * that all change at once (a training demo's charts and tables) are drawn over a few frames
 * rather than in one long task that makes the page stutter.
 */
const FRAME_BUDGET_MS = 12;

/** The page's one frame budget (made on first use: it needs `requestAnimationFrame`). */
let frameBudget: FrameBudget | null = null;

function pageFrameBudget(): FrameBudget {
  frameBudget ??= new FrameBudget(FRAME_BUDGET_MS, {
    now: () => performance.now(),
    requestFrame: (callback) => requestAnimationFrame(callback),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
  });
  return frameBudget;
}

/**
 * Coalesces redraw requests into at most one `draw` in a coming animation frame (within the
 * page's frame budget, lib/frame-budget.ts), redraws when `resizeTarget` (if given) changes
 * size, and draws at once before the page prints.
 */
export function redrawScheduler(draw: () => void, resizeTarget?: Element): RedrawScheduler {
  const budget = pageFrameBudget();
  // A function of its own, so that two schedulers drawing the same way are not merged.
  const drawOnce = () => draw();
  const request = () => budget.request(drawOnce);
  const observer = resizeTarget ? new ResizeObserver(request) : null;
  if (resizeTarget) observer?.observe(resizeTarget);
  const stopPrinting = onPrint(() => {
    budget.cancel(drawOnce);
    draw();
  });
  return {
    request,
    dispose: () => {
      observer?.disconnect();
      budget.cancel(drawOnce);
      stopPrinting();
    },
  };
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

/** Replaces a table's header row with column headers. */
export function fillHeader(row: HTMLTableRowElement, columns: string[]): void {
  row.replaceChildren(
    ...columns.map((text) => {
      const cell = element('th', '', text);
      cell.scope = 'col';
      return cell;
    }),
  );
}

/** The element matching `selector` inside `root`; throws when the markup lacks it (a build mistake). */
export function required<E extends Element = HTMLElement>(root: ParentNode, selector: string): E {
  const found = root.querySelector<E>(selector);
  if (!found) throw new Error(`demo markup has no ${selector}`);
  return found;
}
