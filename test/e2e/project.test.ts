import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import { loadDocument, serializeDocument } from '../../src/core/graph/load';
import { formatCount } from '../../src/core/summary/summary';
import mlp from '../../resources/templates/mlp.json';
import cnn from '../../resources/templates/cnn.json';
import { toKerasModel } from '../../src/core/keras/toKeras';
import { startApp, type App } from './support/app';
import { selectNode } from './support/canvas';

async function openFile(page: Page, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('open-project').click();
  await (await chooser).setFiles(file);
}

/** Downloads the project (Save keeps it in the browser) and gives back the file's text. */
async function saveFile(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByTestId('download-project').click();
  const saved = await (await download).path();
  return readFileSync(saved, 'utf8');
}

/** Scenario 3: a project opens, is edited and saves exactly; a corrupt file is refused and the open project is untouched. */
describe('project files in the browser', () => {
  let app: App;
  let dir: string;
  const original = { ...loadDocument(mlp), name: 'Round trip' };
  beforeAll(async () => {
    app = await startApp();
    dir = mkdtempSync(path.join(os.tmpdir(), 'netcanvas-e2e-files-'));
  });
  afterAll(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a project and downloads it back byte for byte', async () => {
    const { page } = app;
    const file = path.join(dir, 'round-trip.netcanvas.json');
    writeFileSync(file, serializeDocument(original));
    await openFile(page, file);
    await page.getByTestId('node-dense_1').waitFor();
    expect(await page.getByTestId('total-params').textContent()).toBe('269,322');
    expect(await page.getByTestId('project-name').inputValue()).toBe('Round trip');
    expect(await page.getByTestId('dirty-marker').count()).toBe(0);
    expect(await saveFile(page)).toBe(readFileSync(file, 'utf8'));
  });

  it('saves an edit exactly as the core serializes it, and is clean after saving', async () => {
    const { page } = app;
    await selectNode(page, 'dense_1');
    await page.getByTestId('field-units').fill('128');
    await page.getByTestId('field-units').press('Enter');
    const edited = { ...original, nodes: original.nodes.map((n) => (n.id === 'dense_1' ? { ...n, config: { ...n.config, units: 128 } } : n)) };
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe(formatCount(analyseGraph(edited).totals.total));
    await page.getByTestId('dirty-marker').waitFor();
    expect(await page.title()).toMatch(/^● Round trip/);
    expect(await saveFile(page)).toBe(serializeDocument(edited));
    // A download is a copy; Save is what makes the project clean.
    await page.getByTestId('dirty-marker').waitFor();
    await page.getByTestId('save-project').click();
    await expect.poll(() => page.getByTestId('dirty-marker').count()).toBe(0);
  });

  it.each([
    ['truncated JSON', '{"format": "netcanvas-graph", "version": 3, "nodes": [', /not valid JSON/],
    ['an unknown layer kind', JSON.stringify({ ...JSON.parse(serializeDocument(original)), nodes: [{ id: 'x', kind: 'Teleport', config: {}, position: { x: 0, y: 0 } }], edges: [] }), /unknown layer kind 'Teleport'/],
    ['an edge to a missing node', JSON.stringify({ ...JSON.parse(serializeDocument(original)), edges: [{ id: 'e', source: 'input', target: 'nowhere' }] }), /no node has the id 'nowhere'/],
    ['neither NetCanvas nor Keras', '{"hello": "world"}', /neither a NetCanvas graph .* nor a Keras/],
  ])('refuses a file with %s and leaves the open project untouched', async (_name, text, message) => {
    const { page } = app;
    const before = await page.getByTestId('total-params').textContent();
    const nodesBefore = await page.locator('[data-testid^="node-"][data-kind]').count();
    const file = path.join(dir, 'broken.netcanvas.json');
    writeFileSync(file, text);
    await openFile(page, file);
    const toast = page.getByTestId('toast-error').filter({ hasText: 'broken.netcanvas.json was not opened' }).last();
    await toast.waitFor();
    expect(await toast.textContent()).toMatch(message);
    expect(await page.getByTestId('total-params').textContent()).toBe(before);
    expect(await page.locator('[data-testid^="node-"][data-kind]').count()).toBe(nodesBefore);
    expect(await page.getByTestId('project-name').inputValue()).toBe('Round trip');
    await toast.locator('.toast__close').click();
  });

  it('exports the graph as a picture (SVG and PNG) and as a training program', async () => {
    const { page } = app;
    await page.getByTestId('tab-export').click();
    expect(await page.getByTestId('export-code').textContent()).toContain("Test accuracy");
    await page.getByTestId('export-tab-picture').click();
    await page.getByTestId('export-picture').waitFor();
    const svgDownload = page.waitForEvent('download');
    await page.getByTestId('export-save').click();
    const svg = readFileSync(await (await svgDownload).path(), 'utf8');
    expect(svg).toMatch(/^<svg|<\?xml/);
    for (const id of ['dense_1', 'dense_2', 'dense_3']) expect(svg).toContain(id);
    const pngDownload = page.waitForEvent('download');
    await page.getByTestId('export-save-png').click();
    const png = readFileSync(await (await pngDownload).path());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // The IHDR says how big: twice the SVG's size.
    expect(png.readUInt32BE(16)).toBeGreaterThan(300);
    await page.getByTestId('tab-design').click();
  });

  it('imports a Keras model JSON with an automatic layout and reports what it carried over', async () => {
    const { page } = app;
    const file = path.join(dir, 'cnn-keras.json');
    const keras = toKerasModel(loadDocument(cnn)) as unknown as { config: { layers: { config: Record<string, unknown> }[] } };
    // A setting NetCanvas cannot represent, to be reported by name.
    keras.config.layers[1].config.dilation_rate = [2, 2];
    writeFileSync(file, JSON.stringify(keras));
    await openFile(page, file);
    const report = page.getByTestId('import-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('dilation_rate');
    await report.getByRole('button', { name: 'OK' }).click();
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe('80,266');
    // An import is not a saved project: it is dirty until saved.
    await page.getByTestId('dirty-marker').waitFor();
  });

  it('keeps unsaved work in a recovery copy and offers it after a reload', async () => {
    const { page } = app;
    await selectNode(page, 'conv2d_1');
    await page.getByTestId('field-filters').fill('16');
    await page.getByTestId('field-filters').press('Enter');
    const total = await page.getByTestId('total-params').textContent();
    expect(total).not.toBe('80,266');
    // The autosave is debounced; wait until the copy is written.
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => /recover/i.test(k) && (localStorage.getItem(k) ?? '').includes('"filters": 16')));
    await page.reload();
    await page.getByTestId('recovery-banner').waitFor();
    await page.getByTestId('recovery-restore').click();
    await expect.poll(() => page.getByTestId('total-params').textContent()).toBe(total);
    await page.getByTestId('dirty-marker').waitFor();
  });
});
