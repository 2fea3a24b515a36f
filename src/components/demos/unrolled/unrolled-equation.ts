/**
 * The unrolled demo's equation at the current time step, in the chapter's notation and typeset
 * by KaTeX like the chapter around it. KaTeX's script is not part of the page's up-front
 * JavaScript: it is fetched when the demo starts (near the viewport); until it arrives, and if
 * it cannot, the same equation shows as plain text. The equation and the status line are
 * written in the same call, so they always name the same step (`data-t` on the equation says
 * which).
 */
import { equationTex, equationText } from '../../../lib/demos/unrolled.ts';

type Katex = typeof import('katex').default;

let katex: Promise<Katex | null> | null = null;

/** Starts fetching KaTeX (once per page); resolves to null when it cannot be loaded. */
export function loadKatex(): Promise<Katex | null> {
  katex ??= import('katex').then(
    (module) => module.default,
    () => null,
  );
  return katex;
}

/** The KaTeX module once loaded, for synchronous typesetting; null before (or without) it. */
let loaded: Katex | null = null;

/** Fetches KaTeX, then calls `ready` (to typeset what is on show). */
export function prepareEquation(ready: () => void): void {
  void loadKatex().then((module) => {
    loaded = module;
    if (module) ready();
  });
}

/** Writes the equation of step `t` into `target`: typeset when KaTeX is there, plain text otherwise. */
export function showEquation(target: HTMLElement, t: number): void {
  target.dataset.t = String(t);
  if (!loaded) {
    target.textContent = equationText(t);
    return;
  }
  target.innerHTML = loaded.renderToString(equationTex(t), { throwOnError: false, output: 'htmlAndMathml' });
}
