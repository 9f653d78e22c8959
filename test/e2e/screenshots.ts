/**
 * Takes the README's screenshots of the real app (browser host + headless Chromium):
 *   npx tsx test/e2e/screenshots.ts
 * writes docs/screenshots/{design-cnn,training,export}.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, startApp } from './support/app';
import { selectNode, settle } from './support/canvas';
import { buildReferenceCnn } from './support/referenceCnn';

const out = path.join(repoRoot, 'docs', 'screenshots');

async function train(page: Page, settings: Record<string, string>): Promise<void> {
  for (const [id, value] of Object.entries(settings)) {
    const control = page.getByTestId(id);
    if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
  await page.getByTestId('train-start').click();
  await page.getByTestId('train-status').and(page.locator('[data-status="completed"]')).waitFor({ timeout: 300_000 });
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const app = await startApp({ viewport: { width: 1440, height: 860 } });
  const { page } = app;
  try {
    await page.getByTestId('summary-toggle').click();
    const ids = await buildReferenceCnn(page);
    await page.getByTestId('project-name').fill('Reference CNN');
    await selectNode(page, ids[3]);
    await page.getByTestId('fit-view').click();
    await settle(page);
    await page.screenshot({ path: path.join(out, 'design-cnn.png') });

    await page.getByTestId('new-menu').click();
    await page.getByTestId('template-mlp').click();
    await page.getByTestId('tab-train').click();
    await train(page, { 'train-epochs': '5', 'train-limit': '6000', 'train-test-limit': '2000' });
    await page.locator('[data-testid="runs"] input[type="checkbox"]').first().check();
    await train(page, { 'train-optimizer': 'sgd', 'train-lr': '0.1' });
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(out, 'training.png') });

    await page.getByTestId('tab-export').click();
    await page.getByTestId('export-code').waitFor();
    await page.screenshot({ path: path.join(out, 'export.png') });
    if (app.pageErrors.length > 0) throw new Error(`The page threw: ${app.pageErrors.join('; ')}`);
  } finally {
    await app.close();
  }
}

await main();
