import { test, expect } from './fixtures';

const TEXT = {
  en: { commit: 'Commit my prediction', change: 'Change my prediction', run: 'Run it live' },
  ko: { commit: '예측 확정', change: '예측 바꾸기', run: '직접 학습해 보기' },
};

for (const locale of ['en', 'ko'] as const) {
  test(`${locale}: predict with the keyboard, commit, run: the early-error run scores the prediction`, async ({
    page,
    problems,
  }) => {
    test.setTimeout(240_000);
    await page.goto(`/${locale}/variants/?ee.steps=1000`);
    const predict = page.locator('predict-run[data-question="early-shape"]');
    await predict.scrollIntoViewIfNeeded();
    const commit = predict.getByRole('button', { name: TEXT[locale].commit });
    await expect(commit).toBeDisabled();
    // Keyboard only: focus the group, arrow to the second answer, Tab to the button, Enter.
    await predict.locator('input[type="radio"]').first().focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await expect(predict.locator('input[value="t0Flat"]')).toBeChecked();
    // The button is enabled once the demo's code runs, by a choice made before it arrived too.
    await expect(commit).toBeEnabled();
    await page.keyboard.press('Tab');
    await expect(commit).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(predict).toHaveAttribute('data-answer', 't0Flat');
    await expect(page).toHaveURL(/predict\.early-shape\.answer=t0Flat/);
    await expect(predict.locator('input[type="radio"]').first()).toBeDisabled();
    await expect(predict.getByRole('button', { name: TEXT[locale].change })).toBeFocused();

    // The committed answer survives a reload (it is in the URL).
    await page.reload();
    await predict.scrollIntoViewIfNeeded();
    await expect(predict).toHaveAttribute('data-answer', 't0Flat');
    await expect(predict.locator('input[value="t0Flat"]')).toBeChecked();
    await expect(predict.locator('input[value="t0Flat"]')).toBeDisabled();

    // The live run scores it: 1,000 steps leave t = 0 near ½ while t = 1 falls more than fivefold.
    const figure = page.locator('early-error[data-demo="early-error"]');
    await figure.scrollIntoViewIfNeeded();
    await figure.getByRole('button', { name: TEXT[locale].run }).click();
    await expect(figure).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
    await expect(predict).toHaveAttribute('data-actual', 't0Flat');
    await expect(predict).toHaveAttribute('data-score', 'right');
    await expect(predict.locator('.demo-message')).not.toBeEmpty();

    // Changing the prediction unlocks the answers and clears the score.
    await predict.getByRole('button', { name: TEXT[locale].change }).click();
    await expect(predict).toHaveAttribute('data-answer', 'none');
    await expect(predict).not.toHaveAttribute('data-score', /./);
    await expect(predict.locator('input[value="allFall"]')).toBeEnabled();
    expect(problems.list).toEqual([]);
  });
}
