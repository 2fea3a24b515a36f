/**
 * Build-time accessibility fixes for content that scrolls sideways (axe: scrollable-region-focusable):
 * a reader without a mouse can only scroll what can take keyboard focus.
 */

/** Labels for a display equation, by the page's language (from its path under src/content/docs). */
const EQUATION_LABEL = { ko: '수식', en: 'Equation' };

/** Calls `visit` for every element of a HAST tree. */
function eachElement(node, visit) {
  if (node.type === 'element') visit(node);
  for (const child of node.children ?? []) eachElement(child, visit);
}

const hasClass = (element, name) => [element.properties?.className ?? []].flat().includes(name);

/**
 * Rehype plugin, after rehype-katex, for the two things in chapters that scroll sideways on narrow
 * screens: every display equation (`.katex-display`) becomes a focusable group named "Equation" /
 * "수식" in the page's language (the MathML inside still gives screen readers the equation itself),
 * and every table (Starlight lets Markdown tables scroll) becomes focusable; a table is named by
 * its own caption or headers.
 */
export function rehypeFocusableScrollers() {
  return (tree, file) => {
    const locale = /[\\/]en[\\/]/.test(file.path ?? '') ? 'en' : 'ko';
    eachElement(tree, (element) => {
      if (element.tagName === 'table') element.properties.tabIndex = 0;
      if (!hasClass(element, 'katex-display')) return;
      element.properties.tabIndex = 0;
      element.properties.role = 'group';
      element.properties.ariaLabel = EQUATION_LABEL[locale];
    });
  };
}

/**
 * Expressive Code plugin: every code block's `<pre>` can take focus. Expressive Code's own script
 * makes a scrolling `<pre>` focusable only after load and marks it as an unnamed region, and two
 * blocks from the same file then make two landmarks with the same name (axe: landmark-unique). With
 * tabindex set here, that script leaves scrolling blocks as they are and removes the tabindex from
 * blocks that do not scroll.
 */
export function focusableCodeBlocks() {
  return {
    name: 'Focusable code blocks',
    hooks: {
      postprocessRenderedBlock: ({ renderData }) => {
        eachElement(renderData.blockAst, (element) => {
          if (element.tagName === 'pre') element.properties.tabIndex = 0;
        });
      },
    },
  };
}
