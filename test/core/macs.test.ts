import { describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import { LAYER_KINDS } from '../../src/core/layers/catalogue';
import { stack, type LayerLine } from '../support/graphs';

/**
 * Multiply-adds per sample, per kind and configuration, against a count written here
 * from each layer's definition in the Keras documentation (not from NetCanvas's code):
 * the node's `macs` in the analysis must equal `expected`. Each case's `why` is the
 * definition the count follows.
 */

/** Keras's conv_output_length for one spatial dimension. */
const convOut = (n: number, k: number, s: number, padding: 'valid' | 'same') => (padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1);

interface MacsCase {
  what: string;
  why: string;
  /** The Input's shape and the layer under test, named `x`. */
  input: number[];
  layer: readonly [kind: string, config?: Record<string, unknown>];
  expected: number;
}

/** Kernel and recurrent-kernel products of one step of a recurrent cell with `blocks` weight blocks. */
const recurrentStep = (blocks: number, features: number, units: number) => blocks * (features * units + units * units);

const CASES: MacsCase[] = [
  { what: 'Dense 784 → 256', why: 'dot(input, kernel): one multiply-add per input feature and unit', input: [784], layer: ['Dense', { units: 256 }], expected: 784 * 256 },
  { what: 'Dense without bias', why: 'the bias is an addition after the dot product, not counted', input: [20], layer: ['Dense', { units: 7, useBias: false }], expected: 20 * 7 },
  { what: 'Dense on an image', why: 'Dense works on the last axis, once per row and column', input: [5, 4, 64], layer: ['Dense', { units: 10 }], expected: 5 * 4 * 64 * 10 },
  { what: 'Dense on a sequence', why: 'once per time step', input: [28, 28], layer: ['Dense', { units: 3 }], expected: 28 * 28 * 3 },
  {
    what: 'Conv2D 3×3 valid',
    why: 'each output value is a kernel-sized window over every input channel',
    input: [28, 28, 1],
    layer: ['Conv2D', { filters: 32, kernelSize: 3 }],
    expected: convOut(28, 3, 1, 'valid') ** 2 * 32 * 3 * 3 * 1,
  },
  {
    what: 'Conv2D 5×5 same',
    why: "'same' keeps ceil(n / stride) positions",
    input: [14, 14, 8],
    layer: ['Conv2D', { filters: 16, kernelSize: 5, padding: 'same' }],
    expected: 14 * 14 * 16 * 5 * 5 * 8,
  },
  {
    what: 'Conv2D strides 2 same',
    why: 'strides skip positions: ceil(n / 2) per dimension',
    input: [28, 28, 3],
    layer: ['Conv2D', { filters: 8, kernelSize: 3, strides: 2, padding: 'same' }],
    expected: convOut(28, 3, 2, 'same') ** 2 * 8 * 3 * 3 * 3,
  },
  {
    what: 'Conv2D non-square kernel and strides, valid',
    why: 'rows and columns each follow conv_output_length',
    input: [11, 12, 4],
    layer: ['Conv2D', { filters: 5, kernelSize: [3, 5], strides: [2, 1] }],
    expected: convOut(11, 3, 2, 'valid') * convOut(12, 5, 1, 'valid') * 5 * 3 * 5 * 4,
  },
  { what: 'Conv2D without bias', why: 'the bias is not a multiply-add', input: [8, 8, 2], layer: ['Conv2D', { filters: 3, kernelSize: 1, useBias: false }], expected: 8 * 8 * 3 * 2 },
  { what: 'MaxPooling2D', why: 'a maximum multiplies nothing', input: [26, 26, 64], layer: ['MaxPooling2D', { poolSize: 2 }], expected: 0 },
  {
    what: 'AveragePooling2D',
    why: "NetCanvas's convention for windowed pooling: no multiply-adds (the window sums are not counted)",
    input: [9, 7, 5],
    layer: ['AveragePooling2D', { poolSize: [3, 2] }],
    expected: 0,
  },
  {
    what: 'GlobalAveragePooling2D',
    why: 'the mean over rows and columns: one addition per input value, counted as one multiply-add; the divisions are not',
    input: [7, 7, 64],
    layer: ['GlobalAveragePooling2D'],
    expected: 7 * 7 * 64,
  },
  { what: 'GlobalAveragePooling2D on a non-square map', why: 'every input value once', input: [5, 3, 2], layer: ['GlobalAveragePooling2D'], expected: 5 * 3 * 2 },
  {
    what: 'SimpleRNN',
    why: 'h_t = act(x_t·W + h_{t-1}·U + b) at each of the steps',
    input: [28, 28],
    layer: ['SimpleRNN', { units: 256 }],
    expected: 28 * recurrentStep(1, 28, 256),
  },
  {
    what: 'SimpleRNN returning sequences',
    why: 'the same work; only what is returned differs',
    input: [10, 3],
    layer: ['SimpleRNN', { units: 4, returnSequences: true }],
    expected: 10 * recurrentStep(1, 3, 4),
  },
  { what: 'LSTM', why: 'four gates (input, forget, cell, output), each x_t·W + h_{t-1}·U', input: [28, 28], layer: ['LSTM', { units: 32 }], expected: 28 * recurrentStep(4, 28, 32) },
  { what: 'LSTM without bias', why: 'the bias is not a multiply-add', input: [5, 7], layer: ['LSTM', { units: 3, useBias: false }], expected: 5 * recurrentStep(4, 7, 3) },
  { what: 'GRU', why: 'three gates (update, reset, candidate), reset_after=false as tfjs', input: [28, 28], layer: ['GRU', { units: 24 }], expected: 28 * recurrentStep(3, 28, 24) },
  {
    what: 'Bidirectional LSTM concat',
    why: 'two copies of the wrapped layer, one per direction; the merge is not counted',
    input: [28, 28],
    layer: ['Bidirectional', { layer: 'LSTM', units: 16 }],
    expected: 2 * 28 * recurrentStep(4, 28, 16),
  },
  {
    what: 'Bidirectional GRU sum',
    why: 'the merge mode does not change the work of the two directions',
    input: [9, 4],
    layer: ['Bidirectional', { layer: 'GRU', units: 6, mergeMode: 'sum' }],
    expected: 2 * 9 * recurrentStep(3, 4, 6),
  },
  {
    what: 'Bidirectional SimpleRNN',
    why: 'two SimpleRNNs',
    input: [9, 4],
    layer: ['Bidirectional', { layer: 'SimpleRNN', units: 6, mergeMode: 'ave' }],
    expected: 2 * 9 * recurrentStep(1, 4, 6),
  },
  {
    what: 'BatchNormalization on features',
    why: 'at inference gamma·(x − mean)/√(var + ε) + beta folds into one multiply-add per value',
    input: [64],
    layer: ['BatchNormalization'],
    expected: 64,
  },
  { what: 'BatchNormalization on an image', why: 'one multiply-add per value, over every row, column and channel', input: [8, 8, 16], layer: ['BatchNormalization', { scale: false }], expected: 8 * 8 * 16 },
  { what: 'Flatten', why: 'moves values, computes nothing', input: [5, 5, 64], layer: ['Flatten'], expected: 0 },
  { what: 'Reshape', why: 'moves values, computes nothing', input: [784], layer: ['Reshape', { targetShape: [28, 28, 1] }], expected: 0 },
  { what: 'Dropout', why: 'nothing at inference', input: [128], layer: ['Dropout', { rate: 0.5 }], expected: 0 },
  { what: 'Activation', why: 'element-wise functions are not multiply-adds', input: [12], layer: ['Activation', { activation: 'relu' }], expected: 0 },
];

describe('multiply-adds per sample against counts from the Keras definitions', () => {
  it.each(CASES)('$what: $why', ({ input, layer: [kind, config], expected }) => {
    const layers: LayerLine[] = [['in', 'Input', { shape: input }], ['x', kind, config]];
    const analysis = analyseGraph(stack(layers));
    expect(analysis.problems.filter((p) => p.severity === 'error' && p.scope === 'structure')).toEqual([]);
    expect(analysis.nodes.get('x')!.macs).toBe(expected);
  });

  it('has a case for every one-input layer kind', () => {
    const covered = new Set(CASES.map((c) => c.layer[0]));
    expect(LAYER_KINDS.filter((k) => k.arity === 'one' && !covered.has(k.kind)).map((k) => k.kind)).toEqual([]);
  });
});
