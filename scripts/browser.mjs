/**
 * Which Chromium the end-to-end tests and browser benchmarks use, and how it is launched.
 * The system Chromium (Debian's `chromium`) is preferred; CHROMIUM_PATH overrides it; without
 * either, Playwright's own browser is used when installed.
 */
import { existsSync } from 'node:fs';

/** Launch flags: software WebGL (SwiftShader) on machines without a GPU, and no background traffic. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Path of the Chromium to launch, or null to let Playwright use its own. */
export function chromiumExecutable() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path) => path && existsSync(path)) ?? null;
}

/** How to get a browser, for the message printed when none is found. */
export const BROWSER_HELP = [
  'No Chromium found for the end-to-end tests.',
  'Install one of:',
  '  - Debian/Ubuntu: sudo apt-get install -y chromium      (gives /usr/bin/chromium)',
  "  - Playwright's own: npx playwright install chromium",
  '  - or point CHROMIUM_PATH at an existing Chromium/Chrome binary.',
].join('\n');
