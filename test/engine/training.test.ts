import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/core/graph/document';
import { activateBackend } from '../../src/engine/backends';
import { compileGraph } from '../../src/engine/compile/compile';
import { loadDataset, type LoadedDataset } from '../../src/engine/data';
import { evaluateModel } from '../../src/engine/training/evaluate';
import { trainLoop, type BatchProgress } from '../../src/engine/training/loop';
import { disposeJobTensors, jobTensors } from '../../src/engine/training/tensors';
import { stack } from '../support/graphs';
import { mnistDir, template, withTraining } from './fixtures';

let mnist: LoadedDataset;

beforeAll(async () => {
  mnist = await loadDataset('mnist', { dataDir: mnistDir, download: false });
  await activateBackend('cpu');
});

describe('preprocessing', () => {
  it.each([[[784]], [[28, 28]], [[28, 28, 1]]])('reshapes images to the Input shape %j, pixels /255, labels one-hot', (shape) => {
    const t = jobTensors(mnist, { inputShape: shape, limit: 100, testLimit: 30, validationSplit: 0.1 });
    expect([t.train.count, t.validation?.count, t.test.count]).toEqual([90, 10, 30]);
    expect(t.train.x.shape).toEqual([90, ...shape]);
    const first = t.train.x.slice(0, 1).dataSync();
    expect(Array.from(first)).toEqual(Array.from(mnist.train.images.subarray(0, 784), (b) => Math.fround(b / 255)));
    // Keras's validation_split holds out the last samples: the first validation image is training image 90.
    const firstValidation = t.validation!.x.slice(0, 1).dataSync();
    expect(Array.from(firstValidation)).toEqual(Array.from(mnist.train.images.subarray(90 * 784, 91 * 784), (b) => Math.fround(b / 255)));
    const labels = t.test.y.argMax(1).dataSync();
    expect(Array.from(labels)).toEqual(Array.from(mnist.test.labels.subarray(0, 30)));
    expect(t.test.y.sum(1).dataSync().every((v) => v === 1)).toBe(true);
    disposeJobTensors(t);
  });

  it.each([
    [[785], /holds 785 values/],
    [[10, 10], /holds 100 values/],
    [[null, 28], /unknown dimension/],
  ])('refuses the Input shape %j', (shape, message) => {
    expect(() => jobTensors(mnist, { inputShape: shape as (number | null)[], validationSplit: 0 })).toThrow(message);
  });
});

const RECURRENT: GraphDocument = stack([
  ['input', 'Input', { shape: [28, 28] }],
  ['gru', 'GRU', { units: 32 }],
  ['dense', 'Dense', { units: 10, activation: 'softmax' }],
]);

/** Small jobs on the fast backends: the loss must fall, and tfjs must hold as many tensors after every epoch. */
const CASES = [
  { name: 'CNN template on wasm', backend: 'wasm', doc: template('cnn'), limit: 640 },
  { name: 'GRU on wasm', backend: 'wasm', doc: RECURRENT, limit: 640 },
  { name: 'MLP template on cpu', backend: 'cpu', doc: template('mlp'), limit: 320 },
] as const;

describe('the training loop', () => {
  it.each(CASES)('$name: the loss falls and no tensor leaks across epochs', async ({ backend, doc, limit }) => {
    await activateBackend(backend);
    const model = await compileGraph(withTraining(doc, { batchSize: 64, optimizer: { type: 'adam', learningRate: 0.003, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } }));
    const t = jobTensors(mnist, { inputShape: model.inputs[0].shape.slice(1), limit, testLimit: 200, validationSplit: 0.1 });
    const batches: BatchProgress[] = [];
    const result = await trainLoop({ model, train: t.train, validation: t.validation, epochs: 3, batchSize: 64, onBatch: (b) => batches.push(b), batchReportsPerSecond: 1000 });
    expect(result.stopped).toBe(false);
    expect(result.history.map((e) => e.epoch)).toEqual([1, 2, 3]);
    const [first, , last] = result.history;
    expect(last.loss).toBeLessThan(first.loss);
    expect(batches.length).toBe(3 * Math.ceil(t.train.count / 64));
    // A batch reports the epoch's running means, as Keras's progress bar: the last one is the epoch's figure.
    for (const e of result.history) {
      const last = batches.filter((b) => b.epoch === e.epoch).at(-1)!;
      expect(last.loss).toBeCloseTo(e.loss, 4);
      expect(last.accuracy).toBeCloseTo(e.accuracy, 4);
    }
    expect(new Set(result.history.map((e) => e.liveTensors)).size).toBe(1);
    expect(result.history.every((e) => e.valLoss !== null && e.valAccuracy !== null && e.samplesPerSecond > 0)).toBe(true);
    disposeJobTensors(t);
    model.dispose();
  });

  it('stops after the batch in progress when asked', async () => {
    await activateBackend('cpu');
    const model = await compileGraph(template('mlp'));
    const t = jobTensors(mnist, { inputShape: [784], limit: 2000, testLimit: 10, validationSplit: 0 });
    let seen = 0;
    const result = await trainLoop({ model, train: t.train, validation: null, epochs: 5, batchSize: 100, shouldStop: () => seen >= 3, onBatch: () => seen++, batchReportsPerSecond: 1000 });
    expect(result.stopped).toBe(true);
    expect(seen).toBe(3);
    expect(result.history).toEqual([]);
    disposeJobTensors(t);
    model.dispose();
  });
});

describe('evaluation', () => {
  it('agrees with tfjs’s own evaluate and counts every test image once', async () => {
    await activateBackend('wasm');
    const model = await compileGraph(withTraining(template('mlp'), { optimizer: { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } }));
    const t = jobTensors(mnist, { inputShape: [784], limit: 1000, testLimit: 700, validationSplit: 0 });
    await trainLoop({ model, train: t.train, validation: null, epochs: 1, batchSize: 100 });
    const ours = await evaluateModel(model, t.test, t.testLabels, 'categoricalCrossentropy', undefined, 256);
    const [loss, accuracy] = (model.evaluate(t.test.x, t.test.y, { batchSize: 256 }) as tf.Scalar[]).map((s) => s.dataSync()[0]);
    expect(ours.testLoss).toBeCloseTo(loss, 4);
    expect(ours.testAccuracy).toBeCloseTo(accuracy, 6);
    expect(ours.confusion.flat().reduce((a, b) => a + b, 0)).toBe(700);
    expect(ours.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(
      Array.from({ length: 10 }, (_, c) => t.testLabels.filter((l) => l === c).length),
    );
    expect(ours.mistakes!.length).toBe(700 - ours.confusion.reduce((n, row, c) => n + row[c], 0));
    // Beyond accuracy, against tfjs's own ops: top-5 from tf.inTopKAsync, each class's
    // precision and recall from tf.metrics on its one-vs-rest column.
    const probabilities = model.predict(t.test.x) as tf.Tensor2D;
    const hits = await tf.inTopKAsync(probabilities, tf.tensor1d(t.testLabels, 'int32'), 5);
    const c = ours.classification!;
    expect(c.topK).toEqual({ k: 5, accuracy: expect.closeTo((await hits.sum().data())[0] / 700, 9) });
    const predictedOneHot = tf.oneHot(probabilities.argMax(1), 10).toFloat();
    for (let k = 0; k < 10; k++) {
      const column = (m: tf.Tensor) => m.slice([0, k], [-1, 1]);
      expect(c.precision[k]).toBeCloseTo(tf.metrics.precision(column(t.test.y), column(predictedOneHot)).dataSync()[0], 5);
      expect(c.recall[k]).toBeCloseTo(tf.metrics.recall(column(t.test.y), column(predictedOneHot)).dataSync()[0], 5);
    }
    expect(c.rocAuc).toBeUndefined();
    tf.dispose([probabilities, hits, predictedOneHot]);
    disposeJobTensors(t);
    model.dispose();
  });
});
