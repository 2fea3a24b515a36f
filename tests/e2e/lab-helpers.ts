import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Opens the training chapter with a query string and waits until the lab has a model. */
export async function openLab(page: Page, query = ''): Promise<Locator> {
  await page.goto(`/en/training/${query}`);
  const lab = page.locator('[data-demo="training-lab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
  await expect(lab.getByRole('button', { name: /^Train/ })).toBeEnabled();
  return lab;
}
