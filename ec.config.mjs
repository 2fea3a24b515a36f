// @ts-check
// Expressive Code options (Starlight's code blocks). A file of its own because plugins are not
// serialisable into astro.config.mjs for the <Code> component.
import { defineEcConfig } from '@astrojs/starlight/expressive-code';
import { focusableCodeBlocks } from './scripts/a11y-plugins.mjs';
import { codeBlocksWeighLess } from './src/overrides/search-index.mjs';

export default defineEcConfig({
  plugins: [focusableCodeBlocks(), codeBlocksWeighLess()],
});
