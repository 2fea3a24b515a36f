/**
 * Loads a demo's code only when the page needs it, so that a chapter's first paint carries no
 * demo code (the build's size budget counts only what a page loads up front). Each demo's
 * `.astro` script calls
 *
 *   loadDemo('training-lab', () => import('./training-lab.ts'));
 *
 * and the element module is fetched once, at the first of: a demo with that tag nearing the
 * viewport, the reader reaching it (focus or pointer), or the browser being idle after the page
 * loaded — the last so that a demo out of view still reads its URL state and shows its notes.
 * Until then the server-rendered markup stands (buttons that need the code start disabled).
 * Before any of that, the demo's sideways scrollers get keyboard focus (scrollers.ts), so the
 * markup is accessible before the code runs.
 *
 * Offline: a module that failed to load stays failed in this document (Chromium keeps the failure
 * in its module map, so importing it again fails at once), so the import is not even tried while
 * the connection is down: the browser must say it is online and a request that cannot poison
 * anything (HEAD of this page's path) must succeed. Until then the status line says the demo could not
 * be loaded yet, and loading is tried again when the connection returns, when the reader reaches
 * the demo, and (when the browser does not know it is offline) every {@link RETRY_MS} ms. An import that fails although the connection looked up
 * asks the reader to reload the page (still retrying, for browsers that fetch a failed module again).
 */
import { focusableScrollers } from './scrollers.ts';

/** How far ahead of the viewport a demo starts loading: one screen height. */
const AHEAD_MARGIN = '100% 0px';

/** The longest an idle callback may wait before loading anyway, in ms. */
const IDLE_TIMEOUT_MS = 3000;

/** How often loading is tried again while the connection seems down, in ms. */
const RETRY_MS = 10_000;

/** Events on a demo that mean the reader reached it before it loaded. */
const REACH_EVENTS = ['focusin', 'pointerdown', 'pointerenter'] as const;

/** Why a demo's code is not there: no connection yet (`offline`), or an import that failed (`failed`). */
type Failure = 'offline' | 'failed';

const FAILURE_KEYS = { offline: 'demo.codeFailed', failed: 'demo.codeReload' } as const;

/** A failure line in the demo's language (its strings are on the element; see build-context.ts). */
function failureText(demo: HTMLElement, failure: Failure): string {
  try {
    const strings = JSON.parse(demo.dataset.strings ?? '{}') as Record<string, string>;
    return strings[FAILURE_KEYS[failure]] ?? '';
  } catch {
    return '';
  }
}

/** The status lines as the server rendered them, kept while a failure line stands in their place. */
const renderedStatus = new WeakMap<Element, string | null>();

function showFailure(demos: readonly HTMLElement[], failure: Failure): void {
  for (const demo of demos) {
    demo.dataset.loadFailed = failure;
    const status = demo.querySelector('.demo-status');
    const text = failureText(demo, failure);
    if (!status || !text) continue;
    if (!renderedStatus.has(status)) renderedStatus.set(status, status.textContent);
    status.textContent = text;
  }
}

/**
 * Puts back the rendered status lines where the failure line still stands (a demo that is not
 * started yet keeps its first line until it starts; one that already wrote its own keeps that).
 */
function clearFailure(demos: readonly HTMLElement[]): void {
  for (const demo of demos) {
    const failure = demo.dataset.loadFailed as Failure | undefined;
    delete demo.dataset.loadFailed;
    const status = demo.querySelector('.demo-status');
    if (!status || !failure || !renderedStatus.has(status)) continue;
    if (status.textContent === failureText(demo, failure)) status.textContent = renderedStatus.get(status) ?? '';
  }
}

/** The connection check in flight, shared by the demos of a page that ask at the same moment. */
let checking: Promise<boolean> | null = null;

/** Whether this site answers now (the browser says online and a HEAD of this page's path succeeds). */
function connected(): Promise<boolean> {
  if (!navigator.onLine) return Promise.resolve(false);
  // The (empty) body is read so that the request completes instead of being cancelled.
  // This page without its query: a link's query may be longer than a host accepts in a request.
  checking ??= fetch(location.pathname, { method: 'HEAD', cache: 'no-store' })
    .then(async (response) => {
      await response.arrayBuffer();
      return response.ok;
    })
    .catch(() => false)
    .finally(() => {
      checking = null;
    });
  return checking;
}

function whenIdle(callback: () => void): void {
  const idle = () => {
    if ('requestIdleCallback' in window) requestIdleCallback(callback, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(callback, 0);
  };
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}

/**
 * Imports a demo's element module (`load`) once a demo `tag` on the page is needed; does
 * nothing when the page has none. Safe to call once per page per tag (Astro bundles each
 * component's script once, however many instances the page has).
 */
/**
 * A preset button pressed before the demo's code arrived: noted on the demo (`data-pending-preset`),
 * which presses it again once it has started ({@link pressPendingPreset}), so the click is not lost.
 */
function notePreset(tag: string, demo: HTMLElement, event: Event): void {
  if (customElements.get(tag) !== undefined || !(event.target instanceof Element)) return;
  const button = event.target.closest<HTMLElement>('button[data-action="preset"]');
  if (button?.dataset.preset) demo.dataset.pendingPreset = button.dataset.preset;
}

/** Called by a demo once it has started: the preset button pressed before its code arrived is pressed now. */
export function pressPendingPreset(demo: HTMLElement): void {
  const id = demo.dataset.pendingPreset;
  if (!id) return;
  delete demo.dataset.pendingPreset;
  demo.querySelector<HTMLElement>(`button[data-action="preset"][data-preset="${CSS.escape(id)}"]`)?.click();
}

export function loadDemo(tag: string, load: () => Promise<unknown>): void {
  const demos = [...document.querySelectorAll<HTMLElement>(tag)];
  if (demos.length === 0) return;
  let state: 'waiting' | 'loading' | 'loaded' = 'waiting';
  let retry = 0;
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void trigger();
    },
    { rootMargin: AHEAD_MARGIN },
  );
  const attempt = () => void trigger();

  function failed(failure: Failure): void {
    state = 'waiting';
    showFailure(demos, failure);
    clearTimeout(retry);
    // Without the browser's word that the connection is down, no `online` event will come: poll.
    if (failure === 'offline' && navigator.onLine) retry = window.setTimeout(attempt, RETRY_MS);
  }

  async function trigger(): Promise<void> {
    if (state !== 'waiting') return;
    state = 'loading';
    if (!(await connected())) return failed('offline');
    try {
      await load();
    } catch {
      return failed('failed');
    }
    state = 'loaded';
    clearTimeout(retry);
    observer.disconnect();
    removeEventListener('online', attempt);
    clearFailure(demos);
  }

  for (const demo of demos) {
    focusableScrollers(demo);
    observer.observe(demo);
    for (const type of REACH_EVENTS) demo.addEventListener(type, attempt);
    demo.addEventListener('click', (event) => notePreset(tag, demo, event));
  }
  addEventListener('online', attempt);
  whenIdle(attempt);
}
