import type { Page } from '@playwright/test';
import { test, expect, sitePaths } from './fixtures';

/**
 * Korean in tight places, on every Korean page: on a 390-px phone (with the table of contents
 * opened) and at 1280 px (where it is a narrow sidebar), measured from the laid-out text —
 * - no run of Hangul breaks across lines: in prose, table headers and cells, the table of
 *   contents and the sidebar ("기/호", "중/인지");
 * - no inline formula wraps ("ε" / "= 10⁻⁷");
 * - in the chapters' prose, the word written right after a formula (a particle or ending, `$h$는`)
 *   starts on the formula's line.
 */

interface Audit {
  checked: { words: number; formulas: number; particles: number };
  problems: string[];
}

/** Runs in the page: measures the text as laid out (see the file comment). */
function audit(): Audit {
  const checked = { words: 0, formulas: 0, particles: 0 };
  const problems: string[] = [];
  const lineCount = (rects: Iterable<DOMRect>) =>
    new Set([...rects].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.bottom))).size;
  const shown = (element: Element) => element.getClientRects().length > 0;
  const where = (element: Element) =>
    element.closest('th')
      ? 'table header'
      : element.closest('starlight-toc, mobile-starlight-toc')
        ? 'contents'
        : element.localName;

  const roots = document.querySelectorAll(
    '.sl-markdown-content, starlight-toc, mobile-starlight-toc, .sidebar-content',
  );
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node as Text;
      const parent = text.parentElement;
      if (!parent || !shown(parent) || parent.closest('.katex, pre, svg, script, style')) continue;
      for (const match of text.data.matchAll(/[\uac00-\ud7a3]+/g)) {
        const range = document.createRange();
        range.setStart(text, match.index);
        range.setEnd(text, match.index + match[0].length);
        checked.words++;
        if (lineCount(range.getClientRects()) > 1) problems.push(`${where(parent)}: “${match[0]}” breaks`);
      }
    }
  }

  for (const formula of document.querySelectorAll('.sl-markdown-content .katex')) {
    if (formula.closest('.katex-display') || !shown(formula)) continue;
    const tex = formula.querySelector('annotation')?.textContent ?? '';
    checked.formulas++;
    const lines = [...formula.getClientRects()];
    if (lines.length > 1) problems.push(`formula wraps: ${tex}`);
    if (formula.closest('.not-content')) continue;
    // The text right after the formula, in document order.
    const after = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    after.currentNode = formula;
    let next = after.nextNode();
    while (next && formula.contains(next)) next = after.nextNode();
    if (!next || !/^[^\s]/.test((next as Text).data)) continue;
    // Only the word that continues the formula's own sentence: not the next table cell or list item.
    const block = formula.closest('p, li, td, th, dt, dd, figcaption, summary, h2, h3, h4') ?? formula.parentElement;
    if (!block?.contains(next)) continue;
    const first = document.createRange();
    first.setStart(next, 0);
    first.setEnd(next, 1);
    const start = first.getClientRects()[0];
    const end = lines.at(-1);
    if (!start || !end) continue;
    checked.particles++;
    if (start.top >= end.bottom - 2) problems.push(`“${(next as Text).data.slice(0, 3)}” starts a line after ${tex}`);
  }
  return { checked, problems };
}

async function auditPages(page: Page, openContents: boolean): Promise<Audit> {
  const total: Audit = { checked: { words: 0, formulas: 0, particles: 0 }, problems: [] };
  for (const path of await sitePaths(page, 'ko')) {
    await page.goto(path);
    await page.evaluate(() => document.fonts.ready);
    const contents = page.locator('mobile-starlight-toc summary');
    if (openContents && (await contents.isVisible())) await contents.click();
    const { checked, problems } = await page.evaluate(audit);
    total.checked.words += checked.words;
    total.checked.formulas += checked.formulas;
    total.checked.particles += checked.particles;
    total.problems.push(...problems.map((problem) => `${path} ${problem}`));
  }
  return total;
}

test.describe('on a 390-px phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('Korean words, inline formulas and their particles stay whole', async ({ page }) => {
    test.setTimeout(240_000);
    const { checked, problems } = await auditPages(page, true);
    expect(checked.words).toBeGreaterThan(5000);
    expect(checked.formulas).toBeGreaterThan(500);
    expect(checked.particles).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  });
});

test.describe('at 1280 px', () => {
  test.use({ viewport: { width: 1280, height: 800 } });
  test('Korean words stay whole in the table of contents and tables, formulas with their particles', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const { checked, problems } = await auditPages(page, false);
    expect(checked.words).toBeGreaterThan(5000);
    expect(problems).toEqual([]);
  });
});
