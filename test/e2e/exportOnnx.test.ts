import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { completedRun } from '../support/runRecords';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/api/contract';
import { loadDocument, serializeDocument } from '../../src/core/graph/load';
import { decodeModel } from '../../src/core/onnx/proto';
import { buildModel } from '../../src/engine/compile/compile';
import { RunStore } from '../../src/engine/runs/runStore';
import cnn from '../../resources/templates/cnn.json';
import { largestDifference, randomiseWeights, runOnnx } from '../support/onnxOracle';
import { startApp, type App } from './support/app';

/**
 * Issue 14: ONNX from the app's Export panel, in Chromium against the browser host. A run of
 * the CNN is in the host's runs folder; the panel offers it, and the file it downloads, run
 * by ONNX Runtime, predicts what the run's model predicts; fresh weights say so; a run of
 * another graph is refused by the engine, and the panel says why.
 */
describe('ONNX export from the app', () => {
  let app: App;
  let dir: string;
  let model: tf.LayersModel;
  const doc = { ...loadDocument(cnn), name: 'Book CNN' };
  const runId = 'run-20261204-150000-abc123';
  const otherId = 'run-20261204-150100-def456';

  beforeAll(async () => {
    app = await startApp();
    // After the host is up: the app's engine sets up tfjs's backends in this process too.
    await tf.setBackend('cpu');
    dir = mkdtempSync(path.join(os.tmpdir(), 'netcanvas-e2e-onnx-'));
    const store = new RunStore(app.runsDir);
    model = await buildModel(doc);
    randomiseWeights(model, 9);
    const record = (id: string, name: string, document = doc, m = model): RunRecord => completedRun(document, { id, createdAt: '2026-12-04T15:00:00.000Z', name, history: [], totalParams: m.countParams() });
    await store.save(model, record(runId, 'Book CNN #1'));
    // A run of another graph: its convolutions have 8 filters, so its weights do not fit.
    const other = { ...doc, nodes: doc.nodes.map((n) => (n.kind === 'Conv2D' ? { ...n, config: { ...n.config, filters: 8 } } : n)) };
    const otherModel = await buildModel(other);
    await store.save(otherModel, record(otherId, 'Narrow CNN #1', other, otherModel));
    otherModel.dispose();
    const file = path.join(dir, 'book-cnn.netcanvas.json');
    writeFileSync(file, serializeDocument(doc));
    const chooser = app.page.waitForEvent('filechooser');
    await app.page.getByTestId('open-project').click();
    await (await chooser).setFiles(file);
    await app.page.getByTestId('node-conv2d_1').waitFor();
  });
  afterAll(async () => {
    expect(app?.pageErrors ?? []).toEqual([]);
    await app?.close();
    model?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const saveOnnx = async (): Promise<Uint8Array> => {
    const download = app.page.waitForEvent('download');
    await app.page.getByTestId('export-save').click();
    const done = await download;
    expect(done.suggestedFilename()).toBe('book-cnn.onnx');
    return new Uint8Array(readFileSync(await done.path()));
  };

  it("writes a run's weights: ONNX Runtime predicts what the run predicts, within 1e-4, and the panel shows the file's inputs", async () => {
    const { page } = app;
    await page.getByTestId('tab-export').click();
    await page.getByTestId('export-tab-onnx').click();
    await page.getByTestId('export-run').selectOption(runId);
    const bytes = await saveOnnx();
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 4);
    const expected = Array.from((model.predict(x) as tf.Tensor).dataSync());
    const got = await runOnnx(bytes, { input: { data: x.dataSync() as Float32Array, dims: [2, 28, 28, 1] } });
    x.dispose();
    expect(largestDifference(got.data, expected)).toBeLessThanOrEqual(1e-4);
    const metadata = new Map((decodeModel(bytes).metadata_props as { key: string; value: string }[]).map((p) => [p.key, p.value]));
    expect(metadata.get('netcanvas.weights')).toBe(`trained: run Book CNN #1 (${runId})`);
    // The panel lists what the written file says of itself.
    const written = page.getByTestId('export-written');
    await written.waitFor();
    expect(await written.textContent()).toContain(metadata.get('input.input.preprocessing') ?? 'no preprocessing in the file');
  });

  it('writes fresh weights when no run is chosen, and refuses a run of another graph, saying which layer does not fit', async () => {
    const { page } = app;
    await page.getByTestId('export-run').selectOption('');
    const fresh = await saveOnnx();
    const metadata = new Map((decodeModel(fresh).metadata_props as { key: string; value: string }[]).map((p) => [p.key, p.value]));
    expect(metadata.get('netcanvas.weights')).toMatch(/^freshly initialised/);
    await page.getByTestId('export-run').selectOption(otherId);
    await page.getByTestId('export-save').click();
    const error = page.getByTestId('export-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/conv2d_1.*trained from another graph/);
  });
});
