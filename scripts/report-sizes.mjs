/**
 * The JavaScript size budget (`npm run build` runs it after `astro build`): for every page of the
 * build, the JavaScript it loads up front — its inline scripts, its module scripts and everything
 * they import statically, gzipped — must stay within 20 KiB. Dynamic imports and workers (the
 * trainer, TensorFlow.js and its backends) are fetched on demand and do not count. Prints each
 * page's total and every chunk with its size; exits 1 when a page is over budget.
 * `node scripts/report-sizes.mjs [dir]` (default `dist`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Gzipped JavaScript a page may load before any demo asks for more, in bytes. */
const BUDGET_BYTES = 20 * 1024;

const dist = resolve(process.argv[2] ?? 'dist');
const kib = (bytes) => (bytes / 1024).toFixed(1).padStart(7);
const gzipSize = (text) => gzipSync(text, { level: 9 }).length;

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat();
}

/** Site path (`/_astro/x.js`, with any base path) → file in the build, or null for other origins. */
function fileOf(url, fromFile, base) {
  if (/^[a-z]+:/i.test(url)) return null;
  if (url.startsWith('/')) return join(dist, url.startsWith(base) ? url.slice(base.length) : url.slice(1));
  return resolve(dirname(fromFile), url);
}

/** Modules a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`, `export … from`). */
function staticImports(code) {
  const statements =
    /(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*(?:\s*as\s*[\w$]+)?)?\s*(?:from)?\s*["']([^"']+\.m?js)["']/g;
  return [...code.matchAll(statements)].map((match) => match[1]);
}

/** The site's base path, from where pages load their module scripts (`/_astro/…` or `/rnn/_astro/…`). */
function basePath(html) {
  const match = /<script type="module" src="([^"]*?)_astro\//.exec(html);
  return match ? match[1] : '/';
}

/** What one page loads up front: inline script bodies and the closure of its module scripts. */
function eagerScripts(html, pageFile, base) {
  const inline = [];
  const entries = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = /\ssrc="([^"]+)"/.exec(match[1]);
    if (src) entries.push(fileOf(src[1], pageFile, base));
    else if (!/type="(application\/(ld\+)?json|speculationrules)"/.test(match[1])) inline.push(match[2]);
  }
  for (const match of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/gi)) {
    entries.push(fileOf(match[1], pageFile, base));
  }
  return { inline, entries: entries.filter(Boolean) };
}

async function main() {
  const files = await filesUnder(dist);
  const chunks = new Map();
  for (const file of files.filter((name) => name.endsWith('.js'))) {
    const code = await readFile(file, 'utf8');
    chunks.set(file, { raw: Buffer.byteLength(code), gzip: gzipSize(code), imports: staticImports(code), pages: 0 });
  }
  const closure = (entry, seen = new Set()) => {
    if (seen.has(entry) || !chunks.has(entry)) return seen;
    seen.add(entry);
    for (const imported of chunks.get(entry).imports) closure(fileOf(imported, entry, '/'), seen);
    return seen;
  };

  const pages = [];
  for (const file of files.filter((name) => name.endsWith('.html'))) {
    const html = await readFile(file, 'utf8');
    const { inline, entries } = eagerScripts(html, file, basePath(html));
    const modules = new Set(entries.flatMap((entry) => [...closure(entry)]));
    for (const module of modules) chunks.get(module).pages += 1;
    const inlineGzip = inline.reduce((sum, body) => sum + gzipSize(body), 0);
    const moduleGzip = [...modules].reduce((sum, module) => sum + chunks.get(module).gzip, 0);
    pages.push({ page: relative(dist, file), inlineGzip, moduleGzip, total: inlineGzip + moduleGzip, modules });
  }

  console.log(`\nJavaScript chunks in ${relative(process.cwd(), dist)}/ (KiB)`);
  console.log(`${'chunk'.padEnd(64)}     raw    gzip  loaded`);
  const rows = [...chunks].sort(([, a], [, b]) => b.gzip - a.gzip);
  for (const [file, chunk] of rows) {
    const loaded = chunk.pages > 0 ? `up front on ${chunk.pages} page(s)` : 'on demand';
    console.log(`${relative(dist, file).padEnd(64)} ${kib(chunk.raw)} ${kib(chunk.gzip)}  ${loaded}`);
  }

  console.log(`\nJavaScript loaded up front per page, gzip (budget ${kib(BUDGET_BYTES).trim()} KiB)`);
  console.log(`${'page'.padEnd(40)}  inline modules   total`);
  pages.sort((a, b) => b.total - a.total);
  for (const page of pages) {
    const mark = page.total > BUDGET_BYTES ? '  OVER BUDGET' : '';
    console.log(`${page.page.padEnd(40)} ${kib(page.inlineGzip)} ${kib(page.moduleGzip)} ${kib(page.total)}${mark}`);
  }
  const over = pages.filter((page) => page.total > BUDGET_BYTES);
  if (over.length > 0) {
    console.error(
      `\nSize budget exceeded on ${over.length} page(s): more than ${kib(BUDGET_BYTES).trim()} KiB of JavaScript up front.` +
        ' Load what is not needed at once with a dynamic import().',
    );
    process.exit(1);
  }
  const largest = pages[0];
  console.log(
    `\nSize budget: every page within ${kib(BUDGET_BYTES).trim()} KiB` +
      (largest ? ` (largest: ${largest.page}, ${kib(largest.total).trim()} KiB).` : '.'),
  );
}

await main();
