/**
 * Cuts one top-level declaration (function, class, interface, type or const) and the doc
 * comment right above it out of a TypeScript source file, by name. Used at build time only.
 */

const DECLARATION = /^(export\s+)?(async\s+)?(function|class|interface|type|const|let)\s+([A-Za-z_$][\w$]*)/;

/** Index of the line that closes the declaration starting at `start` (brace or `;` balanced). */
function declarationEnd(lines: string[], start: number): number {
  let depth = 0;
  let opened = false;
  for (let index = start; index < lines.length; index++) {
    for (const char of lines[index]) {
      if (char === '{' || char === '(' || char === '[') {
        depth++;
        opened = true;
      } else if (char === '}' || char === ')' || char === ']') {
        depth--;
      }
    }
    const trimmed = lines[index].trimEnd();
    if (depth === 0 && (opened || trimmed.endsWith(';')) && (trimmed.endsWith('}') || trimmed.endsWith(';')))
      return index;
  }
  return lines.length - 1;
}

/** First line of the doc comment directly above `line`, or `line` itself. */
function docStart(lines: string[], line: number): number {
  if (!lines[line - 1]?.trim().endsWith('*/')) return line;
  let index = line - 1;
  while (index > 0 && !lines[index].trim().startsWith('/**')) index--;
  return index;
}

/** The source of declaration `name` in `source`; throws (failing the build) when it is missing. */
export function extractDeclaration(source: string, name: string, file: string): string {
  const lines = source.split('\n');
  const start = lines.findIndex((line) => DECLARATION.exec(line)?.[4] === name);
  if (start < 0) throw new Error(`SourceCode: ${file} has no top-level declaration named ${name}`);
  return lines.slice(docStart(lines, start), declarationEnd(lines, start) + 1).join('\n');
}
