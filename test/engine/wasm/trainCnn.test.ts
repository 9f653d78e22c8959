import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDocument } from '../../../src/core/graph/load';
import { toKerasModel } from '../../../src/core/keras/toKeras';
import { parseIdxImages, parseIdxLabels } from '../../../src/engine/data/idx';
import { KERNEL_SETS } from './gradients';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const mnistDir = process.env.NETCANVAS_DATA ?? path.resolve(repoRoot, '../shared/datasets/mnist');

const SAMPLES = 384;
const BATCH = 32;
/** Twice Keras's default, so that 24 steps are enough to see the loss clearly fall. */
const LEARNING_RATE = 0.002;
const EPOCHS = 2;

/** The first `count` MNIST training images as [count, 28, 28, 1] in [0, 1], with one-hot labels. */
function mnistTrainingHead(count: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const images = parseIdxImages(gunzipSync(readFileSync(path.join(mnistDir, 'train-images-idx3-ubyte.gz'))), 'train-images');
  const labels = parseIdxLabels(gunzipSync(readFileSync(path.join(mnistDir, 'train-labels-idx1-ubyte.gz'))), 'train-labels');
  const pixels = Float32Array.from(images.pixels.subarray(0, count * 28 * 28), (p) => p / 255);
  return { x: tf.tensor4d(pixels, [count, 28, 28, 1]), y: tf.oneHot(tf.tensor1d(labels.subarray(0, count), 'int32'), 10) as tf.Tensor2D };
}

describe.each(KERNEL_SETS)('the CNN template trains on wasm with the training kernels ($name)', ({ activate }) => {
  beforeAll(activate);

  it(`loss falls over ${EPOCHS} epochs of ${SAMPLES} MNIST digits (Adam ${LEARNING_RATE}, batch ${BATCH}) and every conv kernel moves`, async () => {
    expect(tf.getBackend()).toBe('wasm');
    const doc = loadDocument(JSON.parse(readFileSync(path.join(repoRoot, 'resources/templates/cnn.json'), 'utf8')));
    const model = await tf.models.modelFromJSON(JSON.parse(JSON.stringify(toKerasModel(doc))));
    model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: 'categoricalCrossentropy' });
    const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
    expect(convs).toHaveLength(3);
    const before = convs.map((l) => l.getWeights()[0].dataSync().slice());

    const { x, y } = mnistTrainingHead(SAMPLES);
    const losses: number[] = [];
    await model.fit(x, y, { batchSize: BATCH, epochs: EPOCHS, shuffle: false, verbose: 0, callbacks: { onBatchEnd: async (_batch, logs) => void losses.push(logs!.loss as number) } });

    expect(losses.every(Number.isFinite)).toBe(true);
    const batchesPerEpoch = SAMPLES / BATCH;
    const first = losses.slice(0, 2).reduce((a, b) => a + b) / 2;
    const last = losses.slice(-batchesPerEpoch).reduce((a, b) => a + b) / batchesPerEpoch;
    expect(first).toBeGreaterThan(1.8); // about ln 10 = 2.3 untrained
    expect(last).toBeLessThan(0.6 * first); // about 0.9 from 2.3 in trial runs
    convs.forEach((layer, i) => {
      const after = layer.getWeights()[0].dataSync() as Float32Array;
      const moved = after.filter((v, j) => v !== before[i][j]).length;
      expect(moved / after.length, `${layer.name}: share of kernel weights changed`).toBeGreaterThan(0.9);
    });
    tf.dispose([x, y]);
    model.dispose();
  });
});
