import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Opens the training chapter (in `locale`) with a query string and waits until the lab has a model. */
export async function openLab(page: Page, query = '', locale: 'en' | 'ko' = 'en'): Promise<Locator> {
  await page.goto(`/${locale}/training/${query}`);
  const lab = page.locator('[data-demo="training-lab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
  await expect(lab.locator('button[data-action="train"]')).toBeEnabled();
  return lab;
}

/** A demo's button by its `data-action` (its label changes with the demo's state). */
export function action(demo: Locator, name: string): Locator {
  return demo.locator(`button[data-action="${name}"]`);
}

/** The step count the lab reports. */
export async function labStep(lab: Locator): Promise<number> {
  return Number(await lab.getAttribute('data-step'));
}
