/**
 * The measured numbers of the chapters: every `<Measured …/>` in a chapter names a number that
 * the shipped model files and recorded runs hold (so the build cannot fail on a stale one, and a
 * regenerated file changes the prose with it), and numbers are printed as the chapters write them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMeasured, measuredValue, type MeasuredQuery, type MeasuredSources } from '../../src/lib/measured.ts';

const json = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const sources = {
  models: Object.fromEntries(
    ['synced', 'delayed', 'bidirectional', 'original'].map((name) => [name, json(`public/models/${name}.json`)]),
  ),
  earlyError: json('src/lib/demos/recorded/early-error.json'),
  practice: json('src/lib/demos/recorded/practice.json'),
} as MeasuredSources;

/** The props of a `<Measured …/>` tag: strings as given, `{…}` as numbers. */
function propsOf(tag: string): MeasuredQuery & { digits?: number } {
  const props: Record<string, string | number> = {};
  for (const [, name, text, expression] of tag.matchAll(/(\w+)=(?:"([^"]*)"|\{([^}]*)\})/g)) {
    props[name] = text ?? Number(expression);
  }
  return props;
}

/** Every `<Measured …/>` of every chapter, with where it is. */
function chapterTags(): Array<{ where: string; tag: string }> {
  return ['ko', 'en'].flatMap((locale) =>
    readdirSync(join('src/content/docs', locale))
      .filter((file) => file.endsWith('.mdx'))
      .flatMap((file) => {
        const source = readFileSync(join('src/content/docs', locale, file), 'utf8');
        return (source.match(/<Measured\b[^>]*\/>/g) ?? []).map((tag) => ({ where: `${locale}/${file}`, tag }));
      }),
  );
}

describe('measured numbers', () => {
  it('reads the per-step test error of a model file: one step, a range, and the summaries', () => {
    const mse = (sources.models.synced as { metrics: { msePerStep: number[] } }).metrics.msePerStep;
    expect(measuredValue(sources, { model: 'synced', t: 1 })).toBe(mse[1]);
    expect(measuredValue(sources, { model: 'synced', from: 0, to: 3 })).toBeCloseTo(
      (mse[0] + mse[1] + mse[2] + mse[3]) / 4,
      12,
    );
    expect(measuredValue(sources, { model: 'synced', stat: 'early' })).toBeCloseTo(
      measuredValue(sources, { model: 'synced', from: 0, to: 3 }),
      12,
    );
    const late = mse.slice(16).reduce((sum, value) => sum + value, 0) / (mse.length - 16);
    expect(measuredValue(sources, { model: 'synced', stat: 'late' })).toBeCloseTo(late, 12);
  });

  it('reads the recorded runs: the early-error curve and the practice runs', () => {
    expect(measuredValue(sources, { run: 'early-error', noise: '0', step: 2000, t: 0 })).toBeGreaterThan(0.45);
    expect(measuredValue(sources, { run: 'practice', setting: 'sgd', normAt: 1 })).toBeGreaterThan(0);
    expect(measuredValue(sources, { run: 'practice', setting: 'sgd-clip', stat: 'late' })).toBeGreaterThan(0);
  });

  it('names what it cannot find instead of printing a wrong number', () => {
    expect(() => measuredValue(sources, { model: 'lstm', t: 0 })).toThrow(/no model file "lstm"/);
    expect(() => measuredValue(sources, { model: 'synced', t: 64 })).toThrow(/outside/);
    expect(() => measuredValue(sources, { model: 'synced' })).toThrow(/say which number/);
    expect(() => measuredValue(sources, { run: 'early-error', noise: '0', step: 2001, t: 0 })).toThrow(/step 2001/);
    expect(() => measuredValue(sources, { run: 'practice', setting: 'sgd', stat: 'late' })).toThrow(/diverged/);
    expect(() => measuredValue(sources, { run: 'practice', setting: 'adagrad', t: 0 })).toThrow(/one of/);
    expect(() => measuredValue(sources, {})).toThrow(/where the number comes from/);
  });

  it('prints numbers as the chapters write them', () => {
    expect(formatMeasured(0.5211183)).toEqual({ text: '0.52', tex: null });
    expect(formatMeasured(0.001986867)).toEqual({ text: '0.0020', tex: null });
    expect(formatMeasured(38.46)).toEqual({ text: '38', tex: null });
    expect(formatMeasured(0.0002862214)).toEqual({ text: '2.9 × 10⁻⁴', tex: '2.9 \\times 10^{-4}' });
    expect(formatMeasured(83820)).toEqual({ text: '8.4 × 10⁴', tex: '8.4 \\times 10^{4}' });
    expect(formatMeasured(0.0335, 3).text).toBe('0.0335');
    expect(formatMeasured(0.0009216, 2, true)).toEqual({ text: '0.00092', tex: null });
    expect(() => formatMeasured(Number.NaN)).toThrow(/not a finite number/);
  });

  it('Korean text after a <Measured> number reads right whatever digit the number ends in', () => {
    // 은/는, 이/가, 을/를, 와/과, 로/으로 depend on how the number is read aloud, which a regenerated
    // file may change; the copula (이고, 입니다, …) and 에/의/까지/보다 fit after any number.
    const neutral = /^(이고|입니다|이며|이라|이나|이었|에|의|까지|보다|$)/;
    const problems = readdirSync('src/content/docs/ko')
      .filter((file) => file.endsWith('.mdx'))
      .flatMap((file) => {
        const source = readFileSync(join('src/content/docs/ko', file), 'utf8');
        return [...source.matchAll(/<Measured\b[^>]*\/>([가-힣]*)/g)]
          .filter(([, after]) => !neutral.test(after))
          .map(([tag, after]) => `ko/${file}: ${tag.slice(0, 50)}… followed by “${after}”`);
      });
    expect(problems).toEqual([]);
  });

  it('every <Measured> of the chapters names a number the files hold', () => {
    const tags = chapterTags();
    expect(tags.length).toBeGreaterThan(20);
    const problems = tags.flatMap(({ where, tag }) => {
      try {
        const { digits, ...query } = propsOf(tag);
        formatMeasured(measuredValue(sources, query), digits, /\splain\b/.test(tag));
        return [];
      } catch (error) {
        return [`${where}: ${tag}: ${(error as Error).message}`];
      }
    });
    expect(problems).toEqual([]);
  });
});
