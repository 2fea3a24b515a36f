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
 * A failed fetch (e.g. offline) says so in the demo's status line and is tried again when the
 * connection returns or the reader reaches the demo. Before any of that, the demo's sideways
 * scrollers get keyboard focus (scrollers.ts), so the markup is accessible before the code runs.
 */
import { focusableScrollers } from './scrollers.ts';

/** How far ahead of the viewport a demo starts loading: one screen height. */
const AHEAD_MARGIN = '100% 0px';

/** The longest an idle callback may wait before loading anyway, in ms. */
const IDLE_TIMEOUT_MS = 3000;

/** Events on a demo that mean the reader reached it before it loaded. */
const REACH_EVENTS = ['focusin', 'pointerdown', 'pointerenter'] as const;

/** The failure line in the demo's language (its strings are on the element; see build-context.ts). */
function failureText(demo: HTMLElement): string {
  try {
    const strings = JSON.parse(demo.dataset.strings ?? '{}') as Record<string, string>;
    return strings['demo.codeFailed'] ?? '';
  } catch {
    return '';
  }
}

function showFailure(demos: readonly HTMLElement[]): void {
  for (const demo of demos) {
    demo.dataset.loadFailed = 'true';
    const status = demo.querySelector('.demo-status');
    const text = failureText(demo);
    if (status && text) status.textContent = text;
  }
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
export function loadDemo(tag: string, load: () => Promise<unknown>): void {
  const demos = [...document.querySelectorAll<HTMLElement>(tag)];
  if (demos.length === 0) return;
  let state: 'waiting' | 'loading' | 'loaded' = 'waiting';
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) trigger();
    },
    { rootMargin: AHEAD_MARGIN },
  );

  function trigger(): void {
    if (state !== 'waiting') return;
    state = 'loading';
    load().then(
      () => {
        state = 'loaded';
        observer.disconnect();
        for (const demo of demos) delete demo.dataset.loadFailed;
      },
      () => {
        state = 'waiting';
        showFailure(demos);
      },
    );
  }

  for (const demo of demos) {
    focusableScrollers(demo);
    observer.observe(demo);
    for (const type of REACH_EVENTS) demo.addEventListener(type, trigger);
  }
  addEventListener('online', trigger);
  whenIdle(trigger);
}
