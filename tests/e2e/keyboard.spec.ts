import type { Locator, Page } from '@playwright/test';
import { revealDemos } from './demo-helpers';
import { test, expect } from './fixtures';

/** Presses Tab until `isTarget` holds for the focused element; fails after `limit` presses. */
async function tabTo(page: Page, isTarget: (element: Element) => boolean, limit = 250): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`(${isTarget.toString()})(document.activeElement ?? document.body)`)) return;
  }
  throw new Error(`Tab did not reach the control within ${limit} presses`);
}

/** The focused element, described (`button[data-action=pause]`, `input[name=hidden]`, `body`). */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    const action = element.getAttribute('data-action');
    const name = element.getAttribute('name');
    return `${element.localName}${action ? `[data-action=${action}]` : ''}${name ? `[name=${name}]` : ''}`;
  });
}

async function labStep(lab: Locator): Promise<number> {
  return Number(await lab.getAttribute('data-step'));
}

test('the training lab works by keyboard alone: Tab to a setting, change it, Train, Pause, read the status', async ({
  page,
  problems,
}) => {
  test.setTimeout(180_000);
  await page.goto('/en/training/?engine=scratch&steps=20000');
  const lab = page.locator('[data-demo="training-lab"]');

  // From the top of the page to the lab's hidden-size field, by Tab only.
  await tabTo(page, (element) => element.matches('[data-demo="training-lab"] input[name="hidden"]'));
  // Reaching the lab loads its code; the reader types once it shows a model.
  await expect(lab).toHaveAttribute('data-backend', 'scratch', { timeout: 60_000 });
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('16');
  await page.keyboard.press('Tab');
  await expect(page).toHaveURL(/hidden=16/);
  await expect(lab.locator('button[data-action="train"]')).toBeEnabled({ timeout: 60_000 });
  await tabTo(page, (element) => element.matches('[data-demo="training-lab"] button[data-action="train"]'));

  await page.keyboard.press('Enter');
  await expect.poll(() => labStep(lab), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
  expect(await focused(page), 'Train gave its focus to Pause').toBe('button[data-action=pause]');
  await page.keyboard.press('Enter');
  await expect(lab.locator('.demo-message')).toContainText(/Paused at step \d+/);
  const pausedAt = await labStep(lab);
  await expect(lab.locator('.demo-message')).toContainText(`Paused at step ${pausedAt}.`);
  await expect(lab.locator('.demo-status')).toContainText(`Step ${pausedAt}`);
  expect(await focused(page), 'Pause gave its focus back to Train').toBe('button[data-action=train]');
  await expect(lab.locator('button[data-action="train"]')).toHaveText(/Resume/);
  expect(problems.list).toEqual([]);
});

/**
 * Every control of every demo (buttons, fields, file input, focusable charts and scrolling
 * tables) is reached by Tab from the top of the page, once the demos have loaded. Controls
 * inside closed "show the numbers" boxes, disabled ones and hidden fields do not count. A group of
 * radio buttons is one stop (Tab reaches its checked or first button; arrow keys move within it).
 */
for (const path of ['/en/training/', '/en/variants/', '/en/inside/']) {
  test(`every demo control on ${path} is reachable with Tab`, async ({ page, problems }) => {
    test.setTimeout(120_000);
    await page.goto(path);
    await revealDemos(page);
    const controls = await page.evaluate(() => {
      const candidates = document.querySelectorAll<HTMLElement>(
        '[data-demo] :is(button, input, select, [tabindex="0"])',
      );
      const demos = [...document.querySelectorAll('[data-demo]')];
      const ids = [...candidates]
        .filter((element) => !element.matches(':disabled') && element.checkVisibility({ visibilityProperty: true }))
        .filter((element) => !element.closest('details:not([open])') || element.localName === 'summary')
        .map((element, index) => {
          const radio = element instanceof HTMLInputElement && element.type === 'radio';
          const demo = demos.findIndex((candidate) => candidate.contains(element));
          element.dataset.tabProbe = radio ? `radio ${demo} ${element.name}` : String(index);
          return element.dataset.tabProbe;
        });
      return [...new Set(ids)];
    });
    expect(controls.length).toBeGreaterThan(3);
    const reached = new Set<string>();
    await page.locator('body').focus();
    for (let presses = 0; presses < 400 && reached.size < controls.length; presses++) {
      await page.keyboard.press('Tab');
      const probe = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.tabProbe);
      if (probe !== undefined) reached.add(probe);
    }
    const missed = await page.evaluate(
      (ids) => ids.map((id) => document.querySelector(`[data-tab-probe="${id}"]`)?.outerHTML.slice(0, 120)),
      controls.filter((id) => !reached.has(id)),
    );
    expect(missed).toEqual([]);
    expect(problems.list).toEqual([]);
  });
}
