/**
 * `npm test`: everything, in order, stopping at the first failure —
 * unit tests (Vitest), the locale check, type check (astro check), the build, then the
 * end-to-end tests (Playwright) against the built site. Exits non-zero on any failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BROWSER_HELP, chromiumExecutable } from './browser.mjs';

const steps = [
  ['Unit tests', 'npx', ['vitest', 'run']],
  ['Locale check', 'node', ['scripts/check-locales.mjs']],
  ['Type check', 'npx', ['astro', 'check']],
  ['Build', 'npx', ['astro', 'build']],
  ['End-to-end tests', 'npx', ['playwright', 'test']],
];

async function playwrightHasOwnBrowser() {
  try {
    const { chromium } = await import('@playwright/test');
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

for (const [title, command, args] of steps) {
  if (title === 'End-to-end tests' && !chromiumExecutable() && !(await playwrightHasOwnBrowser())) {
    console.error(`\n${BROWSER_HELP}`);
    process.exit(1);
  }
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}
console.log('\nAll tests passed.');
