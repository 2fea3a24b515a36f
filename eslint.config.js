// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-subfolder/',
      '.astro/',
      '.tools/',
      'node_modules/',
      'test-results/',
      'test-reports/',
      'playwright-report/',
      'shots/',
      'src/lib/model/simd/generated/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-sequences': 'error',
      'no-shadow': 'off',
      '@typescript-eslint/no-shadow': ['error', { builtinGlobals: false, hoist: 'functions' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-globals': 'off',
      eqeqeq: ['error', 'always'],
      'prefer-const': 'error',
    },
  },
  {
    // src/lib runs in Node, workers and the page: no DOM, no Astro, no components.
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/components/**', 'astro', 'astro:*', 'd3-selection'],
              message: 'src/lib must stay framework-free',
            },
          ],
        },
      ],
    },
  },
);
