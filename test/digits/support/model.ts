import * as tf from '@tensorflow/tfjs';
import { readMnist } from './mnist';

/**
 * A small dense MNIST classifier trained in the test itself (tfjs, cpu backend): 784 → 64 relu
 * → 10 softmax, two epochs over the first `samples` training digits. Enough for about 90%.
 */
export async function trainSmallModel(samples = 6000, seed = 1): Promise<tf.LayersModel> {
  await tf.setBackend('cpu');
  const train = readMnist('train', samples);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 64, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.002), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.tensor2d(Float32Array.from(train.images, (v) => v / 255), [train.count, 784]);
  const y = tf.oneHot(tf.tensor1d(train.labels, 'int32'), 10);
  // No shuffling: with seeded weights the model, and so every figure a test reads off it, is the same each run.
  await model.fit(x, y, { epochs: 2, batchSize: 64, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  return model;
}

/** The predicted class of each of `count` digits given as 784 values in [0, 1] each. */
export function classify(model: tf.LayersModel, pixels: Float32Array, count: number): Int32Array {
  return tf.tidy(() => {
    const out = model.predict(tf.tensor2d(pixels, [count, 784])) as tf.Tensor;
    return out.argMax(-1).dataSync() as Int32Array;
  });
}

/** The fraction of predictions equal to their labels. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}
