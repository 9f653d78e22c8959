import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphDocument } from '../../src/core/graph/document';
import { loadDocument } from '../../src/core/graph/load';
import { graph, stack } from '../support/graphs';

export const repoRoot = path.resolve(__dirname, '../..');

export function template(name: string): GraphDocument {
  return loadDocument(JSON.parse(readFileSync(path.join(repoRoot, 'resources/templates', `${name}.json`), 'utf8')));
}

/**
 * Graphs that train on MNIST, for export: the three templates and branchy or unusual
 * ones that exercise every layer kind, the functional API and each optimizer.
 */
export const EXPORT_GRAPHS: { name: string; doc: () => GraphDocument }[] = [
  { name: 'MLP template', doc: () => template('mlp') },
  { name: 'CNN template', doc: () => template('cnn') },
  { name: 'RNN template', doc: () => template('rnn') },
  {
    name: 'residual Add with batch normalization (RMSprop)',
    doc: () =>
      graph(
        [
          ['input', 'Input', { shape: [784] }],
          ['dense_a', 'Dense', { units: 32, activation: 'relu' }],
          ['dense_b', 'Dense', { units: 32, activation: 'elu', kernelRegularizer: { type: 'l2', factor: 0.001 }, useBias: false }],
          ['sum', 'Add'],
          ['bn', 'BatchNormalization', { momentum: 0.9, epsilon: 0.01 }],
          ['out', 'Dense', { units: 10, activation: 'softmax', biasRegularizer: { type: 'l1_l2', l1: 0.0001, l2: 0.001 } }],
        ],
        [['input', 'dense_a'], ['input', 'dense_b'], ['dense_a', 'sum'], ['dense_b', 'sum'], ['sum', 'bn'], ['bn', 'out']],
        { name: 'Residual MLP', training: { optimizer: { type: 'rmsprop', learningRate: 0.002, momentum: 0.1 }, batchSize: 64, epochs: 3 } },
      ),
  },
  {
    name: 'inception-style Concatenate of convolutions (SGD with momentum)',
    doc: () =>
      graph(
        [
          ['image', 'Input', { shape: [28, 28, 1] }],
          ['conv_3x3', 'Conv2D', { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }],
          ['conv_1x5', 'Conv2D', { filters: 3, kernelSize: [1, 5], padding: 'same', strides: 1, kernelRegularizer: { type: 'l1', factor: 0.0005 } }],
          ['pool_same', 'MaxPooling2D', { poolSize: 3, strides: 1, padding: 'same' }],
          ['join', 'Concatenate'],
          ['avg', 'AveragePooling2D', { poolSize: [2, 2] }],
          ['strided', 'Conv2D', { filters: 6, kernelSize: 3, strides: [2, 2], activation: 'selu', useBias: false }],
          ['flat', 'Flatten'],
          ['drop', 'Dropout', { rate: 0.3 }],
          ['logits', 'Dense', { units: 10 }],
          ['probs', 'Activation', { activation: 'softmax' }],
        ],
        [['image', 'conv_3x3'], ['image', 'conv_1x5'], ['image', 'pool_same'], ['conv_3x3', 'join'], ['conv_1x5', 'join'], ['pool_same', 'join'], ['join', 'avg'], ['avg', 'strided'], ['strided', 'flat'], ['flat', 'drop'], ['drop', 'logits'], ['logits', 'probs']],
        { name: 'Inception block', training: { optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 }, batchSize: 32 } },
      ),
  },
  {
    name: 'all-convolutional: strided Conv2D into GlobalAveragePooling2D (Adam)',
    doc: () =>
      stack(
        [
          ['image', 'Input', { shape: [28, 28, 1] }],
          ['conv', 'Conv2D', { filters: 8, kernelSize: 3, strides: 2, activation: 'relu' }],
          ['gap', 'GlobalAveragePooling2D'],
          ['out', 'Dense', { units: 10, activation: 'softmax' }],
        ],
        { name: 'Global average head', training: { batchSize: 16 } },
      ),
  },
  {
    name: 'recurrent stack from a vector: Reshape, LSTM, Bidirectional GRU (no metrics)',
    doc: () =>
      stack(
        [
          ['pixels', 'Input', { shape: [784] }],
          ['rows', 'Reshape', { targetShape: [28, -1] }],
          ['lstm', 'LSTM', { units: 8, returnSequences: true, recurrentDropout: 0.1, recurrentRegularizer: { type: 'l2', factor: 0.01 } }],
          ['bi_gru', 'Bidirectional', { layer: 'GRU', units: 6, mergeMode: 'sum', recurrentActivation: 'tanh', dropout: 0.1 }],
          ['out', 'Dense', { units: 10, activation: 'softmax' }],
        ],
        { name: 'Recurrent stack', training: { metrics: [], optimizer: { type: 'adam', learningRate: 0.005, beta1: 0.85, epsilon: 1e-6 } } },
      ),
  },
  {
    name: 'sequence branches joined on the time axis, Bidirectional LSTM, SimpleRNN',
    doc: () =>
      graph(
        [
          ['seq', 'Input', { shape: [28, 28] }],
          ['proj_a', 'Dense', { units: 8, activation: 'tanh' }],
          ['proj_b', 'SimpleRNN', { units: 8, returnSequences: true, activation: 'relu' }],
          ['time_join', 'Concatenate', { axis: 1 }],
          ['bi_lstm', 'Bidirectional', { layer: 'LSTM', units: 5, mergeMode: 'concat' }],
          ['head', 'Dense', { units: 10, activation: 'softmax' }],
        ],
        [['seq', 'proj_a'], ['seq', 'proj_b'], ['proj_a', 'time_join'], ['proj_b', 'time_join'], ['time_join', 'bi_lstm'], ['bi_lstm', 'head']],
        { name: 'Two-path sequence', training: { loss: 'meanSquaredError', validationSplit: 0 } },
      ),
  },
];
