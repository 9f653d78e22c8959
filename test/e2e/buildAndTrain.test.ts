import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsDir, startApp, type App } from './support/app';
import { selectNode, settle } from './support/canvas';
import { buildReferenceCnn, expectReferenceCnn } from './support/referenceCnn';

/** Scenario 1: build the reference CNN from the palette, see its 80,266 parameters, train it briefly, see curves and a test accuracy. */
describe('building and training the reference CNN in the browser', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    mkdirSync(resultsDir, { recursive: true });
  });
  afterAll(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
  });

  it('builds the CNN by dragging from the palette and connecting handles', async () => {
    const { page } = app;
    await page.getByTestId('summary-toggle').click();
    const ids = await buildReferenceCnn(page);

    await expectReferenceCnn(page, ids);
    const params = (id: string) => page.getByTestId(`node-${id}`).getByTestId('node-params').textContent();
    expect(await params(ids[1])).toBe('640 params');
    expect(await params(ids[3])).toBe('36,928 params');
    expect(await params(ids[8])).toBe('5,770 params');
    await selectNode(page, ids[3]);
    await page.getByTestId('fit-view').click();
    await settle(page);
    await page.screenshot({ path: path.join(resultsDir, 'cnn-design.png') });
  });

  it('trains it for one epoch on 512 samples and shows curves and the test accuracy', async () => {
    const { page } = app;
    await page.getByTestId('tab-train').click();
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('train-limit').fill('512');
    await page.getByTestId('train-test-limit').fill('500');
    await page.getByTestId('train-start').click();
    await page.getByTestId('train-stop').and(page.locator(':enabled')).waitFor();
    const accuracy = page.getByTestId('test-accuracy');
    await expect.poll(() => accuracy.textContent(), { timeout: 110_000, interval: 500 }).toMatch(/^\d+(\.\d)?%$/);
    const percent = Number((await accuracy.textContent())!.replace('%', ''));
    // Four Adam steps on 461 samples: well above chance (10% ± 1.3% on 500 test digits); 46% when measured.
    expect(percent).toBeGreaterThan(15);
    expect(Number(await page.getByTestId('chart-loss').getAttribute('data-points'))).toBeGreaterThan(2);
    expect(Number(await page.getByTestId('chart-accuracy').getAttribute('data-points'))).toBeGreaterThan(2);
    await expect.poll(() => page.getByTestId('train-status').getAttribute('data-status')).toBe('completed');
    expect(await page.getByTestId('train-progress').getAttribute('data-fraction')).toBe('1.000');
    await page.getByTestId('runs').waitFor();
    await page.screenshot({ path: path.join(resultsDir, 'training.png') });
  });

  it('repeats a run exactly with a seed: twice the same test accuracy and final loss', async () => {
    const { page } = app;
    await page.getByTestId('train-seed').fill('11');
    const runs = page.locator('[data-testid="runs"] tbody tr');
    const runOnce = async () => {
      const before = await runs.count();
      await page.getByTestId('train-start').click();
      // A finished run is listed; its numbers are on the panel by then.
      await expect.poll(() => runs.count(), { timeout: 110_000, interval: 250 }).toBe(before + 1);
      await expect.poll(() => page.getByTestId('train-status').getAttribute('data-status')).toBe('completed');
      return { accuracy: await page.getByTestId('test-accuracy').textContent(), loss: await page.getByTestId('chart-loss').getAttribute('data-last') };
    };
    const first = await runOnce();
    expect(first.accuracy).toMatch(/^\d+(\.\d)?%$/);
    expect(await runOnce()).toEqual(first);
    expect(await runs.count()).toBe(3);
  });
});
