/**
 * Prints the size of every JavaScript chunk of the built site (`dist/_astro`), raw and gzipped,
 * and which pages load it up front. Chunks no page loads up front are fetched on demand (the
 * TensorFlow.js backends, the worker). Run after `astro build` (part of `npm run build`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;

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

const chunks = (await readdir(join(dist, '_astro'))).filter((name) => name.endsWith('.js'));
const pages = await htmlFiles(dist);
const upFront = new Map(chunks.map((name) => [name, 0]));
for (const page of pages) {
  const html = await readFile(page, 'utf8');
  for (const name of chunks) if (html.includes(name)) upFront.set(name, upFront.get(name) + 1);
}
const rows = await Promise.all(
  chunks.map(async (name) => {
    const bytes = await readFile(join(dist, '_astro', name));
    return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, pages: upFront.get(name) };
  }),
);
rows.sort((a, b) => b.gzip - a.gzip);
const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(8);
console.log(`\nJavaScript chunks in ${relative(process.cwd(), dist)}_astro (KiB)`);
console.log(`${'chunk'.padEnd(64)}      raw     gzip  loaded by`);
for (const row of rows) {
  const loaded = row.pages > 0 ? `${row.pages} page(s) up front` : 'on demand';
  console.log(`${row.name.padEnd(64)} ${kb(row.raw)} ${kb(row.gzip)}  ${loaded}`);
}
const total = (filter) => rows.filter(filter).reduce((sum, row) => sum + row.gzip, 0);
console.log(`${'total up front (any page)'.padEnd(64)} ${' '.repeat(8)} ${kb(total((row) => row.pages > 0))}`);
console.log(`${'total on demand'.padEnd(64)} ${' '.repeat(8)} ${kb(total((row) => row.pages === 0))}`);
