import { copyFile, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { forgetLoadedDatasets, labelCounts, loadDataset, type DatasetProgress, type LoadedDataset } from '../../../src/engine/data';
import { MNIST_DIR, MNIST_FILES, MNIST_LABEL_COUNTS, refusal, tempFolder } from './support';

/** The first labels of each split, as published with MNIST (and printed by every tutorial that loads it). */
const FIRST_LABELS = { train: [5, 0, 4, 1, 9, 2, 1, 3, 1, 4], test: [7, 2, 1, 0, 4, 1, 4, 9, 5, 9] };

const options = (dataDir: string) => ({ dataDir, cacheDir: path.join(dataDir, 'no-cache'), env: {}, download: false });

describe('the real MNIST files', () => {
  let mnist: LoadedDataset;
  beforeAll(async () => {
    forgetLoadedDatasets();
    mnist = await loadDataset('mnist', options(MNIST_DIR));
  });

  it('has the label counts of the reference listing', () => {
    expect(labelCounts(mnist.train.labels, 10)).toEqual(MNIST_LABEL_COUNTS.train);
    expect(labelCounts(mnist.test.labels, 10)).toEqual(MNIST_LABEL_COUNTS.test);
  });

  it('has 60,000 + 10,000 images of 28×28 bytes, labels in their published order', () => {
    expect(mnist.location).toBe(MNIST_DIR);
    expect([mnist.train.count, mnist.train.images.length, mnist.train.labels.length]).toEqual([60_000, 60_000 * 784, 60_000]);
    expect([mnist.test.count, mnist.test.images.length, mnist.test.labels.length]).toEqual([10_000, 10_000 * 784, 10_000]);
    expect(Array.from(mnist.train.labels.subarray(0, 10))).toEqual(FIRST_LABELS.train);
    expect(Array.from(mnist.test.labels.subarray(0, 10))).toEqual(FIRST_LABELS.test);
  });

  it('keeps the pixels exactly as in the file, after the 16-byte header', async () => {
    const raw = gunzipSync(await readFile(path.join(MNIST_DIR, 't10k-images-idx3-ubyte.gz')));
    expect(Buffer.compare(Buffer.from(mnist.test.images), raw.subarray(16))).toBe(0);
    // MNIST digits are white on black: the corners of the first image are background.
    expect([mnist.train.images[0], mnist.train.images[783]]).toEqual([0, 0]);
  });

  it('is read once per folder: a second load shares the arrays', async () => {
    const again = await loadDataset('mnist', options(MNIST_DIR));
    expect(again === mnist).toBe(true);
  });

  it('is found in a parent folder that holds mnist/', async () => {
    const again = await loadDataset('mnist', options(path.dirname(MNIST_DIR)));
    expect(again.location).toBe(MNIST_DIR);
  });
});

describe('loading', () => {
  it('reports locating, reading and verifying, in that order, ending checked', async () => {
    const folder = await tempFolder();
    for (const name of MNIST_FILES) await symlink(path.join(MNIST_DIR, `${name}.gz`), path.join(folder, `${name}.gz`));
    const progress: DatasetProgress[] = [];
    await loadDataset('mnist', { ...options(folder), onProgress: (p) => progress.push(p) });
    const stages = progress.map((p) => p.stage).filter((stage, i, all) => stage !== all[i - 1]);
    expect(stages).toEqual(['locating', 'reading', 'verifying']);
    expect(progress.at(-1)).toEqual({ stage: 'verifying', fraction: 1, message: 'MNIST checked: 60000 training and 10000 test images' });
  });

  it('reads a folder once for loads that overlap', async () => {
    const folder = await tempFolder();
    for (const name of MNIST_FILES) await symlink(path.join(MNIST_DIR, `${name}.gz`), path.join(folder, `${name}.gz`));
    const [a, b] = await Promise.all([loadDataset('mnist', options(folder)), loadDataset('mnist', options(folder))]);
    expect(a === b).toBe(true);
  });
});

describe('other ways the same files come', () => {
  it('reads uncompressed files and the train-images.idx3-ubyte spelling to the same data', async () => {
    const folder = await tempFolder();
    for (const name of MNIST_FILES) {
      const plain = name.startsWith('train') ? name.replace(/-(idx[13]-ubyte)$/, '.$1') : name;
      await writeFile(path.join(folder, plain), gunzipSync(await readFile(path.join(MNIST_DIR, `${name}.gz`))));
    }
    const gz = await loadDataset('mnist', options(MNIST_DIR));
    const plain = await loadDataset('mnist', options(folder));
    expect(plain.location).toBe(folder);
    expect(Buffer.compare(Buffer.from(plain.train.images), Buffer.from(gz.train.images))).toBe(0);
    expect(Buffer.compare(Buffer.from(plain.test.labels), Buffer.from(gz.test.labels))).toBe(0);
  });

  it('refuses MNIST with one label changed by its SHA-256, then reads the folder again once the file is repaired', async () => {
    const folder = await tempFolder();
    for (const name of MNIST_FILES) await symlink(path.join(MNIST_DIR, `${name}.gz`), path.join(folder, `${name}.gz`));
    const labels = path.join(folder, 't10k-labels-idx1-ubyte');
    const tampered = gunzipSync(await readFile(path.join(MNIST_DIR, 't10k-labels-idx1-ubyte.gz')));
    tampered[8 + 100] = (tampered[8 + 100] + 1) % 10;
    await writeFile(labels, tampered);

    const error = await refusal(loadDataset('mnist', options(folder)));
    expect(error.file).toBe(labels);
    expect(error.message).toMatch(/SHA-256 is [0-9a-f]{64}, not the published ff7bcfd416de3373.* of MNIST's t10k-labels-idx1-ubyte/);

    // Nothing of the failed load is kept: the repaired file is read anew.
    tampered[8 + 100] = (tampered[8 + 100] + 9) % 10;
    await writeFile(labels, tampered);
    await utimes(labels, new Date(), new Date(Date.now() + 5_000));
    const repaired = await loadDataset('mnist', options(folder));
    expect(labelCounts(repaired.test.labels, 10)).toEqual(MNIST_LABEL_COUNTS.test);
  });

  it('reads a folder again when a file in it changes', async () => {
    const folder = await tempFolder();
    for (const name of MNIST_FILES) await copyFile(path.join(MNIST_DIR, `${name}.gz`), path.join(folder, `${name}.gz`));
    const first = await loadDataset('mnist', options(folder));
    expect((await loadDataset('mnist', options(folder))) === first).toBe(true);
    await utimes(path.join(folder, 't10k-labels-idx1-ubyte.gz'), new Date(), new Date(Date.now() + 10_000));
    const second = await loadDataset('mnist', options(folder));
    expect(second === first).toBe(false);
    expect(labelCounts(second.train.labels, 10)).toEqual(MNIST_LABEL_COUNTS.train);
  });
});
