import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, loadDataset, sampleDataset, type LoadedDataset } from '../../../src/engine/data';
import { MNIST_DIR, MNIST_LABEL_COUNTS, idxImages } from './support';

let mnist: LoadedDataset;
beforeAll(async () => {
  mnist = await loadDataset('mnist', { dataDir: MNIST_DIR, cacheDir: path.join(MNIST_DIR, 'no-cache'), env: {}, download: false });
});

/** Each image and label of a sample must be the dataset's own at that index. */
function expectFaithful(ds: LoadedDataset, split: 'train' | 'test', sample: ReturnType<typeof sampleDataset>) {
  const part = ds[split];
  sample.indices.forEach((index, k) => {
    expect(sample.labels[k]).toBe(part.labels[index]);
    expect(sample.images[k]).toEqual(Array.from(part.images.subarray(index * 784, (index + 1) * 784)));
  });
}

describe('sampleDataset', () => {
  it.each([
    { split: 'train' as const, count: 12, seed: 1 },
    { split: 'test' as const, count: 400, seed: 2 ** 31 },
    { split: 'train' as const, count: 1, seed: 0 },
  ])('draws $count distinct $split images for seed $seed, each with its own label', ({ split, count, seed }) => {
    const sample = sampleDataset(mnist, split, count, seed);
    expect(sample).toMatchObject({ dataset: 'mnist', split });
    expect(sample.images).toHaveLength(count);
    expect(new Set(sample.indices).size).toBe(count);
    expect(sample.indices.every((i) => Number.isInteger(i) && i >= 0 && i < mnist[split].count)).toBe(true);
    expect(sample.images.every((image) => image.length === 784 && image.every((v) => v >= 0 && v <= 255))).toBe(true);
    expectFaithful(mnist, split, sample);
  });

  it('gives the label distribution of both splits', () => {
    const sample = sampleDataset(mnist, 'test', 5, 3);
    expect(sample.trainCounts).toEqual(MNIST_LABEL_COUNTS.train);
    expect(sample.testCounts).toEqual(MNIST_LABEL_COUNTS.test);
  });

  it('is the same for the same seed and differs for another', () => {
    const a = sampleDataset(mnist, 'train', 50, 42);
    expect(sampleDataset(mnist, 'train', 50, 42).indices).toEqual(a.indices);
    expect(sampleDataset(mnist, 'train', 50, 43).indices).not.toEqual(a.indices);
  });

  it('spreads over the whole split', () => {
    const { indices } = sampleDataset(mnist, 'train', 400, 7);
    // 400 uniform draws from 60,000 all landing in one half has odds of 2^-399.
    expect(indices.some((i) => i < 30_000) && indices.some((i) => i >= 30_000)).toBe(true);
  });

  it('returns the indices asked for, in their order', () => {
    const sample = sampleDataset(mnist, 'train', 3, 0, [0, 59_999, 1]);
    expect(sample.indices).toEqual([0, 59_999, 1]);
    expect(sample.labels[0]).toBe(5);
    expectFaithful(mnist, 'train', sample);
  });

  it.each([
    { indices: [10_000], says: /index 10000 is not an image of the test split, which has images 0–9999/ },
    { indices: [-1], says: /index -1 is not an image/ },
    { indices: [1.5], says: /index 1\.5 is not an image/ },
  ])('refuses index $indices, naming the dataset', ({ indices, says }) => {
    expect(() => sampleDataset(mnist, 'test', 1, 0, indices)).toThrow(DatasetError);
    expect(() => sampleDataset(mnist, 'test', 1, 0, indices)).toThrow(says);
    expect(() => sampleDataset(mnist, 'test', 1, 0, indices)).toThrow(`${MNIST_DIR} (MNIST digits): `);
  });

  it.each([0, -3, 2.5, Number.NaN])('refuses to draw %s images', (count) => {
    expect(() => sampleDataset(mnist, 'train', count, 0)).toThrow(/cannot sample .* images; expected a whole number of at least 1/);
  });

  it('draws every image of a split smaller than the count, each once', () => {
    // A small dataset cannot pass the checksum check, so it is built by hand here, as the engine's tests may.
    const small: LoadedDataset = {
      name: 'mnist',
      location: '/small',
      train: { images: idxImages(3).subarray(16), labels: new Uint8Array([5, 0, 4]), count: 3 },
      test: { images: idxImages(2).subarray(16), labels: new Uint8Array([7, 2]), count: 2 },
    };
    const sample = sampleDataset(small, 'test', 10, 9);
    expect([...sample.indices].sort()).toEqual([0, 1]);
    expect(sample.trainCounts).toEqual([1, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(sample.testCounts).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
    expectFaithful(small, 'test', sample);
  });
});
