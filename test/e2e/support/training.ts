import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Train view settings by test id (train-epochs, train-limit, …) and the text typed into each. */
export type TrainSettings = readonly (readonly [testId: string, value: string])[];

/** Opens the Train view, types the settings, starts a run and waits until it has completed. */
export async function trainToCompletion(page: Page, settings: TrainSettings): Promise<void> {
  await page.getByTestId('tab-train').click();
  for (const [testId, value] of settings) await page.getByTestId(testId).fill(value);
  await page.getByTestId('train-start').click();
  await expect.poll(() => page.getByTestId('train-status').getAttribute('data-status'), { timeout: 110_000, interval: 500 }).toBe('completed');
}
