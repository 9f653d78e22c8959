import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach } from 'vitest';
import { DatasetError } from '../../../src/engine/data';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The real MNIST files, beside the checkout (never copied into it). */
export const MNIST_DIR = path.resolve(repoRoot, '../shared/datasets/mnist');

export const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] as const;

/** Label counts listed in MNIST's README (the same as Keras's `mnist.load_data()` reference listing). */
export const MNIST_LABEL_COUNTS = {
  train: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
  test: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
};

/** An IDX3 image file: magic, count, rows, columns (big-endian), then pixels. */
export function idxImages(count: number, options: { rows?: number; columns?: number; magic?: number; pixel?: (i: number) => number } = {}): Buffer {
  const rows = options.rows ?? 28;
  const columns = options.columns ?? 28;
  const body = Buffer.alloc(count * rows * columns);
  for (let i = 0; i < body.length; i++) body[i] = options.pixel ? options.pixel(i) : (i * 7) & 0xff;
  const header = Buffer.alloc(16);
  header.writeUInt32BE(options.magic ?? 2051, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(rows, 8);
  header.writeUInt32BE(columns, 12);
  return Buffer.concat([header, body]);
}

/** An IDX1 label file: magic, count (big-endian), then one byte per label. */
export function idxLabels(labels: readonly number[], options: { magic?: number } = {}): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(options.magic ?? 2049, 0);
  header.writeUInt32BE(labels.length, 4);
  return Buffer.concat([header, Buffer.from(labels)]);
}

/** The four files of a small, well-formed dataset (3 training and 2 test images). */
export function smallDataset(): Record<(typeof MNIST_FILES)[number], Buffer> {
  return {
    'train-images-idx3-ubyte': idxImages(3),
    'train-labels-idx1-ubyte': idxLabels([5, 0, 4]),
    't10k-images-idx3-ubyte': idxImages(2),
    't10k-labels-idx1-ubyte': idxLabels([7, 2]),
  };
}

/** Writes files into a folder, each gzipped (as `<name>.gz`) unless `plain`. */
export async function writeFolder(folder: string, files: Record<string, Buffer>, plain = false): Promise<void> {
  for (const [name, bytes] of Object.entries(files)) {
    await writeFile(path.join(folder, plain ? name : `${name}.gz`), plain ? bytes : gzipSync(bytes));
  }
}

const made: string[] = [];

/** A fresh temporary folder, removed after the test. */
export async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'netcanvas-data-'));
  made.push(folder);
  return folder;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/**
 * The DatasetError a load fails with. A load that succeeds fails the test with a short
 * message (never a diff of a 47 MB dataset).
 */
export async function refusal(load: Promise<unknown>): Promise<DatasetError> {
  const outcome = await load.then(
    () => new Error('expected the load to be refused, but it succeeded'),
    (error: unknown) => error,
  );
  if (outcome instanceof DatasetError) return outcome;
  throw outcome instanceof Error ? outcome : new Error(`expected a DatasetError, got ${String(outcome)}`);
}
