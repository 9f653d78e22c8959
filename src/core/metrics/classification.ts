/**
 * A classifier's scores beyond accuracy, as scikit-learn's `classification_report`,
 * `top_k_accuracy_score` and `roc_auc_score` define them: precision, recall and F1 for each
 * class and their unweighted (macro) means, from the confusion matrix; the share of samples
 * whose class is among the k most probable; and for a binary target the area under the ROC
 * curve. A class never predicted has precision 0 and a class with no samples recall 0
 * (scikit-learn's zero_division=0). Pure functions.
 */
export interface ClassificationMetrics {
  /** Each class's precision: of the samples predicted as it, the share that are it. */
  readonly precision: readonly number[];
  /** Each class's recall: of its samples, the share predicted as it (its accuracy). */
  readonly recall: readonly number[];
  readonly f1: readonly number[];
  /** Each class's test samples. */
  readonly support: readonly number[];
  readonly macroPrecision: number;
  readonly macroRecall: number;
  readonly macroF1: number;
  /** The share of samples whose class is among the model's `k` most probable; with more than k classes. */
  readonly topK?: { readonly k: number; readonly accuracy: number };
  /** Binary targets: the area under the ROC curve of the positive class's probability. */
  readonly rocAuc?: number;
}

/** Keras's `top_k_categorical_accuracy` default; reported where there are more classes than this. */
export const TOP_K = 5;

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Precision, recall, F1 and support per class, and their macro means, from confusion[true][predicted]. */
export function confusionMetrics(confusion: readonly (readonly number[])[]): Omit<ClassificationMetrics, 'topK' | 'rocAuc'> {
  const k = confusion.length;
  for (const [i, row] of confusion.entries()) {
    if (row.length !== k) throw new RangeError(`confusion row ${i} has ${row.length} entries; a matrix of ${k} classes needs ${k}`);
  }
  const support = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const predictedAs = Array.from({ length: k }, (_, c) => confusion.reduce((n, row) => n + row[c], 0));
  const precision = confusion.map((row, c) => (predictedAs[c] ? row[c] / predictedAs[c] : 0));
  const recall = confusion.map((row, c) => (support[c] ? row[c] / support[c] : 0));
  const f1 = precision.map((p, c) => (p + recall[c] ? (2 * p * recall[c]) / (p + recall[c]) : 0));
  return { precision, recall, f1, support, macroPrecision: mean(precision), macroRecall: mean(recall), macroF1: mean(f1) };
}

/**
 * The area under the ROC curve: the chance that a random positive scores above a random
 * negative, ties counting a half (the Mann–Whitney statistic, which equals the trapezoidal
 * area scikit-learn computes). Undefined without both a positive and a negative.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number | undefined {
  if (scores.length !== positive.length) throw new RangeError(`${scores.length} scores but ${positive.length} labels; the two must agree`);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    // Tied scores share the mean of their ranks (1-based).
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) {
      if (positive[order[j]]) {
        positives++;
        rankSum += rank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return undefined;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Whether `label` is among the `k` largest entries of `row` (ties broken by the lower index, as argmax). */
export function inTopK(row: ArrayLike<number>, label: number, k: number): boolean {
  const score = row[label];
  let above = 0;
  for (let c = 0; c < row.length; c++) {
    if (row[c] > score || (row[c] === score && c < label)) above++;
    if (above >= k) return false;
  }
  return true;
}
