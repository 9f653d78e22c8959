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
