/**
 * Rehype plugin, after rehype-katex: an inline formula and the word that follows it without a
 * space — a Korean particle or ending (`$h$는`, `$b_l$입니다.`) or punctuation (`$h$,`) — stay on
 * one line. A formula is an atomic box to the line breaker, so without this a line may end after
 * the formula and start the next with "는" or "입니다.", which splits one Korean word in two.
 * The pair is wrapped in `<span class="keep-together">` (site.css: `white-space: nowrap`); the
 * formula itself never wraps either (site.css), so "ε" and "= 10⁻⁷" cannot part.
 * Measured numbers (`<Measured />`, see src/components/figures/Measured.astro) count as formulas.
 */

const hasClass = (element, name) => [element.properties?.className ?? []].flat().includes(name);

/**
 * A formula: KaTeX's output, or a `<Measured>` number (an MDX element rendered later, as KaTeX
 * for powers of ten), whose ending (`<Measured … />입니다`) must not start a line either.
 */
const isFormula = (node) =>
  (node.type === 'element' && hasClass(node, 'katex')) ||
  (node.type === 'mdxJsxTextElement' && node.name === 'Measured');

/** The text right after a node, up to the first space: what must not start the next line alone. */
const LEADING_WORD = /^[^\s]+/;

function keepTogether(parent) {
  const children = parent.children ?? [];
  for (let index = 0; index < children.length; index++) {
    const node = children[index];
    if (node.type === 'element' && hasClass(node, 'katex-display')) continue;
    if (!isFormula(node)) {
      // Elements, and MDX's JSX elements, whose text may hold formulas.
      if (node.children) keepTogether(node);
      continue;
    }
    const next = children[index + 1];
    const word = next?.type === 'text' ? LEADING_WORD.exec(next.value)?.[0] : undefined;
    if (!word) continue;
    const rest = next.value.slice(word.length);
    const group = {
      type: 'element',
      tagName: 'span',
      properties: { className: ['keep-together'] },
      children: [node, { type: 'text', value: word }],
    };
    children.splice(index, 2, group, ...(rest ? [{ type: 'text', value: rest }] : []));
  }
}

/** The plugin: see the module comment. */
export function rehypeKeepTogether() {
  return (tree) => keepTogether(tree);
}
