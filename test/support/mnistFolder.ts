import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { parseIdxImages, parseIdxLabels } from '../../src/engine/data/idx';

/** The MNIST files the tests read (see ../shared/datasets/mnist/README). */
export const MNIST = '../shared/datasets/mnist';
/** The class folders' names: MNIST's digits as words, so labels come from names, not indices. */
export const DIGIT_NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

function read(images: string, labels: string) {
  return {
    images: parseIdxImages(gunzipSync(readFileSync(join(MNIST, images))), images),
    labels: parseIdxLabels(gunzipSync(readFileSync(join(MNIST, labels))), labels),
  };
}

/**
 * An image folder made from MNIST as a user would have one: `train/` and `test/`, one folder
 * per class named after the digit, PNG files; `train` and `test` pictures per class, the first
 * ones of each split.
 */
export async function writeMnistFolder(folder: string, per: { readonly train: number; readonly test: number }): Promise<void> {
  const write = async (split: 'train' | 'test', from: ReturnType<typeof read>, count: number) => {
    const size = from.images.rows * from.images.columns;
    const counts = new Array<number>(10).fill(0);
    const jobs: Promise<unknown>[] = [];
    for (const name of DIGIT_NAMES) mkdirSync(join(folder, split, name), { recursive: true });
    for (let i = 0; i < from.images.count && counts.some((c) => c < count); i++) {
      const label = from.labels[i];
      if (counts[label] >= count) continue;
      counts[label]++;
      const pixels = Buffer.from(from.images.pixels.subarray(i * size, (i + 1) * size));
      jobs.push(sharp(pixels, { raw: { width: from.images.columns, height: from.images.rows, channels: 1 } }).png().toFile(join(folder, split, DIGIT_NAMES[label], `${i}.png`)));
      if (jobs.length >= 64) await Promise.all(jobs.splice(0));
    }
    await Promise.all(jobs);
  };
  await write('train', read('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'), per.train);
  await write('test', read('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'), per.test);
}
