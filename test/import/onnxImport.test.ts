import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import { importOnnx } from '../../src/core/onnx/import';
import { buildModel } from '../../src/engine/compile/compile';
import { largestDifference, randomInput, runOnnx } from '../support/onnxOracle';

/*
 * ONNX import against PyTorch and ONNX Runtime: models made by torch.onnx.export import with
 * PyTorch's parameter count, and the tfjs model built from the imported graph and weights
 * predicts what ONNX Runtime predicts from the same file (within 1e-4).
 */

const PYTHON = '/usr/bin/python3';
const hasTorch = (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import torch, onnx'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const folder = mkdtempSync(path.join(tmpdir(), 'netcanvas-onnx-import-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Exports a PyTorch model built by `body` (Python, defining `model` and `shape`), printing its parameter count. */
function torchExport(name: string, body: string): { bytes: Uint8Array; params: number } {
  const file = path.join(folder, `${name}.onnx`);
  const script = [
    'import sys, torch, torch.nn as nn',
    'torch.manual_seed(0)',
    body,
    'model.eval()',
    'torch.onnx.export(model, torch.randn(*shape), sys.argv[1], input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=17, dynamo=False) if "dynamo" in torch.onnx.export.__code__.co_varnames else torch.onnx.export(model, torch.randn(*shape), sys.argv[1], input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=17)',
    'print(sum(p.numel() for p in model.parameters()))',
  ].join('\n');
  const out = execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (!existsSync(file)) throw new Error(`torch wrote no ${file}`);
  return { bytes: readFileSync(file), params: Number(out.trim().split('\n').pop()) };
}

const MODELS: { name: string; asserts: string; body: string }[] = [
  {
    name: 'mlp',
    asserts: 'the book MLP (784-256-256-10, dropout, softmax): Gemm transB=1 → Dense [in, out], Relu and Softmax folded',
    body: 'model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10), nn.Softmax(dim=1))\nshape = (1, 784)',
  },
  {
    name: 'activations',
    asserts: 'tanh, sigmoid and an activation after a Dropout become their own layers or fold into Dense',
    body: 'model = nn.Sequential(nn.Linear(12, 7), nn.Tanh(), nn.Linear(7, 5, bias=False), nn.Sigmoid(), nn.Dropout(0.3), nn.ELU(), nn.Linear(5, 3))\nshape = (1, 12)',
  },
];

describe.skipIf(!hasTorch)('ONNX import of torch.onnx.export models (PyTorch and ONNX Runtime as oracles)', () => {
  it.each(MODELS)('$name: $asserts', async ({ name, body }) => {
    const { bytes, params } = torchExport(name, body);
    const imported = importOnnx(bytes, `${name}.onnx`);
    const analysis = analyseGraph(imported.document);
    expect(analysis.totals.total).toBe(params);
    const model = await buildModel(imported.document);
    try {
      for (const layer of model.layers) {
        const w = imported.weights.get(layer.name);
        if (!w) continue;
        const values = layer.weights.map((v) => {
          const key = v.originalName.split('/').pop()!;
          const got = w.get(key)!;
          return tf.tensor(got.values, got.shape as number[]);
        });
        layer.setWeights(values);
        tf.dispose(values);
      }
      const features = model.inputs[0].shape[1] as number;
      const data = randomInput(7, 4 * features);
      const x = tf.tensor(data, [4, features]);
      const predicted = model.predict(x) as tf.Tensor;
      const want = await runOnnx(bytes, { x: { data, dims: [4, features] } });
      expect(largestDifference(await predicted.data(), want.data)).toBeLessThan(1e-4);
      tf.dispose([x, predicted]);
    } finally {
      model.dispose();
    }
  }, 120_000);

  it('refuses every unmapped operator in one message, by node name and op type', () => {
    const { bytes } = torchExport('unmapped', 'class M(nn.Module):\n    def forward(self, x):\n        return torch.cos(x) + torch.abs(x)\nmodel = M()\nshape = (1, 4)');
    expect(() => importOnnx(bytes, 'unmapped.onnx')).toThrow(/Cos'?\).*Abs|Abs'?\).*Cos/);
  }, 120_000);
});

const BAD: { name: string; bytes: () => Uint8Array; error: RegExp }[] = [
  { name: 'text that is not protobuf', bytes: () => new TextEncoder().encode('hello, this is not an ONNX file'), error: /bad\.onnx: is not an ONNX model/ },
  { name: 'empty bytes have no graph', bytes: () => new Uint8Array(0), error: /bad\.onnx: is not an ONNX model/ },
];
describe('ONNX import refuses bad bytes with the file named', () => {
  it.each(BAD)('$name', ({ bytes, error }) => {
    expect(() => importOnnx(bytes(), 'bad.onnx')).toThrow(error);
  });
});
