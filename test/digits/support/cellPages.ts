import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The captions of every page of the open confusion-matrix cell, from the first page to the last. */
export async function allCellCaptions(page: Page): Promise<string[]> {
  const captions = page.getByTestId('cell-grid').locator('figcaption');
  const seen: string[] = [];
  while ((await page.getByTestId('cell-prev').count()) > 0 && (await page.getByTestId('cell-prev').isEnabled())) await page.getByTestId('cell-prev').click();
  for (;;) {
    const range = page.getByTestId('cell-range');
    const paged = (await range.count()) > 0;
    const expected = paged ? Number(await range.getAttribute('data-last')) - Number(await range.getAttribute('data-first')) + 1 : null;
    if (expected !== null) await expect.poll(() => captions.count(), { timeout: 10_000 }).toBe(expected);
    else await page.getByTestId('cell-grid').waitFor({ timeout: 10_000 });
    seen.push(...(await captions.allTextContents()));
    if (!paged || !(await page.getByTestId('cell-next').isEnabled())) return seen;
    const last = await range.getAttribute('data-last');
    await page.getByTestId('cell-next').click();
    await expect.poll(() => range.getAttribute('data-first')).toBe(String(Number(last) + 1));
  }
}

/**
 * In the Evaluation tab (open): the most confused pair's count is its cell's, its heading
 * says so, and every one of its test images can be reached through the cell's pages, each
 * captioned with its labels. Returns the pair and how many images were seen.
 */
export async function expectMostConfusedCellShown(page: Page): Promise<{ label: string; predicted: string; count: number }> {
  const pair = page.locator('.evaluation__pairs button').first();
  await pair.waitFor({ timeout: 20_000 });
  const [, label, predicted, count] = /^(\d) read as (\d): (\d+)$/.exec((await pair.textContent())!)!;
  const cell = page.locator(`button[data-label="${label}"][data-predicted="${predicted}"]`);
  expect(await cell.getAttribute('data-count')).toBe(count);
  await pair.click();
  expect(await page.getByTestId('cell-heading').textContent()).toBe(`${count} test image${count === '1' ? '' : 's'} of ${label} read as ${predicted}`);
  const seen = await allCellCaptions(page);
  expect(seen).toHaveLength(Number(count));
  for (const caption of seen) expect(caption).toMatch(new RegExp(`^${label} → ${predicted} [<>]?\\d+(\\.\\d)?%$`));
  return { label, predicted, count: Number(count) };
}
