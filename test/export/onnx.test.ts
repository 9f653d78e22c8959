import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/document';
import { LAYER_KINDS } from '../../src/core/layers/catalogue';
import { exportOnnx } from '../../src/core/onnx/export';
import { decodeModel } from '../../src/core/onnx/proto';
import { buildModel } from '../../src/engine/compile/compile';
import { layerWeights } from '../../src/engine/compile/weights';
import { randomGraph } from '../engine/fixtures';
import { readMnist } from '../digits/support/mnist';
import { graph, stack, type LayerLine } from '../support/graphs';
import { checkOnnxFiles, largestDifference, randomInput, randomiseWeights, runOnnx } from '../support/onnxOracle';
import { template } from './graphs';

/**
 * ONNX export against two oracles not our own: ONNX Runtime's outputs equal tfjs's
 * predictions for the same weights and inputs (within 1e-4), and ONNX's checker accepts
 * every file written. Weights are randomised first, so every bias, gamma, beta and moving
 * statistic is tested, not only the zeros and ones tfjs starts them at.
 */

const folder = mkdtempSync(path.join(tmpdir(), 'netcanvas-onnx-'));
const written: string[] = [];
afterAll(() => rmSync(folder, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOLERANCE = 1e-4;

/** Builds the graph in tfjs with seeded random weights, exports it, and runs both on the same inputs. */
async function compare(name: string, doc: GraphDocument, seed: number, samples = 3, images?: Float32Array): Promise<{ worst: number; bytes: Uint8Array }> {
  const model = await buildModel(doc);
  try {
    randomiseWeights(model, seed);
    const bytes = exportOnnx(doc, { weights: layerWeights(model), weightsSource: 'test', producerVersion: 'test' });
    const file = path.join(folder, `${name.replace(/[^A-Za-z0-9]+/g, '_')}.onnx`);
    writeFileSync(file, bytes);
    written.push(file);
    const feeds = model.inputs.map((input, i) => {
      const dims = [samples, ...(input.shape.slice(1) as number[])];
      const count = dims.reduce((a, d) => a * d, 1);
      return { name: model.inputNames[i], dims, data: images ?? randomInput(seed + i, count) };
    });
    const inputs = feeds.map((f) => tf.tensor(f.data, f.dims));
    const predicted = model.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor;
    const want = await predicted.data();
    const got = await runOnnx(bytes, Object.fromEntries(feeds.map((f) => [f.name, f])));
    expect(got.dims).toEqual(predicted.shape);
    tf.dispose([...inputs, predicted]);
    return { worst: largestDifference(got.data, want), bytes };
  } finally {
    model.dispose();
  }
}

const ACTIVATIONS = ['linear', 'relu', 'elu', 'selu', 'softplus', 'sigmoid', 'tanh', 'softmax'] as const;
const CELLS = ['SimpleRNN', 'LSTM', 'GRU'] as const;

/** Each case names what it asserts; together they cover every kind and option. */
const CASES: { name: string; doc: () => GraphDocument }[] = [
  ...ACTIVATIONS.map((activation) => ({
    name: `Dense and Activation with ${activation}`,
    doc: () => stack([['x', 'Input', { shape: [6] }], ['d', 'Dense', { units: 5, activation }], ['a', 'Activation', { activation }]]),
  })),
  { name: 'Dense without bias, on a sequence (the last axis), then Dropout', doc: () => stack([['x', 'Input', { shape: [4, 3] }], ['d', 'Dense', { units: 5, useBias: false }], ['drop', 'Dropout', { rate: 0.4 }], ['f', 'Flatten']]) },
  { name: 'Conv2D valid, odd kernel and strides, then Flatten in NHWC order', doc: () => stack([['x', 'Input', { shape: [7, 6, 2] }], ['c', 'Conv2D', { filters: 3, kernelSize: [3, 2], strides: [2, 1], activation: 'relu' }], ['f', 'Flatten'], ['d', 'Dense', { units: 4 }]]) },
  { name: 'Conv2D same with strides (odd padding at the end), no bias, selu', doc: () => stack([['x', 'Input', { shape: [8, 7, 3] }], ['c', 'Conv2D', { filters: 4, kernelSize: [4, 3], strides: [3, 2], padding: 'same', useBias: false, activation: 'selu' }], ['f', 'Flatten']]) },
  ...(['MaxPooling2D', 'AveragePooling2D'] as const).flatMap((kind) => [
    { name: `${kind} valid with the default strides`, doc: () => stack([['x', 'Input', { shape: [7, 5, 2] }], ['p', kind, { poolSize: [2, 2] }], ['f', 'Flatten']]) },
    { name: `${kind} same with strides 1 and 2 (padding left out of the average)`, doc: () => stack([['x', 'Input', { shape: [7, 6, 2] }], ['p', kind, { poolSize: [3, 2], strides: [1, 2], padding: 'same' }], ['f', 'Flatten']]) },
  ]),
  { name: 'GlobalAveragePooling2D after a convolution', doc: () => stack([['x', 'Input', { shape: [5, 4, 2] }], ['c', 'Conv2D', { filters: 3, kernelSize: 2 }], ['g', 'GlobalAveragePooling2D'], ['d', 'Dense', { units: 2 }]]) },
  { name: 'Reshape with -1 into an image and a sequence', doc: () => stack([['x', 'Input', { shape: [24] }], ['r', 'Reshape', { targetShape: [2, -1, 3] }], ['c', 'Conv2D', { filters: 2, kernelSize: 1 }], ['r2', 'Reshape', { targetShape: [-1, 4] }], ['g', 'GRU', { units: 3 }]]) },
  ...([
    [[5], 'a vector'],
    [[4, 3], 'a sequence'],
    [[3, 4, 2], 'an image'],
  ] as const).map(([shape, what]) => ({
    name: `BatchNormalization on ${what}`,
    doc: () => stack([['x', 'Input', { shape }], ['bn', 'BatchNormalization', { epsilon: 0.01 }], ...(shape.length > 1 ? [['f', 'Flatten'] as const] : [])]),
  })),
  { name: 'BatchNormalization without center or scale', doc: () => stack([['x', 'Input', { shape: [5] }], ['bn', 'BatchNormalization', { center: false, scale: false }]]) },
  {
    name: 'Add of three branches, Concatenate on the channels (in edge order) and on the rows',
    doc: () =>
      graph(
        [['x', 'Input', { shape: [4, 4, 2] }], ['a', 'Conv2D', { filters: 3, kernelSize: 1 }], ['b', 'Conv2D', { filters: 3, kernelSize: 3, padding: 'same' }], ['c', 'Conv2D', { filters: 3, kernelSize: 2, padding: 'same' }], ['sum', 'Add'], ['ch', 'Concatenate'], ['ch2', 'Concatenate'], ['rows', 'Concatenate', { axis: 1 }], ['f', 'Flatten']],
        [['x', 'a'], ['x', 'b'], ['x', 'c'], ['a', 'sum'], ['b', 'sum'], ['c', 'sum'], ['sum', 'ch'], ['x', 'ch'], ['x', 'ch2'], ['sum', 'ch2'], ['ch', 'rows'], ['ch2', 'rows'], ['rows', 'f']],
      ),
  },
  { name: 'Concatenate on the time axis of sequences (axis 1) and of features (axis 2)', doc: () => graph([['x', 'Input', { shape: [3, 2] }], ['d', 'Dense', { units: 2 }], ['t', 'Concatenate', { axis: 1 }], ['e', 'Dense', { units: 3 }], ['f', 'Concatenate', { axis: 2 }], ['o', 'Flatten']], [['x', 'd'], ['x', 't'], ['d', 't'], ['t', 'e'], ['t', 'f'], ['e', 'f'], ['f', 'o']]) },
  { name: 'two Inputs joined', doc: () => graph([['x', 'Input', { shape: [3] }], ['y', 'Input', { shape: [4] }], ['j', 'Concatenate'], ['d', 'Dense', { units: 2 }]], [['x', 'j'], ['y', 'j'], ['j', 'd']]) },
  ...CELLS.flatMap((cell) => [
    { name: `${cell}: the last state`, doc: () => stack([['x', 'Input', { shape: [5, 3] }], ['r', cell, { units: 4, dropout: 0.2, recurrentDropout: 0.2 }]]) },
    { name: `${cell}: every step, no bias, relu`, doc: () => stack([['x', 'Input', { shape: [5, 3] }], ['r', cell, { units: 4, returnSequences: true, useBias: false, activation: 'relu' }], ['f', 'Flatten']]) },
    ...(['linear', 'elu', 'softplus', 'sigmoid'] as const).map((activation) => ({
      name: `${cell}: ${activation} activation, tanh as the recurrent one`,
      doc: () => stack([['x', 'Input', { shape: [4, 2] }], ['r', cell, { units: 3, returnSequences: true, activation, recurrentActivation: 'tanh' }], ['f', 'Flatten']]),
    })),
    ...(['concat', 'sum', 'mul', 'ave'] as const).flatMap((mergeMode) => [
      { name: `Bidirectional ${cell}, ${mergeMode}, the last state`, doc: () => stack([['x', 'Input', { shape: [5, 3] }], ['b', 'Bidirectional', { layer: cell, units: 3, mergeMode }]]) },
      { name: `Bidirectional ${cell}, ${mergeMode}, every step`, doc: () => stack([['x', 'Input', { shape: [5, 3] }], ['b', 'Bidirectional', { layer: cell, units: 3, mergeMode, returnSequences: true }], ['f', 'Flatten']]) },
    ]),
  ]),
];

describe('ONNX Runtime gives what tfjs predicts', () => {
  it.each(CASES.map((c, i) => ({ ...c, seed: 100 + i })))('$name', async ({ name, doc, seed }) => {
    const { worst } = await compare(name, doc(), seed);
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((seed) => ({ seed })))('random graph $seed', async ({ seed }) => {
    const { layers, links } = randomGraph(seed);
    const { worst } = await compare(`random ${seed}`, graph(layers as LayerLine[], links), seed);
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each(['mlp', 'cnn', 'rnn'].map((name) => ({ name })))('the $name template on MNIST test digits', async ({ name }) => {
    const digits = readMnist('test', 4);
    const pixels = Float32Array.from(digits.images, (b) => b / 255);
    const { worst, bytes } = await compare(`template ${name}`, template(name), 7, digits.count, pixels);
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
    const metadata = new Map((decodeModel(bytes).metadata_props as { key: string; value: string }[]).map((p) => [p.key, p.value]));
    expect(metadata.get('inputs')).toBe('input');
    expect(JSON.parse(metadata.get('input.input.shape')!)).toEqual(['batch', ...template(name).nodes[0].config.shape as number[]]);
    expect(metadata.get('input.input.preprocessing')).toContain('divided by 255');
  });
});

describe('refusals name the node and the reason', () => {
  it('every kind that takes an input has an ONNX form (a new kind must bring one, and a case above)', () => {
    expect(LAYER_KINDS.filter((k) => k.arity !== 'none' && !k.onnx).map((k) => k.kind)).toEqual([]);
  });

  it.each([
    { doc: () => stack([['x', 'Input', { shape: [4, 2] }], ['lstm', 'LSTM', { units: 3, activation: 'selu' }]]), message: "LSTM 'lstm': ONNX's LSTM operator has no 'selu' activation (activation)" },
    { doc: () => stack([['x', 'Input', { shape: [4, 2] }], ['bi', 'Bidirectional', { layer: 'GRU', units: 3, recurrentActivation: 'softmax' }]]), message: "Bidirectional 'bi': ONNX's GRU operator has no 'softmax' activation (recurrentActivation)" },
  ])('$message', async ({ doc, message }) => {
    const model = await buildModel(doc());
    expect(() => exportOnnx(doc(), { weights: layerWeights(model), weightsSource: 'test', producerVersion: 'test' })).toThrow(message);
    model.dispose();
  });

  it('refuses weights of another shape, naming the layer and the weight', async () => {
    const small = stack([['x', 'Input', { shape: [4] }], ['d', 'Dense', { units: 3 }]]);
    const large = stack([['x', 'Input', { shape: [4] }], ['d', 'Dense', { units: 5 }]]);
    const model = await buildModel(small);
    expect(() => exportOnnx(large, { weights: layerWeights(model), weightsSource: 'test', producerVersion: 'test' })).toThrow("Dense 'd': its weight 'kernel' is 4×3 but the graph needs 4×5");
    model.dispose();
  });
});

describe('ONNX checker', () => {
  it('accepts every file exported above', () => {
    expect(written.length).toBeGreaterThan(CASES.length);
    expect(() => checkOnnxFiles(written)).not.toThrow();
  });
});
