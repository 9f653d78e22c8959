import { describe, expect, it } from 'vitest';
import { analyseGraph, type Problem } from '../../src/core/graph/analyse';
import { graph, rawStack, stack, type LayerLine } from '../support/graphs';

/**
 * Validation messages, as a table: each case is a graph and the problems it must
 * produce, matched by node, field, severity, a phrase of the message and the fix.
 */
interface Expected {
  node?: string;
  field?: string;
  severity?: 'error' | 'warning';
  says: RegExp;
  fix?: Problem['fix'];
}

const softmaxOut: LayerLine = ['out', 'Dense', { units: 10, activation: 'softmax' }];

const CASES: { name: string; layers: LayerLine[]; links?: [string, string][]; training?: Record<string, unknown>; raw?: boolean; notOnCycle?: string[]; expect: Expected[] }[] = [
  {
    name: 'a cycle',
    layers: [['in', 'Input', { shape: [784] }], ['a', 'Dense', { units: 8 }], ['b', 'Dense', { units: 8 }], ['j', 'Add'], softmaxOut],
    links: [['in', 'a'], ['a', 'j'], ['j', 'b'], ['b', 'j'], ['b', 'out']],
    expect: [{ node: 'j', says: /cycle/ }, { node: 'b', says: /cycle/ }],
    notOnCycle: ['out'],
  },
  {
    name: 'a node not connected to an input',
    layers: [['in', 'Input', { shape: [784] }], ['lonely', 'Dense', { units: 8 }], softmaxOut],
    links: [['in', 'out']],
    expect: [{ node: 'lonely', says: /has no input connected/ }],
  },
  {
    name: 'two ends',
    layers: [['in', 'Input', { shape: [784] }], ['a', 'Dense', { units: 10, activation: 'softmax' }], ['b', 'Dense', { units: 10, activation: 'softmax' }]],
    links: [['in', 'a'], ['in', 'b']],
    expect: [{ says: /2 ends/ }],
  },
  {
    name: 'a single-input layer fed twice',
    layers: [['in', 'Input', { shape: [784] }], ['a', 'Dense', { units: 8 }], ['b', 'Dense', { units: 8 }], ['c', 'Dense', { units: 10, activation: 'softmax' }]],
    links: [['in', 'a'], ['in', 'b'], ['a', 'c'], ['b', 'c']],
    expect: [{ node: 'c', says: /takes one input, but 2 are connected/, fix: { kind: 'insert-before', layer: 'Concatenate' } }],
  },
  {
    name: 'Conv2D on a vector',
    layers: [['in', 'Input', { shape: [784] }], ['c', 'Conv2D', { filters: 8 }], ['f', 'Flatten'], softmaxOut],
    expect: [{ node: 'c', says: /needs an image .* receives a vector/, fix: { kind: 'insert-before', layer: 'Reshape', config: { targetShape: [28, 28, 1] } } }],
  },
  {
    name: 'an RNN on an image',
    layers: [['in', 'Input', { shape: [28, 28, 1] }], ['r', 'LSTM', { units: 8 }], softmaxOut],
    expect: [{ node: 'r', says: /needs a sequence .* receives an image/ }],
  },
  {
    name: 'Dense on an image whose output does not fit the labels',
    layers: [['in', 'Input', { shape: [28, 28, 1] }], ['c', 'Conv2D', { filters: 4 }], ['d', 'Dense', { units: 10, activation: 'softmax' }]],
    expect: [{ node: 'd', says: /last axis .* insert Flatten/, fix: { kind: 'insert-before', layer: 'Flatten' } }],
  },
  {
    name: 'a kernel larger than its input',
    layers: [['in', 'Input', { shape: [28, 28, 1] }], ['p', 'MaxPooling2D', { poolSize: 8 }], ['p2', 'MaxPooling2D', { poolSize: 2 }], ['c', 'Conv2D', { filters: 4, kernelSize: 3 }], ['f', 'Flatten'], softmaxOut],
    expect: [{ node: 'c', field: 'kernelSize', says: /3×3 window does not fit a 1×1 input/, fix: { kind: 'set-field', field: 'padding', value: 'same' } }],
  },
  {
    name: 'negative units',
    raw: true,
    layers: [['in', 'Input', { shape: [784] }], ['d', 'Dense', { units: -3 }], softmaxOut],
    expect: [{ node: 'd', field: 'units', says: /units must be at least 1/ }],
  },
  {
    name: 'dropout of 1',
    raw: true,
    layers: [['in', 'Input', { shape: [784] }], ['d', 'Dropout', { rate: 1 }], softmaxOut],
    expect: [{ node: 'd', field: 'rate', says: /rate must be below 1/ }],
  },
  {
    name: 'recurrent dropout below 0',
    raw: true,
    layers: [['in', 'Input', { shape: [28, 28] }], ['r', 'GRU', { units: 4, recurrentDropout: -0.1 }], softmaxOut],
    expect: [{ node: 'r', field: 'recurrentDropout', says: /at least 0/ }],
  },
  {
    name: 'categorical cross-entropy after a non-softmax output',
    layers: [['in', 'Input', { shape: [784] }], ['out', 'Dense', { units: 10, activation: 'relu' }]],
    expect: [{ node: 'out', field: 'activation', severity: 'warning', says: /categorical cross-entropy .* softmax/, fix: { kind: 'set-field', field: 'activation', value: 'softmax' } }],
  },
  {
    name: 'binary cross-entropy without sigmoid',
    layers: [['in', 'Input', { shape: [784] }], softmaxOut],
    training: { loss: 'binaryCrossentropy' },
    expect: [{ node: 'out', severity: 'warning', says: /binary cross-entropy .* sigmoid/ }],
  },
  {
    name: 'an output of the wrong width',
    layers: [['in', 'Input', { shape: [784] }], ['out', 'Dense', { units: 7, activation: 'softmax' }]],
    expect: [{ node: 'out', field: 'units', says: /7 values, but MNIST digits has 10 classes/, fix: { kind: 'set-field', field: 'units', value: 10 } }],
  },
  {
    name: 'an input that is not 784 values',
    layers: [['in', 'Input', { shape: [100] }], softmaxOut],
    expect: [{ node: 'in', field: 'shape', says: /784 values .* this input takes 100/ }],
  },
  {
    name: 'Add of different shapes',
    layers: [['in', 'Input', { shape: [784] }], ['a', 'Dense', { units: 8 }], ['b', 'Dense', { units: 9 }], ['s', 'Add'], softmaxOut],
    links: [['in', 'a'], ['in', 'b'], ['a', 's'], ['b', 's'], ['s', 'out']],
    expect: [{ node: 's', says: /one shape but receives \(None, 8\) and \(None, 9\)/ }],
  },
  {
    name: 'a merge with one input',
    layers: [['in', 'Input', { shape: [784] }], ['s', 'Concatenate'], softmaxOut],
    expect: [{ node: 's', says: /only one is connected/ }],
  },
  {
    name: 'a Reshape that does not add up',
    layers: [['in', 'Input', { shape: [784] }], ['r', 'Reshape', { targetShape: [27, 28] }], ['f', 'Flatten'], softmaxOut],
    expect: [{ node: 'r', field: 'targetShape', says: /holds 756 values but each sample has 784/ }],
  },
  {
    name: 'BatchNormalization without scale, which tfjs cannot train',
    layers: [['in', 'Input', { shape: [784] }], ['b', 'BatchNormalization', { scale: false }], softmaxOut],
    expect: [{ node: 'b', field: 'scale', says: /cannot train BatchNormalization with scale turned off/, fix: { kind: 'set-field', field: 'scale', value: true } }],
  },
  {
    name: 'no input at all',
    layers: [['d', 'Dense', { units: 10 }]],
    expect: [{ says: /no Input layer/ }, { node: 'd', says: /no input connected/ }],
  },
  {
    name: 'an input feeding an input',
    layers: [['in', 'Input', { shape: [784] }], ['in2', 'Input', { shape: [784] }], softmaxOut],
    expect: [{ node: 'in2', says: /takes no incoming connection/ }],
  },
];

describe('validation', () => {
  it.each(CASES)('$name', ({ layers, links, training, raw, notOnCycle, expect: expected }) => {
    const doc = raw ? rawStack(layers) : links ? graph(layers, links, training ? { training } : {}) : stack(layers, training ? { training } : {});
    const { problems, valid } = analyseGraph(doc);
    for (const want of expected) {
      const match = problems.find(
        (p) =>
          (want.node === undefined || p.nodeId === want.node) &&
          (want.field === undefined || p.field === want.field) &&
          (want.severity === undefined || p.severity === want.severity) &&
          want.says.test(p.message),
      );
      expect(match, `expected a problem like ${want.says} on ${want.node ?? 'the graph'}; got:\n${problems.map((p) => p.message).join('\n')}`).toBeDefined();
      if (want.node) expect(match!.message).toContain(`'${want.node}'`);
      if (want.field) expect(match!.message).toContain(`(${want.field})`);
      if (want.fix) expect(match!.fix).toEqual(want.fix);
    }
    for (const id of notOnCycle ?? []) expect(problems.filter((p) => p.nodeId === id && /cycle/.test(p.message))).toEqual([]);
    const errorsExpected = expected.some((e) => (e.severity ?? 'error') === 'error');
    expect(valid).toBe(!errorsExpected);
  });

  it.each(['mlp', 'cnn', 'rnn'])('the %s template has no problems', async (name) => {
    const { openGraphText } = await import('../../src/core/graph/open');
    const { readFileSync } = await import('node:fs');
    const { document } = openGraphText(readFileSync(`resources/templates/${name}.json`, 'utf8'));
    expect(analyseGraph(document).problems).toEqual([]);
  });
});
