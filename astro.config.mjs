// @ts-check
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { contentSecurityPolicy } from './scripts/csp.mjs';
import { rehypeFocusableScrollers } from './scripts/a11y-plugins.mjs';
import { searchIndexing, searchStrings } from './src/overrides/search-index.mjs';
import { rehypeKeepTogether } from './src/styles/keep-together.mjs';

/** Public base URL; override with SITE_URL when hosting elsewhere. */
const site = process.env.SITE_URL ?? 'https://rnn-without-library.example';
/** Sub-folder the site is served from, e.g. BASE_PATH=/rnn/ for https://example.org/rnn/. */
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  // Starlight's site title links to each locale's root; the chapters start at the introduction.
  // (Astro does not prefix redirect targets with the base path.)
  redirects: Object.fromEntries(
    ['ko', 'en'].map((locale) => [`/${locale}`, `${base.replace(/\/?$/, '/')}${locale}/introduction/`]),
  ),
  markdown: {
    // Astro 7's default processor runs no remark/rehype plugins; unified() does, and MDX inherits it.
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [
        [rehypeKatex, { strict: 'error', output: 'htmlAndMathml' }],
        rehypeFocusableScrollers,
        rehypeKeepTogether,
      ],
    }),
  },
  vite: {
    // ES-module workers keep TensorFlow.js and its backends in separate chunks, loaded on demand.
    worker: { format: 'es' },
    // Starlight's search imports Pagefind's interface by this name; ours loads it so that a lost
    // connection is said, not thrown (src/overrides/pagefind-ui.ts).
    resolve: {
      alias: [
        {
          find: /^@pagefind\/default-ui$/,
          replacement: fileURLToPath(new URL('./src/overrides/pagefind-ui.ts', import.meta.url)),
        },
      ],
    },
    build: {
      rollupOptions: {
        // MDX pages carry Astro's own module directive; the bundler's notice about it is noise.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  },
  integrations: [
    // Before Starlight, whose build hook runs Pagefind: what the search index leaves out of each page.
    searchIndexing(),
    starlight({
      title: { ko: '라이브러리 없이 만드는 RNN', en: 'RNN without a Library' },
      description: 'A recurrent neural network built from scratch and trained live in your browser.',
      defaultLocale: 'ko',
      locales: {
        ko: { label: '한국어', lang: 'ko' },
        en: { label: 'English', lang: 'en' },
      },
      customCss: ['katex/dist/katex.min.css', './src/styles/site.css', './src/styles/a11y.css'],
      components: { Search: './src/overrides/Search.astro' },
      plugins: [searchStrings()],
      sidebar: [
        { slug: 'introduction' },
        { slug: 'forward' },
        { slug: 'training' },
        { slug: 'evaluation' },
        { slug: 'original' },
        { slug: 'variants' },
        { slug: 'practice' },
        { slug: 'inside' },
        { slug: 'glossary' },
      ],
      lastUpdated: false,
      pagination: true,
    }),
    // After the build: every page gets its Content-Security-Policy (scripts/csp.mjs says why it is not Astro's own).
    contentSecurityPolicy(),
  ],
});
