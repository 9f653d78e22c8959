import { availableParallelism } from 'node:os';
import { mulberry32, shuffleInPlace } from '../../../core/random';
import { messageOf } from '../../../core/messageOf';
import { imageToSample, type ImageTarget } from '../../image/decode';
import { readDataFile } from '../bytes';
import { DatasetError } from '../errors';
import { MAX_IMAGE_FILE_BYTES, type ImageFileSplit, type SkippedFile } from './images';

/**
 * Pictures streamed from disk while a model trains, for image folders whose inputs do not fit
 * in memory (see docs/datasets.md, "Scale"). Each batch's files are read and decoded by sharp
 * (libvips, on libuv's thread pool, so several at once use every core) a few batches ahead of
 * the training step; at most `prefetch` batches wait decoded, so memory stays bounded whatever
 * the folder's size. A file that no longer decodes is skipped (its batch is one shorter), listed
 * once in `skipped`, and counted; a split of which no file decodes is an error.
 */

/** Decoded Float32 inputs at most this large are held in memory; larger image folders stream. */
export const DEFAULT_MEMORY_BUDGET_BYTES = 512 * 2 ** 20;
/** The environment variable that overrides the budget, in MiB (tests set it tiny). */
export const MEMORY_BUDGET_ENV = 'NETCANVAS_DATA_MEMORY_MB';

/** The budget for decoded inputs: NETCANVAS_DATA_MEMORY_MB when set (a number of MiB ≥ 0), else 512 MiB. */
export function memoryBudgetBytes(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env[MEMORY_BUDGET_ENV];
  if (text === undefined || text === '') return DEFAULT_MEMORY_BUDGET_BYTES;
  const mib = Number(text);
  if (!Number.isFinite(mib) || mib < 0) throw new Error(`${MEMORY_BUDGET_ENV} is '${text}'; it takes a number of MiB (0 or more)`);
  return mib * 2 ** 20;
}

/**
 * Pictures decoded at once within a batch, and decoded batches waiting. Measured on 2 cores
 * (64×64 RGB PNGs through imageToSample): 928 images/s with 2 at once, 1,280 with 4, 1,430 with 8.
 */
export const STREAM_CONCURRENCY = Math.max(4, Math.min(16, 4 * availableParallelism()));
export const STREAM_PREFETCH = 3;

/** One decoded batch: inputs scaled to [0, 1], sample after sample, their labels and files. */
export interface DecodedBatch {
  readonly count: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly files: readonly string[];
}

export interface StreamOptions {
  readonly concurrency?: number;
  readonly prefetch?: number;
}

/** Decodes files of image-folder splits batch by batch, ahead of their use. */
export class ImageBatchReader {
  /** Files that did not decode while streaming, each once, with why. */
  readonly skipped: SkippedFile[] = [];
  private readonly skippedFiles = new Set<string>();
  private readonly values: number;
  private readonly concurrency: number;
  private readonly prefetch: number;

  constructor(
    private readonly target: ImageTarget,
    options: StreamOptions = {},
  ) {
    this.values = target.height * target.width * target.channels;
    this.concurrency = Math.max(1, options.concurrency ?? STREAM_CONCURRENCY);
    this.prefetch = Math.max(1, options.prefetch ?? STREAM_PREFETCH);
  }

  /** The order of one epoch: every sample once, shuffled by `seed`, or in file order without one. */
  static order(count: number, seed: number | null): number[] {
    const order = Array.from({ length: count }, (_, i) => i);
    return seed === null ? order : shuffleInPlace(order, mulberry32(seed));
  }

  /**
   * The split's samples in `order`, `batchSize` at a time (the last batch shorter), decoded
   * `prefetch` batches ahead. Stopping early (a `return` on the iterator, or abandoning it) wastes at
   * most the batches in flight. Throws a DatasetError when no file of the split decodes.
   */
  async *batches(split: ImageFileSplit, batchSize: number, order: readonly number[] = ImageBatchReader.order(split.count, null), name = 'the split'): AsyncGenerator<DecodedBatch> {
    const starts: number[] = [];
    for (let s = 0; s < order.length; s += batchSize) starts.push(s);
    const pending: Promise<DecodedBatch>[] = [];
    let next = 0;
    const fill = () => {
      while (pending.length < this.prefetch && next < starts.length) {
        const s = starts[next++];
        const batch = this.decode(split, order.slice(s, s + batchSize));
        batch.catch(() => undefined); // awaited in turn below; never an unhandled rejection
        pending.push(batch);
      }
    };
    let yielded = 0;
    fill();
    while (pending.length > 0) {
      const batch = await pending.shift()!;
      fill();
      if (batch.count === 0) continue;
      yielded += batch.count;
      yield batch;
    }
    if (yielded === 0 && order.length > 0) {
      throw new DatasetError(this.skipped[0]?.file ?? name, `no picture of ${name} could be read while streaming (${this.skipped.length} skipped; the first: ${this.skipped[0]?.reason ?? 'none'})`);
    }
  }

  private async decode(split: ImageFileSplit, indices: readonly number[]): Promise<DecodedBatch> {
    const x = new Float32Array(indices.length * this.values);
    const ok = new Array<boolean>(indices.length).fill(false);
    let nextIndex = 0;
    const work = async () => {
      while (nextIndex < indices.length) {
        const k = nextIndex++;
        const file = split.files[indices[k]];
        try {
          const bytes = await imageToSample(await readDataFile(file, MAX_IMAGE_FILE_BYTES), this.target);
          const out = x.subarray(k * this.values, (k + 1) * this.values);
          for (let j = 0; j < this.values; j++) out[j] = bytes[j] / 255;
          ok[k] = true;
        } catch (error) {
          this.skip(file, error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, indices.length) }, work));
    const kept = indices.map((_, k) => k).filter((k) => ok[k]);
    if (kept.length === indices.length) return { count: kept.length, x, y: Float32Array.from(indices, (i) => split.labels[i]), files: indices.map((i) => split.files[i]) };
    // Some did not decode: the batch closes up over them.
    const packed = new Float32Array(kept.length * this.values);
    kept.forEach((k, j) => packed.set(x.subarray(k * this.values, (k + 1) * this.values), j * this.values));
    return { count: kept.length, x: packed, y: Float32Array.from(kept, (k) => split.labels[indices[k]]), files: kept.map((k) => split.files[indices[k]]) };
  }

  private skip(file: string, error: unknown): void {
    if (this.skippedFiles.has(file)) return;
    this.skippedFiles.add(file);
    this.skipped.push({ file, reason: error instanceof DatasetError ? error.problem : messageOf(error) });
  }
}
