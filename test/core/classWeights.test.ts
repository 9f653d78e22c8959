import { describe, expect, it } from 'vitest';
import { classWeights } from '../../src/core/training/classWeights';

/** Class weights from a setting and the training split's class counts: scikit-learn's `balanced`, worked out by hand. */
describe('class weights', () => {
  it.each([
    { name: 'balanced, 90 against 10', setting: 'balanced' as const, counts: [90, 10], want: [100 / (2 * 90), 100 / (2 * 10)] },
    { name: 'balanced, three classes', setting: 'balanced' as const, counts: [50, 30, 20], want: [100 / 150, 100 / 90, 100 / 60] },
    { name: 'balanced, already balanced: all 1', setting: 'balanced' as const, counts: [40, 40], want: [1, 1] },
    { name: 'balanced, a class with no training samples gets 0', setting: 'balanced' as const, counts: [30, 0, 10], want: [40 / 90, 0, 40 / 30] },
    { name: 'given, one per class', setting: [1, 3], counts: [75, 25], want: [1, 3] },
  ])('$name', ({ setting, counts, want }) => {
    const got = classWeights(setting, counts, counts.map((_, i) => `c${i}`));
    expect(got).toHaveLength(want.length);
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 12));
  });

  it.each([
    { name: 'a list of the wrong length, naming the classes', setting: [1, 2, 3], counts: [5, 5], says: /classWeight lists 3 weights, but the data has 2 classes \(c0, c1\)/ },
    { name: 'a regression target', setting: 'balanced' as const, counts: [], says: /class weights need a target with classes/ },
  ])('refuses $name', ({ setting, counts, says }) => {
    expect(() => classWeights(setting, counts, counts.map((_, i) => `c${i}`))).toThrow(says);
  });
});
