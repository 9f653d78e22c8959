import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../../../src/engine/backends';
import { parseIdxImages, parseIdxLabels } from '../../../src/engine/data/idx';
import { loadImageFolderSamples, planImageFolder, type StreamedImageSamples } from '../../../src/engine/data/own/images';
import { ImageBatchReader, MEMORY_BUDGET_ENV, memoryBudgetBytes } from '../../../src/engine/data/own/imageStream';
import { streamedDataset } from '../../../src/engine/training/streamTensors';
import type { TrainEvent } from '../../../src/core/api/contract';
import { runTrainingJob } from '../../../src/engine/jobs/runJob';
import { cli } from '../../support/cli';

/**
 * Image folders larger than the memory budget stream from disk (docs/datasets.md, "Scale").
 * The folder is MNIST's test digits written as PNGs; the oracle for what a pass must yield is
 * the folder itself (its files and their class folders), and for the pictures the IDX file.
 */
const MNIST = '../shared/datasets/mnist';
const haveMnist = existsSync(join(MNIST, 't10k-images-idx3-ubyte.gz'));
const NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const PER = 100;
let folder = '';
let idx: { pixels: Uint8Array; size: number; labels: Uint8Array } | null = null;

beforeAll(async () => {
  await activateBackend('cpu');
  if (!haveMnist) return;
  const images = parseIdxImages(gunzipSync(readFileSync(join(MNIST, 't10k-images-idx3-ubyte.gz'))), 't10k-images');
  const labels = parseIdxLabels(gunzipSync(readFileSync(join(MNIST, 't10k-labels-idx1-ubyte.gz'))), 't10k-labels');
  const size = images.rows * images.columns;
  idx = { pixels: images.pixels, size, labels };
  folder = join(mkdtempSync(join(tmpdir(), 'nc-stream-')), 'digits');
  const counts = new Array<number>(10).fill(0);
  for (const name of NAMES) mkdirSync(join(folder, name), { recursive: true });
  const jobs: Promise<unknown>[] = [];
  for (let i = 0; i < images.count && counts.some((c) => c < PER); i++) {
    if (counts[labels[i]] >= PER) continue;
    counts[labels[i]]++;
    const raw = Buffer.from(images.pixels.subarray(i * size, (i + 1) * size));
    jobs.push(sharp(raw, { raw: { width: images.columns, height: images.rows, channels: 1 } }).png().toFile(join(folder, NAMES[labels[i]], `${i}.png`)));
    if (jobs.length >= 32) await Promise.all(jobs.splice(0));
  }
  await Promise.all(jobs);
}, 120_000);

const TARGET = { height: 28, width: 28, channels: 1 as const, resize: 'stretch' as const };
/** Every picture file of the folder, with its class index by folder name (sorted, as the loader names classes). */
const filesOnDisk = () => [...NAMES].sort().flatMap((name, c) => readdirSync(join(folder, name)).map((f) => ({ file: join(folder, name, f), label: c })));

describe.skipIf(!haveMnist)('streaming an image folder', () => {
  const PASS_CASES = [
    { name: 'batches of 32, the last one shorter', batchSize: 32, prefetch: 3, concurrency: 4 },
    { name: 'batches of 7, nothing prefetched beyond the next', batchSize: 7, prefetch: 1, concurrency: 1 },
    { name: 'one batch holding the whole split', batchSize: 5000, prefetch: 2, concurrency: 8 },
  ];
  it.each(PASS_CASES)('$name: each epoch yields every training picture exactly once, with its label and pixels, in a new order', async ({ batchSize, prefetch, concurrency }) => {
    const plan = await planImageFolder(folder, TARGET, { seed: 3 });
    const all = [...plan.train.files, ...(plan.validation?.files ?? []), ...plan.test.files];
    expect([...all].sort(), 'the splits partition the folder').toEqual(filesOnDisk().map((f) => f.file).sort());
    const labelOf = new Map(filesOnDisk().map((f) => [f.file, f.label]));
    const reader = new ImageBatchReader(TARGET, { prefetch, concurrency });
    const orders: string[][] = [];
    for (const seed of [1, 2]) {
      const seen: string[] = [];
      for await (const batch of reader.batches(plan.train, batchSize, ImageBatchReader.order(plan.train.count, seed))) {
        expect(batch.count).toBeLessThanOrEqual(batchSize);
        expect(batch.x.length).toBe(batch.count * 28 * 28);
        batch.files.forEach((file, k) => {
          expect(batch.y[k], file).toBe(labelOf.get(file));
          // The file is named after its index in the IDX file: its pixels, exactly (PNG is lossless).
          const i = Number(file.match(/(\d+)\.png$/)![1]);
          const want = idx!.pixels.subarray(i * idx!.size, (i + 1) * idx!.size);
          for (const j of [0, 200, 400, 783]) expect(Math.round(batch.x[k * idx!.size + j] * 255)).toBe(want[j]);
        });
        seen.push(...batch.files);
      }
      expect(seen.length, 'no picture twice').toBe(new Set(seen).size);
      expect([...seen].sort(), 'every picture').toEqual([...plan.train.files].sort());
      orders.push(seen);
    }
    expect(orders[0], 'shuffled afresh').not.toEqual(orders[1]);
    expect(reader.skipped).toEqual([]);
  }, 120_000);

  it('the tf.data dataset yields one-hot labels that count each class as the folder does, every epoch', async () => {
    const plan = await planImageFolder(folder, TARGET, { seed: 3 });
    const want = new Array<number>(10).fill(0);
    for (const l of plan.train.labels) want[l]++;
    const { dataset, count } = streamedDataset(new ImageBatchReader(TARGET), plan.train, { description: plan.description, inputShape: [28, 28, 1], batchSize: 50, seed: 9, name: 'train' });
    expect(count).toBe(plan.train.count);
    for (let epoch = 0; epoch < 2; epoch++) {
      const got = new Array<number>(10).fill(0);
      await dataset.forEachAsync(({ xs, ys }) => {
        expect(xs.shape.slice(1)).toEqual([28, 28, 1]);
        const sums = ys.sum(0).arraySync() as number[];
        sums.forEach((s, c) => (got[c] += s));
        tf.dispose([xs, ys]);
      });
      expect(got).toEqual(want);
    }
  }, 120_000);

  it('a picture that becomes unreadable mid-training is skipped, listed once and counted; a split of which none reads is an error naming a file', async () => {
    // A copy of its own: the pictures are damaged below.
    const own = join(mkdtempSync(join(tmpdir(), 'nc-stream-damaged-')), 'digits');
    cpSync(folder, own, { recursive: true });
    const plan: StreamedImageSamples = await planImageFolder(own, TARGET, { seed: 3 });
    const reader = new ImageBatchReader(TARGET);
    const damaged = plan.train.files.slice(0, 3);
    let first = true;
    const seen: string[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      for await (const batch of reader.batches(plan.train, 64, ImageBatchReader.order(plan.train.count, epoch))) {
        if (first) {
          // Damaged after training began: cut short, as a half-copied file is.
          for (const f of damaged) writeFileSync(f, readFileSync(f).subarray(0, 40));
          first = false;
        }
        if (epoch === 1) seen.push(...batch.files);
      }
    }
    expect(reader.skipped.map((s) => s.file).sort()).toEqual([...damaged].sort());
    for (const s of reader.skipped) expect(s.reason).toMatch(/damaged|cut short|not a picture/);
    expect(seen.length).toBe(plan.train.count - damaged.length);
    expect(seen.filter((f) => damaged.includes(f))).toEqual([]);
    const none = { count: 3, files: damaged, labels: new Float32Array(3) };
    await expect(async () => {
      for await (const _ of new ImageBatchReader(TARGET).batches(none, 2, undefined, 'the test split')) void _;
    }).rejects.toThrow(/no picture of the test split could be read while streaming/);
  }, 120_000);
});

describe.skipIf(!haveMnist)('netcanvas train on a folder over the memory budget', () => {
  it('streams (the job says so) and reaches 85% test accuracy on 1,000 digits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nc-stream-train-'));
    const copy = folder;
    const graph = join(dir, 'digits.netcanvas.json');
    const made = await cli(['new', '--data', copy, '-o', graph]);
    expect(made.code, made.stderr).toBe(0);
    const document = JSON.parse(readFileSync(graph, 'utf8'));
    const events: TrainEvent[] = [];
    // The job as the engine's worker process runs it, in this process, its events all kept.
    await runTrainingJob({ jobId: 'stream-1', request: { jobId: 'stream-1', document, epochs: 8, seed: 1, data: { path: copy } }, runsDir: join(dir, 'runs'), env: { [MEMORY_BUDGET_ENV]: '0' } }, (e) => events.push(e), () => false);
    const error = events.find((e) => e.type === 'error');
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(events.some((e) => e.type === 'status' && /batch by batch/.test(e.message)), 'the streaming path ran').toBe(true);
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(8);
    expect(epochs.every((e) => e.type === 'epoch' && typeof e.valLoss === 'number'), 'validation streamed too').toBe(true);
    const test = events.find((e) => e.type === 'test')!;
    if (test.type !== 'test') throw new Error('no test result');
    // With no damaged picture, the streamed split is the one the in-memory loader makes: every test picture counts.
    expect(test.samples).toBe((await loadImageFolderSamples(copy, TARGET)).test.count);
    expect(test.testAccuracy).toBeGreaterThanOrEqual(0.85);
  }, 600_000);
});

describe('the memory budget', () => {
  const CASES = [
    { env: {}, bytes: 512 * 2 ** 20, says: 'unset: 512 MiB' },
    { env: { [MEMORY_BUDGET_ENV]: '' }, bytes: 512 * 2 ** 20, says: 'empty: 512 MiB' },
    { env: { [MEMORY_BUDGET_ENV]: '0' }, bytes: 0, says: '0: every image folder streams' },
    { env: { [MEMORY_BUDGET_ENV]: '1.5' }, bytes: 1.5 * 2 ** 20, says: 'a fraction of a MiB' },
  ];
  it.each(CASES)('$says', ({ env, bytes }) => expect(memoryBudgetBytes(env)).toBe(bytes));
  it.each(['-1', 'lots', 'Infinity'])('%s is refused, naming the variable', (value) => {
    expect(() => memoryBudgetBytes({ [MEMORY_BUDGET_ENV]: value })).toThrow(new RegExp(`${MEMORY_BUDGET_ENV} is '${value}'; it takes a number of MiB`));
  });
});
