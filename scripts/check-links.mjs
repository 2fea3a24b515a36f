/**
 * Link check over the built site: every internal link, script, stylesheet, image and CSS `url()`
 * of every page resolves to a file of the build, inside its base path, and every `#anchor` names
 * an element of its target page. Run by `npm test` after the builds:
 * `node scripts/check-links.mjs [dir=base …]` (default: `dist=/ dist-subfolder=/rnn/`).
 * Links to the site's own absolute address (canonical, hreflang, sitemap) count as internal.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';

const builds = (process.argv.length > 2 ? process.argv.slice(2) : ['dist=/', 'dist-subfolder=/rnn/']).map((arg) => {
  const [dir = '', base = '/'] = arg.split('=');
  return { dir: resolve(dir), base: base.replace(/\/?$/, '/') };
});

async function filesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)])),
  );
  return nested.flat();
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
const decodeEntities = (text) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name) => {
    if (name[0] === '#') return String.fromCodePoint(Number(name[1] === 'x' ? `0${name.slice(1)}` : name.slice(1)));
    return ENTITIES[name] ?? whole;
  });

/** Attribute values of a tag soup, by attribute name (quoted or bare). */
function attributeValues(html, names) {
  const pattern = new RegExp(`\\s(${names.join('|')})\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'gi');
  return [...html.matchAll(pattern)].map((match) => ({
    name: match[1].toLowerCase(),
    value: decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''),
  }));
}

/**
 * The references a page makes: links, sources, srcsets, the meta refresh target. The 404 page is
 * served at every missing address, so its own canonical and alternate addresses (`/404/`,
 * `/en/404/`) name no page and are not followed.
 */
function pageReferences(html, notFoundPage) {
  // Script and style bodies and comments hold text, not markup.
  let markup = html.replace(/<(script|style)\b([^>]*)>[\s\S]*?<\/\1>/gi, '<$1$2>').replace(/<!--[\s\S]*?-->/g, '');
  if (notFoundPage) markup = markup.replace(/<link\b[^>]*\srel="(canonical|alternate)"[^>]*>/gi, '');
  const references = [];
  for (const { name, value } of attributeValues(markup, ['href', 'src', 'srcset', 'content'])) {
    if (name === 'srcset') references.push(...value.split(',').map((part) => part.trim().split(/\s+/)[0]));
    else if (name === 'content') {
      const refresh = /^\s*\d+\s*;\s*url=(.+)$/i.exec(value);
      if (refresh) references.push(refresh[1].trim());
    } else references.push(value);
  }
  return references.filter(Boolean);
}

/** The ids (and `<a name>`s) a page defines. */
function pageAnchors(html) {
  const ids = attributeValues(html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ''), ['id']);
  const names = [...html.matchAll(/<a\b[^>]*\sname="([^"]*)"/gi)].map((match) => decodeEntities(match[1]));
  return new Set([...ids.map(({ value }) => value), ...names]);
}

/** The file a site path is served from, or null: `/en/x/` → en/x/index.html, `/a.js` → a.js. */
function servedFile(dir, sitePath) {
  const file = join(dir, decodeURIComponent(sitePath));
  if (!file.startsWith(dir)) return null;
  if (sitePath.endsWith('/')) return existsSync(join(file, 'index.html')) ? join(file, 'index.html') : null;
  if (existsSync(file) && statSync(file).isFile()) return file;
  return existsSync(join(file, 'index.html')) ? join(file, 'index.html') : null;
}

/** The site's own origin + base, from the sitemap (links to it are internal). */
async function siteAddress(dir) {
  const sitemap = await readFile(join(dir, 'sitemap-0.xml'), 'utf8').catch(() => '');
  const first = /<loc>([^<]+)<\/loc>/.exec(sitemap);
  return first ? new URL(first[1]).origin : null;
}

async function checkBuild({ dir, base }) {
  const files = await filesUnder(dir);
  const origin = await siteAddress(dir);
  const anchorsOf = new Map();
  const anchors = async (file) => {
    if (!anchorsOf.has(file)) anchorsOf.set(file, pageAnchors(await readFile(file, 'utf8')));
    return anchorsOf.get(file);
  };
  const broken = [];
  let links = 0;
  let fragments = 0;
  const pages = files.filter((file) => extname(file) === '.html');
  const sheets = files.filter((file) => extname(file) === '.css');
  const sitemaps = files.filter((file) => /sitemap.*\.xml$/.test(file));
  const sources = [...pages, ...sheets, ...sitemaps];
  for (const file of sources) {
    const text = await readFile(file, 'utf8');
    const references =
      extname(file) === '.html'
        ? pageReferences(text, relative(dir, file) === '404.html')
        : extname(file) === '.css'
          ? [...text.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((match) => match[1])
          : [...text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]);
    const pagePath = `${base}${relative(dir, file).split('\\').join('/')}`.replace(/index\.html$/, '');
    for (const reference of references) {
      if (/^(data|mailto|tel|javascript|blob):/i.test(reference)) continue;
      const url = new URL(reference, `http://site.invalid${pagePath}`);
      const internal = url.origin === 'http://site.invalid' || (origin !== null && url.origin === origin);
      if (!internal) continue;
      links += 1;
      const where = `${relative(process.cwd(), file)}: ${reference}`;
      if (!url.pathname.startsWith(base)) {
        broken.push(`${where} (outside the base path ${base})`);
        continue;
      }
      const target = servedFile(dir, url.pathname.slice(base.length - 1));
      if (!target) {
        broken.push(`${where} (no such file)`);
        continue;
      }
      if (url.hash.length > 1 && extname(target) === '.html') {
        fragments += 1;
        const id = decodeURIComponent(url.hash.slice(1));
        if (!(await anchors(target)).has(id)) broken.push(`${where} (no element with id "${id}")`);
      }
    }
  }
  return { pages: pages.length, links, fragments, broken };
}

let failed = false;
for (const build of builds) {
  if (!existsSync(build.dir)) {
    console.error(`Link check: ${relative(process.cwd(), build.dir)}/ does not exist (build it first)`);
    failed = true;
    continue;
  }
  const { pages, links, fragments, broken } = await checkBuild(build);
  const name = `${relative(process.cwd(), build.dir)}/ (base ${build.base})`;
  if (broken.length > 0) {
    failed = true;
    console.error(`Link check of ${name}: ${broken.length} broken of ${links} links\n  ${broken.join('\n  ')}`);
  } else {
    console.log(
      `Link check of ${name}: ${pages} pages, ${links} internal links (${fragments} to anchors), all resolve.`,
    );
  }
}
process.exit(failed ? 1 : 0);
