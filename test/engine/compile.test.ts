import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import type { GraphDocument } from '../../src/core/graph/document';
import { LOSSES, optimizerSchema } from '../../src/core/training/config';
import { buildModel, compileGraph } from '../../src/engine/compile/compile';
import { createOptimizer } from '../../src/engine/compile/optimizer';
import { graph } from '../support/graphs';
import { randomGraph, template, withTraining } from './fixtures';

/**
 * The compiled tfjs model against the core's analysis: every layer (named by its node id)
 * must have the output shape and the trainable and non-trainable counts the editor shows.
 * tfjs computes its side from its own layers, run on a batch of two.
 */
async function expectCompiledMatchesAnalysis(doc: GraphDocument) {
  const analysis = analyseGraph(doc);
  expect(analysis.problems.filter((p) => p.scope === 'structure')).toEqual([]);
  const model = await buildModel(doc);
  try {
    expect(model.layers.map((l) => l.name).sort()).toEqual(doc.nodes.map((n) => n.id).sort());
    const probe = tf.model({ inputs: model.inputs, outputs: model.layers.map((l) => l.output as tf.SymbolicTensor) });
    const feeds = model.inputs.map((input) => tf.zeros([2, ...(input.shape.slice(1) as number[])]));
    const outs = probe.predict(feeds) as tf.Tensor | tf.Tensor[];
    const tensors = Array.isArray(outs) ? outs : [outs];
    const count = (ws: tf.LayerVariable[]) => ws.reduce((n, w) => n + w.shape.reduce((a: number, d) => a * (d as number), 1), 0);
    const ours = model.layers.map((l) => {
      const node = analysis.nodes.get(l.name)!;
      return { name: l.name, shape: node.outputShape, trainable: node.params?.trainable, nonTrainable: node.params?.nonTrainable };
    });
    const theirs = model.layers.map((l, i) => ({ name: l.name, shape: [null, ...tensors[i].shape.slice(1)], trainable: count(l.trainableWeights), nonTrainable: count(l.nonTrainableWeights) }));
    expect(ours).toEqual(theirs);
    expect(model.countParams()).toBe(analysis.totals.total);
    tf.dispose([...feeds, ...tensors]);
  } finally {
    model.dispose();
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('compiled models equal the analysis', () => {
  it.each(['mlp', 'cnn', 'rnn'] as const)('the %s template', async (name) => {
    await expectCompiledMatchesAnalysis(template(name));
  });

  const seeds = Array.from({ length: 60 }, (_, i) => 7 + i * 104_729);
  it.each(seeds)('random graph, seed %i', async (seed) => {
    const { layers, links } = randomGraph(seed);
    await expectCompiledMatchesAnalysis(graph(layers, links));
  });

  it('the random graphs include forks joined by Add and Concatenate', () => {
    const kinds = new Set(seeds.flatMap((seed) => randomGraph(seed).layers.map(([, kind]) => kind)));
    expect([...kinds]).toEqual(expect.arrayContaining(['Add', 'Concatenate', 'Conv2D', 'LSTM', 'GRU', 'SimpleRNN', 'Bidirectional', 'Dense']));
  });

  it('refuses the blank template, naming why', async () => {
    await expect(buildModel(template('blank'))).rejects.toThrow(/cannot be turned into a model/);
  });
});

describe('training settings', () => {
  it.each(LOSSES)('compiles with the %s loss and the accuracy metric', async (loss) => {
    const model = await compileGraph(withTraining(template('mlp'), { loss }));
    expect(model.loss).toBe(loss);
    expect(model.metricsNames).toEqual(['loss', 'acc']);
    model.dispose();
  });

  // tfjs's own optimizers are the oracle: their configs must carry tf.keras's defaults.
  const OPTIMIZERS = [
    { type: 'sgd', className: 'SGD', expected: { learningRate: 0.01 } },
    { type: 'sgd', momentum: 0.9, className: 'Momentum', expected: { learningRate: 0.01, momentum: 0.9, useNesterov: false } },
    { type: 'adam', className: 'Adam', expected: { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } },
    { type: 'rmsprop', className: 'RMSProp', expected: { learningRate: 0.001, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false } },
  ] as const;
  it.each(OPTIMIZERS)('$className with tf.keras defaults', ({ className, expected, ...config }) => {
    const optimizer = createOptimizer(optimizerSchema.parse(config));
    expect(optimizer.getClassName()).toBe(className);
    expect(optimizer.getConfig()).toMatchObject(expected);
    optimizer.dispose();
  });
});
