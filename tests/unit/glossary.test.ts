/** The glossary check finds planted non-preferred terms in prose and ignores code and math. */
import { describe, expect, it } from 'vitest';
import { findInPage, findInStrings } from '../../scripts/check-glossary.mjs';
import { GLOSSARY } from '../../src/i18n/glossary.ts';

describe('glossary data', () => {
  it('gives every concept a unique id, both terms and both definitions', () => {
    const ids = GLOSSARY.map((concept) => concept.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const concept of GLOSSARY) {
      for (const locale of ['ko', 'en'] as const) {
        expect(concept.term[locale].trim(), concept.id).not.toBe('');
        expect(concept.definition[locale].trim(), concept.id).not.toBe('');
      }
    }
  });

  it('never lists a preferred term as a variant of any concept', () => {
    for (const locale of ['ko', 'en'] as const) {
      const text = GLOSSARY.map((concept) => concept.term[locale]).join('\n');
      expect(findInPage(text, locale)).toEqual([]);
    }
  });

  it('keeps its definitions free of the variants it forbids', () => {
    for (const locale of ['ko', 'en'] as const) {
      const text = GLOSSARY.map((concept) => concept.definition[locale].replace(/\$[^$]*\$/g, 'M')).join('\n');
      expect(findInPage(text, locale)).toEqual([]);
    }
  });
});

describe('check-glossary', () => {
  it('reports a planted Korean variant with its line and the preferred term', () => {
    const page = ['---', 'title: 시험', '---', '', '한 시간 단계에서 셀은 출력 레이어로 값을 넘깁니다.'].join('\n');
    const findings = findInPage(page, 'ko');
    expect(findings.map((finding) => [finding.line, finding.found, finding.use])).toEqual([
      [5, '시간 단계', '시점'],
      [5, '출력 레이어', '출력층'],
    ]);
  });

  it('reads 스텝 as a training step but flags it where it names a time step', () => {
    expect(findInPage('학습률 0.01로 300 스텝 학습합니다.', 'ko')).toEqual([]);
    expect(findInPage('스텝 $t$에서 예측합니다.', 'ko').map((finding) => finding.use)).toEqual(['시점']);
  });

  it('ignores code blocks, inline code, math and comments', () => {
    const page = [
      '```ts',
      'const 출력레이어 = 1; // 시간 단계',
      '```',
      '`기울기 검사` and $\\text{시간 단계}$ and {/* 상대 차이 */}',
      '$$',
      '\\text{timestep}',
      '$$',
    ].join('\n');
    expect(findInPage(page, 'ko')).toEqual([]);
    expect(findInPage(page, 'en')).toEqual([]);
  });

  it('flags “배치 64개”, which reads as 64 batches, but not “배치 크기 64”', () => {
    expect(findInPage('배치 64개로 학습합니다.', 'ko')).toHaveLength(1);
    expect(findInPage('배치 크기 64로 학습합니다.', 'ko')).toEqual([]);
  });

  it('checks English pages and UI strings with the English variants', () => {
    expect(findInPage('The largest relative difference per timestep.', 'en').map((f) => f.found)).toEqual([
      'relative difference',
      'timestep',
    ]);
    const strings = { 'race.reset': '처음으로', 'lab.reset': '초기화', 'gc.run': '기울기 검사' };
    const source = "  'race.reset': '처음으로',\n  'lab.reset': '초기화',\n  'gc.run': '기울기 검사',";
    expect(findInStrings(strings, 'ko', source).map((f) => [f.key, f.line, f.use])).toEqual([
      ['race.reset', 1, '초기화'],
      ['gc.run', 3, '기울기 확인'],
    ]);
  });
});
