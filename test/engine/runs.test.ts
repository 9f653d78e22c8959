import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/api/contract';
import { activateBackend } from '../../src/engine/backends';
import { compileGraph } from '../../src/engine/compile/compile';
import { loadModelFiles, MODEL_FILE, saveModelFiles, WEIGHTS_FILE } from '../../src/engine/runs/modelFiles';
import { newRunId, RUN_FILE, RunStore } from '../../src/engine/runs/runStore';
import { stack } from '../support/graphs';
import { template } from './fixtures';
import { completedRun } from '../support/runRecords';

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'netcanvas-runs-test-'));
  await activateBackend('wasm');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const MODELS = [
  { name: 'MLP template', doc: template('mlp') },
  { name: 'CNN template', doc: template('cnn') },
  { name: 'LSTM with batch normalization', doc: stack([['input', 'Input', { shape: [28, 28] }], ['lstm', 'LSTM', { units: 16 }], ['bn', 'BatchNormalization'], ['out', 'Dense', { units: 10, activation: 'softmax' }]]) },
];

describe('saved models', () => {
  it.each(MODELS)('$name loads back and predicts exactly what it predicted before saving', async ({ doc }) => {
    const model = await compileGraph(doc);
    const shape = model.inputs[0].shape.slice(1) as number[];
    // One training step, so the batch-norm statistics and optimizer have moved off their initial values.
    const x = tf.randomUniform([16, ...shape], 0, 1, 'float32', 7);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5], 'int32'), 10);
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const folder = path.join(dir, `model-${model.name}-${Math.random().toString(36).slice(2)}`);
    await saveModelFiles(model, folder);
    expect((await fs.readdir(folder)).sort()).toEqual([MODEL_FILE, WEIGHTS_FILE]);
    const loaded = await loadModelFiles(folder);
    expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    const after = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    tf.dispose([x, y]);
    model.dispose();
    loaded.dispose();
  });

  it.each([
    { name: 'a folder without model.json', files: {}, message: /model\.json: missing/ },
    { name: 'a model.json that is not JSON', files: { [MODEL_FILE]: '{"modelTopology": ' }, message: /not readable JSON/ },
    { name: 'a model.json without weights', files: { [MODEL_FILE]: '{"modelTopology": {}}' }, message: /not a tfjs layers model/ },
    { name: 'a missing weights file', files: { [MODEL_FILE]: JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['w.bin'], weights: [] }] }) }, message: /w\.bin: missing/ },
    { name: 'a weights path outside the folder', files: { [MODEL_FILE]: JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['../x.bin'], weights: [] }] }) }, message: /outside its folder/ },
  ])('refuses $name, naming the file', async ({ files, message }) => {
    const folder = await fs.mkdtemp(path.join(dir, 'bad-'));
    for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(folder, name), text);
    await expect(loadModelFiles(folder)).rejects.toThrow(message);
  });
});

describe('the run store', () => {
  it('saves a run whole, lists it newest first, reads it and deletes it', async () => {
    const store = new RunStore(path.join(dir, 'runs'));
    const model = await compileGraph(template('mlp'));
    const record = (id: string, createdAt: string): RunRecord => completedRun(template('mlp'), { id, createdAt, name: 'MNIST MLP', totalParams: model.countParams() });
    const older = newRunId(new Date('2026-01-01T00:00:00Z'));
    const newer = newRunId(new Date('2026-02-01T00:00:00Z'));
    await store.save(model, record(older, '2026-01-01T00:00:00.000Z'));
    await store.save(model, record(newer, '2026-02-01T00:00:00.000Z'));
    await fs.mkdir(path.join(store.runsDir, 'not-a-run'));
    expect((await fs.readdir(store.folder(older))).sort()).toEqual([MODEL_FILE, RUN_FILE, WEIGHTS_FILE]);
    expect((await store.list()).map((r) => [r.id, r.optimizer, r.epochs, r.testAccuracy])).toEqual([
      [newer, 'adam', 1, null],
      [older, 'adam', 1, null],
    ]);
    expect((await store.get(older)).totalParams).toBe(269_322);
    await expect(store.save(model, record(older, '2026-01-01T00:00:00.000Z'))).rejects.toThrow();
    await store.delete(older);
    expect((await store.list()).map((r) => r.id)).toEqual([newer]);
    expect((await fs.readdir(store.runsDir)).filter((f) => f.startsWith('.'))).toEqual([]);
    await expect(store.get(older)).rejects.toThrow(`There is no run '${older}'`);
    await expect(store.delete(older)).rejects.toThrow(/no run/);
    expect(() => store.folder('../etc')).toThrow(/not a run id/);
    model.dispose();
  });
});
