import { describe, expect, it } from 'vitest';
import { allCellCaptions } from '../digits/support/cellPages';
import { appForSuite } from './support/suite';

/**
 * Issue 15, the Evaluation view: a cell of the confusion matrix says how many test images it
 * holds, and every one of them can be seen. The model is trained on purpose on one batch of
 * 128 digits, so that it misreads many of the 1,000 test digits and its largest cell needs
 * more than one page.
 */
describe('the drill-down of a confusion-matrix cell', () => {
  const app = appForSuite();

  it('trains the MLP briefly', async () => {
    const { page } = app();
    await page.getByTestId('new-menu').click();
    await page.getByTestId('template-mlp').click();
    await page.getByTestId('tab-train').click();
    for (const [testId, value] of [
      ['train-epochs', '1'],
      ['train-batch', '128'],
      ['train-limit', '128'],
      ['train-test-limit', '1000'],
      ['train-seed', '5'],
    ]) {
      await page.getByTestId(testId).fill(value);
    }
    await page.getByTestId('train-start').click();
    await expect.poll(() => page.getByTestId('train-status').getAttribute('data-status'), { timeout: 110_000, interval: 500 }).toBe('completed');
  }, 130_000);

  it('shows as many images as the most confused pair counts, on pages whose range says so', async () => {
    const { page } = app();
    await page.getByTestId('tab-digits').click();
    await page.getByTestId('digits-tab-evaluation').click();
    const pair = page.locator('.evaluation__pairs button').first();
    await pair.waitFor({ timeout: 20_000 });
    const [, label, predicted, count] = /^(\d) read as (\d): (\d+)$/.exec((await pair.textContent())!)!;
    const cell = page.locator(`button[data-label="${label}"][data-predicted="${predicted}"]`);
    expect(await cell.getAttribute('data-count')).toBe(count);
    await pair.click();
    expect(await page.getByTestId('cell-heading').textContent()).toBe(`${count} test images of ${label} read as ${predicted}`);
    const seen = await allCellCaptions(page);
    expect(seen).toHaveLength(Number(count));
    for (const caption of seen) expect(caption).toMatch(new RegExp(`^${label} → ${predicted} [<>]?\\d+(\\.\\d)?%$`));
    // More than one page was needed, and the last page's range ends at the count.
    expect(Number(count)).toBeGreaterThan(40);
    expect(await page.getByTestId('cell-range').getAttribute('data-last')).toBe(count);
    expect(await page.getByTestId('cell-range').getAttribute('data-total')).toBe(count);
    console.log(`cell ${label} read as ${predicted}: ${count} test images, all ${seen.length} shown on ${Math.ceil(seen.length / 40)} pages`);
  });
});
