import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/document';
import { analyseGraph } from '../../src/core/graph/analyse';
import { exportOnnx } from '../../src/core/onnx/export';
import { importOnnx } from '../../src/core/onnx/import';
import { buildModel } from '../../src/engine/compile/compile';
import { applyLayerWeights, layerWeights } from '../../src/engine/compile/weights';
import { graph, stack } from '../support/graphs';
import { largestDifference, randomInput, randomiseWeights, runOnnx } from '../support/onnxOracle';
import { template } from '../export/graphs';

/*
 * NetCanvas's own ONNX files import again. The export keeps images channels last and wraps
 * Conv and pooling in Transposes to NCHW and back; the import reads those pairs as layout
 * changes, so a graph exported (with seeded random weights, biases and statistics included)
 * imports as the same layers: the same ids, kinds, links and parameter counts, and the tfjs
 * model built from the import, with the imported weights, predicts what ONNX Runtime
 * predicts from the exported file on the same random inputs (within 1e-4).
 */

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CASES: { name: string; asserts: string; doc: () => GraphDocument }[] = [
  { name: 'CNN template', asserts: 'Conv2D (relu folded through the Transpose back), MaxPooling2D, Flatten of NHWC (no row permutation), Dropout, Dense, a separate softmax Activation', doc: () => template('cnn') },
  { name: 'MLP template', asserts: 'Dense and separate relu Activations stay apart (node names say the layer), Dropout keeps its rate', doc: () => template('mlp') },
  { name: 'RNN template', asserts: 'the recurrent export (time-major Transposes, ONNX gate order, a zero recurrent bias) reads back as the same recurrent layers', doc: () => template('rnn') },
  {
    name: 'same padding, strides, average pooling, BatchNormalization, global pooling',
    asserts: 'stride-2 same Conv2D, AveragePooling2D same, BatchNormalization from its folded Mul/Add form, GlobalAveragePooling2D from ReduceMean, softmax Conv2D over channels',
    doc: () =>
      stack([
        ['x', 'Input', { shape: [12, 10, 3] }],
        ['c1', 'Conv2D', { filters: 6, kernelSize: [3, 3], strides: [2, 2], padding: 'same', activation: 'tanh' }],
        ['bn', 'BatchNormalization'],
        ['p', 'AveragePooling2D', { poolSize: [2, 2], strides: [1, 1], padding: 'same' }],
        ['c2', 'Conv2D', { filters: 5, kernelSize: [1, 1], activation: 'softmax', useBias: false }],
        ['g', 'GlobalAveragePooling2D'],
        ['d', 'Dense', { units: 10, activation: 'softmax' }],
      ]),
  },
  {
    name: 'Bidirectional layers',
    asserts: 'a Bidirectional LSTM (merge concat, sequences) feeding a Bidirectional GRU (last states): both directions\' weights, forward/ and backward/, read back',
    doc: () =>
      stack([
        ['x', 'Input', { shape: [6, 3] }],
        ['b1', 'Bidirectional', { layer: 'LSTM', units: 4, returnSequences: true }],
        ['b2', 'Bidirectional', { layer: 'GRU', units: 3 }],
        ['d', 'Dense', { units: 2, activation: 'softmax' }],
      ]),
  },
  {
    name: 'branches on images',
    asserts: 'Add of two Conv2D, Concatenate on the channels of NHWC images, an Activation layer on an image, a linear Activation',
    doc: () =>
      graph(
        [
          ['x', 'Input', { shape: [8, 8, 2] }],
          ['a', 'Conv2D', { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }],
          ['b', 'Conv2D', { filters: 4, kernelSize: [3, 3], padding: 'same' }],
          ['s', 'Add'],
          ['r', 'Activation', { activation: 'elu' }],
          ['j', 'Concatenate'],
          ['m', 'MaxPooling2D', { poolSize: [2, 2] }],
          ['l', 'Activation', { activation: 'linear' }],
          ['f', 'Flatten'],
          ['d', 'Dense', { units: 10, activation: 'softmax' }],
        ],
        [['x', 'a'], ['x', 'b'], ['a', 's'], ['b', 's'], ['s', 'r'], ['r', 'j'], ['a', 'j'], ['j', 'm'], ['m', 'l'], ['l', 'f'], ['f', 'd']],
      ),
  },
];

const layers = (doc: GraphDocument) => doc.nodes.map((n) => `${n.id}:${n.kind}`).sort();
const links = (doc: GraphDocument) => doc.edges.map((e) => `${e.source}→${e.target}`).sort();

describe('NetCanvas ONNX files import again (ONNX Runtime as the oracle)', () => {
  it.each(CASES)('$name: $asserts', async ({ doc }) => {
    const original = doc();
    const model = await buildModel(original);
    let bytes: Uint8Array;
    try {
      randomiseWeights(model, 5);
      bytes = exportOnnx(original, { weights: layerWeights(model), weightsSource: 'test', producerVersion: 'test' });
    } finally {
      model.dispose();
    }
    const imported = importOnnx(bytes, 'own.onnx');
    expect(layers(imported.document)).toEqual(layers(original));
    expect(links(imported.document)).toEqual(links(original));
    const before = analyseGraph(original).totals;
    const after = analyseGraph(imported.document).totals;
    expect({ trainable: after.trainable, nonTrainable: after.nonTrainable }).toEqual({ trainable: before.trainable, nonTrainable: before.nonTrainable });
    // The configs a layer's meaning rests on come back too.
    for (const n of original.nodes) {
      const back = imported.document.nodes.find((m) => m.id === n.id)!;
      if (n.kind === 'Conv2D' || n.kind === 'Dense' || n.kind === 'Activation' || n.kind === 'Dropout' || n.kind.endsWith('Pooling2D')) expect(back.config).toEqual(n.config);
    }
    const rebuilt = await buildModel(imported.document);
    try {
      applyLayerWeights(rebuilt, imported.weights, { complete: true });
      const dims = [3, ...(rebuilt.inputs[0].shape.slice(1) as number[])];
      const data = randomInput(9, dims.reduce((a, d) => a * d, 1));
      const want = await runOnnx(bytes, { [original.nodes[0].id]: { data, dims } });
      const predicted = tf.tidy(() => rebuilt.predict(tf.tensor(data, dims)) as tf.Tensor);
      expect(predicted.shape).toEqual(want.dims);
      expect(largestDifference(await predicted.data(), want.data)).toBeLessThan(1e-4);
      predicted.dispose();
    } finally {
      rebuilt.dispose();
    }
  }, 120_000);
});
