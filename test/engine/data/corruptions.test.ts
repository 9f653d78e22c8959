import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError, loadDataset } from '../../../src/engine/data';
import { idxImages, idxLabels, smallDataset, tempFolder, writeFolder } from './support';

type Files = Record<string, Buffer>;

/**
 * Each damaged file must be refused with a DatasetError that names that file and says
 * what is wrong with it; nothing is returned. The files are small crafted IDX files
 * written into a temporary folder, gzipped as the real ones are unless the case says.
 */
const CASES: { name: string; damage: (files: Files) => void; plain?: boolean; file: string; says: RegExp }[] = [
  {
    name: 'image body cut short',
    damage: (f) => (f['train-images-idx3-ubyte'] = f['train-images-idx3-ubyte'].subarray(0, 16 + 28 * 28 * 2 + 100)),
    file: 'train-images-idx3-ubyte.gz',
    says: /truncated: the header announces 3 images \(2368 bytes\) but the file has 1684 bytes/,
  },
  { name: 'label header cut short', damage: (f) => (f['t10k-labels-idx1-ubyte'] = f['t10k-labels-idx1-ubyte'].subarray(0, 5)), file: 't10k-labels-idx1-ubyte.gz', says: /truncated: 5 bytes, shorter than the 8-byte header/ },
  { name: 'empty file', damage: (f) => (f['t10k-images-idx3-ubyte'] = Buffer.alloc(0)), plain: true, file: 't10k-images-idx3-ubyte', says: /truncated: 0 bytes/ },
  { name: 'labels where images belong', damage: (f) => (f['train-images-idx3-ubyte'] = idxLabels([1, 2, 3])), file: 'train-images-idx3-ubyte.gz', says: /magic number is 2049 \(a label file\), expected 2051/ },
  { name: 'unknown magic number in a label file', damage: (f) => (f['train-labels-idx1-ubyte'] = idxLabels([5, 0, 4], { magic: 2050 })), file: 'train-labels-idx1-ubyte.gz', says: /magic number is 2050, expected 2049/ },
  { name: 'images that are not 28×28', damage: (f) => (f['t10k-images-idx3-ubyte'] = idxImages(2, { rows: 32, columns: 32 })), file: 't10k-images-idx3-ubyte.gz', says: /images are 32×32, expected 28×28/ },
  {
    name: 'bytes after the last image',
    damage: (f) => (f['train-images-idx3-ubyte'] = Buffer.concat([f['train-images-idx3-ubyte'], Buffer.alloc(10)])),
    plain: true,
    file: 'train-images-idx3-ubyte',
    says: /10 unexpected bytes after the 3 images/,
  },
  { name: 'a label that is not a class', damage: (f) => (f['train-labels-idx1-ubyte'] = idxLabels([5, 10, 4])), file: 'train-labels-idx1-ubyte.gz', says: /label 10 at index 1 is not a class 0–9/ },
  { name: 'more training labels than images', damage: (f) => (f['train-labels-idx1-ubyte'] = idxLabels([5, 0, 4, 1])), file: 'train-images-idx3-ubyte.gz', says: /holds 3 images but .*train-labels-idx1-ubyte\.gz holds 4 labels/ },
  { name: 'fewer test labels than images', damage: (f) => (f['t10k-labels-idx1-ubyte'] = idxLabels([7])), file: 't10k-images-idx3-ubyte.gz', says: /holds 2 images but .*t10k-labels-idx1-ubyte\.gz holds 1 labels/ },
  { name: 'well-formed, but not the published file', damage: () => {}, file: 'train-images-idx3-ubyte.gz', says: /SHA-256 is [0-9a-f]{64}, not the published ba891046e6505d7a.* of MNIST's train-images-idx3-ubyte/ },
];

/** Cases on the gzip layer itself: the bytes on disk, after compression. */
const GZIP_CASES: { name: string; damage: (gz: Buffer) => Buffer; says: RegExp }[] = [
  { name: 'gzip cut short', damage: (gz) => gz.subarray(0, gz.length - 40), says: /is not valid gzip data \(unexpected end of file\): the file is truncated or corrupt/ },
  { name: 'gzip checksum wrong', damage: (gz) => Buffer.concat([gz.subarray(0, gz.length - 8), Buffer.from([1, 2, 3, 4]), gz.subarray(gz.length - 4)]), says: /is not valid gzip data \(incorrect data check\)/ },
  { name: 'gzip header only', damage: (gz) => gz.subarray(0, 10), says: /is not valid gzip data \(unexpected end of file\)/ },
];

async function load(folder: string) {
  return loadDataset('mnist', { dataDir: folder, cacheDir: path.join(folder, 'cache'), env: {}, download: false });
}

async function expectRefused(folder: string, file: string, says: RegExp) {
  const error = await load(folder).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  const { file: named, message } = error as DatasetError;
  expect(named).toBe(path.join(folder, file));
  expect(message.startsWith(`${path.join(folder, file)}: `)).toBe(true);
  expect(message).toMatch(says);
}

describe('damaged dataset files are refused, naming the file', () => {
  it.each(CASES)('$name', async ({ damage, plain, file, says }) => {
    const folder = await tempFolder();
    const files = smallDataset();
    damage(files);
    await writeFolder(folder, files, plain);
    await expectRefused(folder, file, says);
  });

  it.each(GZIP_CASES)('$name', async ({ damage, says }) => {
    const folder = await tempFolder();
    const files = smallDataset();
    await writeFolder(folder, files);
    await writeFile(path.join(folder, 'train-labels-idx1-ubyte.gz'), damage(gzipSync(files['train-labels-idx1-ubyte'])));
    await expectRefused(folder, 'train-labels-idx1-ubyte.gz', says);
  });

  it('refuses a folder missing a file, listing what is missing and where it looked', async () => {
    const folder = await tempFolder();
    const files = smallDataset();
    delete (files as Files)['t10k-labels-idx1-ubyte'];
    await writeFolder(folder, files);
    const error = await load(folder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).file).toBe(folder);
    expect((error as DatasetError).message).toContain(`${folder} (data folder) missing t10k-labels-idx1-ubyte[.gz]`);
    expect((error as DatasetError).message).toContain(`${path.join(folder, 'cache', 'datasets', 'mnist')} (cache) does not exist`);
    expect((error as DatasetError).message).toContain('downloading is off');
    // Looking wrote nothing.
    expect(await readdir(folder)).not.toContain('cache');
  });

  it('refuses an unknown dataset name by name', async () => {
    const folder = await tempFolder();
    await mkdir(path.join(folder, 'x'));
    await expect(loadDataset('cifar10' as never, { dataDir: folder, env: {}, download: false })).rejects.toThrow(/^cifar10: unknown dataset; known: mnist, fashion-mnist$/);
  });
});
