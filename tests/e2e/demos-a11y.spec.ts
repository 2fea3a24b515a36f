import type { Page } from '@playwright/test';
import { revealDemos } from './demo-helpers';
import { test, expect } from './fixtures';

/**
 * What axe cannot judge in the demos: how often the live lines speak, whether every chart has a
 * text alternative that carries its numbers, and motion for readers who ask for less.
 */

/** Records, in the page, when the text of each demo's status and message line changes. */
async function recordLiveLines(page: Page, demo: string): Promise<void> {
  await page.evaluate((selector) => {
    const root = document.querySelector(selector);
    const changes: Record<string, number[]> = { status: [], message: [] };
    Object.assign(window, { __liveChanges: changes });
    for (const [name, line] of [
      ['status', root?.querySelector('.demo-status')],
      ['message', root?.querySelector('.demo-message')],
    ] as const) {
      if (!line) continue;
      let text = line.textContent;
      new MutationObserver(() => {
        if (line.textContent === text) return;
        text = line.textContent;
        changes[name].push(performance.now());
      }).observe(line, { childList: true, characterData: true, subtree: true });
    }
  }, demo);
}

test('the lab announces its status politely and at most once a second while it trains', async ({ page, problems }) => {
  test.setTimeout(120_000);
  await page.goto('/en/training/?engine=scratch&steps=20000');
  const lab = page.locator('[data-demo="training-lab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('button[data-action="train"]')).toBeEnabled({ timeout: 60_000 });
  await expect(lab.locator('.demo-status')).toHaveAttribute('aria-live', 'polite');
  await expect(lab.locator('.demo-message')).toHaveAttribute('aria-live', 'polite');
  await recordLiveLines(page, '[data-demo="training-lab"]');
  await lab.locator('button[data-action="train"]').click();
  await page.waitForTimeout(6000);
  await lab.locator('button[data-action="pause"]').click();
  await expect(lab.locator('.demo-message')).toContainText('Paused at step');
  const step = await lab.getAttribute('data-step');
  // The latest text is never lost: the status ends on the step the lab stopped at.
  await expect(lab.locator('.demo-status')).toContainText(`Step ${step}`);
  const changes = await page.evaluate(
    () => (window as unknown as { __liveChanges: Record<string, number[]> }).__liveChanges,
  );
  expect(changes.status.length, 'the status followed the training').toBeGreaterThanOrEqual(4);
  for (const times of Object.values(changes)) {
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
    // Observer callbacks run a few ms after the write they report, more on a busy machine.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950);
  }
  expect(problems.list).toEqual([]);
});

/**
 * Every chart in a demo has a text alternative: an image role with a name that states its
 * numbers, or the numbers in a table beside it (in the same figure). Drawn SVG that is neither
 * is hidden from assistive technology.
 */
for (const [path, demoTrains] of [
  ['/en/training/?engine=scratch&steps=15', 'training-lab'],
  ['/ko/variants/?race.steps=10', 'variant-race'],
  ['/en/inside/', ''],
] as const) {
  test(`every chart on ${path.split('?')[0]} has a text alternative with its numbers`, async ({ page, problems }) => {
    test.setTimeout(180_000);
    await page.goto(path);
    await revealDemos(page);
    if (demoTrains) {
      const demo = page.locator(`[data-demo="${demoTrains}"]`);
      await demo.locator('button[data-action="train"]').click();
      await expect(demo.locator('button[data-action="train"]')).toBeEnabled({ timeout: 120_000 });
    }
    await expect
      .poll(() =>
        page.evaluate(() =>
          [...document.querySelectorAll('[data-demo] svg')].flatMap((svg) => {
            if (svg.closest('[aria-hidden="true"]')) return [];
            const image = svg.closest('[role="img"]');
            const name = image?.getAttribute('aria-label')?.trim() ?? '';
            const table = svg.closest('figure')?.querySelector('table tbody tr');
            if (!image || !name) return [`${svg.outerHTML.slice(0, 80)}: no image role or name`];
            return /\d/.test(name) || table ? [] : [`${name}: states no number and has no table`];
          }),
        ),
      )
      .toEqual([]);
    expect(problems.list).toEqual([]);
  });
}

test('less motion: no transitions or animations, and the unrolled network plays one step a second', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // The code blocks' copy buttons fade in (Expressive Code): 6 moving elements without the request.
  await page.goto('/en/forward/');
  const moving = await page.evaluate(
    () =>
      [...document.querySelectorAll('*')].filter((element) => {
        const style = getComputedStyle(element);
        const longest = (list: string) => Math.max(...list.split(',').map((value) => parseFloat(value) || 0));
        return longest(style.transitionDuration) > 0.001 || longest(style.animationDuration) > 0.001;
      }).length,
  );
  expect(moving, 'elements still moving').toBe(0);
  await page.goto('/en/inside/');
  const unrolled = page.locator('[data-demo="unrolled"]');
  await unrolled.scrollIntoViewIfNeeded();
  await unrolled.locator('button[data-action="play"]').click();
  await page.waitForTimeout(2500);
  await unrolled.locator('button[data-action="play"]').click();
  expect(Number(await unrolled.getAttribute('data-t'))).toBeLessThanOrEqual(3);
});
