/**
 * Teacher mode on the page, for every demo (the decisions are lib/demos/teacher.ts's): hiding
 * the controls a link names, marking the preset the settings match, scrolling to the demo a
 * link points at, building and copying links, and the settings written out for print.
 */
import {
  fragmentFor,
  isHidden,
  matchingPreset,
  parseFragment,
  type Preset,
  type Visibility,
} from '../../lib/demos/teacher.ts';
import type { Schema, StateOf } from '../../lib/state.ts';

/** The attribute that hides a control a link asked to hide (see demos.css: it wins over any display). */
export const HIDDEN_BY_LINK = 'data-hidden-by-link';

/** The actions of a demo's controls (buttons and file inputs), without the preset buttons. */
export function actionNames(root: HTMLElement): string[] {
  const controls = root.querySelectorAll<HTMLElement>('[data-action]');
  return [...new Set([...controls].map((control) => control.dataset.action ?? ''))].filter(
    (action) => action !== '' && action !== 'preset',
  );
}

/** Whether `control` is hidden by a link, itself or through a part around it. */
export function hiddenByLink(control: Element): boolean {
  return control.closest(`[${HIDDEN_BY_LINK}]`) !== null;
}

/**
 * Hides what `visibility` names: settings (their labels), buttons (a file input's label), the
 * presets row and the copy-link buttons; then the settings form when every setting is hidden,
 * and the buttons row when no button is left.
 */
export function hideControls(root: HTMLElement, visibility: Visibility, fields: readonly string[]): void {
  const hide = (target: Element | null, hidden: boolean) => target?.toggleAttribute(HIDDEN_BY_LINK, hidden);
  for (const name of fields) {
    for (const label of root.querySelectorAll(`[data-field="${CSS.escape(name)}"]`)) {
      hide(label, isHidden(visibility, name, 'field'));
    }
  }
  for (const part of root.querySelectorAll<HTMLElement>('[data-group]')) {
    hide(part, isHidden(visibility, part.dataset.group ?? '', 'group'));
  }
  for (const control of root.querySelectorAll<HTMLElement>('[data-action]')) {
    const action = control.dataset.action ?? '';
    if (action === 'preset') continue;
    // Inside a part (the copy-link buttons), a control follows its part unless `hide` names it.
    const hidden = control.closest('[data-group]')
      ? visibility.hide.has(action)
      : isHidden(visibility, action, 'action');
    hide(control instanceof HTMLInputElement ? (control.closest('label') ?? control) : control, hidden);
  }
  const form = root.querySelector('.demo-controls');
  hide(form, fields.length > 0 && fields.every((name) => isHidden(visibility, name, 'field')));
  const row = root.querySelector('.demo-buttons');
  hide(row, [...(row?.querySelectorAll('[data-action]') ?? [])].every(hiddenByLink));
}

/** Presses the button of the preset the settings match (and no other). */
export function markPreset<S extends Schema>(
  root: HTMLElement,
  presets: readonly Preset<S>[],
  state: StateOf<S>,
): void {
  const active = matchingPreset(presets, state)?.id ?? null;
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-action="preset"]')) {
    button.setAttribute('aria-pressed', String(button.dataset.preset === active));
  }
}

/** The demo the page's fragment points at (`#demo-<id>`, maybe with more after `&`), and what it carries. */
export function linkedFragment(): { anchor: string; params: URLSearchParams } {
  return parseFragment(location.hash);
}

/**
 * Brings a demo a link points at into view, once it has its size. Not inside a frame: there the
 * demo is the page, and scrolling would move the page around the frame.
 */
export function scrollToDemo(root: HTMLElement): void {
  if (window.self !== window.top) return;
  requestAnimationFrame(() => root.scrollIntoView({ block: 'start' }));
}

/** This page's address (with its current query) pointing at the demo `anchor`, carrying `values`. */
export function linkTo(anchor: string, values: Record<string, string> = {}): string {
  const url = new URL(location.href);
  url.hash = fragmentFor(anchor, values);
  return url.href;
}

/** Copies `text` to the clipboard; false when the browser refuses (no permission, not a secure page). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The settings as text for print, where the form is left out: "label: value" for each setting
 * a link did not hide, a select by its chosen option's text.
 */
export function settingsText(root: HTMLElement, fields: readonly string[]): string {
  const parts: string[] = [];
  for (const name of fields) {
    const control = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${CSS.escape(name)}"]`);
    const label = control?.closest('label');
    if (!control || !label || hiddenByLink(label) || label.hidden) continue;
    const value =
      control instanceof HTMLSelectElement ? (control.selectedOptions[0]?.text ?? control.value) : control.value;
    parts.push(`${label.querySelector('span')?.textContent?.trim() ?? name}: ${value}`);
  }
  return parts.join(' · ');
}
