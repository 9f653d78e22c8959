import { describe, expect, it } from 'vitest';
import { BatchSplit } from '../../src/engine/training/parallel/batchSplit';

describe('BatchSplit', () => {
  it.each([
    ['even speeds keep an even split', 10, 10, 0.5],
    ['a helper twice as slow per sample gets a third', 10, 20, 2 / 3],
    ['a main thread twice as slow gets a third', 20, 10, 1 / 3],
    ['a helper ten times slower: clamped at 3/4 for the main thread', 10, 100, 0.75],
    ['a main thread ten times slower: clamped at 1/4', 100, 10, 0.25],
  ])('%s', (_what, mainMsPerHalf, helperMsPerHalf, expected) => {
    const split = new BatchSplit();
    for (let step = 0; step < 60; step++) {
      const mine = split.mine(128);
      const theirs = 128 - mine;
      // Each side's time is proportional to its samples at its own per-sample speed.
      split.observe(mine, (mine / 64) * mainMsPerHalf, theirs, (theirs / 64) * helperMsPerHalf);
    }
    expect(split.mainShare).toBeCloseTo(expected, 2);
    expect(split.mine(128)).toBe(Math.round(128 * expected));
  });

  it.each([
    ['a batch of one stays whole on the main thread', 1, 1],
    ['a batch of two is split one and one', 2, 1],
    ['an empty batch is empty', 0, 0],
  ])('%s', (_what, size, mine) => expect(new BatchSplit().mine(size)).toBe(mine));

  it('never gives either side all of a batch, even at the clamp', () => {
    const split = new BatchSplit();
    for (let i = 0; i < 100; i++) split.observe(64, 1, 64, 1000);
    expect(split.mine(3)).toBeLessThanOrEqual(2);
    expect(split.mine(3)).toBeGreaterThanOrEqual(1);
  });

  it('ignores observations without both sides or with no time', () => {
    const split = new BatchSplit();
    split.observe(128, 50, 0, 0);
    split.observe(64, 0, 64, 30);
    split.observe(64, NaN, 64, 30);
    expect(split.mainShare).toBe(0.5);
  });
});
