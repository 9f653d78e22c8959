import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import cnn from '../../resources/templates/cnn.json';
import { loadDocument } from '../../src/core/graph/load';
import { startApp, type App } from './support/app';

/** The Train view's settings this test sets, each a field the project must keep. */
const SETTINGS = [
  { testId: 'train-epochs', value: '3' },
  { testId: 'train-batch', value: '64' },
  { testId: 'train-limit', value: '512' },
  { testId: 'train-test-limit', value: '500' },
  { testId: 'train-seed', value: '11' },
];

async function trainSettings(page: Page): Promise<string[]> {
  await page.getByTestId('tab-train').click();
  const values = await Promise.all(SETTINGS.map((s) => page.getByTestId(s.testId).inputValue()));
  await page.getByTestId('tab-design').click();
  return values;
}

/** Issue 15, saving in the browser: Save keeps the project in the browser, Save As asks for a name in the page, a file is downloaded only when asked, a reload reopens the project with every setting. */
describe('saving in the browser', () => {
  let app: App;
  /** The names of every file the page offered as a download, in order. */
  const downloads: string[] = [];
  const reference = loadDocument(cnn);

  beforeAll(async () => {
    app = await startApp();
    app.page.on('download', (d) => downloads.push(d.suggestedFilename()));
  });
  afterAll(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
  });

  it('renames the CNN to "Book CNN", sets its training, and Save As asks for the name, refusing bad ones with a message', async () => {
    const { page } = app;
    await page.getByTestId('new-menu').click();
    await page.getByTestId('template-cnn').click();
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('80,266');
    await page.getByTestId('project-name').fill('Book CNN');
    await page.getByTestId('project-name').press('Tab');
    await page.getByTestId('tab-train').click();
    for (const { testId, value } of SETTINGS) await page.getByTestId(testId).fill(value);
    await page.getByTestId('tab-design').click();

    await page.getByTestId('save-as').click();
    const dialog = page.getByTestId('name-dialog');
    await dialog.waitFor();
    const input = page.getByTestId('name-dialog-input');
    expect(await input.inputValue()).toBe('Book CNN');
    for (const [typed, says] of [
      ['', 'Type a name for the project'],
      ['a/b', "A file name cannot hold '/'"],
      ['what?', "A file name cannot hold '?'"],
    ]) {
      await input.fill(typed);
      await page.getByTestId('name-dialog-confirm').click();
      expect(await page.getByTestId('name-dialog-problem').textContent()).toContain(says);
      expect(await dialog.count()).toBe(1);
    }
    await input.fill('Book CNN');
    await page.getByTestId('name-dialog-confirm').click();
    await page.getByTestId('toast-success').filter({ hasText: 'Saved Book CNN.netcanvas.json in this browser' }).waitFor();
    expect(await dialog.count()).toBe(0);
    await expect.poll(() => page.getByTestId('dirty-marker').count()).toBe(0);
  });

  it('Save after an edit keeps it in the browser too', async () => {
    const { page } = app;
    await page.getByTestId('tab-train').click();
    await page.getByTestId('train-epochs').fill('4');
    await page.getByTestId('train-epochs').fill('3');
    await page.getByTestId('tab-design').click();
    await page.getByTestId('dirty-marker').waitFor();
    await page.getByTestId('save-project').click();
    await expect.poll(() => page.getByTestId('dirty-marker').count()).toBe(0);
    // That no download was made is certain once the page makes one (below): downloads arrive in order.
  });

  it('reopens the project after a reload, with the same graph, name and training settings', async () => {
    const { page } = app;
    await page.reload();
    await page.getByTestId('canvas').waitFor();
    await expect.poll(() => page.getByTestId('project-name').inputValue()).toBe('Book CNN');
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('80,266');
    const ids = await page.$$eval('[data-testid^="node-"][data-kind]', (els) => els.map((e) => e.getAttribute('data-testid')!.slice('node-'.length)).sort());
    expect(ids).toEqual(reference.nodes.map((n) => n.id).sort());
    expect(await page.getByTestId('dirty-marker').count()).toBe(0);
    expect(await page.getByTestId('recovery-banner').count()).toBe(0);
    expect(await trainSettings(page)).toEqual(SETTINGS.map((s) => s.value));
  });

  it('downloads the project only when asked, named after it, holding the graph and every setting', async () => {
    const { page } = app;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-project').click()]);
    expect(download.suggestedFilename()).toBe('Book CNN.netcanvas.json');
    expect(downloads).toEqual(['Book CNN.netcanvas.json']);
    const text = readFileSync((await download.path())!, 'utf8');
    // The file is the project as saved in the browser, byte for byte.
    const kept = await page.evaluate(() => localStorage.getItem('netcanvas.recentProject:browser:Book CNN.netcanvas.json'));
    expect(text).toBe(kept);
    const doc = loadDocument(JSON.parse(text));
    expect(doc.name).toBe('Book CNN');
    expect(doc.nodes).toEqual(reference.nodes);
    expect(doc.edges).toEqual(reference.edges);
    expect(doc.training).toEqual({ ...reference.training, epochs: 3, batchSize: 64, limit: 512, testLimit: 500, seed: 11 });
    // Downloading is a copy: the project stays as it was, saved.
    expect(await page.getByTestId('dirty-marker').count()).toBe(0);
  });

  it('the keyboard downloads too, with the shortcut the command registry gives', async () => {
    const { page } = app;
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+Shift+L')]);
    expect(download.suggestedFilename()).toBe('Book CNN.netcanvas.json');
  });

  it('Save As a second name keeps both; Cancel saves nothing', async () => {
    const { page } = app;
    await page.getByTestId('save-as').click();
    await page.getByTestId('name-dialog-cancel').click();
    expect(await page.getByTestId('name-dialog').count()).toBe(0);
    await page.keyboard.press('Control+Shift+S');
    await page.getByTestId('name-dialog-input').press('Escape');
    expect(await page.getByTestId('name-dialog').count()).toBe(0);
    expect(await page.getByTestId('project-name').inputValue()).toBe('Book CNN');
    await page.getByTestId('save-as').click();
    await page.getByTestId('name-dialog-input').fill('Book CNN v2');
    // Ctrl+S in the dialog is its Save, not the browser's "save page".
    await page.getByTestId('name-dialog-input').press('Control+S');
    await page.getByTestId('toast-success').filter({ hasText: 'Saved Book CNN v2.netcanvas.json in this browser' }).waitFor();
    expect(await page.getByTestId('project-name').inputValue()).toBe('Book CNN v2');
    await page.getByTestId('recent-menu').click();
    const names = await page.locator('.menu__item').allTextContents();
    expect(names.slice(0, 2)).toEqual(['Book CNN v2.netcanvas.json', 'Book CNN.netcanvas.json']);
    await page.keyboard.press('Escape');
    expect(downloads).toEqual(['Book CNN.netcanvas.json', 'Book CNN.netcanvas.json']);
  });

  it('Save As a name another project has asks before replacing it', async () => {
    const { page } = app;
    const asked: string[] = [];
    // startApp's handler accepts every dialog; this one only listens.
    page.on('dialog', (d) => asked.push(d.message()));
    await page.getByTestId('save-as').click();
    await page.getByTestId('name-dialog-input').fill('Book CNN');
    await page.getByTestId('name-dialog-confirm').click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked).toEqual(["A project named 'Book CNN.netcanvas.json' is already kept in this browser. Replace it?"]);
    // Accepted: saved under that name, and clean.
    expect(await page.getByTestId('project-name').inputValue()).toBe('Book CNN');
    await expect.poll(() => page.getByTestId('dirty-marker').count()).toBe(0);
  });
});
