import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/core/onnx/import';
import { encodeModel, ONNX_FLOAT, type ModelProto, type NodeProto, type TensorProto } from '../../src/core/onnx/proto';
import { buildModel } from '../../src/engine/compile/compile';
import { applyLayerWeights } from '../../src/engine/compile/weights';
import { cli } from '../support/cli';
import { largestDifference, randomInput, runOnnx } from '../support/onnxOracle';
import { torchExport as exportFromTorch, torchMissing } from '../support/torchOnnx';

/*
 * ONNX import against PyTorch and ONNX Runtime: models made in the test by torch.onnx.export
 * (opset 13) import with PyTorch's parameter count, and the tfjs model built from the imported
 * graph, with the imported weights, predicts what ONNX Runtime predicts from the same file on
 * random inputs (within 1e-4). Image inputs go to ONNX Runtime as NCHW and to tfjs as NHWC.
 */

if (torchMissing) console.warn(torchMissing);
const folder = mkdtempSync(path.join(tmpdir(), 'netcanvas-onnx-import-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const torchExport = (name: string, body: string) => exportFromTorch(folder, name, body);

/** Python for the recurrent cases: `Last(rnn)` reads a batch-first recurrent module's last state through h_n[-1]. */
const RNN_HEAD = [
  'class Last(nn.Module):',
  '    def __init__(self, r, out=2):',
  '        super().__init__(); self.r = r; self.fc = nn.Linear(r.hidden_size, out)',
  '    def forward(self, x):',
  '        y, h = self.r(x)',
  '        h = h[0] if isinstance(h, tuple) else h',
  '        return self.fc(h[-1])',
  '',
].join('\n');

/** `BiLast(rnn)`: a bidirectional recurrent module's forward and backward last states joined, as Keras's Bidirectional gives them. */
const BI_LAST = [
  'class BiLast(nn.Module):',
  '    def __init__(self, r, out=2):',
  '        super().__init__(); self.r = r; self.fc = nn.Linear(2 * r.hidden_size, out)',
  '    def forward(self, x):',
  '        y, h = self.r(x)',
  '        h = h[0] if isinstance(h, tuple) else h',
  '        return self.fc(torch.cat((h[-2], h[-1]), dim=1))',
  '',
].join('\n');

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
  {
    name: 'book-cnn',
    asserts: 'the book CNN (Conv-ReLU-MaxPool ×2, Flatten, Dense, Dropout, Dense softmax): OIHW → HWIO kernels, the first Dense\'s rows permuted from CHW to HWC order',
    body: [
      'model = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),',
      '    nn.Flatten(), nn.Linear(16 * 5 * 5, 32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, 10), nn.Softmax(dim=1))',
      'shape = (1, 1, 28, 28)',
    ].join('\n'),
  },
  {
    name: 'bn-avgpool-cnn',
    asserts: 'padding 1 as \'same\', a stride-2 valid Conv, BatchNorm (inference form, running statistics), AvgPool (with PyTorch\'s zero Pad), GlobalAveragePool, three input channels',
    body: [
      'model = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.BatchNorm2d(6), nn.ReLU(), nn.AvgPool2d(2),',
      '    nn.Conv2d(6, 8, 3, stride=2, bias=False), nn.BatchNorm2d(8), nn.Tanh(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 4), nn.Softmax(dim=1))',
      'shape = (1, 3, 16, 12)',
    ].join('\n'),
  },
  {
    name: 'branchy-cnn',
    asserts: 'a residual Add of two convolutions and a Concat along channels (axis 1 → last axis), flattened with x.view(x.size(0), -1) (Shape, Gather, Concat, Reshape)',
    body: [
      'class M(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.stem = nn.Conv2d(2, 4, 3, padding=1)',
      '        self.a = nn.Conv2d(4, 4, 3, padding=1)',
      '        self.b = nn.Conv2d(4, 3, 1)',
      '        self.pool = nn.MaxPool2d(2, stride=1)',
      '        self.head = nn.Linear(7 * 7 * 7, 5)',
      '    def forward(self, x):',
      '        s = torch.relu(self.stem(x))',
      '        r = s + torch.relu(self.a(s))',
      '        j = torch.cat([r, self.b(s)], dim=1)',
      '        j = self.pool(j)',
      '        return self.head(j.view(j.size(0), -1))',
      'model = M()',
      'shape = (1, 2, 8, 8)',
    ].join('\n'),
  },
  {
    name: 'branchy-mlp',
    asserts: 'vectors: two Dense branches added, a third concatenated, BatchNorm1d on features',
    body: [
      'class M(nn.Module):',
      '    def __init__(self):',
      '        super().__init__()',
      '        self.a, self.b, self.c = nn.Linear(6, 5), nn.Linear(6, 5), nn.Linear(6, 3)',
      '        self.bn = nn.BatchNorm1d(8)',
      '        self.out = nn.Linear(8, 2)',
      '    def forward(self, x):',
      '        h = torch.cat([torch.relu(self.a(x)) + self.b(x), torch.sigmoid(self.c(x))], dim=1)',
      '        return self.out(self.bn(h))',
      'model = M()',
      'shape = (2, 6)',
    ].join('\n'),
  },
  {
    name: 'lstm-last-state',
    asserts: 'nn.LSTM (batch first) read through h_n[-1]: LSTM, gates i, o, f, c → i, f, c, o, its two biases summed, returnSequences false; zero initial states from ConstantOfShape',
    body: RNN_HEAD + 'model = nn.Sequential(Last(nn.LSTM(3, 6, batch_first=True), 4), nn.Softmax(dim=1))\nshape = (1, 7, 3)',
  },
  {
    name: 'rnn-relu-last-step',
    asserts: 'nn.RNN(nonlinearity=relu) read through y[:, -1, :] (Squeeze, Transpose, Gather of the last step): SimpleRNN relu, returnSequences false',
    body: [
      'class M(nn.Module):',
      '    def __init__(self):',
      '        super().__init__(); self.r = nn.RNN(4, 5, nonlinearity="relu", batch_first=True); self.fc = nn.Linear(5, 3)',
      '    def forward(self, x):',
      '        y, _ = self.r(x)',
      '        return self.fc(y[:, -1, :])',
      'model = M()',
      'shape = (1, 6, 4)',
    ].join('\n'),
  },
  {
    name: 'stacked-lstm-sequence',
    asserts: 'nn.LSTM(num_layers=2): two LSTM layers (the first returnSequences true, read time-major by the second; zero states sliced), the whole sequence flattened into a Dense',
    body: [
      'class M(nn.Module):',
      '    def __init__(self):',
      '        super().__init__(); self.r = nn.LSTM(3, 4, num_layers=2, batch_first=True); self.fc = nn.Linear(5 * 4, 2)',
      '    def forward(self, x):',
      '        y, _ = self.r(x)',
      '        return self.fc(y.reshape(y.size(0), -1))',
      'model = M()',
      'shape = (1, 5, 3)',
    ].join('\n'),
  },
  {
    name: 'bidirectional-lstm-last-states',
    asserts: 'nn.LSTM(bidirectional=True) read through torch.cat((h[-2], h[-1]), 1): Bidirectional LSTM (merge concat, returnSequences false), direction 0 forward/, 1 backward/',
    body: RNN_HEAD + BI_LAST + 'model = nn.Sequential(BiLast(nn.LSTM(3, 4, batch_first=True, bidirectional=True)), nn.Softmax(dim=1))\nshape = (1, 6, 3)',
  },
  {
    name: 'bidirectional-rnn-sequence',
    asserts: 'nn.RNN(bidirectional=True) whose sequence (Y transposed [0, 2, 1, 3], reshaped to [steps, batch, 2·hidden]) feeds an nn.RNN read through h_n[-1]: Bidirectional SimpleRNN returnSequences true, then SimpleRNN',
    body: RNN_HEAD + [
      'class M(nn.Module):',
      '    def __init__(self):',
      '        super().__init__(); self.a = nn.RNN(3, 4, batch_first=True, bidirectional=True); self.b = nn.RNN(8, 5, batch_first=True); self.fc = nn.Linear(5, 2)',
      '    def forward(self, x):',
      '        y, _ = self.a(x)',
      '        _, h = self.b(y)',
      '        return self.fc(h[-1])',
      'model = M()',
      'shape = (1, 5, 3)',
    ].join('\n'),
  },
  {
    name: 'bidirectional-lstm-sequence-flattened',
    asserts: 'nn.LSTM(bidirectional=True) whose whole sequence, batch first, is flattened into a Dense: Bidirectional LSTM returnSequences true, forward and backward units interleaved per step as Keras concatenates them',
    body: [
      'class M(nn.Module):',
      '    def __init__(self):',
      '        super().__init__(); self.r = nn.LSTM(3, 4, batch_first=True, bidirectional=True); self.fc = nn.Linear(5 * 8, 2)',
      '    def forward(self, x):',
      '        y, _ = self.r(x)',
      '        return self.fc(y.reshape(y.size(0), -1))',
      'model = M()',
      'shape = (1, 5, 3)',
    ].join('\n'),
  },
];

const sizeOf = (ws: readonly tf.LayerVariable[]) => ws.reduce((a, w) => a + w.shape.reduce((b: number, d) => b * (d ?? 1), 1), 0);

describe.skipIf(Boolean(torchMissing))('ONNX import of torch.onnx.export models (PyTorch and ONNX Runtime as oracles)', () => {
  it.each(MODELS)('$name: $asserts', async ({ name, body }) => {
    const { bytes, params, stats, recurrentBiases } = torchExport(name, body);
    const imported = importOnnx(bytes, `${name}.onnx`);
    const model = await buildModel(imported.document);
    try {
      // tfjs's trainable weights are PyTorch's parameters, less a recurrent layer's second bias (Keras has one, the
      // import sums the two); its non-trainable ones BatchNorm's running mean and variance (PyTorch's buffers).
      expect(sizeOf(model.trainableWeights)).toBe(params - recurrentBiases);
      expect(sizeOf(model.nonTrainableWeights)).toBe(stats);
      expect(model.countParams()).toBe(params - recurrentBiases + stats);
      applyLayerWeights(model, imported.weights);
      const inShape = model.inputs[0].shape as number[];
      const onnxDims = [4, ...(inShape.length === 4 ? [inShape[3], inShape[1], inShape[2]] : inShape.slice(1))];
      const data = randomInput(7, onnxDims.reduce((a, d) => a * d, 1));
      const x = tf.tidy(() => (onnxDims.length === 4 ? tf.tensor(data, onnxDims).transpose([0, 2, 3, 1]) : tf.tensor(data, onnxDims)));
      const predicted = model.predict(x) as tf.Tensor;
      const want = await runOnnx(bytes, { x: { data, dims: onnxDims } });
      expect(predicted.shape).toEqual(want.dims);
      expect(largestDifference(await predicted.data(), want.data)).toBeLessThan(1e-4);
      tf.dispose([x, predicted]);
    } finally {
      model.dispose();
    }
  }, 180_000);

  const REFUSED: { name: string; body: string; error: RegExp }[] = [
    { name: 'every unmapped operator listed by node and op type', body: 'class M(nn.Module):\n    def forward(self, x):\n        return torch.cos(x) + torch.abs(x)\nmodel = M()\nshape = (1, 4)', error: /does not map: .*\(Cos\).*\(Abs\)|does not map: .*\(Abs\).*\(Cos\)/ },
    { name: 'a grouped convolution', body: 'model = nn.Conv2d(4, 4, 3, groups=2)\nshape = (1, 4, 6, 6)', error: /node '.*' \(Conv\) has group 2/ },
    { name: 'a dilated convolution', body: 'model = nn.Sequential(nn.Conv2d(1, 2, 3, dilation=2), nn.Flatten())\nshape = (1, 1, 9, 9)', error: /\(Conv\) has dilations \[2, 2\]/ },
    { name: 'pads that are neither valid nor Keras\'s same', body: 'model = nn.Sequential(nn.Conv2d(1, 2, 3, padding=2), nn.Flatten())\nshape = (1, 1, 6, 6)', error: /\(Conv\) pads \[2, 2, 2, 2\].*neither 'valid'/ },
    { name: 'ceil_mode pooling', body: 'model = nn.Sequential(nn.MaxPool2d(2, ceil_mode=True), nn.Flatten())\nshape = (1, 1, 5, 5)', error: /\(MaxPool\) has ceil_mode 1/ },
    { name: 'a softmax over channels of an image', body: 'model = nn.Sequential(nn.Conv2d(1, 2, 1), nn.Softmax(dim=1), nn.Flatten())\nshape = (1, 1, 3, 3)', error: /\(Softmax\) takes a softmax along axis 1 of \[batch, 2, 3, 3\]/ },
    { name: 'a channels-first feature map as the output', body: 'model = nn.Conv2d(1, 2, 3)\nshape = (1, 1, 5, 5)', error: /output 'y' is a channels-first feature map \[2, 3, 3\]/ },
    { name: 'a Dense on every step of a sequence', body: 'model = nn.Linear(3, 2)\nshape = (1, 5, 3)', error: /\(MatMul\) has a 3×2 weight for an input of shape \[5, 3\]/ },
    { name: 'PyTorch\'s GRU (linear_before_reset 1, Keras\'s reset_after=True)', body: RNN_HEAD + 'model = Last(nn.GRU(3, 4, batch_first=True))\nshape = (1, 5, 3)', error: /\(GRU\) has linear_before_reset 1 .*reset_after=False/ },
    { name: 'a bidirectional GRU (PyTorch\'s, linear_before_reset 1)', body: RNN_HEAD + BI_LAST + 'model = BiLast(nn.GRU(3, 4, batch_first=True, bidirectional=True))\nshape = (1, 5, 3)', error: /\(GRU\) has linear_before_reset 1/ },
    { name: 'a bidirectional LSTM read only through its backward last state h_n[-1]', body: RNN_HEAD + 'model = Last(nn.LSTM(3, 4, batch_first=True, bidirectional=True))\nshape = (1, 5, 3)', error: /\(LSTM\) has its bidirectional last states Y_h read other than as the forward and backward ones joined/ },
    { name: 'a recurrent layer whose sequence and last state are both read', body: RNN_HEAD + 'class Both(nn.Module):\n    def __init__(self):\n        super().__init__(); self.r = nn.LSTM(3, 4, batch_first=True)\n    def forward(self, x):\n        y, (h, c) = self.r(x)\n        return y[:, 0, :] + h[-1]\nmodel = Both()\nshape = (1, 5, 3)', error: /\(LSTM\) has both its sequence Y and its last state Y_h read/ },
  ];
  it.each(REFUSED)('refuses $name, naming it', ({ name, body, error }) => {
    const { bytes } = torchExport(name.replace(/\W+/g, '-'), body);
    expect(() => importOnnx(bytes, 'm.onnx')).toThrow(error);
  }, 120_000);

  it('netcanvas summary and validate open the book CNN as an .onnx file: PyTorch\'s parameter count, MNIST\'s 28×28×1 input', async () => {
    const { params } = torchExport('cli-cnn', MODELS.find((m) => m.name === 'book-cnn')!.body);
    const file = path.join(folder, 'cli-cnn.onnx');
    const summary = await cli(['summary', file, '--json']);
    expect(summary.code).toBe(0);
    const parsed = JSON.parse(summary.stdout) as { totalParams: number; layers: { outputShape: unknown }[] };
    expect(parsed.totalParams).toBe(params);
    expect(parsed.layers[0].outputShape).toEqual([null, 28, 28, 1]);
    const validate = await cli(['validate', file]);
    expect(validate.code).toBe(0);
    expect(validate.stderr).toBe(''); // its weights now go to train: nothing is left out
  }, 120_000);

  it('netcanvas summary refuses an .onnx file it cannot map with exit code 1, naming the node and operator', async () => {
    torchExport('cli-grouped', 'model = nn.Sequential(nn.Conv2d(4, 4, 3, groups=2), nn.Flatten())\nshape = (1, 4, 6, 6)');
    const { code, stderr } = await cli(['summary', path.join(folder, 'cli-grouped.onnx')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cli-grouped\.onnx: node '.*' \(Conv\) has group 2/);
  }, 120_000);

  it('refuses a truncated torch export as not ONNX', () => {
    const { bytes } = torchExport('truncated', 'model = nn.Linear(50, 40)\nshape = (1, 50)');
    expect(() => importOnnx(bytes.subarray(0, Math.floor(bytes.length / 2)), 't.onnx')).toThrow(/t\.onnx: is not an ONNX model/);
  }, 120_000);
});

// Hand-made models for what PyTorch does not write: a small Gemm model, then one thing broken.
const floats = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);
const tensor = (name: string, dims: number[], raw: Uint8Array): TensorProto => ({ name, dims, data_type: ONNX_FLOAT, raw_data: raw });
const gemm: NodeProto = { name: 'fc', op_type: 'Gemm', input: ['x', 'W'], output: ['y'], attribute: [] };
const vec = (name: string, dims: (number | string)[]) => ({ name, type: { tensor_type: { elem_type: ONNX_FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } } });
function tiny(change: (m: { opset: number; nodes: NodeProto[]; inits: TensorProto[]; input: ReturnType<typeof vec>[]; output: ReturnType<typeof vec>[] }) => void): Uint8Array {
  const m = { opset: 13, nodes: [gemm], inits: [tensor('W', [2, 3], floats([1, 2, 3, 4, 5, 6]))], input: [vec('x', ['batch', 2])], output: [vec('y', ['batch', 3])] };
  change(m);
  const model: ModelProto = {
    ir_version: 7, producer_name: 'test', producer_version: '0', opset_import: [{ domain: '', version: m.opset }], metadata_props: [],
    graph: { name: 'tiny', node: m.nodes, initializer: m.inits, input: m.input, output: m.output },
  };
  return encodeModel(model);
}

const BAD: { name: string; bytes: () => Uint8Array; error: RegExp }[] = [
  { name: 'text that is not protobuf', bytes: () => new TextEncoder().encode('hello, this is not an ONNX file'), error: /bad\.onnx: is not an ONNX model/ },
  { name: 'empty bytes have no graph', bytes: () => new Uint8Array(0), error: /bad\.onnx: is not an ONNX model \(it has no graph\)/ },
  { name: 'a truncated file', bytes: () => tiny(() => {}).subarray(0, 40), error: /bad\.onnx: is not an ONNX model/ },
  { name: 'an opset below 7', bytes: () => tiny((m) => (m.opset = 3)), error: /imports opset 3; NetCanvas reads opsets 7 to 21/ },
  { name: 'an initializer whose data disagrees with its dims', bytes: () => tiny((m) => (m.inits = [tensor('W', [2, 3], floats([1, 2, 3]))])), error: /initializer 'W' has 3 values but its dimensions 2×3 need 6/ },
  { name: 'an initializer too large, refused before allocating', bytes: () => tiny((m) => (m.inits = [tensor('W', [100_000, 100_000], floats([1]))])), error: /initializer 'W' holds 10000000000 values, more than 500000000/ },
  { name: 'two outputs', bytes: () => tiny((m) => m.output.push(vec('z', ['batch', 3]))), error: /has 2 outputs \('y', 'z'\)/ },
  { name: 'a dynamic feature dimension', bytes: () => tiny((m) => (m.input = [vec('x', ['batch', 'n'])])), error: /input 'x' has the shape \[batch, n\]; NetCanvas needs every dimension but the batch fixed/ },
  {
    name: 'a cycle',
    bytes: () => tiny((m) => (m.nodes = [{ name: 'r1', op_type: 'Relu', input: ['b'], output: ['a'], attribute: [] }, { name: 'r2', op_type: 'Relu', input: ['a'], output: ['b'], attribute: [] }, { ...gemm, input: ['x', 'W'] }])),
    error: /a cycle or reads values nothing makes, at 'r1' \(Relu\), 'r2' \(Relu\)/,
  },
  { name: 'a weight for other features', bytes: () => tiny((m) => (m.input = [vec('x', ['batch', 5])])), error: /node 'fc' \(Gemm\) has a 2×3 weight for an input of shape \[5\]/ },
  { name: 'a weight that is a graph input, not an initializer', bytes: () => tiny((m) => { m.inits = []; m.input.push(vec('W', [2, 3])); }), error: /has 2 inputs/ },
];
describe('ONNX import refuses bad bytes with the file, node and operator named', () => {
  it.each(BAD)('$name', ({ bytes, error }) => {
    expect(() => importOnnx(bytes(), 'bad.onnx')).toThrow(error);
  });
  it('the hand-made model itself imports (so each case fails for its one change)', () => {
    expect(importOnnx(tiny(() => {}), 'ok.onnx').document.nodes.map((n) => n.kind)).toEqual(['Input', 'Dense']);
  });
});
