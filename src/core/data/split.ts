import { mulberry32, shuffleInPlace } from '../random';

/** What share of the samples goes to validation and to test; the rest trains. */
export interface SplitFractions {
  readonly validation: number;
  readonly test: number;
}

export const DEFAULT_SPLIT: SplitFractions = { validation: 0.1, test: 0.2 };
export const DEFAULT_SPLIT_SEED = 1;

/** Sample indices of each split, each list in ascending order. */
export interface SplitIndices {
  readonly train: readonly number[];
  readonly validation: readonly number[];
  readonly test: readonly number[];
}

/** Refuses fractions that leave nothing to train on, with what was given. */
export function checkSplitFractions(fractions: SplitFractions): void {
  const { validation, test } = fractions;
  const ok = (f: number) => Number.isFinite(f) && f >= 0 && f < 1;
  if (!ok(validation) || !ok(test) || validation + test >= 1) {
    throw new RangeError(`split fractions validation ${validation} and test ${test} must each be at least 0 and together less than 1`);
  }
}

/**
 * Splits `count` samples into train, validation and test with a seeded shuffle. With `labels`
 * (one class index per sample) the split is stratified: each class is shuffled and divided on
 * its own, so every split holds the classes in the proportions of the whole, and every class
 * keeps at least one training sample. The same count, labels, fractions and seed give the same split.
 */
export function splitIndices(count: number, fractions: SplitFractions, seed: number, labels?: ArrayLike<number>): SplitIndices {
  checkSplitFractions(fractions);
  const random = mulberry32(seed);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const key = labels ? labels[i] : 0;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(i);
  }
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const group = shuffleInPlace(groups.get(key)!, random);
    const n = group.length;
    let nTest = Math.round(n * fractions.test);
    let nValidation = Math.round(n * fractions.validation);
    while (nTest + nValidation > n - 1 && nTest + nValidation > 0) {
      if (nValidation >= nTest && nValidation > 0) nValidation--;
      else nTest--;
    }
    test.push(...group.slice(0, nTest));
    validation.push(...group.slice(nTest, nTest + nValidation));
    train.push(...group.slice(nTest + nValidation));
  }
  const ascending = (a: number, b: number) => a - b;
  return { train: train.sort(ascending), validation: validation.sort(ascending), test: test.sort(ascending) };
}
