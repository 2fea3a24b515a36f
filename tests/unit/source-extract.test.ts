/** Cutting declarations out of source files for the chapters (SourceCode.astro). */
import { describe, expect, it } from 'vitest';
import { extractDeclaration } from '../../src/lib/source-extract.ts';

const source = [
  "import x from 'y';",
  '',
  '/** Adds. */',
  'export function add(a: number, b: number): number {',
  '  return a + b;',
  '}',
  '',
  'const LIMIT = 3;',
  '/**',
  ' * A pair,',
  ' * documented.',
  ' */',
  'export interface Pair {',
  '  a: number;',
  '  b: { c: number };',
  '}',
  'export const table = [',
  '  1,',
  '];',
].join('\n');

describe('extractDeclaration', () => {
  it('cuts a declaration with its doc comment, braces balanced', () => {
    expect(extractDeclaration(source, 'add', 'f.ts')).toBe(
      '/** Adds. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}',
    );
    expect(extractDeclaration(source, 'Pair', 'f.ts').split('\n')).toHaveLength(8);
    expect(extractDeclaration(source, 'LIMIT', 'f.ts')).toBe('const LIMIT = 3;');
    expect(extractDeclaration(source, 'table', 'f.ts')).toBe('export const table = [\n  1,\n];');
  });

  it('fails the build with the file’s name when the declaration is missing', () => {
    expect(() => extractDeclaration(source, 'subtract', 'model/f.ts')).toThrow(/model\/f\.ts has no .* subtract/);
  });
});
