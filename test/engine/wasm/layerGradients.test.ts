import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { relativeError, seeded, KERNEL_SETS } from './gradients';

/** float32 gradients through a few layers, summed in other orders than the cpu backend's. */
const TOLERANCE = 1e-5;

interface LayerCase {
  what: string;
  input: number[];
  layers: () => tf.layers.Layer[];
}

/** Small models of every layer kind the catalogue trains, so each gradient kernel they reach on wasm is exercised. */
const LAYER_CASES: LayerCase[] = [
  { what: 'Dense + ReLU + softmax (the MLP)', input: [6, 20], layers: () => [tf.layers.dense({ units: 16, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })] },
  { what: 'Conv2D + MaxPooling2D + Flatten + Dense (the CNN)', input: [2, 12, 12, 1], layers: () => [tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }), tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.flatten(), tf.layers.dense({ units: 10, activation: 'softmax' })] },
  { what: 'strided same Conv2D (3, 5) + AveragePooling2D', input: [2, 11, 12, 3], layers: () => [tf.layers.conv2d({ filters: 4, kernelSize: [3, 5], strides: 2, padding: 'same', activation: 'elu' }), tf.layers.averagePooling2d({ poolSize: [1, 2], padding: 'same' }), tf.layers.flatten(), tf.layers.dense({ units: 3 })] },
  { what: 'BatchNormalization + selu + softplus', input: [8, 6, 6, 4], layers: () => [tf.layers.conv2d({ filters: 4, kernelSize: 1, activation: 'selu' }), tf.layers.batchNormalization(), tf.layers.activation({ activation: 'softplus' }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'sigmoid' })] },
  { what: 'Conv2D + GlobalAveragePooling2D', input: [2, 7, 6, 3], layers: () => [tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' }), tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: 3 })] },
  { what: 'SimpleRNN (the RNN)', input: [4, 7, 5], layers: () => [tf.layers.simpleRNN({ units: 12 }), tf.layers.dense({ units: 10, activation: 'softmax' })] },
  { what: 'LSTM, stacked', input: [3, 6, 4], layers: () => [tf.layers.lstm({ units: 8, returnSequences: true }), tf.layers.lstm({ units: 5 })] },
  { what: 'GRU', input: [3, 6, 4], layers: () => [tf.layers.gru({ units: 7 }), tf.layers.dense({ units: 2, activation: 'tanh' })] },
  { what: 'Bidirectional(LSTM)', input: [2, 5, 3], layers: () => [tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 4 }) as tf.RNN }), tf.layers.dense({ units: 3 })] },
];

/** The model built on the cpu backend with seeded weights; the same weights are used on wasm. */
function buildModel(input: number[], layers: () => tf.layers.Layer[]): { model: tf.Sequential; weights: Float32Array[] } {
  const model = tf.sequential();
  layers().forEach((layer, i) => {
    if (i === 0) model.add(tf.layers.inputLayer({ inputShape: input.slice(1) }));
    model.add(layer);
  });
  const weights = model.getWeights().map((w, i) => seeded(w.size, 50 + i).map((v) => v * 0.5));
  return { model, weights };
}

/** ∂(Σ model(x)·R)/∂weights for every weight, on `backend`. */
function weightGradients(backend: 'cpu' | 'wasm', { input, layers }: LayerCase): Float32Array[] {
  tf.setBackend(backend);
  const { model, weights } = buildModel(input, layers);
  const result = tf.tidy(() => {
    model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
    const x = tf.tensor(seeded(input.reduce((p, d) => p * d, 1), 7), input);
    const outShape = (model.outputs[0].shape as number[]).map((d) => d ?? input[0]);
    const r = tf.tensor(seeded(outShape.reduce((p, d) => p * d, 1), 8), outShape);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => (model.apply(x, { training: true }) as tf.Tensor).mul(r).sum() as tf.Scalar, variables);
    return variables.map((v) => grads[v.name].dataSync() as Float32Array);
  });
  model.dispose();
  return result;
}

describe.each(KERNEL_SETS)('layer gradients on wasm (with the training kernels) match the cpu backend ($name)', ({ activate }) => {
  beforeAll(activate);

  it.each(LAYER_CASES)('$what', (layerCase) => {
    const cpu = weightGradients('cpu', layerCase);
    const wasm = weightGradients('wasm', layerCase);
    expect(wasm.length).toBe(cpu.length);
    cpu.forEach((reference, i) => expect(relativeError(wasm[i], reference), `weight ${i}`).toBeLessThan(TOLERANCE));
  });
});
