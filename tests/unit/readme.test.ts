/**
 * The README's code examples are real: every block marked `<!-- file: path -->` is that file,
 * and every block marked `<!-- excerpt: path -->` is a run of its lines, so the docs cannot
 * drift from the code they show.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const blocks = [...readme.matchAll(/<!-- (file|excerpt): (\S+) -->\s*```\w*\n([\s\S]*?)\n```/g)];

describe('README examples', () => {
  it('shows at least the element of one demo', () => {
    expect(blocks.map((block) => block[2])).toContain('src/components/demos/gradient-check/gradient-check.ts');
  });

  it.each(blocks.map((block) => [block[2], block[1], block[3]] as const))('%s (%s) is the code', (path, kind, code) => {
    const source = readFileSync(new URL(path, root), 'utf8');
    if (kind === 'file') expect(code).toBe(source.replace(/\n$/, ''));
    else expect(source).toContain(code);
    expect(code.split('\n').length).toBeLessThanOrEqual(60);
  });
});
