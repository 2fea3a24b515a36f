import type { Locator, Page } from '@playwright/test';
import { revealDemos } from './demo-helpers';
import { test, expect } from './fixtures';

/**
 * Every demo page loaded with hostile query strings (the unit fuzz test covers the decoding;
 * this covers the page): no page error, the notes box stays short — each note repeats at most
 * about 80 characters of what the reader supplied — and every demo on the page still works.
 */

/** The URL keys of every demo (the lab has no prefix). */
const KEYS = [
  ...['hidden', 'lr', 'batch', 'steps', 'horizon', 'noise', 'variant', 'delay', 'seed', 'engine', 'scale'],
  ...['race.delay', 'race.steps', 'race.seed', 'race.engine'],
  ...['rf.variant', 'rf.model', 'rf.window', 'rf.gradient'],
  ...['un.model', 'un.t', 'gc.variant', 'gc.seed'],
];

const enc = encodeURIComponent;

/** Hostile query strings, each a different kind of attack. */
const QUERIES: Record<string, string> = {
  'a 150,000-character value in a key of each demo': ['hidden', 'race.steps', 'rf.window', 'un.t', 'gc.seed']
    .map((key, index) => `${key}=${(index % 2 === 0 ? '9' : 'x').repeat(150_000)}`)
    .join('&'),
  'markup and script in every key': KEYS.map((key) => `${key}=${enc('"><img src=x onerror=alert(1)><script>')}`).join(
    '&',
  ),
  'numbers no parser should take': KEYS.map(
    (key, index) => `${key}=${enc(['NaN', '-Infinity', '1e309', '0x1F', '３２', '-0', '1e-400'][index % 7] ?? '')}`,
  ).join('&'),
  'repeated keys, bidirectional overrides and broken escapes': KEYS.map(
    (key) => `${key}=1&${key}=${enc('\u202eevil\u0000')}&${key}=%E0%A4%A&${key}=%`,
  ).join('&'),
  'prefixes of other demos': 'race.=1&race=2&rf.=&gc=3&un.=4&.steps=5&race.race.steps=6&RACE.STEPS=7&Hidden=8',
};

/** The longest a note line may be: a field label, the reader's value (80 characters at most) and the value used. */
const NOTE_LINE_MAX = 200;

/** Shows that a demo still works: its own smallest action succeeds. */
const STILL_WORKS: Record<string, (demo: Locator) => Promise<void>> = {
  'training-lab': async (demo) => {
    // The lab may open on a model kept from an earlier load in this tab (same settings): one step more.
    const before = Number((await demo.getAttribute('data-step')) ?? '0');
    await demo.locator('button[data-action="step"]').click();
    await expect(demo).toHaveAttribute('data-step', String(before + 1), { timeout: 60_000 });
  },
  'variant-race': async (demo) => {
    await demo.locator('button[data-action="train"]').click({ timeout: 60_000 });
    // A short race (an attack may leave 10 steps) can be over before Pause is pressed.
    await expect(demo).toHaveAttribute('data-state', /^(training|done)$/);
    if ((await demo.getAttribute('data-state')) === 'training') {
      await demo
        .locator('button[data-action="pause"]')
        .click({ timeout: 5000 })
        .catch(async (error: unknown) => {
          // Done between the look and the click is fine; a Pause that does not work is not.
          if ((await demo.getAttribute('data-state')) !== 'done') throw error;
        });
    }
    await expect(demo.locator('button[data-action="train"]')).toBeEnabled({ timeout: 60_000 });
    await expect(demo).not.toHaveAttribute('data-state', 'training');
  },
  'receptive-field': async (demo) => {
    await expect(demo).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await demo.locator('button[data-action="window"]').click();
    await expect(demo).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  },
  unrolled: async (demo) => {
    const before = Number(await demo.getAttribute('data-t'));
    await demo.locator('button[data-action="forward"]').click();
    await expect(demo).toHaveAttribute('data-t', String(Math.min(63, before + 1)));
  },
  'early-error': async (demo) => {
    await demo.locator('button[data-action="train"]').click({ timeout: 60_000 });
    await expect(demo).toHaveAttribute('data-state', 'training');
    // Paused once it has measured its live model.
    await expect(demo).toHaveAttribute('data-points', /^[1-9]/, { timeout: 60_000 });
    await demo.locator('button[data-action="pause"]').click();
    await expect(demo.locator('button[data-action="train"]')).toBeEnabled({ timeout: 60_000 });
  },
  'gradient-check': async (demo) => {
    await demo.locator('button[data-action="run"]').click();
    await expect(demo).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  },
};

/** A predict-then-run demo: an answer can be picked and committed, and taken back. */
async function predictStillWorks(demo: Locator): Promise<void> {
  await demo.locator('input[name="choice"]').first().check();
  await demo.locator('button[data-action="commit"]').click();
  await expect(demo).not.toHaveAttribute('data-answer', 'none');
  await demo.locator('button[data-action="change"]').click();
  await expect(demo).toHaveAttribute('data-answer', 'none');
}

/**
 * The tallest a notes box may be per note: four lines (a Korean note repeating 80 characters
 * without a space takes three on a desktop column). Unbounded echo made one 50,460 px tall.
 */
const NOTE_HEIGHT_MAX = 120;

async function checkDemos(page: Page, attack: string): Promise<void> {
  await revealDemos(page);
  for (const demo of await page.locator('[data-demo]').all()) {
    const name = (await demo.getAttribute('data-demo')) ?? '';
    const notes = await demo.locator('.demo-notes p').allTextContents();
    for (const line of notes)
      expect(line.length, `${name}, ${attack}: ${line.slice(0, 120)}`).toBeLessThan(NOTE_LINE_MAX);
    const height = await demo.locator('.demo-notes').evaluate((box) => box.getBoundingClientRect().height);
    expect(height, `${name}, ${attack}: notes box height`).toBeLessThan(NOTE_HEIGHT_MAX * Math.max(1, notes.length));
    const works = name.startsWith('predict-') ? predictStillWorks : STILL_WORKS[name];
    if (!works) throw new Error(`no check that ${name} still works`);
    await demo.scrollIntoViewIfNeeded();
    await works(demo);
  }
}

/**
 * Serves pages whose address is too long for the test server's request line (Node refuses
 * headers over 16 KB) from the same page without its query: the page still reads the long query
 * from its address, as it would from a host that accepts it.
 */
async function serveLongAddresses(page: Page): Promise<void> {
  await page.route(
    (url) => url.search.length > 8000,
    async (route) => {
      const url = new URL(route.request().url());
      await route.fulfill({ response: await route.fetch({ url: `${url.origin}${url.pathname}` }) });
    },
  );
}

for (const path of ['/en/training/', '/ko/evaluation/', '/en/variants/', '/ko/inside/']) {
  test(`${path} holds under hostile query strings`, async ({ page, problems }) => {
    test.setTimeout(600_000);
    await serveLongAddresses(page);
    let shown = 0;
    for (const [attack, query] of Object.entries(QUERIES)) {
      await page.goto(`${path}?${query}`);
      await checkDemos(page, attack);
      shown += await page.locator('[data-demo] .demo-notes p').count();
      // A request cut off because the test moves on to the next address is not a failure of the page.
      expect(
        problems.list.filter((problem) => !problem.endsWith('(net::ERR_ABORTED)')),
        attack,
      ).toEqual([]);
    }
    expect(shown, 'the attacks produced notes').toBeGreaterThan(0);
  });
}
