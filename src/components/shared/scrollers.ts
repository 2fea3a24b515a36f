/**
 * A box that scrolls sideways (a wide table on a phone) can only be scrolled from the keyboard
 * when it can take focus. This gives every sideways scroller inside a demo a tab stop, as the
 * chapters' markdown tables and equations have (scripts/a11y-plugins.mjs): a table keeps its
 * role and caption; any other box becomes a region named by the caption of the table it holds.
 * Run before the demo's code loads, so the server-rendered markup is already right.
 */

/** Sideways scrolling, as computed from the stylesheets. */
function scrollsSideways(element: Element): boolean {
  const overflow = getComputedStyle(element).overflowX;
  return overflow === 'auto' || overflow === 'scroll';
}

/** Gives each sideways scroller inside `root` (tables, wrappers) keyboard focus and a name. */
export function focusableScrollers(root: ParentNode): void {
  for (const box of root.querySelectorAll<HTMLElement>('table, div')) {
    if (box.hasAttribute('tabindex') || !scrollsSideways(box)) continue;
    box.tabIndex = 0;
    if (box instanceof HTMLTableElement) continue;
    const caption = box.querySelector('caption')?.textContent?.trim();
    if (!caption) continue;
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', caption);
  }
}
