import { describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import { LAYER_KINDS } from '../../src/core/layers/catalogue';
import { graph, stack, type LayerLine } from '../support/graphs';
import { tfjsLayers } from '../support/tfOracle';

/**
 * Every layer kind, over many configurations, against tfjs-layers as the oracle:
 * the output shape and the trainable and non-trainable counts of each layer must be
 * what tfjs computes for the same Keras topology.
 */
const CASES: { name: string; layers?: LayerLine[]; links?: [string, string][] }[] = [
  { name: 'Dense on a vector', layers: [['in', 'Input', { shape: [784] }], ['d', 'Dense', { units: 256 }]] },
  { name: 'Dense without bias, with l2', layers: [['in', 'Input', { shape: [20] }], ['d', 'Dense', { units: 7, useBias: false, kernelRegularizer: { type: 'l2', factor: 0.01 } }]] },
  { name: 'Dense on an image works on the last axis', layers: [['in', 'Input', { shape: [5, 5, 64] }], ['d', 'Dense', { units: 10, activation: 'softmax' }]] },
  { name: 'Dense on a sequence', layers: [['in', 'Input', { shape: [28, 28] }], ['d', 'Dense', { units: 3, activation: 'tanh' }]] },
  ...['relu', 'elu', 'selu', 'softplus', 'sigmoid', 'tanh', 'softmax', 'linear'].map((activation) => ({
    name: `Activation ${activation}`,
    layers: [['in', 'Input', { shape: [12] }], ['a', 'Activation', { activation }]] as LayerLine[],
  })),
  { name: 'Dropout', layers: [['in', 'Input', { shape: [28, 28, 1] }], ['d', 'Dropout', { rate: 0.45 }]] },
  { name: 'Flatten an image', layers: [['in', 'Input', { shape: [5, 5, 64] }], ['f', 'Flatten']] },
  { name: 'Reshape a vector to an image', layers: [['in', 'Input', { shape: [784] }], ['r', 'Reshape', { targetShape: [28, 28, 1] }]] },
  { name: 'Reshape with an inferred dimension', layers: [['in', 'Input', { shape: [784] }], ['r', 'Reshape', { targetShape: [-1, 28] }]] },
  { name: 'BatchNormalization on features', layers: [['in', 'Input', { shape: [64] }], ['b', 'BatchNormalization']] },
  { name: 'BatchNormalization without scale on an image', layers: [['in', 'Input', { shape: [8, 8, 16] }], ['b', 'BatchNormalization', { scale: false }]] },
  { name: 'Conv2D 3×3 valid', layers: [['in', 'Input', { shape: [28, 28, 1] }], ['c', 'Conv2D', { filters: 64, kernelSize: [3, 3], activation: 'relu' }]] },
  { name: 'Conv2D same padding, stride 2', layers: [['in', 'Input', { shape: [28, 28, 1] }], ['c', 'Conv2D', { filters: 8, kernelSize: 3, strides: 2, padding: 'same' }]] },
  { name: 'Conv2D non-square kernel and strides', layers: [['in', 'Input', { shape: [28, 28, 3] }], ['c', 'Conv2D', { filters: 5, kernelSize: [3, 5], strides: [2, 1] }]] },
  { name: 'Conv2D no bias, l1_l2', layers: [['in', 'Input', { shape: [10, 12, 4] }], ['c', 'Conv2D', { filters: 6, kernelSize: [1, 4], useBias: false, kernelRegularizer: { type: 'l1_l2', l1: 0.001, l2: 0.01 } }]] },
  { name: 'MaxPooling2D 2', layers: [['in', 'Input', { shape: [26, 26, 64] }], ['p', 'MaxPooling2D', { poolSize: 2 }]] },
  { name: 'MaxPooling2D non-square pool', layers: [['in', 'Input', { shape: [13, 13, 3] }], ['p', 'MaxPooling2D', { poolSize: [1, 2] }]] },
  { name: 'AveragePooling2D with strides and same padding', layers: [['in', 'Input', { shape: [11, 11, 2] }], ['p', 'AveragePooling2D', { poolSize: 3, strides: [2, 2], padding: 'same' }]] },
  { name: 'AveragePooling2D 3×2 valid', layers: [['in', 'Input', { shape: [9, 7, 5] }], ['p', 'AveragePooling2D', { poolSize: [3, 2] }]] },
  { name: 'GlobalAveragePooling2D on one channel', layers: [['in', 'Input', { shape: [28, 28, 1] }], ['g', 'GlobalAveragePooling2D']] },
  { name: 'GlobalAveragePooling2D on a non-square map', layers: [['in', 'Input', { shape: [7, 3, 64] }], ['g', 'GlobalAveragePooling2D']] },
  {
    name: 'Conv2D, GlobalAveragePooling2D, Dense (an all-convolutional head)',
    layers: [['in', 'Input', { shape: [28, 28, 1] }], ['c', 'Conv2D', { filters: 12, kernelSize: 3, strides: 2, padding: 'same' }], ['g', 'GlobalAveragePooling2D'], ['d', 'Dense', { units: 10, activation: 'softmax' }]],
  },
  { name: 'SimpleRNN 256 (the book)', layers: [['in', 'Input', { shape: [28, 28] }], ['r', 'SimpleRNN', { units: 256, dropout: 0.2 }]] },
  { name: 'SimpleRNN returning sequences', layers: [['in', 'Input', { shape: [10, 3] }], ['r', 'SimpleRNN', { units: 4, returnSequences: true }]] },
  { name: 'LSTM', layers: [['in', 'Input', { shape: [28, 28] }], ['r', 'LSTM', { units: 32, recurrentDropout: 0.1 }]] },
  { name: 'LSTM without bias, sequences', layers: [['in', 'Input', { shape: [5, 7] }], ['r', 'LSTM', { units: 3, useBias: false, returnSequences: true }]] },
  { name: 'GRU', layers: [['in', 'Input', { shape: [28, 28] }], ['r', 'GRU', { units: 24, kernelRegularizer: { type: 'l1', factor: 0.001 } }]] },
  { name: 'stacked GRU', layers: [['in', 'Input', { shape: [12, 6] }], ['r1', 'GRU', { units: 8, returnSequences: true }], ['r2', 'GRU', { units: 5 }]] },
  { name: 'Bidirectional LSTM concat', layers: [['in', 'Input', { shape: [28, 28] }], ['b', 'Bidirectional', { layer: 'LSTM', units: 16 }]] },
  { name: 'Bidirectional GRU sum, sequences', layers: [['in', 'Input', { shape: [9, 4] }], ['b', 'Bidirectional', { layer: 'GRU', units: 6, mergeMode: 'sum', returnSequences: true }]] },
  { name: 'Bidirectional SimpleRNN ave', layers: [['in', 'Input', { shape: [9, 4] }], ['b', 'Bidirectional', { layer: 'SimpleRNN', units: 6, mergeMode: 'ave' }]] },
  {
    name: 'Add of two branches',
    layers: [['in', 'Input', { shape: [784] }], ['a', 'Dense', { units: 32 }], ['b', 'Dense', { units: 32, activation: 'relu' }], ['s', 'Add']],
    links: [['in', 'a'], ['in', 'b'], ['a', 's'], ['b', 's']],
  },
  {
    name: 'Concatenate of three branches',
    layers: [['in', 'Input', { shape: [28, 28, 1] }], ['c1', 'Conv2D', { filters: 4, kernelSize: 3, padding: 'same' }], ['c2', 'Conv2D', { filters: 6, kernelSize: 5, padding: 'same' }], ['p', 'MaxPooling2D', { poolSize: 1 }], ['j', 'Concatenate']],
    links: [['in', 'c1'], ['in', 'c2'], ['in', 'p'], ['c1', 'j'], ['c2', 'j'], ['p', 'j']],
  },
  {
    name: 'Concatenate on the time axis',
    layers: [['in', 'Input', { shape: [28, 28] }], ['a', 'Dense', { units: 8 }], ['b', 'Dense', { units: 8 }], ['j', 'Concatenate', { axis: 1 }]],
    links: [['in', 'a'], ['in', 'b'], ['a', 'j'], ['b', 'j']],
  },
  {
    name: 'two inputs',
    layers: [['x', 'Input', { shape: [784] }], ['y', 'Input', { shape: [10] }], ['j', 'Concatenate'], ['d', 'Dense', { units: 10 }]],
    links: [['x', 'j'], ['y', 'j'], ['j', 'd']],
  },
];

async function expectMatchesTfjs(layers: LayerLine[], links?: [string, string][]) {
  const doc = links ? graph(layers, links) : stack(layers);
  const analysis = analyseGraph(doc);
  expect(analysis.problems.filter((p) => p.scope === 'structure')).toEqual([]);
  const oracle = await tfjsLayers(doc);
  for (const layer of oracle) {
    const ours = analysis.nodes.get(layer.name)!;
    expect({ name: layer.name, shape: ours.outputShape, trainable: ours.params?.trainable, nonTrainable: ours.params?.nonTrainable }).toEqual({
      name: layer.name,
      shape: layer.outputShape,
      trainable: layer.trainable,
      nonTrainable: layer.nonTrainable,
    });
  }
  expect(oracle.length).toBe(doc.nodes.length);
}

describe('layer kinds against tfjs-layers', () => {
  it.each(CASES)('$name', async ({ layers, links }) => {
    await expectMatchesTfjs(layers!, links);
  });

  it('covers every layer kind in the catalogue', () => {
    const covered = new Set(CASES.flatMap((c) => c.layers!.map(([, kind]) => kind)));
    expect(LAYER_KINDS.map((k) => k.kind).filter((k) => !covered.has(k))).toEqual([]);
  });
});

/** A small seeded generator, so a failing case can be replayed by its seed. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

/** A random stack that stays valid: image layers while the input is an image, then sequence or vector layers. */
function randomStack(seed: number): LayerLine[] {
  const r = random(seed);
  const layers: LayerLine[] = [];
  const startRank = r.pick([1, 2, 3]);
  let shape: number[] = startRank === 1 ? [r.int(4, 300)] : startRank === 2 ? [r.int(2, 20), r.int(1, 30)] : [r.int(6, 32), r.int(6, 32), r.int(1, 4)];
  layers.push(['in', 'Input', { shape }]);
  const depth = r.int(1, 6);
  for (let i = 0; i < depth; i++) {
    const id = `l${i}`;
    if (shape.length === 3) {
      const [h, w] = shape;
      const choice = r.pick(['conv', 'pool', 'avg', 'bn', 'flatten', 'dense']);
      if (choice === 'conv') {
        const k: [number, number] = [r.int(1, Math.min(5, h)), r.int(1, Math.min(5, w))];
        const s: [number, number] = [r.int(1, 2), r.int(1, 2)];
        const padding = r.pick(['valid', 'same'] as const);
        const filters = r.int(1, 16);
        layers.push([id, 'Conv2D', { filters, kernelSize: k, strides: s, padding, activation: r.pick(['relu', 'linear', 'elu']), useBias: r.next() > 0.2 }]);
        shape = padding === 'same' ? [Math.ceil(h / s[0]), Math.ceil(w / s[1]), filters] : [Math.floor((h - k[0]) / s[0]) + 1, Math.floor((w - k[1]) / s[1]) + 1, filters];
      } else if (choice === 'pool' || choice === 'avg') {
        const p: [number, number] = [r.int(1, Math.min(3, h)), r.int(1, Math.min(3, w))];
        layers.push([id, choice === 'pool' ? 'MaxPooling2D' : 'AveragePooling2D', { poolSize: p }]);
        shape = [Math.floor((h - p[0]) / p[0]) + 1, Math.floor((w - p[1]) / p[1]) + 1, shape[2]];
      } else if (choice === 'bn') {
        layers.push([id, 'BatchNormalization', { center: r.next() > 0.3 }]);
      } else if (choice === 'flatten') {
        layers.push([id, 'Flatten']);
        shape = [shape.reduce((a, d) => a * d, 1)];
      } else {
        const units = r.int(1, 12);
        layers.push([id, 'Dense', { units }]);
        shape = [shape[0], shape[1], units];
      }
    } else if (shape.length === 2) {
      const choice = r.pick(['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'dense', 'flatten']);
      const units = r.int(1, 12);
      const seq = r.next() > 0.5;
      if (choice === 'dense') {
        layers.push([id, 'Dense', { units }]);
        shape = [shape[0], units];
      } else if (choice === 'flatten') {
        layers.push([id, 'Flatten']);
        shape = [shape[0] * shape[1]];
      } else if (choice === 'Bidirectional') {
        const mergeMode = r.pick(['concat', 'sum', 'mul', 'ave'] as const);
        layers.push([id, 'Bidirectional', { layer: r.pick(['SimpleRNN', 'LSTM', 'GRU']), units, returnSequences: seq, mergeMode }]);
        const out = mergeMode === 'concat' ? 2 * units : units;
        shape = seq ? [shape[0], out] : [out];
      } else {
        layers.push([id, choice, { units, returnSequences: seq, useBias: r.next() > 0.2 }]);
        shape = seq ? [shape[0], units] : [units];
      }
    } else {
      const choice = r.pick(['dense', 'dropout', 'act', 'bn', 'reshape']);
      if (choice === 'dense') {
        const units = r.int(1, 64);
        layers.push([id, 'Dense', { units, useBias: r.next() > 0.2 }]);
        shape = [units];
      } else if (choice === 'dropout') layers.push([id, 'Dropout', { rate: Math.round(r.next() * 90) / 100 }]);
      else if (choice === 'act') layers.push([id, 'Activation', { activation: r.pick(['relu', 'selu', 'softplus', 'sigmoid']) }]);
      else if (choice === 'bn') layers.push([id, 'BatchNormalization']);
      else {
        layers.push([id, 'Reshape', { targetShape: [shape[0], 1] }]);
        shape = [shape[0], 1];
      }
    }
  }
  return layers;
}

describe('random stacks against tfjs-layers', () => {
  const seeds = Array.from({ length: 60 }, (_, i) => 1000 + i * 7919);
  it.each(seeds)('seed %i', async (seed) => {
    await expectMatchesTfjs(randomStack(seed));
  });
});
