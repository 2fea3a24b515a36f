/**
 * Pagefind's search interface, loaded so that a lost connection is said, not thrown.
 *
 * Starlight's search script imports `@pagefind/default-ui` once the page is idle and constructs
 * `PagefindUI`; the build points that import here (astro.config.mjs). Pagefind's own interface
 * fails badly offline: its code chunk fails to import (an uncaught rejection), or it cannot import
 * the index's `pagefind.js` and throws on every search after that. And a module that failed to
 * load stays failed in this document (Chromium keeps the failure in its module map), so nothing is
 * imported while the connection is down: first a request that cannot poison anything checks the
 * connection; while it fails, the dialog says so (translated) and loading waits for the `online`
 * event. Once both modules are in, the real interface is built with Starlight's options.
 *
 * After that, Pagefind still fetches its metadata and index pieces when the search box takes focus
 * and as terms are typed, and a failed first fetch breaks it for the rest of the page's life. So
 * while the browser is offline, focus and typing are held back from the interface and the held
 * term is searched when the connection returns; a search that fails anyway (a connection that is
 * up but drops requests) is said in the dialog, with what to do, instead of thrown.
 *
 * Search.astro imports this module up front, so Starlight's own import of it never needs the network.
 */

/** The options Starlight passes (only what is read here is typed). */
interface SearchOptions {
  element: string;
  bundlePath: string;
  translations?: Record<string, string>;
  [option: string]: unknown;
}

/** Pagefind's interface: what is used of it here. */
interface Interface {
  triggerSearch(term: string): void;
}

type Constructor = new (options: SearchOptions) => Interface;

/** The lines of the dialog (Starlight's `pagefind.*` translations, src/overrides/search-index.mjs). */
type NoticeKey = 'load_failed' | 'load_retry' | 'offline';

/** Class name of the line that says search could not load. */
const NOTICE_CLASS = 'search-load-notice';

/** Resolves when the browser next reports that it is online. */
function nextOnline(): Promise<void> {
  return new Promise((resolve) => addEventListener('online', () => resolve(), { once: true }));
}

/** Whether the index can be fetched now (a request that, unlike a failed import, can be repeated). */
async function reachable(url: string): Promise<boolean> {
  if (!navigator.onLine) return false;
  try {
    const response = await fetch(url, { method: 'HEAD', cache: 'no-store' });
    await response.arrayBuffer(); // the (empty) body, so that the request completes instead of being cancelled
    return response.ok;
  } catch {
    return false;
  }
}

/** Shows (or with null, removes) the notice line in the search dialog. */
function notice(container: Element | null, text: string | null): void {
  container?.querySelector(`.${NOTICE_CLASS}`)?.remove();
  if (!container || text === null) return;
  const line = document.createElement('p');
  line.className = NOTICE_CLASS;
  line.setAttribute('role', 'status');
  line.textContent = text;
  container.prepend(line);
}

/** Imports Pagefind's interface and the site's index module. */
async function importBoth(bundlePath: string): Promise<Constructor> {
  const [ui] = await Promise.all([
    // @ts-expect-error -- Pagefind's interface ships without type declarations.
    import('@pagefind/default-ui/npm_dist/mjs/ui-core.mjs') as Promise<{ PagefindUI: Constructor }>,
    import(/* @vite-ignore */ `${bundlePath}pagefind.js`),
  ]);
  return ui.PagefindUI;
}

/**
 * Keeps a built interface from throwing offline: focus and typing are held from it while the
 * browser is offline (capturing listeners on its container run before the interface's own on the
 * input) and the term is searched when the connection is back; a rejected promise whose stack is
 * in Pagefind's bundle is a failed search, said in the dialog.
 */
function guardSearches(container: Element | null, ui: Interface, bundlePath: string, say: (key: NoticeKey) => void) {
  let held: string | null = null;
  const hold = (event: Event) => {
    if (navigator.onLine || !(event.target instanceof HTMLInputElement)) return;
    event.stopPropagation();
    if (event.type === 'input') held = event.target.value;
    say('offline');
  };
  container?.addEventListener('focus', hold, true);
  container?.addEventListener('input', hold, true);
  addEventListener('online', () => {
    notice(container, null);
    if (held !== null) ui.triggerSearch(held);
    held = null;
  });
  const bundle = new URL(bundlePath, location.href).href;
  addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    if (!(reason instanceof Error) || !reason.stack?.includes(bundle)) return;
    event.preventDefault();
    say('load_retry');
  });
}

async function start(options: SearchOptions): Promise<Interface | null> {
  const container = document.querySelector(options.element);
  // Pagefind's constructor deletes the options it reads from the object: keep what is used later.
  const { bundlePath, translations = {} } = options;
  const say = (key: NoticeKey) => notice(container, translations[key] ?? key);
  for (;;) {
    if (!(await reachable(`${bundlePath}pagefind.js`))) {
      say('load_failed');
      await nextOnline();
      continue;
    }
    try {
      const Search = await importBoth(bundlePath);
      notice(container, null);
      const ui = new Search(options);
      guardSearches(container, ui, bundlePath, say);
      return ui;
    } catch {
      // Reachable a moment ago but the import failed: this document keeps that failure.
      say('load_retry');
      return null;
    }
  }
}

/** Stands in for Pagefind's `PagefindUI`: builds it once the connection allows. */
export class PagefindUI {
  private readonly ui: Promise<Interface | null>;

  constructor(options: SearchOptions) {
    this.ui = start(options);
  }

  /** Searches for `term` once the interface is built (as Pagefind's own method does). */
  triggerSearch(term: string): void {
    void this.ui.then((ui) => ui?.triggerSearch(term));
  }
}
