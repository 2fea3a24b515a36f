/**
 * The demos that have a page of their own (`/<locale>/demo/<id>/`, for embedding in slides or
 * a learning platform through an iframe): each by its `data-demo` id, with the chapter it lives
 * in (the page links back to it). src/pages/[locale]/demo/[id].astro maps the ids to components.
 */
import type { Locale } from '../../i18n/index.ts';

/** A demo with its own page, and the chapter (slug) it belongs to. */
export interface DemoPage {
  id:
    | 'training-lab'
    | 'variant-race'
    | 'early-error'
    | 'receptive-field'
    | 'unrolled'
    | 'gradient-check'
    | 'practice'
    | 'compute-ladder';
  chapter: string;
}

export const DEMO_PAGES: readonly DemoPage[] = [
  { id: 'compute-ladder', chapter: 'forward' },
  { id: 'training-lab', chapter: 'training' },
  { id: 'variant-race', chapter: 'variants' },
  { id: 'early-error', chapter: 'variants' },
  { id: 'receptive-field', chapter: 'variants' },
  { id: 'unrolled', chapter: 'inside' },
  { id: 'gradient-check', chapter: 'inside' },
  { id: 'practice', chapter: 'practice' },
];

/** The locales every demo page exists in. */
export const DEMO_PAGE_LOCALES: readonly Locale[] = ['ko', 'en'];
