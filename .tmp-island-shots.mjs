import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { CHROMIUM_FLAGS, chromiumExecutable } from './scripts/browser.mjs';
const port = 4392;
const server = spawn(process.execPath, ['scripts/serve-dist.mjs', '--port', String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 600));
const browser = await chromium.launch({ executablePath: chromiumExecutable() ?? undefined, args: CHROMIUM_FLAGS });
const train = process.argv.includes('--train');
try {
  for (const [path, selectors] of [['/en/variants/', ['variant-race', 'receptive-field']], ['/ko/variants/', ['variant-race', 'receptive-field']], ['/en/inside/', ['unrolled-rnn', 'gradient-check']], ['/ko/inside/', ['unrolled-rnn', 'gradient-check']]]) {
    for (const [sizeName, viewport] of [['wide', { width: 1280, height: 900 }], ['narrow', { width: 390, height: 844 }]]) {
      for (const scheme of ['light', 'dark']) {
        if (sizeName === 'narrow' && scheme === 'dark') continue;
        const page = await browser.newPage({ viewport, colorScheme: scheme });
        page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
        await page.addInitScript((theme) => localStorage.setItem('starlight-theme', theme), scheme);
        await page.goto(`http://127.0.0.1:${port}${path}`, { waitUntil: 'networkidle' });
        for (const selector of selectors) {
          const el = page.locator(selector);
          await el.scrollIntoViewIfNeeded();
          await page.waitForTimeout(800);
          if (selector === 'gradient-check') { await el.locator('button[data-action="run"]').click(); await page.waitForSelector('gradient-check[data-state="done"]'); }
          if (selector === 'unrolled-rnn') { for (let i = 0; i < 12; i++) await el.getByRole('button', { name: /Step forward|앞으로/ }).click(); }
          if (selector === 'variant-race' && train && sizeName === 'wide' && scheme === 'light' && path.startsWith('/en')) {
            await el.getByRole('button', { name: /^Train/ }).click();
            await page.waitForTimeout(5000);
          }
          await page.waitForTimeout(300);
          const name = `/tmp/shots-islands/${path.replace(/\//g, '')}-${selector}-${sizeName}-${scheme}.png`;
          await el.screenshot({ path: name });
          console.log(name);
        }
        await page.close();
      }
    }
  }
} finally { await browser.close(); server.kill(); }
