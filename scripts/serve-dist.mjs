/**
 * A small static file server for the built site (`dist/`), used by the end-to-end tests and the
 * browser benchmark: `node scripts/serve-dist.mjs [--port 4329] [--dir dist] [--base /]`.
 * With `--base /rnn/` the site answers under that sub-folder, as after `BASE_PATH=/rnn/ npm run build`.
 * Serves `index.html` for directory URLs, the right MIME types (including .wasm) and 404.html.
 * Pages carry their Content-Security-Policy in a meta tag; everything else is sent with the same
 * policy as a header (as a host may do), because a worker script takes its policy from its own
 * response: so the trainer worker runs under the policy too.
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { policyText } from './csp.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const port = Number(option('port', 4329));
const root = resolve(option('dir', 'dist'));
const base = option('base', '/').replace(/\/?$/, '/');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.pf_meta': 'application/octet-stream',
};

async function resolveFile(urlPath) {
  const decoded = decodeURIComponent(urlPath.split('?')[0]);
  const candidate = normalize(join(root, decoded));
  if (!candidate.startsWith(root)) return null;
  try {
    const info = await stat(candidate);
    if (info.isDirectory()) return resolveFile(join(decoded, 'index.html'));
    return candidate;
  } catch {
    return null;
  }
}

createServer(async (request, response) => {
  try {
    const url = request.url ?? '/';
    const file = url.startsWith(base) ? await resolveFile(`/${url.slice(base.length)}`) : null;
    if (!file) {
      response.writeHead(404, { 'content-type': TYPES['.html'] });
      response.end(await readFile(join(root, '404.html')).catch(() => 'Not found'));
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const policy = extname(file) === '.html' ? {} : { 'content-security-policy': policyText() };
    response.writeHead(200, { 'content-type': type, ...policy });
    response.end(await readFile(file));
  } catch (error) {
    response.writeHead(500);
    response.end(String(error));
  }
}).listen(port, '127.0.0.1', () => console.log(`Serving ${root} at http://127.0.0.1:${port}/`));
