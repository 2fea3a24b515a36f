/**
 * The site's Content-Security-Policy, and the Astro integration that puts it on every page.
 *
 * Astro's own `security.csp` hashes the scripts it bundles but not Starlight's `is:inline` scripts
 * (theme, sidebar, search shortcut), and places its meta tag after the first of them. So after the
 * build this integration hashes every inline `<script>` of each HTML file and inserts the policy as
 * the first element after `<meta charset>`, so that it governs everything on the page.
 *
 * What the policy allows, and why:
 * - scripts: this origin and the hashed inline scripts only; no `unsafe-inline`, so inline event
 *   handlers (`onsubmit="…"`) do not run.
 * - `'wasm-unsafe-eval'`: TensorFlow.js's WASM backend, the SIMD engine and Pagefind's search index
 *   compile WebAssembly; that is all it permits (no `eval`).
 * - workers: the trainer's module worker, from this origin (no `blob:`).
 * - styles: this origin and inline styles; KaTeX positions glyphs with `style` attributes.
 * - images and fonts: this origin and `data:` (Starlight's and Expressive Code's icons are data-URL
 *   SVGs in CSS; the bundler inlines KaTeX's smallest font files as data URLs).
 * - nothing from any other origin, no plugins, no `<base>` elsewhere, forms submit only here.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The policy without per-page hashes; also what a host may send as a header for non-HTML files (workers). */
export const BASE_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'script-src-attr': ["'none'"],
  'worker-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** A policy as header or meta text, with extra sources (hashes) for script-src. */
export function policyText(scriptHashes = []) {
  return Object.entries(BASE_POLICY)
    .map(([directive, sources]) => {
      const all = directive === 'script-src' ? [...sources, ...scriptHashes.map((hash) => `'${hash}'`)] : sources;
      return `${directive} ${all.join(' ')}`;
    })
    .join('; ');
}

/** `sha256-…` of every inline script of a page, in order of first appearance. */
export function inlineScriptHashes(html) {
  const hashes = new Set();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(match[1])) continue;
    hashes.add(`sha256-${createHash('sha256').update(match[2], 'utf8').digest('base64')}`);
  }
  return [...hashes];
}

/** The page with its policy as the first element of `<head>` after the charset. */
export function withPolicy(html) {
  if (/http-equiv=["']?content-security-policy/i.test(html)) throw new Error('page already has a policy');
  const meta = `<meta http-equiv="content-security-policy" content="${policyText(inlineScriptHashes(html))}">`;
  // First in <head>: after the charset, else after <head>, else (a bare redirect page) after the doctype.
  const anchor = /<meta charset=[^>]*>/i.exec(html) ?? /<head\b[^>]*>/i.exec(html) ?? /^<!doctype html>/i.exec(html);
  if (!anchor) throw new Error('page has neither <head> nor a doctype');
  const at = anchor.index + anchor[0].length;
  return html.slice(0, at) + meta + html.slice(at);
}

async function htmlFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return htmlFiles(path);
      return entry.name.endsWith('.html') ? [path] : [];
    }),
  );
  return nested.flat();
}

/** Astro integration: after the build, every HTML page gets its policy. */
export function contentSecurityPolicy() {
  return {
    name: 'content-security-policy',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const files = await htmlFiles(fileURLToPath(dir));
        await Promise.all(files.map(async (file) => writeFile(file, withPolicy(await readFile(file, 'utf8')))));
        logger.info(`Content-Security-Policy added to ${files.length} pages`);
      },
    },
  };
}
