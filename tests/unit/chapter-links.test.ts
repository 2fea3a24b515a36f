/**
 * Every configured demo link in the chapters — `[the lab with H = 2](../training/?hidden=2#demo-training-lab)`
 * — opens what its text promises: it points at a demo that is on its target page, and every key
 * of its query belongs to a demo there and decodes without a note (no invalid or clamped value,
 * no unknown preset), with the schemas and presets the demos themselves use. The demos on a page
 * are read from the page's component tags, as the build places them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EARLY_ERROR_SCHEMA } from '../../src/lib/demos/early-error.ts';
import { GRADCHECK_PRESETS, GRADCHECK_SCHEMA } from '../../src/lib/demos/gradient-check.ts';
import { isLabPreset, LAB_LINK_PRESETS, labSchemaFor } from '../../src/lib/demos/lab.ts';
import { PRACTICE_SCHEMA } from '../../src/lib/demos/practice.ts';
import { predictSchema, QUESTIONS, type QuestionId } from '../../src/lib/demos/predict.ts';
import { RACE_SCHEMA } from '../../src/lib/demos/race.ts';
import { RF_PRESETS, RF_SCHEMA } from '../../src/lib/demos/receptive-field.ts';
import { decodeWithPreset, demoAnchor, presetKey, type Preset } from '../../src/lib/demos/teacher.ts';
import { UNROLLED_PRESETS, UNROLLED_SCHEMA } from '../../src/lib/demos/unrolled.ts';
import type { Schema } from '../../src/lib/state.ts';

const DOCS = 'src/content/docs';
const LOCALES = ['ko', 'en'] as const;

/** A demo on a page: its anchor, its URL schema and the presets a link may name. */
interface PlacedDemo {
  anchor: string;
  schema: Schema;
  presets: readonly Preset[];
}

/** The value of `name="…"` in a component tag, or undefined. */
function stringProp(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
}

/** The demo a component tag places, or null for components that are not demos. */
function demoOf(tag: string): PlacedDemo | null {
  const name = /^<([A-Z]\w*)/.exec(tag)?.[1];
  const placed = (demo: string, schema: Schema, presets: readonly Preset[] = []): PlacedDemo => ({
    anchor: demoAnchor(demo),
    schema,
    presets,
  });
  switch (name) {
    case 'TrainingLab': {
      const preset = stringProp(tag, 'preset');
      if (preset !== undefined && !isLabPreset(preset)) throw new Error(`${tag}: unknown lab preset`);
      return placed('training-lab', labSchemaFor(preset ?? null), LAB_LINK_PRESETS as readonly Preset[]);
    }
    case 'VariantRace':
      return placed('variant-race', RACE_SCHEMA);
    case 'ReceptiveField':
      return placed('receptive-field', RF_SCHEMA, RF_PRESETS as readonly Preset[]);
    case 'Unrolled':
      return placed('unrolled', UNROLLED_SCHEMA, UNROLLED_PRESETS as readonly Preset[]);
    case 'GradientCheck':
      return placed('gradient-check', GRADCHECK_SCHEMA, GRADCHECK_PRESETS as readonly Preset[]);
    case 'EarlyError':
      return placed('early-error', EARLY_ERROR_SCHEMA);
    case 'PracticeDemo':
      return placed('practice', PRACTICE_SCHEMA);
    case 'Predict': {
      const question = stringProp(tag, 'question') ?? '';
      if (!(question in QUESTIONS)) throw new Error(`${tag}: unknown question`);
      return placed(`predict-${question}`, predictSchema(question as QuestionId));
    }
    default:
      return null;
  }
}

/** A chapter: its locale, slug, source and the demos it places. */
interface Page {
  locale: string;
  slug: string;
  source: string;
  demos: PlacedDemo[];
}

function readPages(): Page[] {
  return LOCALES.flatMap((locale) =>
    readdirSync(join(DOCS, locale))
      .filter((file) => file.endsWith('.mdx'))
      .map((file) => {
        const source = readFileSync(join(DOCS, locale, file), 'utf8');
        const tags = source.match(/^<[A-Z]\w*\b[^>]*\/?>/gm) ?? [];
        const demos = tags.map(demoOf).filter((demo): demo is PlacedDemo => demo !== null);
        return { locale, slug: file.replace(/\.mdx$/, ''), source, demos };
      }),
  );
}

/** A link of a chapter to a page of the site that carries a query or a demo anchor. */
interface ChapterLink {
  from: string;
  target: string;
  slug: string;
  query: URLSearchParams;
  anchor: string;
}

/** Every Markdown link `](../slug/?query#anchor)` of a page that has a query or a `#demo-…` anchor. */
function configuredLinks(page: Page): ChapterLink[] {
  const links: ChapterLink[] = [];
  for (const match of page.source.matchAll(/\]\((\.\.\/([a-z0-9-]+)\/(\?[^)#\s]*)?(#[^)\s]*)?)\)/g)) {
    const [, target, slug, query = '', hash = ''] = match;
    const anchor = decodeURIComponent(hash.slice(1));
    if (query === '' && !anchor.startsWith('demo-')) continue;
    links.push({ from: `${page.locale}/${page.slug}`, target, slug, query: new URLSearchParams(query), anchor });
  }
  return links;
}

/** The keys of a demo's URL state: its fields, its preset, and the controls a link may hide. */
function keysOf(demo: PlacedDemo): string[] {
  const { prefix, names } = demo.schema;
  return [...names.map((name) => prefix + name), presetKey(demo.schema), `${prefix}hide`, `${prefix}show`];
}

/** What is wrong with one link: no demo at its anchor, keys no demo reads, values that decode with notes. */
function linkProblems(link: ChapterLink, target: Page | undefined): string[] {
  if (!target) return [`${link.target}: no page "${link.slug}"`];
  const problems: string[] = [];
  const anchored = target.demos.find((demo) => demo.anchor === link.anchor);
  if (link.anchor === '') problems.push(`${link.target}: no #demo-… anchor (the page would open at its top)`);
  else if (!anchored) problems.push(`${link.target}: #${link.anchor} is not a demo on ${link.slug}`);
  const known = new Set(target.demos.flatMap(keysOf));
  for (const key of link.query.keys()) if (!known.has(key)) problems.push(`${link.target}: no demo reads "${key}"`);
  for (const demo of target.demos) {
    const ownKeys = new Set(keysOf(demo));
    if (![...link.query.keys()].some((key) => ownKeys.has(key))) continue;
    if (anchored && demo !== anchored)
      problems.push(`${link.target}: sets ${demo.anchor} but points at #${link.anchor}`);
    const { notes, teacherNotes } = decodeWithPreset(demo.schema, demo.presets, link.query);
    for (const note of notes) problems.push(`${link.target}: ${note.field} = "${note.given}" is ${note.kind}`);
    for (const note of teacherNotes) problems.push(`${link.target}: ${note.param} = "${note.given}" is unknown`);
  }
  return problems;
}

const pages = readPages();

describe('configured demo links in the chapters', () => {
  it('finds the demo links of the chapters (the extraction works)', () => {
    const links = pages.flatMap(configuredLinks);
    expect(links.length).toBeGreaterThan(20);
    expect(links.some((link) => link.query.has('hidden'))).toBe(true);
    expect(links.some((link) => link.query.has('race.delay'))).toBe(true);
  });

  for (const page of pages) {
    const links = configuredLinks(page);
    if (links.length === 0) continue;
    it(`${page.locale}/${page.slug}: every link opens its demo with exactly the settings it names`, () => {
      const problems = links.flatMap((link) =>
        linkProblems(
          link,
          pages.find((candidate) => candidate.locale === page.locale && candidate.slug === link.slug),
        ),
      );
      expect(problems).toEqual([]);
    });
  }

  it('the same links in both locales', () => {
    const targets = (locale: string) =>
      pages
        .filter((page) => page.locale === locale)
        .flatMap(configuredLinks)
        .map((link) => `${link.from.slice(3)} → ${link.target}`)
        .sort();
    expect(targets('ko')).toEqual(targets('en'));
  });

  it('flags what a broken link would do (the check can fail)', () => {
    const training = pages.find((page) => page.locale === 'en' && page.slug === 'training');
    const bad = (target: string): string[] => {
      const [path, hash = ''] = target.split('#');
      const query = new URLSearchParams(path.split('?')[1] ?? '');
      return linkProblems({ from: 'en/test', target, slug: 'training', query, anchor: hash }, training);
    };
    expect(bad('../training/?hidden=2#demo-training-lab')).toEqual([]);
    expect(bad('../training/?hidden=500#demo-training-lab')).toHaveLength(1);
    expect(bad('../training/?hiden=2#demo-training-lab')).toHaveLength(1);
    expect(bad('../training/?preset=nope#demo-training-lab')).toHaveLength(1);
    expect(bad('../training/?hidden=2#demo-variant-race')).toHaveLength(1);
    expect(bad('../training/?hidden=2')).toHaveLength(1);
  });
});
