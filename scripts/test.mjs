/**
 * `npm test`: everything, in order, stopping at the first failure —
 * lint (ESLint and Prettier), unit tests (Vitest), the locale check, the glossary check, type check (astro check),
 * the build (at the root and in a sub-folder), the link check, then the end-to-end tests (Playwright) against the built sites. Exits non-zero on any failure and ends
 * with one summary line, `N passed, N failed`, counting unit and end-to-end tests.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { BROWSER_HELP, chromiumExecutable } from './browser.mjs';

const REPORTS = 'test-reports';
// Counts come from this run's reports only.
rmSync(REPORTS, { recursive: true, force: true });
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

/**
 * Longest a step may run, in minutes, before it is stopped and counted as failed: a test that
 * hangs fails the run with its step named instead of running into CI's own limit.
 */
const STEP_LIMIT_MINUTES = { 'End-to-end tests': 60 };
const DEFAULT_STEP_LIMIT_MINUTES = 15;

let running = null;
// The steps run in their own process groups: pass an interrupt on to the one running.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.on(signal, () => {
    if (running) stopGroup(running);
    process.exit(code);
  });
}

/** How long a stopped step gets to clean up (Playwright closes its browsers and servers) before it is killed. */
const GRACE_MS = 10_000;

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/**
 * Stops a step: SIGTERM to its group first, so that tools which start processes in groups of
 * their own (Playwright's browsers and web servers) stop them, then SIGKILL for what is left.
 */
function stopGroup(child) {
  signalGroup(child, 'SIGTERM');
  setTimeout(() => signalGroup(child, 'SIGKILL'), GRACE_MS).unref();
}

/** Runs one step in its own process group (so a timeout stops its children too); resolves to its exit. */
function runStep(title, command, args, env) {
  const limitMs = (STEP_LIMIT_MINUTES[title] ?? DEFAULT_STEP_LIMIT_MINUTES) * 60_000;
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env, detached: true });
    running = child;
    const timer = setTimeout(() => {
      console.error(`\n${title} ran longer than ${limitMs / 60_000} minutes: stopped.`);
      stopGroup(child);
    }, limitMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, signal: error.message });
    });
    child.on('exit', (status, signal) => {
      clearTimeout(timer);
      running = null;
      resolve({ status, signal });
    });
  });
}

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
  const result = await runStep(title, command, args, env);
  console.log(`--- ${title}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    finish(result.status || 1);
  }
}
console.log('\nAll tests passed.');
finish(0);
