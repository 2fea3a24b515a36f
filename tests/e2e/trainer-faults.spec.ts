import { test, expect } from './fixtures';
import { action, labStep, openLab } from './lab-helpers';

/**
 * The trainer's faults, as a reader meets them in the training lab: a run that blows up (lr = 1)
 * stops with a message naming the step, the loss and the weights put back.
 */
test('lr = 1 blows up: training stops, says where, and the last good weights are back', async ({ page, problems }) => {
  const lab = await openLab(page, '?engine=scratch&lr=1&steps=300');
  await action(lab, 'train').click();
  const message = lab.locator('.demo-message');
  await expect(message).toContainText(/Training stopped: at step \d+ the loss jumped to [\d.e+]+, more than 100 times/);
  await expect(message).toContainText(/The weights from step \d+ are back/);
  await expect(lab).not.toHaveAttribute('data-phase', 'training');
  const restored = Number((await message.textContent())?.match(/weights from step (\d+)/)?.[1]);
  expect(await labStep(lab)).toBe(restored);
  await expect(action(lab, 'train')).toBeEnabled();
  expect(problems.list).toEqual([]);
});
