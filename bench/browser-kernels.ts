/**
 * The kernel count of `npm run bench:browser`: bundles browser-kernels-entry.ts (tfjs-core, the
 * WebGL backend and the site's engine) and runs it in a blank page of the benchmark's Chromium.
 */
import { build } from 'esbuild';
import type { Browser } from '@playwright/test';
import type { SiteKernelReport } from './browser-kernels-entry.ts';

/** Kernels and WebGL programs of one training step per variant at `batchSize`, on WebGL. */
export async function countKernels(browser: Browser, batchSize: number): Promise<SiteKernelReport> {
  const bundle = await build({
    entryPoints: [new URL('./browser-kernels-entry.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const page = await browser.newPage();
  try {
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    return await page.evaluate(
      (size) =>
        (globalThis as unknown as { countSiteKernels(n: number): Promise<SiteKernelReport> }).countSiteKernels(size),
      batchSize,
    );
  } finally {
    await page.close();
  }
}
