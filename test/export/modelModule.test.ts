import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateModelModule } from '../../src/core/codegen/modelModule';
import { toKerasModel } from '../../src/core/keras/toKeras';
import { LAYER_KINDS } from '../../src/core/layers/catalogue';
import { graph, stack, type LayerLine } from '../support/graphs';
import { EXPORT_GRAPHS, repoRoot } from './graphs';

/**
 * The `buildModel()` module against tfjs's own reading of the Keras topology: for every
 * layer, the config tfjs reports for the layer the generated code makes (camelCase args
 * such as recurrentActivation and kernelRegularizer) must equal the config tfjs reports
 * when it deserialises the snake_case Keras JSON of the same graph.
 */
const folder = path.join(repoRoot, '.netcanvas-test/model-modules');

const SMALL: { name: string; layers: LayerLine[]; links?: [string, string][] }[] = [
  { name: 'Dense, every setting', layers: [['in', 'Input', { shape: [20] }], ['d', 'Dense', { units: 7, activation: 'sigmoid', useBias: false, kernelRegularizer: { type: 'l1_l2', l1: 0.01, l2: 0.02 }, biasRegularizer: { type: 'l1', factor: 0.1 } }]] },
  { name: 'Activation softplus', layers: [['in', 'Input', { shape: [12] }], ['a', 'Activation', { activation: 'softplus' }]] },
  { name: 'Dropout and Flatten', layers: [['in', 'Input', { shape: [4, 4, 2] }], ['d', 'Dropout', { rate: 0.45 }], ['f', 'Flatten']] },
  { name: 'Reshape', layers: [['in', 'Input', { shape: [784] }], ['r', 'Reshape', { targetShape: [28, 28, 1] }]] },
  { name: 'Conv2D, every setting', layers: [['in', 'Input', { shape: [10, 12, 3] }], ['c', 'Conv2D', { filters: 5, kernelSize: [3, 5], strides: [2, 1], padding: 'same', activation: 'tanh', useBias: false, kernelRegularizer: { type: 'l2', factor: 0.001 } }]] },
  { name: 'MaxPooling2D with strides', layers: [['in', 'Input', { shape: [9, 9, 2] }], ['p', 'MaxPooling2D', { poolSize: [3, 2], strides: [1, 2], padding: 'same' }]] },
  { name: 'AveragePooling2D', layers: [['in', 'Input', { shape: [8, 8, 1] }], ['p', 'AveragePooling2D', { poolSize: 2 }]] },
  { name: 'GlobalAveragePooling2D', layers: [['in', 'Input', { shape: [5, 4, 3] }], ['g', 'GlobalAveragePooling2D']] },
  { name: 'SimpleRNN', layers: [['in', 'Input', { shape: [6, 3] }], ['r', 'SimpleRNN', { units: 4, activation: 'relu', dropout: 0.2, recurrentDropout: 0.1, returnSequences: true }]] },
  { name: 'LSTM', layers: [['in', 'Input', { shape: [6, 3] }], ['r', 'LSTM', { units: 4, recurrentActivation: 'sigmoid', biasRegularizer: { type: 'l2', factor: 0.5 } }]] },
  { name: 'GRU', layers: [['in', 'Input', { shape: [6, 3] }], ['r', 'GRU', { units: 4, useBias: false, recurrentActivation: 'tanh' }]] },
  { name: 'Bidirectional LSTM ave', layers: [['in', 'Input', { shape: [6, 3] }], ['b', 'Bidirectional', { layer: 'LSTM', units: 3, mergeMode: 'ave', returnSequences: true }]] },
  { name: 'Bidirectional SimpleRNN mul', layers: [['in', 'Input', { shape: [6, 3] }], ['b', 'Bidirectional', { layer: 'SimpleRNN', units: 3, mergeMode: 'mul' }]] },
  { name: 'BatchNormalization', layers: [['in', 'Input', { shape: [8] }], ['b', 'BatchNormalization', { momentum: 0.8, epsilon: 0.01, scale: false }]] },
  {
    name: 'Add and Concatenate',
    layers: [['in', 'Input', { shape: [6, 4] }], ['a', 'Dense', { units: 4 }], ['s', 'Add'], ['j', 'Concatenate', { axis: 1 }]],
    links: [['in', 'a'], ['in', 's'], ['a', 's'], ['s', 'j'], ['in', 'j']],
  },
  {
    name: 'two inputs',
    layers: [['x', 'Input', { shape: [5] }], ['y', 'Input', { shape: [3] }], ['j', 'Concatenate'], ['d', 'Dense', { units: 2 }]],
    links: [['x', 'j'], ['y', 'j'], ['j', 'd']],
  },
];

const CASES = [
  ...SMALL.map((c) => ({ name: c.name, doc: () => (c.links ? graph(c.layers, c.links) : stack(c.layers)) })),
  // The templates' large recurrent layers are slow to initialise on the CPU; the training test covers them.
  ...EXPORT_GRAPHS.filter((c) => !c.name.endsWith('template')),
].map((c, i) => ({ ...c, file: path.join(folder, `model_${i}.ts`) }));

/** A layer's config as tfjs reports it, without what differs only by how the model was built. */
function comparable(layer: tf.layers.Layer): Record<string, unknown> {
  const config = JSON.parse(JSON.stringify(layer.getConfig())) as Record<string, any>;
  delete config.batchInputShape;
  delete config.dtype;
  if (config.layer?.config) delete config.layer.config.name;
  return config;
}

beforeAll(() => {
  mkdirSync(folder, { recursive: true });
  for (const c of CASES) writeFileSync(c.file, generateModelModule(c.doc()));
});

describe('generated buildModel() against tfjs reading the Keras JSON', () => {
  it.each(CASES)('$name', async ({ doc, file }) => {
    await tf.setBackend('cpu');
    const module = (await import(pathToFileURL(file).href)) as { buildModel: () => tf.LayersModel };
    const ours = module.buildModel();
    const oracle = await tf.models.modelFromJSON(JSON.parse(JSON.stringify(toKerasModel(doc()))));
    const layers = oracle.layers.filter((l) => l.getClassName() !== 'InputLayer' || ours.layers.some((o) => o.name === l.name));
    expect(ours.layers.map((l) => l.name).sort()).toEqual(layers.map((l) => l.name).sort());
    for (const layer of layers) {
      const mine = ours.getLayer(layer.name);
      expect({ name: layer.name, className: mine.getClassName(), config: comparable(mine), params: mine.countParams() }).toEqual({
        name: layer.name,
        className: layer.getClassName(),
        config: comparable(layer),
        params: layer.countParams(),
      });
    }
    ours.dispose();
    oracle.dispose();
  });

  it('covers every layer kind', () => {
    const kinds = new Set(CASES.flatMap((c) => c.doc().nodes.map((n) => n.kind)));
    expect(LAYER_KINDS.map((k) => k.kind).filter((k) => !kinds.has(k))).toEqual([]);
  });
});
