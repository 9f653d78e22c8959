/**
 * Takes the README's screenshots of the real app (browser host + headless Chromium):
 *   npx tsx test/e2e/screenshots.ts
 * writes docs/screenshots/{design-cnn,training,digits,export}.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, startApp } from './support/app';
import { selectNode, settle } from './support/canvas';

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

/** Draws a 4 on the digit pad: the slanted stroke with the crossbar, then the upright. */
async function drawFour(page: Page): Promise<void> {
  const box = (await page.getByTestId('pad-canvas').boundingBox())!;
  const at = (x: number, y: number) => ({ x: box.x + box.width * x, y: box.y + box.height * y });
  for (const stroke of [[at(0.42, 0.15), at(0.22, 0.58), at(0.78, 0.58)], [at(0.62, 0.3), at(0.62, 0.88)]]) {
    await page.mouse.move(stroke[0].x, stroke[0].y);
    await page.mouse.down();
    for (const p of stroke.slice(1)) await page.mouse.move(p.x, p.y, { steps: 12 });
    await page.mouse.up();
  }
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const app = await startApp({ viewport: { width: 1440, height: 860 } });
  const { page } = app;
  try {
    await page.getByTestId('new-menu').click();
    await page.getByTestId('template-cnn').click();
    await page.getByTestId('summary-toggle').click(); // closed: the canvas gets the room
    await selectNode(page, 'conv2d_2');
    await page.getByTestId('fit-view').click();
    await page.mouse.move(0, 430); // off the toolbar, so no button shows as hovered
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

    for (const close of await page.locator('.toast__close').all()) await close.click(); // "Training finished"
    await page.getByTestId('tab-digits').click();
    await drawFour(page);
    await page.getByTestId('pad-prediction').filter({ hasText: /\d/ }).waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(out, 'digits.png') });

    await page.getByTestId('tab-export').click();
    await page.getByTestId('export-code').waitFor();
    await page.screenshot({ path: path.join(out, 'export.png') });
    if (app.pageErrors.length > 0) throw new Error(`The page threw: ${app.pageErrors.join('; ')}`);
  } finally {
    await app.close();
  }
}

await main();
