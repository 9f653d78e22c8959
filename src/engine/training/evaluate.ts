import * as tf from '@tensorflow/tfjs';
import { MAX_TEST_OUTCOMES, type RegressionPoint, type TestMistake, type TestOutcome, type TestResult } from '../../core/api/contract';
import type { LossName } from '../../core/training/config';
import { BUILTIN_DATASETS, type DatasetDescription } from '../../core/data/description';
import type { Preprocessing } from '../../core/data/samples';
import { unscaleTarget } from '../../core/data/table';
import { argMax } from '../../core/digits/modelInput';
import { regressionMetrics } from '../../core/metrics/regression';
import { confusionMetrics, inTopK, rocAuc, TOP_K, type ClassificationMetrics } from '../../core/metrics/classification';
import { LOSS_FUNCTIONS } from './lossFunctions';
import type { TensorPair } from './tensors';

/** What the test samples are: their dataset's facts, and how targets were scaled. */
export interface EvaluationContext {
  readonly description: DatasetDescription;
  readonly preprocessing?: Preprocessing;
  /** Where each test sample came from (own data), in the order they are evaluated: recorded one by one with its outcome. */
  readonly sources?: readonly string[];
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
  async function* slices(): AsyncGenerator<TestBatch> {
    for (let start = 0; start < test.count; start += batchSize) {
      const size = Math.min(batchSize, test.count - start);
      const [x, y] = tf.tidy(() => [test.x.slice(start, size), test.y.slice(start, size)]);
      yield { x, y, labels: Array.from({ length: size }, (_, i) => labels[start + i]), count: size };
    }
  }
  return evaluateBatches(model, slices(), loss, context);
}

/** One batch of test samples: inputs and labels as the model takes them, and the labels as class indices (or scaled targets). */
export interface TestBatch {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
  readonly labels: ArrayLike<number>;
  readonly count: number;
}

/**
 * `evaluateModel` over test batches made on demand (a streamed image folder): each batch's
 * tensors are disposed once used; mistakes are numbered in the order the samples came.
 */
export async function evaluateBatches(model: tf.LayersModel, batches: AsyncIterable<TestBatch>, loss: LossName, context: EvaluationContext): Promise<TestResult> {
  const { task } = context.description;
  const classes = task === 'regression' ? 0 : context.description.classNames.length;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const truth: number[] = [];
  const predicted: number[] = [];
  const plan = context.preprocessing?.kind === 'table' ? context.preprocessing.plan : null;
  const unscale = (v: number) => (plan ? unscaleTarget(plan, v) : v);
  const mistakes: TestMistake[] = [];
  const sources = context.sources;
  const outcomes: TestOutcome[] = [];
  const points: RegressionPoint[] = [];
  // Top-k over more classes than k; the ROC curve of a binary target's positive class.
  const topK = classes > TOP_K ? TOP_K : 0;
  let topKHits = 0;
  const binary = task === 'binary' || classes === 2;
  const positiveScores: number[] = [];
  const isPositive: boolean[] = [];
  let lossSum = 0;
  let count = 0;
  for await (const batch of batches) {
    const start = count;
    const size = batch.count;
    count += size;
    const [batchLoss, probabilities] = tf.tidy(() => {
      const p = model.predict(batch.x) as tf.Tensor;
      return [LOSS_FUNCTIONS[loss](batch.y, p).sum(), p.reshape([size, -1])] as const;
    });
    tf.dispose([batch.x, batch.y]);
    lossSum += (await batchLoss.data())[0];
    const probs = await probabilities.data();
    const width = probabilities.shape[1]!;
    tf.dispose([batchLoss, probabilities]);
    for (let i = 0; i < size; i++) {
      const row = probs.subarray(i * width, (i + 1) * width);
      const label = batch.labels[i];
      const source = sources && start + i < sources.length && start + i < MAX_TEST_OUTCOMES ? sources[start + i] : null;
      if (task === 'regression') {
        truth.push(unscale(label));
        predicted.push(unscale(row[0]));
        if (source !== null) points.push({ source, actual: truth[truth.length - 1], predicted: predicted[predicted.length - 1] });
        continue;
      }
      const best = predictedClass(row, task);
      if (topK && inTopK(row, label, topK)) topKHits++;
      if (binary) {
        positiveScores.push(confidenceOf(row, 1, task));
        isPositive.push(label === 1);
      }
      if (best < classes) confusion[label][best]++;
      if (best !== label) mistakes.push({ index: start + i, label, predicted: best, confidence: confidenceOf(row, best, task) });
      if (source !== null) outcomes.push({ source, label, predicted: best, confidence: confidenceOf(row, best, task) });
    }
  }
  const penalty = tf.tidy(() => {
    const terms = model.calculateLosses();
    return terms.length ? (tf.addN(terms).dataSync()[0] ?? 0) : 0;
  });
  const correct = confusion.reduce((n, row, c) => n + row[c], 0);
  const testLoss = count ? lossSum / count + penalty : 0;
  if (task === 'regression') {
    return { testLoss, testAccuracy: 0, confusion: [], perClassAccuracy: [], samples: count, ...(count ? { regression: regressionMetrics(truth, predicted) } : {}), ...(points.length ? { points } : {}) };
  }
  return {
    testLoss,
    testAccuracy: count ? correct / count : 0,
    confusion,
    perClassAccuracy: confusion.map((row, c) => {
      const total = row.reduce((a, b) => a + b, 0);
      return total ? row[c] / total : 0;
    }),
    samples: count,
    ...(count ? { classification: classificationOf(confusion, topK ? { k: topK, accuracy: topKHits / count } : undefined, binary ? rocAuc(positiveScores, isPositive) : undefined) } : {}),
    mistakes: mistakes.sort((a, b) => b.confidence - a.confidence),
    ...(outcomes.length ? { outcomes } : {}),
  };
}

function classificationOf(confusion: number[][], topK: ClassificationMetrics['topK'], auc: number | undefined): ClassificationMetrics {
  return { ...confusionMetrics(confusion), ...(topK ? { topK } : {}), ...(auc !== undefined ? { rocAuc: auc } : {}) };
}
