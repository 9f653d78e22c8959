import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/document';
import { analyseGraph } from '../../src/core/graph/analyse';
import { serializeDocument } from '../../src/core/graph/load';
import { summarize } from '../../src/core/summary/summary';
import { cli } from '../support/cli';
import { createEngine, loadModelFiles, RunStore, type Engine } from '../../src/engine';
import { largestDifference, randomInput, runOnnx } from '../support/onnxOracle';
import { torchExport, torchMissing, type TorchExport } from '../support/torchOnnx';
import { mnistDir } from './fixtures';
import { only, runToEnd } from './jobs';

/*
 * Issue 14, the engine's side of opening an .onnx file in the app: `importModel` answers the
 * graph with its training pointed at the file's weights, kept as a run. The oracles: PyTorch's
 * parameter count, ONNX Runtime's predictions on the same inputs (within 1e-4) from the run
 * before any training and from a run trained one step at a learning rate of 1e-9 (so the first
 * epoch starts from the imported weights), and the refusal naming every operator that does not map.
 */

if (torchMissing) console.warn(torchMissing);
const folder = mkdtempSync(path.join(os.tmpdir(), 'netcanvas-import-model-'));
const runsDir = path.join(folder, 'runs');
let engine: Engine;
let cnn: TorchExport;
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

beforeAll(async () => {
  engine = createEngine({ runsDir, dataDir: mnistDir, env: { ...process.env, NETCANVAS_DATA: mnistDir } });
  await tf.setBackend('cpu');
  if (torchMissing) return;
  cnn = torchExport(folder, 'digits', [
    'model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4 * 13 * 13, 10), nn.Softmax(dim=1))',
    'shape = (1, 1, 28, 28)',
  ].join('\n'));
}, 120_000);
afterAll(async () => {
  await engine?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** The model's predictions on random digits-shaped inputs against ONNX Runtime's (NCHW to it, NHWC to tfjs). */
async function differenceFromOnnx(model: tf.LayersModel, seed: number): Promise<number> {
  const data = randomInput(seed, 3 * 784).map((v) => (v + 1) / 2);
  const want = await runOnnx(cnn.bytes, { x: { data, dims: [3, 1, 28, 28] } });
  const got = tf.tidy(() => model.predict(tf.tensor(data, [3, 1, 28, 28]).transpose([0, 2, 3, 1])) as tf.Tensor);
  const difference = largestDifference(await got.data(), want.data);
  got.dispose();
  return difference;
}

describe.skipIf(Boolean(torchMissing))('importModel: an ONNX file as a graph that starts from its weights', () => {
  let document: GraphDocument;
  let runId: string;

  it("answers the graph with PyTorch's parameter count, its training starting from the run that keeps the file's weights", async () => {
    const imported = await engine.importModel({ name: 'digits.onnx', base64: base64(cnn.bytes) });
    ({ document, runId } = imported);
    expect(summarize(document, analyseGraph(document)).totalParams).toBe(cnn.params);
    expect(document.training.startingWeights).toEqual({ run: runId, from: 'digits.onnx' });
    // PyTorch names every graph torch_jit: the project is named after the file.
    expect(document.name).toBe('digits');
    const run = await engine.getRun(runId);
    expect(run).toMatchObject({ name: 'digits.onnx (imported)', history: [], trainSamples: 0, totalParams: cnn.params, startedFrom: 'digits.onnx' });
  }, 120_000);

  it("predicts, before any training, what ONNX Runtime predicts from the file (the run's model, and predict on a digit), within 1e-4", async () => {
    const model = await loadModelFiles(new RunStore(runsDir).folder(runId));
    try {
      expect(await differenceFromOnnx(model, 3)).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
    const pixels = Array.from(randomInput(5, 784), (v) => (v + 1) / 2);
    const predicted = await engine.predict({ runId, pixels });
    const want = await runOnnx(cnn.bytes, { x: { data: Float32Array.from(pixels), dims: [1, 1, 28, 28] } });
    expect(largestDifference(predicted.probabilities, want.data)).toBeLessThan(1e-4);
  }, 120_000);

  it('trains from the imported weights: one step at a learning rate of 1e-9 still predicts what ONNX Runtime predicts, and the run says where it started', async () => {
    const tiny = { ...document, training: { ...document.training, optimizer: { ...document.training.optimizer, learningRate: 1e-9 }, validationSplit: 0 } };
    const events = await runToEnd(engine, { document: tiny, epochs: 1, limit: 32, batchSize: 32, testLimit: 32 });
    const done = only(events, 'done')[0];
    expect(only(events, 'error')).toEqual([]);
    expect(events.some((e) => e.type === 'status' && e.message.includes(path.join(runsDir, runId)))).toBe(true);
    const record = await engine.getRun(done.runId!);
    expect(record.startedFrom).toBe('digits.onnx');
    const model = await loadModelFiles(new RunStore(runsDir).folder(done.runId!));
    try {
      expect(await differenceFromOnnx(model, 4)).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
  }, 300_000);

  it("netcanvas train of the graph saved by the app says it cannot reach the app's run and trains from fresh weights", async () => {
    const file = path.join(folder, 'digits.netcanvas.json');
    writeFileSync(file, serializeDocument(document));
    const { code, stderr } = await cli(['train', file, '--data', mnistDir, '--epochs', '1', '--limit', '32', '--test-limit', '32', '--json']);
    expect(stderr).toContain(`starts from the weights imported from digits.onnx (the app's run ${runId}); \`netcanvas train\` does not read the app's runs, so it trains from fresh weights (--weights digits.onnx starts from the file's)`);
    expect(code).toBe(0);
  }, 300_000);

  it('refuses to train from a run it does not hold, naming the run and the file', async () => {
    const gone = { ...document, training: { ...document.training, startingWeights: { run: 'run-20260101-000000-gone00', from: 'digits.onnx' } } };
    await expect(runToEnd(engine, { document: gone, epochs: 1, limit: 32 })).rejects.toThrow(/imported from digits\.onnx, kept as run 'run-20260101-000000-gone00', which cannot be read/);
  });

  it('refuses a model with operators that do not map, naming every one, and keeps no run', async () => {
    const odd = torchExport(folder, 'odd', 'class M(nn.Module):\n    def forward(self, x):\n        return torch.cos(x) + torch.abs(x)\nmodel = M()\nshape = (1, 4)');
    const before = (await engine.listRuns()).length;
    await expect(engine.importModel({ name: 'odd.onnx', base64: base64(odd.bytes) })).rejects.toThrow(/odd\.onnx: uses operators NetCanvas does not map: .*\(Cos\).*\(Abs\)|odd\.onnx: uses operators NetCanvas does not map: .*\(Abs\).*\(Cos\)/);
    expect((await engine.listRuns()).length).toBe(before);
  }, 120_000);
});

describe('importModel refuses what is not an ONNX model', () => {
  it('names the file', async () => {
    await expect(engine.importModel({ name: 'notes.onnx', base64: base64(new TextEncoder().encode('hello, not protobuf')) })).rejects.toThrow(/notes\.onnx: is not an ONNX model/);
  });
});
