import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import type { BackendName } from '../../core/api/contract';
import { mulberry32 } from '../../core/random';
import { activateBackend } from '../backends';
import { planImageFolder, type ImageFileSplit } from '../data/own/images';
import { ImageBatchReader, STREAM_CONCURRENCY, STREAM_PREFETCH } from '../data/own/imageStream';
import { fitLoop, streamLoop } from '../training/loop';
import { streamedDataset } from '../training/streamTensors';

/**
 * `netcanvas bench --data-scale`: an image folder larger than memory (docs/performance.md,
 * "Image folders larger than memory"). Generates N 64×64 RGB PNGs in 10 classes in a temporary
 * folder (removed afterwards), then measures decoding throughput, training throughput streaming
 * from the folder against the same pictures as tensors in memory (one small CNN, the same steps,
 * the same loop callbacks), and this process's peak RSS while it trains on the folder.
 */

export interface DataScaleOptions {
  readonly images: number;
  /** Timed training steps (batches), each way. */
  readonly steps: number;
  readonly batchSize: number;
  readonly backend?: BackendName;
  readonly onProgress?: (message: string) => void;
}

export interface DataScaleResult {
  readonly images: number;
  readonly side: number;
  readonly backend: string;
  readonly generateSeconds: number;
  readonly decode: { readonly images: number; readonly imagesPerSecond: number; readonly concurrency: number };
  readonly training: { readonly steps: number; readonly batchSize: number; readonly streamedSamplesPerSecond: number; readonly inMemorySamplesPerSecond: number; readonly ratio: number; readonly prefetch: number };
  /** Resident memory of this process, sampled every 50 ms and after each batch, while training on the folder. */
  readonly peakRssMiB: number;
  /** The decoded Float32 inputs of the whole folder, which streaming does not hold. */
  readonly folderAsFloat32MiB: number;
}

const SIDE = 64;
const CLASSES = 10;
const TARGET = { height: SIDE, width: SIDE, channels: 3 as const, resize: 'stretch' as const };

/** Runs `work` over 0..count-1, `limit` at a time. */
async function each(count: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) await work(next++);
  }));
}

/** Picture i: its class's colour as a bar whose place and angle tell the class, over seeded noise (so PNG cannot compress it away). */
function picture(i: number, label: number): Buffer {
  const random = mulberry32(i + 1);
  const pixels = Buffer.alloc(SIDE * SIDE * 3);
  const hue = [(label * 97) % 256, (label * 53 + 80) % 256, (label * 29 + 160) % 256];
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const onBar = Math.abs(((x + y * (label % 3)) % SIDE) - (label * 6 + 4)) < 4;
      for (let c = 0; c < 3; c++) pixels[(y * SIDE + x) * 3 + c] = onBar ? hue[c] : Math.floor(random() * 96);
    }
  }
  return pixels;
}

async function generate(folder: string, count: number, onProgress?: (m: string) => void): Promise<void> {
  for (let c = 0; c < CLASSES; c++) await mkdir(join(folder, `class-${c}`), { recursive: true });
  let done = 0;
  await each(count, Math.max(2, availableParallelism()), async (i) => {
    const label = i % CLASSES;
    await sharp(picture(i, label), { raw: { width: SIDE, height: SIDE, channels: 3 } }).png().toFile(join(folder, `class-${label}`, `${i}.png`));
    if (++done % 10_000 === 0) onProgress?.(`generated ${done} of ${count}`);
  });
}

function smallCnn(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [SIDE, SIDE, 3], filters: 16, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: CLASSES, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const first = (split: ImageFileSplit, order: readonly number[], n: number): ImageFileSplit => {
  const picked = order.slice(0, n);
  return { count: picked.length, files: picked.map((i) => split.files[i]), labels: Float32Array.from(picked, (i) => split.labels[i]) };
};

export async function measureDataScale(o: DataScaleOptions): Promise<DataScaleResult> {
  const backend = await activateBackend(o.backend);
  const folder = await mkdtemp(join(tmpdir(), 'netcanvas-data-scale-'));
  try {
    o.onProgress?.(`Generating ${o.images} pictures of ${SIDE}×${SIDE} RGB in ${folder}…`);
    let began = performance.now();
    await generate(folder, o.images, o.onProgress);
    const generateSeconds = (performance.now() - began) / 1000;

    const plan = await planImageFolder(folder, TARGET, { seed: 1 });
    const description = plan.description;
    const shuffled = ImageBatchReader.order(plan.train.count, 7);
    const needed = Math.min(plan.train.count, (o.steps + 5) * o.batchSize);
    const timed = first(plan.train, shuffled.slice(5 * o.batchSize), needed - 5 * o.batchSize);
    const warm = first(plan.train, shuffled, Math.min(5 * o.batchSize, needed));

    // Decoding alone: as many pictures as the timed steps use, in file order.
    o.onProgress?.(`Decoding ${timed.count} pictures…`);
    const reader = new ImageBatchReader(TARGET);
    began = performance.now();
    let decoded = 0;
    for await (const b of reader.batches(timed, 256)) decoded += b.count;
    const decodeSeconds = (performance.now() - began) / 1000;

    // Training streamed from the folder, memory sampled.
    const common = { description, inputShape: [SIDE, SIDE, 3], batchSize: o.batchSize, name: 'the training split' };
    const model = smallCnn();
    let peak = process.memoryUsage().rss;
    const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
    const timer = setInterval(sample, 50);
    let streamed: number;
    try {
      o.onProgress?.(`Training ${o.steps} steps streamed from the folder…`);
      await streamLoop({ model, train: streamedDataset(reader, warm, { ...common, seed: 1 }), validation: null, epochs: 1, batchSize: o.batchSize });
      const result = await streamLoop({ model, train: streamedDataset(reader, timed, { ...common, seed: 2 }), validation: null, epochs: 1, batchSize: o.batchSize, onBatch: sample });
      streamed = result.history[0].samplesPerSecond;
    } finally {
      clearInterval(timer);
    }

    // The same pictures as tensors in memory, through fitLoop.
    o.onProgress?.(`Training ${o.steps} steps on the same pictures in memory…`);
    const values = SIDE * SIDE * 3;
    const asTensors = async (split: ImageFileSplit) => {
      const x = new Float32Array(split.count * values);
      const y = new Float32Array(split.count);
      let at = 0;
      for await (const b of reader.batches(split, 256)) {
        x.set(b.x, at * values);
        y.set(b.y, at);
        at += b.count;
      }
      return { x: tf.tensor4d(x.subarray(0, at * values), [at, SIDE, SIDE, 3]), y: tf.oneHot(tf.tensor1d(y.subarray(0, at), 'int32'), CLASSES), count: at };
    };
    const warmPair = await asTensors(warm);
    const timedPair = await asTensors(timed);
    let inMemory: number;
    try {
      const memoryModel = smallCnn();
      await fitLoop({ model: memoryModel, train: warmPair, validation: null, epochs: 1, batchSize: o.batchSize });
      inMemory = (await fitLoop({ model: memoryModel, train: timedPair, validation: null, epochs: 1, batchSize: o.batchSize })).history[0].samplesPerSecond;
      memoryModel.dispose();
    } finally {
      tf.dispose([warmPair.x, warmPair.y, timedPair.x, timedPair.y]);
      model.dispose();
    }
    return {
      images: o.images,
      side: SIDE,
      backend: `${backend.name} (${backend.device})`,
      generateSeconds,
      decode: { images: decoded, imagesPerSecond: decoded / decodeSeconds, concurrency: STREAM_CONCURRENCY },
      training: { steps: Math.ceil(timed.count / o.batchSize), batchSize: o.batchSize, streamedSamplesPerSecond: streamed, inMemorySamplesPerSecond: inMemory, ratio: streamed / inMemory, prefetch: STREAM_PREFETCH },
      peakRssMiB: peak / 2 ** 20,
      folderAsFloat32MiB: (o.images * values * 4) / 2 ** 20,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
