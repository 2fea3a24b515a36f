/**
 * The unrolled network's equation is typeset like the chapter's (KaTeX, fetched with the demo,
 * not up front), and while it plays, the status line and the equation always name the same step.
 */
import { test, expect } from './fixtures';

test('KaTeX comes with the demo, not with the page', async ({ page, problems }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  await page.goto('/en/inside/', { waitUntil: 'networkidle' });
  expect(scripts.filter((url) => /katex/i.test(url))).toEqual([]);
  const unrolled = page.locator('[data-demo="unrolled"]');
  await unrolled.scrollIntoViewIfNeeded();
  await expect(unrolled.locator('.un-equation .katex-html')).toBeVisible();
  expect(scripts.filter((url) => /katex/i.test(url)).length).toBeGreaterThan(0);
  await expect(unrolled.locator('.un-equation annotation')).toContainText('h^{(-1)} = 0');
  expect(problems.list).toEqual([]);
});

test('while playing, the status line and the equation name the same time step', async ({ page, problems }) => {
  await page.goto('/ko/inside/?un.t=15');
  const unrolled = page.locator('[data-demo="unrolled"]');
  await unrolled.scrollIntoViewIfNeeded();
  await expect(unrolled.locator('.un-equation .katex')).toBeVisible();
  await unrolled.locator('button[data-action="play"]').click();
  const seen = new Set<number>();
  for (let sample = 0; sample < 40 && seen.size < 8; sample++) {
    // Both read in one go, as a reader sees them in one frame.
    const { status, equation, hook } = await unrolled.evaluate((root) => ({
      status: root.querySelector('.demo-status')?.textContent ?? '',
      equation: root.querySelector('.un-equation annotation')?.textContent ?? '',
      hook: (root as HTMLElement).dataset.t ?? '',
    }));
    const statusStep = Number(/^t = (\d+):/.exec(status)?.[1]);
    const equationStep = Number(/h\^\{\((\d+)\)\} &=/.exec(equation)?.[1]);
    expect(equationStep, `status “${status}”, equation “${equation}”`).toBe(statusStep);
    expect(String(statusStep)).toBe(hook);
    expect(equation).toContain(`h^{(${statusStep - 1})} W_{hh}`);
    seen.add(statusStep);
    await page.waitForTimeout(70 + ((sample * 37) % 90));
  }
  expect(seen.size).toBeGreaterThanOrEqual(8);
  await unrolled.locator('button[data-action="play"]').click();
  expect(problems.list).toEqual([]);
});
