import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { resultsDir, startApp, type App } from '../e2e/support/app';
import { drawOnPad, SEVEN } from '../e2e/support/pad';
import { trainToCompletion } from '../e2e/support/training';

/**
 * Done-when (2) of the digit pad, end to end: the app in Chromium against the browser host
 * and the real engine; train the MLP template briefly, draw a digit with mouse strokes on
 * the pad, and see a prediction with ten probabilities that sum to 1.
 */
describe('the digit pad in the app', () => {
  let app: App;

  beforeAll(async () => {
    app = await startApp();
    mkdirSync(resultsDir, { recursive: true });
  });

  afterAll(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
  });

  it('trains the MLP, reads a drawn 7 and evaluates the run', async () => {
    const { page } = app;
    await page.getByTestId('new-menu').click();
    await page.getByTestId('template-mlp').click();
    await trainToCompletion(page, [
      ['train-epochs', '1'],
      ['train-limit', '4000'],
      ['train-test-limit', '1000'],
    ]);

    await page.getByTestId('tab-digits').click();
    await page.getByTestId('pad-canvas').waitFor();
    await drawOnPad(page, [SEVEN]);

    const prediction = page.getByTestId('pad-prediction');
    await expect.poll(() => prediction.textContent(), { timeout: 20_000 }).toMatch(/^\d$/);
    const probabilities = () => page.getByTestId('pad-probabilities').locator('[data-class]').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-value'))));
    await expect.poll(async () => (await probabilities()).reduce((a, b) => a + b, 0), { timeout: 10_000 }).toBeCloseTo(1, 4);
    expect(await probabilities()).toHaveLength(10);
    const shown = await probabilities();
    expect(Number(await prediction.textContent())).toBe(shown.indexOf(Math.max(...shown)));
    await page.screenshot({ path: path.join(resultsDir, 'digit-pad.png') });
    console.log(`drawn 7 read by the app as ${await prediction.textContent()} (${(Math.max(...shown) * 100).toFixed(1)}%)`);

    // Inside the network: each layer of the MLP has its output for the drawn digit.
    await page.getByTestId('digits-tab-inside').click();
    const layers = page.locator('[data-testid^="activation-"]');
    await expect.poll(() => layers.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
    expect(await page.getByTestId('activation-dense_1').locator('rect.value-bars__bar').count()).toBe(256);

    await page.screenshot({ path: path.join(resultsDir, 'digit-layers.png') });

    await page.getByTestId('digits-tab-evaluation').click();
    const cells = page.getByTestId('confusion-matrix').locator('button[data-count]');
    await expect.poll(() => cells.count(), { timeout: 20_000 }).toBe(100);
    const total = await cells.evaluateAll((b) => b.reduce((a, e) => a + Number(e.getAttribute('data-count')), 0));
    expect(total).toBe(1000);
    const counts = await cells.evaluateAll((b) => b.map((e) => ({ label: e.getAttribute('data-label'), predicted: e.getAttribute('data-predicted'), count: Number(e.getAttribute('data-count')) })));
    const worst = counts.filter((c) => c.label !== c.predicted).sort((a, b) => b.count - a.count)[0];
    await page.locator(`button[data-label="${worst.label}"][data-predicted="${worst.predicted}"]`).click();
    const captions = page.getByTestId('cell-grid').locator('figcaption');
    await expect.poll(() => captions.count(), { timeout: 10_000 }).toBe(Math.min(worst.count, 40));
    for (const caption of await captions.allTextContents()) expect(caption).toMatch(new RegExp(`^${worst.label} → ${worst.predicted} `));
    await page.screenshot({ path: path.join(resultsDir, 'digit-evaluation.png'), fullPage: true });

    await page.getByTestId('digits-tab-dataset').click();
    await expect.poll(() => page.getByTestId('sample-grid').locator('figure').count(), { timeout: 10_000 }).toBe(25);
    await page.screenshot({ path: path.join(resultsDir, 'digit-dataset.png') });
  });
});
