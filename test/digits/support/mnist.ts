import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** Where the tests find MNIST: NETCANVAS_DATA, else ../shared/datasets/mnist beside the repository. */
export const MNIST_DIR = process.env.NETCANVAS_DATA ?? path.resolve(fileURLToPath(new URL('../../..', import.meta.url)), '../shared/datasets/mnist');

/** A split of MNIST as the IDX files hold it: `count` images of 28×28 bytes, row by row, and their labels. */
export interface MnistSplit {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

function readIdx(file: string, magic: number): { header: DataView; body: Uint8Array } {
  const raw = readFileSync(path.join(MNIST_DIR, file));
  const bytes = file.endsWith('.gz') ? gunzipSync(raw) : raw;
  const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (header.getUint32(0) !== magic) throw new Error(`${file}: magic number ${header.getUint32(0)}, expected ${magic}`);
  const headerBytes = magic === 2051 ? 16 : 8;
  return { header, body: new Uint8Array(bytes.buffer, bytes.byteOffset + headerBytes, bytes.byteLength - headerBytes) };
}

/** Reads the first `limit` digits of a split: a test helper, independent of the engine's loader. */
export function readMnist(split: 'train' | 'test', limit = Infinity): MnistSplit {
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = readIdx(`${prefix}-images-idx3-ubyte.gz`, 2051);
  const labels = readIdx(`${prefix}-labels-idx1-ubyte.gz`, 2049);
  const count = Math.min(limit, images.header.getUint32(4), labels.header.getUint32(4));
  return { images: images.body.subarray(0, count * 784), labels: labels.body.subarray(0, count), count };
}
