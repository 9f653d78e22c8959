import * as tf from '@tensorflow/tfjs';
import type { TestMistake, TestResult } from '../../core/api/contract';
import type { LossName } from '../../core/training/config';
import { argMax } from '../../core/digits/modelInput';
import { LOSS_FUNCTIONS } from './lossFunctions';
import { CLASSES, type TensorPair } from './tensors';

/**
 * Evaluates a trained model on the test samples in batches: the loss (with the
 * regularisation penalties, as Keras's evaluate reports it), the accuracy of the most
 * probable class, the confusion matrix [true][predicted], each class's accuracy and
 * every mistake, most confident first.
 */
export async function evaluateModel(model: tf.LayersModel, test: TensorPair, labels: Uint8Array, loss: LossName, batchSize = 256): Promise<TestResult> {
  const confusion = Array.from({ length: CLASSES }, () => new Array<number>(CLASSES).fill(0));
  const mistakes: TestMistake[] = [];
  let lossSum = 0;
  for (let start = 0; start < test.count; start += batchSize) {
    const size = Math.min(batchSize, test.count - start);
    const [batchLoss, probabilities] = tf.tidy(() => {
      const x = test.x.slice(start, size);
      const y = test.y.slice(start, size);
      const p = model.predict(x) as tf.Tensor;
      return [LOSS_FUNCTIONS[loss](y, p).sum(), p.reshape([size, -1])] as const;
    });
    lossSum += (await batchLoss.data())[0];
    const probs = await probabilities.data();
    const width = probabilities.shape[1]!;
    tf.dispose([batchLoss, probabilities]);
    for (let i = 0; i < size; i++) {
      const row = probs.subarray(i * width, (i + 1) * width);
      const best = argMax(row);
      const label = labels[start + i];
      if (best < CLASSES) confusion[label][best]++;
      if (best !== label) mistakes.push({ index: start + i, label, predicted: best, confidence: row[best] });
    }
  }
  const penalty = tf.tidy(() => {
    const terms = model.calculateLosses();
    return terms.length ? (tf.addN(terms).dataSync()[0] ?? 0) : 0;
  });
  const correct = confusion.reduce((n, row, c) => n + row[c], 0);
  return {
    testLoss: test.count ? lossSum / test.count + penalty : 0,
    testAccuracy: test.count ? correct / test.count : 0,
    confusion,
    perClassAccuracy: confusion.map((row, c) => {
      const total = row.reduce((a, b) => a + b, 0);
      return total ? row[c] / total : 0;
    }),
    samples: test.count,
    mistakes: mistakes.sort((a, b) => b.confidence - a.confidence),
  };
}
