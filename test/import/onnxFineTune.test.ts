import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { importOnnx } from '../../src/core/onnx/import';
import { parseIdxImages, parseIdxLabels } from '../../src/engine/data/idx';
import { loadModelFiles } from '../../src/engine';
import { largestDifference, randomInput, runOnnx } from '../support/onnxOracle';
import { mnistDir, repoRoot } from '../engine/fixtures';

/*
 * Training starts from an imported ONNX model's weights. A small CNN is trained in PyTorch on
 * MNIST (so its accuracy is far from a fresh network's 10%) and exported; ONNX Runtime's
 * accuracy on the first MNIST test digits is the oracle. `netcanvas train` of the graph saved
 * from the import, with a learning rate of 1e-9 and `--weights model.onnx`, reports that same
 * accuracy, and its saved model predicts what ONNX Runtime predicts on random inputs (1e-4):
 * the job began from the imported weights. `train model.onnx` itself starts from them too.
 * Weights that do not fit the graph are refused, naming the layer and the shapes.
 */

const PYTHON = '/usr/bin/python3';
const torchMissing = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' });
    return '';
  } catch {
    return `${PYTHON} has no torch (Debian's python3-torch): the fine-tuning oracle cases are skipped`;
  }
})();
if (torchMissing) console.warn(torchMissing);

const TEST_DIGITS = 400;
const folder = mkdtempSync(path.join(tmpdir(), 'netcanvas-onnx-finetune-'));
const onnxFile = path.join(folder, 'cnn.onnx');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: repoRoot, env: { ...process.env, NETCANVAS_DATA: undefined } };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
const testResult = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as { event: string; testAccuracy: number };

/** ONNX Runtime's accuracy on the first MNIST test digits (grey bytes / 255, NCHW). */
async function onnxAccuracy(bytes: Uint8Array, count: number): Promise<number> {
  const images = parseIdxImages(gunzipSync(readFileSync(path.join(mnistDir, 't10k-images-idx3-ubyte.gz'))), 'images');
  const labels = parseIdxLabels(gunzipSync(readFileSync(path.join(mnistDir, 't10k-labels-idx1-ubyte.gz'))), 'labels');
  const data = Float32Array.from(images.pixels.subarray(0, count * 784), (p) => p / 255);
  const { data: probs } = await runOnnx(bytes, { x: { data, dims: [count, 1, 28, 28] } });
  let right = 0;
  for (let i = 0; i < count; i++) {
    const row = probs.subarray(i * 10, i * 10 + 10);
    if (row.indexOf(Math.max(...row)) === labels[i]) right++;
  }
  return right / count;
}

let bytes: Uint8Array;
let oracleAccuracy: number;
beforeAll(async () => {
  if (torchMissing) return;
  await tf.setBackend('cpu');
  // 2000 training digits, 3 epochs: about 90% on the test digits, in seconds on two cores.
  const script = [
    'import gzip, sys, numpy as np, torch, torch.nn as nn',
    'torch.manual_seed(0)',
    'd = sys.argv[2]',
    'x = np.frombuffer(gzip.open(d + "/train-images-idx3-ubyte.gz").read(), np.uint8, offset=16)[:2000 * 784].reshape(-1, 1, 28, 28).astype(np.float32) / 255',
    'y = np.frombuffer(gzip.open(d + "/train-labels-idx1-ubyte.gz").read(), np.uint8, offset=8)[:2000].astype(np.int64)',
    'x, y = torch.from_numpy(x), torch.from_numpy(y)',
    'net = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 32), nn.ReLU(), nn.Linear(32, 10))',
    'opt = torch.optim.Adam(net.parameters(), 1e-2)',
    'for epoch in range(3):',
    '    for i in range(0, 2000, 50):',
    '        opt.zero_grad(); loss = nn.functional.cross_entropy(net(x[i:i + 50]), y[i:i + 50]); loss.backward(); opt.step()',
    'model = nn.Sequential(net, nn.Softmax(dim=1)).eval()',
    'torch.onnx.export(model, torch.randn(1, 1, 28, 28), sys.argv[1], input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=13)',
  ].join('\n');
  execFileSync(PYTHON, ['-c', script, onnxFile, mnistDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (!existsSync(onnxFile)) throw new Error(`torch wrote no ${onnxFile}`);
  bytes = readFileSync(onnxFile);
  oracleAccuracy = await onnxAccuracy(bytes, TEST_DIGITS);
}, 300_000);

/** The imported graph saved as a NetCanvas file, with `change` made to it. */
function savedGraph(name: string, change: (doc: Record<string, any>) => void = () => {}): string {
  const doc = JSON.parse(JSON.stringify(importOnnx(bytes, 'cnn.onnx').document)) as Record<string, any>;
  change(doc);
  const file = path.join(folder, `${name}.netcanvas.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}
const tinyRate = (doc: Record<string, any>) => (doc.training = { ...doc.training, optimizer: { type: 'adam', learningRate: 1e-9 } });

describe.skipIf(Boolean(torchMissing))('training starts from an imported ONNX model\'s weights (ONNX Runtime as the oracle)', () => {
  it('the PyTorch model is trained (the oracle tells imported weights from fresh ones)', () => {
    expect(oracleAccuracy).toBeGreaterThan(0.7);
  });

  it('train GRAPH --weights model.onnx with a learning rate of 1e-9: ONNX Runtime\'s test accuracy, and the saved model predicts what ONNX Runtime predicts (1e-4)', async () => {
    const graph = savedGraph('tiny-rate', tinyRate);
    const out = path.join(folder, 'tiny-run');
    const { code, stdout, stderr } = await cli(['train', graph, '--weights', onnxFile, '--data', mnistDir, '--epochs', '1', '--limit', '64', '--batch-size', '32', '--test-limit', String(TEST_DIGITS), '--json', '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(testResult(stdout).testAccuracy).toBeCloseTo(oracleAccuracy, 10);
    const run = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')) as { startedFrom?: string };
    expect(run.startedFrom).toBe(onnxFile);
    const model = await loadModelFiles(out);
    try {
      const data = randomInput(11, 5 * 784);
      const want = await runOnnx(bytes, { x: { data, dims: [5, 1, 28, 28] } });
      const predicted = tf.tidy(() => model.predict(tf.tensor(data, [5, 1, 28, 28]).transpose([0, 2, 3, 1])) as tf.Tensor);
      expect(largestDifference(await predicted.data(), want.data)).toBeLessThan(1e-4);
      predicted.dispose();
    } finally {
      model.dispose();
    }
  }, 300_000);

  it('train model.onnx starts from the file\'s own weights (one Adam step of 0.001 keeps ONNX Runtime\'s accuracy within 3 points); --fresh-weights does not', async () => {
    const common = ['--data', mnistDir, '--epochs', '1', '--limit', '8', '--batch-size', '8', '--test-limit', String(TEST_DIGITS), '--json', '--seed', '1'];
    const own = await cli(['train', onnxFile, ...common]);
    expect(own.stderr).toBe('');
    expect(own.code).toBe(0);
    expect(Math.abs(testResult(own.stdout).testAccuracy - oracleAccuracy)).toBeLessThan(0.03);
    const fresh = await cli(['train', onnxFile, '--fresh-weights', ...common]);
    expect(fresh.code).toBe(0);
    expect(testResult(fresh.stdout).testAccuracy).toBeLessThan(oracleAccuracy - 0.3);
  }, 300_000);

  const MISMATCHES: { name: string; weights: () => string; graph: () => string; error: RegExp }[] = [
    {
      name: 'an ONNX model\'s weights for a graph whose Dense has other units (checked by the CLI, naming layer and shapes)',
      weights: () => onnxFile,
      graph: () => savedGraph('wider', (doc) => (doc.nodes.find((n: { kind: string }) => n.kind === 'Dense').config.units = 33)),
      error: /cnn\.onnx's weights do not fit .*wider\.netcanvas\.json: layer '.*': weight 'kernel' is 400×32 but the layer needs 400×33/,
    },
    {
      name: 'an ONNX model\'s weights for a graph with a layer the model lacks',
      weights: () => onnxFile,
      graph: () => path.join(repoRoot, 'resources/templates/cnn.json'),
      error: /cnn\.onnx's weights do not fit .*cnn\.json: the weights are for a layer '.*' the graph does not have/,
    },
    {
      name: 'a saved model folder of another graph (checked by the job)',
      weights: () => path.join(folder, 'tiny-run'),
      graph: () => savedGraph('wider-run', (doc) => (doc.nodes.find((n: { kind: string }) => n.kind === 'Dense').config.units = 33)),
      error: /The starting weights in .*tiny-run do not fit the graph: layer '.*': weight 'kernel' is 400×32 but the layer needs 400×33/,
    },
    {
      name: 'a folder that holds no saved model',
      weights: () => folder,
      graph: () => savedGraph('no-model'),
      error: /The starting weights in .* cannot be read: .*model\.json: missing/,
    },
  ];
  it.each(MISMATCHES)('refuses $name, exit code 1', async ({ weights, graph, error }) => {
    const { code, stderr } = await cli(['train', graph(), '--weights', weights(), '--data', mnistDir, '--epochs', '1', '--limit', '8', '--test-limit', '8', '--json']);
    expect(code).toBe(1);
    expect(stderr).toMatch(error);
  }, 120_000);
});
