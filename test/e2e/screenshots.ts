/**
 * Takes the README's screenshots of the real app (browser host + headless Chromium):
 *   npx tsx test/e2e/screenshots.ts
 * writes docs/screenshots/{design-cnn,training,digits,export,diff,groups}.png; with the argument `data`,
 * docs/screenshots/{data-table,data-pictures,try-table}.png only.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, startApp } from './support/app';
import { selectNode, settle } from './support/canvas';
import { writeMnistFolder } from '../support/mnistFolder';

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

    // The MLP trained above against the open graph with a wider first layer and a higher dropout rate, drawn on the canvas.
    await page.getByTestId('tab-design').click();
    await selectNode(page, 'dense_1');
    await page.getByTestId('field-units').fill('384');
    await page.getByTestId('field-units').press('Enter');
    await selectNode(page, 'dropout_1');
    await page.getByTestId('field-rate').fill('0.3');
    await page.getByTestId('field-rate').press('Enter');
    await page.getByTestId('compare').click();
    await page.getByTestId('compare-dialog').waitFor();
    await page.getByTestId('compare-b').selectOption('open');
    await page.getByTestId('compare-show').click();
    await page.getByTestId('diff-mode').waitFor();
    await page.mouse.move(0, 430);
    await page.waitForTimeout(800); // the diff's own canvas fitting its view
    await page.screenshot({ path: path.join(out, 'diff.png') });
    await page.keyboard.press('Escape');

    // The CNN with its convolutions grouped into one block, and the inspector's group panel.
    await page.getByTestId('new-menu').click();
    await page.getByTestId('template-cnn').click();
    await selectNode(page, 'conv2d_1');
    for (const id of ['max_pooling2d_1', 'conv2d_2', 'max_pooling2d_2', 'conv2d_3']) await page.getByTestId(`node-${id}`).locator('.layer-node__head').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+g');
    await page.getByTestId('fit-view').click();
    await page.mouse.move(0, 430);
    await settle(page);
    await page.screenshot({ path: path.join(out, 'groups.png') });
    if (app.pageErrors.length > 0) throw new Error(`The page threw: ${app.pageErrors.join('; ')}`);
  } finally {
    await app.close();
  }
}

/** The Data view on the shared tables and a folder of MNIST pictures, and Try it for the iris starter. */
async function dataViews(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'nc-shots-'));
  for (const file of ['iris.csv', 'wine.csv', 'diabetes.csv']) copyFileSync(path.join(repoRoot, '../shared/datasets/tables', file), path.join(dir, file));
  await writeMnistFolder(path.join(dir, 'digits'), { train: 20, test: 5 });
  const app = await startApp({ viewport: { width: 1440, height: 860 }, dataDir: dir });
  const { page } = app;
  try {
    await page.getByTestId('tab-data').click();
    await page.locator('[data-testid="data-entry"][data-name="wine.csv"]').click();
    await page.getByTestId('data-columns').waitFor();
    await page.mouse.move(0, 430);
    await page.screenshot({ path: path.join(out, 'data-table.png') });
    await page.locator('[data-testid="data-entry"][data-name="digits"]').click();
    await page.getByTestId('data-pictures').waitFor();
    await page.screenshot({ path: path.join(out, 'data-pictures.png') });
    await page.locator('[data-testid="data-entry"][data-name="iris.csv"]').click();
    await page.getByTestId('data-columns').waitFor();
    await page.getByTestId('data-starter').click();
    await page.getByTestId('tab-train').click();
    await train(page, { 'train-seed': '1' });
    for (const close of await page.locator('.toast__close').all()) await close.click();
    await page.getByTestId('tab-digits').click();
    await page.getByTestId('try-predict').click();
    await page.getByTestId('try-answer').waitFor();
    await page.mouse.move(0, 430);
    await page.screenshot({ path: path.join(out, 'try-table.png') });
    if (app.pageErrors.length > 0) throw new Error(`The page threw: ${app.pageErrors.join('; ')}`);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'data') await dataViews();
else await main();
