/**
 * Screenshots of the built site for review and for the README:
 * `node scripts/screenshot.mjs [--out shots] [--port 4330] [--full] /en/introduction/ ...`
 * Takes each path in light and dark, wide (1280px) and narrow (390px).
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from './browser.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args.splice(index, 2)[1] : fallback;
};
const outDir = option('out', 'shots');
const port = Number(option('port', 4330));
const fullPage = args.includes('--full');
const given = args.filter((arg) => !arg.startsWith('--'));
const paths = given.length > 0 ? given : ['/ko/introduction/', '/en/introduction/'];

const server = spawn(process.execPath, ['scripts/serve-dist.mjs', '--port', String(port)], { stdio: 'ignore' });
await new Promise((resolve) => setTimeout(resolve, 500));
await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumExecutable() ?? undefined, args: CHROMIUM_FLAGS });
try {
  for (const path of paths) {
    for (const [sizeName, viewport] of [
      ['wide', { width: 1280, height: 900 }],
      ['narrow', { width: 390, height: 844 }],
    ]) {
      for (const scheme of ['light', 'dark']) {
        const page = await browser.newPage({ viewport, colorScheme: scheme });
        await page.addInitScript((theme) => localStorage.setItem('starlight-theme', theme), scheme);
        await page.goto(`http://127.0.0.1:${port}${path}`, { waitUntil: 'networkidle' });
        const name = `${path.replace(/^\/|\/$/g, '').replace(/\//g, '-') || 'root'}-${sizeName}-${scheme}.png`;
        await page.screenshot({ path: `${outDir}/${name}`, fullPage });
        await page.close();
        console.log(`${outDir}/${name}`);
      }
    }
  }
} finally {
  await browser.close();
  server.kill();
}
