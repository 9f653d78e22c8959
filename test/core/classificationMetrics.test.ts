import { describe, expect, it } from 'vitest';
import { confusionMetrics, inTopK, rocAuc } from '../../src/core/metrics/classification';

/** Precision, recall and F1 from known confusion matrices, worked out by hand (fractions written as such). */
const CONFUSIONS = [
  {
    name: 'three classes with mistakes each way',
    confusion: [[5, 1, 0], [2, 3, 1], [0, 0, 4]],
    // Columns sum to 7, 4, 5 predictions; rows to 6, 6, 4 samples.
    precision: [5 / 7, 3 / 4, 4 / 5],
    recall: [5 / 6, 3 / 6, 4 / 4],
    f1: [10 / 13, 3 / 5, 8 / 9],
    support: [6, 6, 4],
  },
  { name: 'a class never predicted: its precision and F1 are 0', confusion: [[2, 0], [1, 0]], precision: [2 / 3, 0], recall: [1, 0], f1: [4 / 5, 0], support: [2, 1] },
  { name: 'a class with no samples (predicted once, wrongly): its recall is 0', confusion: [[0, 0], [1, 3]], precision: [0, 1], recall: [0, 3 / 4], f1: [0, 6 / 7], support: [0, 4] },
  { name: 'perfect', confusion: [[3, 0], [0, 7]], precision: [1, 1], recall: [1, 1], f1: [1, 1], support: [3, 7] },
];

describe('precision, recall and F1', () => {
  it.each(CONFUSIONS)('$name', ({ confusion, precision, recall, f1, support }) => {
    const m = confusionMetrics(confusion);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const [got, want] of [[m.precision, precision], [m.recall, recall], [m.f1, f1]] as const) {
      expect(got).toHaveLength(want.length);
      got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 12));
    }
    expect(m.support).toEqual(support);
    expect(m.macroPrecision).toBeCloseTo(mean(precision), 12);
    expect(m.macroRecall).toBeCloseTo(mean(recall), 12);
    expect(m.macroF1).toBeCloseTo(mean(f1), 12);
  });

  it('refuses a matrix that is not square, naming the row', () => {
    expect(() => confusionMetrics([[1, 2], [3]])).toThrow(/confusion row 1 has 1 entries; a matrix of 2 classes needs 2/);
  });
});

/** The ROC curve's area by its definition: over every positive–negative pair, 1 when the positive scores higher, ½ for a tie. */
function pairwiseAuc(scores: number[], positive: boolean[]): number {
  let sum = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (!positive[i]) return;
    scores.forEach((n, j) => {
      if (positive[j]) return;
      pairs++;
      sum += p > n ? 1 : p === n ? 0.5 : 0;
    });
  });
  return sum / pairs;
}

describe('ROC AUC', () => {
  it.each([
    { name: "scikit-learn's documented example", scores: [0.1, 0.4, 0.35, 0.8], positive: [false, false, true, true], auc: 0.75 },
    { name: 'perfect separation', scores: [0.1, 0.2, 0.8, 0.9], positive: [false, false, true, true], auc: 1 },
    { name: 'every positive below every negative', scores: [0.9, 0.8, 0.2, 0.1], positive: [false, false, true, true], auc: 0 },
    { name: 'all scores tied', scores: [0.5, 0.5, 0.5, 0.5], positive: [true, false, true, false], auc: 0.5 },
    { name: 'a tie across the classes counts a half', scores: [0.5, 0.5, 0.2, 0.9], positive: [true, false, false, true], auc: 3.5 / 4 },
  ])('$name: $auc', ({ scores, positive, auc }) => {
    expect(rocAuc(scores, positive)).toBeCloseTo(auc, 12);
  });

  it('is undefined with one class only, and refuses lists that disagree in length', () => {
    expect(rocAuc([0.2, 0.7], [true, true])).toBeUndefined();
    expect(rocAuc([0.2, 0.7], [false, false])).toBeUndefined();
    expect(() => rocAuc([0.1], [true, false])).toThrow(/1 scores but 2 labels/);
  });

  it('equals the pairwise definition on 50 seeded random cases with ties', () => {
    let s = 12345;
    const next = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 50; trial++) {
      const n = 5 + Math.floor(next() * 60);
      // Scores on a coarse grid, so ties are common.
      const scores = Array.from({ length: n }, () => Math.round(next() * 10) / 10);
      const positive = Array.from({ length: n }, () => next() < 0.4);
      if (!positive.includes(true) || !positive.includes(false)) continue;
      expect(rocAuc(scores, positive)).toBeCloseTo(pairwiseAuc(scores, positive), 12);
    }
  });
});

describe('top-k', () => {
  it.each([
    { row: [0.1, 0.5, 0.2, 0.2], label: 1, k: 1, inTop: true, why: 'the most probable class' },
    { row: [0.1, 0.5, 0.2, 0.2], label: 2, k: 2, inTop: true, why: 'a tie with a later class: the lower index ranks first, as argmax' },
    { row: [0.1, 0.5, 0.2, 0.2], label: 3, k: 2, inTop: false, why: 'a tie with an earlier class pushes it to third' },
    { row: [0.1, 0.5, 0.2, 0.2], label: 0, k: 3, inTop: false, why: 'the least probable of four' },
    { row: [0.1, 0.5, 0.2, 0.2], label: 0, k: 4, inTop: true, why: 'k as large as the classes' },
  ])('$why', ({ row, label, k, inTop }) => {
    expect(inTopK(row, label, k)).toBe(inTop);
  });
});
