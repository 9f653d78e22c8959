import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/document';
import { loadDocument, serializeDocument } from '../../src/core/graph/load';
import { buildModel } from '../../src/engine/compile/compile';
import { RunStore } from '../../src/engine/runs/runStore';
import mlp from '../../resources/templates/mlp.json';
import { resultsDir } from './support/app';
import { appForSuite } from './support/suite';
import { completedRun } from '../support/runRecords';

const base = loadDocument(mlp);
const withRate = (doc: GraphDocument, rate: number): GraphDocument => ({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'dropout_1' ? { ...n, config: { ...n.config, rate } } : n)) });
/** A: the MLP with dropout 0.2 after its first layer. */
const docA = { ...withRate(base, 0.2), name: 'MLP narrow dropout' };
/** B: dropout 0.45 there, and one more Dropout between dropout_2 and dense_3. */
const docB: GraphDocument = {
  ...withRate(base, 0.45),
  name: 'MLP more dropout',
  nodes: [...base.nodes.map((n) => (n.id === 'dropout_1' ? { ...n, config: { ...n.config, rate: 0.45 } } : n)), { id: 'dropout_3', kind: 'Dropout', config: { rate: 0.1 }, position: { x: 260, y: 845 } }],
  edges: [...base.edges.filter((e) => e.source !== 'dropout_2'), { id: 'e20', source: 'dropout_2', sourcePort: 'out', target: 'dropout_3', targetPort: 'in' }, { id: 'e21', source: 'dropout_3', sourcePort: 'out', target: 'dense_3', targetPort: 'in' }],
};
/** A graph file: the template without its second Dropout, dropout_2 bypassed. */
const docFile: GraphDocument = {
  ...base,
  nodes: base.nodes.filter((n) => n.id !== 'dropout_2'),
  edges: [...base.edges.filter((e) => e.source !== 'dropout_2' && e.target !== 'dropout_2'), { id: 'e30', source: 'relu_2', sourcePort: 'out', target: 'dense_3', targetPort: 'in' }],
};

/** What the editing canvas shows and what the project is: compared before and after diff mode. */
async function editorState(page: Page) {
  const download = page.waitForEvent('download');
  await page.getByTestId('download-project').click();
  const file = readFileSync((await (await download).path())!, 'utf8');
  return {
    file,
    nodes: await page.locator('[data-testid="canvas"] .react-flow__node').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-id')} ${(e as HTMLElement).style.transform}`)),
    viewport: await page.locator('[data-testid="canvas"] .react-flow__viewport').evaluate((e) => (e as HTMLElement).style.transform),
    undo: await page.getByTestId('undo').isDisabled(),
    dirty: await page.getByTestId('dirty-marker').count(),
  };
}

const status = (page: Page, id: string) => page.getByTestId(`diff-node-${id}`).getAttribute('data-status');
const edgeClass = (page: Page, source: string, target: string) => page.locator(`[data-testid="diff-mode"] [data-testid="rf__edge-${source}>${target}"]`).getAttribute('class');

/**
 * Issue 13: the architecture diff on the canvas, in Chromium against the browser host. Two
 * saved runs differ by an added layer and a changed dropout rate; "Compare…" draws them in
 * the read-only diff mode, coloured, with the changed field on its layer and the change in
 * metrics in the banner; editing keys do nothing there; Esc gives back the editor as it was.
 * Then the open graph against a graph file without one of its layers.
 */
describe('the architecture diff on the canvas', () => {
  const app = appForSuite();
  let dir: string;
  const runs = { a: 'run-20261204-150000-aaa111', b: 'run-20261204-150100-bbb222' };

  beforeAll(async () => {
    // After the host is up: the app's engine sets up tfjs's backends in this process too.
    await tf.setBackend('cpu');
    mkdirSync(resultsDir, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'netcanvas-e2e-diff-'));
    const store = new RunStore(app().runsDir);
    const save = async (id: string, name: string, document: GraphDocument, valAccuracy: number, testAccuracy: number) => {
      const model = await buildModel(document);
      const record = completedRun(document, {
        id, createdAt: '2026-12-04T15:00:00.000Z', name, trainSamples: 600, seconds: 3,
        history: [{ epoch: 1, loss: 0.9, accuracy: 0.7, valLoss: 0.5, valAccuracy, samplesPerSecond: 200, seconds: 3 }],
        test: { testLoss: 0.55, testAccuracy, confusion: [], perClassAccuracy: [], samples: 100 },
        totalParams: model.countParams(),
      });
      await store.save(model, record);
      model.dispose();
    };
    await save(runs.a, 'Dropout 0.2 #1', docA, 0.86, 0.85);
    await save(runs.b, 'More dropout #1', docB, 0.88, 0.87);
    const { page } = app();
    await page.getByTestId('new-menu').click();
    await page.getByTestId('template-mlp').click();
    await page.getByTestId('node-dense_1').waitFor();
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  let before: Awaited<ReturnType<typeof editorState>>;

  it('draws two runs’ diff: the added layer green, the changed rate on its layer, the rest dimmed, the rewired connections coloured', async () => {
    const { page } = app();
    before = await editorState(page);
    await page.getByTestId('compare').click();
    await page.getByTestId('compare-dialog').waitFor();
    await page.getByTestId('compare-a').selectOption(`run:${runs.a}`);
    await page.getByTestId('compare-b').selectOption(`run:${runs.b}`);
    await page.getByTestId('compare-show').click();
    await page.getByTestId('diff-mode').waitFor();
    expect(await page.getByTestId('compare-dialog').count()).toBe(0);
    expect(await status(page, 'dropout_3')).toBe('added');
    expect(await page.getByTestId('diff-node-dropout_3').getAttribute('class')).toContain('diff-node--added');
    expect(await status(page, 'dropout_1')).toBe('changed');
    expect(await page.getByTestId('diff-node-dropout_1').getAttribute('class')).toContain('diff-node--changed');
    expect(await page.getByTestId('diff-changes-dropout_1').textContent()).toBe('rate: 0.2 → 0.45');
    for (const id of ['input', 'dense_1', 'dense_2', 'dropout_2', 'softmax']) expect(await status(page, id), id).toBe('same');
    expect(await page.getByTestId('diff-node-dense_1').getAttribute('class')).toContain('diff-node--same');
    // The connection dropout_2 → dense_3 is gone (red), the two through dropout_3 are new (green).
    expect(await edgeClass(page, 'dropout_2', 'dense_3')).toContain('diff-edge--removed');
    expect(await edgeClass(page, 'dropout_2', 'dropout_3')).toContain('diff-edge--added');
    expect(await edgeClass(page, 'dropout_3', 'dense_3')).toContain('diff-edge--added');
    expect(await edgeClass(page, 'input', 'dense_1')).toContain('diff-edge--same');
  });

  it('names both runs and the change in metrics in the banner, with a legend of the counts', async () => {
    const { page } = app();
    expect(await page.getByTestId('diff-side-a').textContent()).toContain('Dropout 0.2 #1');
    expect(await page.getByTestId('diff-side-b').textContent()).toContain('More dropout #1');
    const metrics = await page.getByTestId('diff-metrics').textContent();
    expect(metrics).toContain('val accuracy: 86.0% → 88.0%');
    expect(metrics).toContain('test accuracy: 85.0% → 87.0%');
    expect(await page.getByTestId('diff-legend').textContent()).toMatch(/added 1.*removed 0.*changed 1.*unchanged 8/);
    await page.screenshot({ path: path.join(resultsDir, 'diff-canvas.png') });
  });

  it('edits nothing while the diff is shown: Select all, Delete and Auto-layout do nothing; Esc gives back the editor as it was', async () => {
    const { page } = app();
    // In the editor these would select every layer and delete them; no undo key, which would hide it.
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await page.keyboard.press('l');
    expect(await page.getByTestId('diff-mode').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('diff-mode').count()).toBe(0);
    const after = await editorState(page);
    expect(after).toEqual(before);
    expect(JSON.parse(after.file).nodes.map((n: { id: string }) => n.id)).toEqual(base.nodes.map((n) => n.id));
  });

  it('compares the open graph with a graph file: the layer the file lacks is drawn removed at its place; the button leaves too', async () => {
    const { page } = app();
    const file = path.join(dir, 'no-dropout-2.netcanvas.json');
    writeFileSync(file, serializeDocument(docFile));
    await page.getByTestId('compare').click();
    await page.getByTestId('compare-a').selectOption('open');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('compare-file-b').click();
    await (await chooser).setFiles(file);
    await expect.poll(() => page.getByTestId('compare-b').inputValue()).toBe('file:0');
    await page.getByTestId('compare-show').click();
    await page.getByTestId('diff-mode').waitFor();
    expect(await status(page, 'dropout_2')).toBe('removed');
    expect(await page.getByTestId('diff-node-dropout_2').getAttribute('class')).toContain('diff-node--removed');
    expect(await edgeClass(page, 'relu_2', 'dense_3')).toContain('diff-edge--added');
    expect(await edgeClass(page, 'relu_2', 'dropout_2')).toContain('diff-edge--removed');
    expect(await page.getByTestId('diff-side-a').textContent()).toContain('the open graph');
    expect(await page.getByTestId('diff-side-b').textContent()).toContain('no-dropout-2.netcanvas.json');
    // Graph files have no metrics.
    expect(await page.getByTestId('diff-metrics').count()).toBe(0);
    await page.getByTestId('diff-close').click();
    await expect.poll(() => page.getByTestId('diff-mode').count()).toBe(0);
    expect(await editorState(page)).toEqual(before);
  });
});
