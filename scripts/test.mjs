/**
 * `npm test`: everything, in order, stopping at the first failure —
 * lint (ESLint and Prettier), unit tests (Vitest), the locale check, the glossary check, type check (astro check),
 * the build (at the root and in a sub-folder), the link check, then the end-to-end tests (Playwright) against the built sites. Exits non-zero on any failure and ends
 * with one summary line, `N passed, N failed`, counting unit and end-to-end tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { BROWSER_HELP, chromiumExecutable } from './browser.mjs';

const REPORTS = 'test-reports';
mkdirSync(REPORTS, { recursive: true });

const steps = [
  ['Lint', 'npm', ['run', 'lint']],
  [
    'Unit tests',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/unit.json`],
  ],
  ['Locale check', 'node', ['scripts/check-locales.mjs']],
  ['Glossary check', 'node', ['scripts/check-glossary.mjs']],
  ['Type check', 'npx', ['astro', 'check']],
  ['Build', 'npm', ['run', 'build']],
  [
    'Build in a sub-folder (BASE_PATH=/rnn/)',
    'npx',
    ['astro', 'build', '--outDir', 'dist-subfolder'],
    { BASE_PATH: '/rnn/' },
  ],
  ['Link check', 'node', ['scripts/check-links.mjs', 'dist=/', 'dist-subfolder=/rnn/']],
  ['End-to-end tests', 'npx', ['playwright', 'test', '--reporter=list,json']],
];

async function playwrightHasOwnBrowser() {
  try {
    const { chromium } = await import('@playwright/test');
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

/** Passed and failed test counts from the Vitest and Playwright JSON reports. */
function counts() {
  const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
  const unit = read(`${REPORTS}/unit.json`);
  const e2e = read(`${REPORTS}/e2e.json`);
  const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0);
  const failed = (unit?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0) + (e2e?.stats?.flaky ?? 0);
  return { passed, failed };
}

function finish(code) {
  const { passed, failed } = counts();
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(code);
}

for (const [title, command, args, extraEnv = {}] of steps) {
  if (title === 'End-to-end tests' && !chromiumExecutable() && !(await playwrightHasOwnBrowser())) {
    console.error(`\n${BROWSER_HELP}`);
    finish(1);
  }
  console.log(`\n=== ${title}: ${command} ${args.join(' ')}`);
  const env = { ...process.env, ...extraEnv, PLAYWRIGHT_JSON_OUTPUT_NAME: `${REPORTS}/e2e.json` };
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  console.log(`--- ${title}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    finish(result.status || 1);
  }
}
console.log('\nAll tests passed.');
finish(0);
