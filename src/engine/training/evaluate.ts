import * as tf from '@tensorflow/tfjs';
import type { TestMistake, TestResult } from '../../core/api/contract';
import type { LossName } from '../../core/training/config';
import { BUILTIN_DATASETS, type DatasetDescription } from '../../core/data/description';
import type { Preprocessing } from '../../core/data/samples';
import { unscaleTarget } from '../../core/data/table';
import { argMax } from '../../core/digits/modelInput';
import { regressionMetrics } from '../../core/metrics/regression';
import { LOSS_FUNCTIONS } from './lossFunctions';
import type { TensorPair } from './tensors';

/** What the test samples are: their dataset's facts, and how targets were scaled. */
export interface EvaluationContext {
  readonly description: DatasetDescription;
  readonly preprocessing?: Preprocessing;
}

/** A model output as the class it names: the most probable (multiclass), or 1 at 0.5 and above (a binary sigmoid). */
function predictedClass(row: ArrayLike<number>, task: DatasetDescription['task']): number {
  return task === 'binary' ? (row[0] >= 0.5 ? 1 : 0) : argMax(row);
}

/** A class's share of the model's belief: the row's entry, or for a binary sigmoid p or 1 − p. */
function confidenceOf(row: ArrayLike<number>, k: number, task: DatasetDescription['task']): number {
  return task === 'binary' ? (k === 1 ? row[0] : 1 - row[0]) : row[k];
}

/**
 * Evaluates a trained model on the test samples in batches: the loss (with the
 * regularisation penalties, as Keras's evaluate reports it), the accuracy of the most
 * probable class, the confusion matrix [true][predicted], each class's accuracy and
 * every mistake, most confident first.
 */
export async function evaluateModel(
  model: tf.LayersModel,
  test: TensorPair,
  labels: ArrayLike<number>,
  loss: LossName,
  context: EvaluationContext = { description: BUILTIN_DATASETS.mnist },
  batchSize = 256,
): Promise<TestResult> {
  const { task } = context.description;
  const classes = task === 'regression' ? 0 : context.description.classNames.length;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const truth: number[] = [];
  const predicted: number[] = [];
  const plan = context.preprocessing?.kind === 'table' ? context.preprocessing.plan : null;
  const unscale = (v: number) => (plan ? unscaleTarget(plan, v) : v);
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
      const label = labels[start + i];
      if (task === 'regression') {
        truth.push(unscale(label));
        predicted.push(unscale(row[0]));
        continue;
      }
      const best = predictedClass(row, task);
      if (best < classes) confusion[label][best]++;
      if (best !== label) mistakes.push({ index: start + i, label, predicted: best, confidence: confidenceOf(row, best, task) });
    }
  }
  const penalty = tf.tidy(() => {
    const terms = model.calculateLosses();
    return terms.length ? (tf.addN(terms).dataSync()[0] ?? 0) : 0;
  });
  const correct = confusion.reduce((n, row, c) => n + row[c], 0);
  const testLoss = test.count ? lossSum / test.count + penalty : 0;
  if (task === 'regression') {
    return { testLoss, testAccuracy: 0, confusion: [], perClassAccuracy: [], samples: test.count, ...(test.count ? { regression: regressionMetrics(truth, predicted) } : {}) };
  }
  return {
    testLoss,
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
