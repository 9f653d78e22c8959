import type { IdxFolderInspection } from '../../../core/data/inspection';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BUILTIN_DATASETS, type DatasetDescription } from '../../../core/data/description';
import type { SampleSplit, TrainingSamples } from '../../../core/data/samples';
import { DEFAULT_SPLIT, DEFAULT_SPLIT_SEED, splitIndices, type SplitFractions } from '../../../core/data/split';
import { readIdxBytes, sha256Hex } from '../bytes';
import { DATASET_SOURCES, fileNameVariants, type IdxRole } from '../catalogue';
import { DatasetError } from '../errors';
import { parseIdxImages, parseIdxLabels } from '../idx';

/**
 * Any folder holding the four IDX files under MNIST's names (plain or `.gz`), read by the one
 * IDX reader (idx.ts) with any image size and up to 256 classes: classes are 0..k-1, k one past
 * the largest label. A folder whose training labels are MNIST's or Fashion-MNIST's is named as such.
 */

const SPECS = DATASET_SOURCES.mnist.files;

/** The four files' paths, or null when the folder holds none of them; a DatasetError naming the missing ones when it holds some. */
export async function findIdxFiles(folder: string): Promise<Record<IdxRole, string> | null> {
  let names: Set<string>;
  try {
    names = new Set(await readdir(folder));
  } catch (error) {
    throw new DatasetError(folder, `cannot be listed (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const files = {} as Record<IdxRole, string>;
  const missing: string[] = [];
  for (const spec of SPECS) {
    const name = fileNameVariants(spec).find((v) => names.has(v));
    if (name) files[spec.role] = join(folder, name);
    else missing.push(`${spec.name}[.gz]`);
  }
  if (missing.length === SPECS.length) return null;
  if (missing.length > 0) throw new DatasetError(folder, `holds some IDX files but not ${missing.join(', ')}; an IDX folder needs all four`);
  return files;
}

interface IdxSplit {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly rows: number;
  readonly columns: number;
}

async function readSplit(files: Record<IdxRole, string>, imagesRole: IdxRole, labelsRole: IdxRole): Promise<IdxSplit & { labelsDigest: string }> {
  const [imageBytes, labelBytes] = await Promise.all([readIdxBytes(files[imagesRole]), readIdxBytes(files[labelsRole])]);
  const images = parseIdxImages(imageBytes, files[imagesRole], true);
  const labels = parseIdxLabels(labelBytes, files[labelsRole], 256);
  if (images.count !== labels.length) throw new DatasetError(files[imagesRole], `holds ${images.count} images but ${files[labelsRole]} holds ${labels.length} labels; the two must agree`);
  return { images: images.pixels, labels, count: images.count, rows: images.rows, columns: images.columns, labelsDigest: sha256Hex(labelBytes) };
}

export type { IdxFolderInspection } from '../../../core/data/inspection';

interface Read {
  readonly train: IdxSplit;
  readonly test: IdxSplit;
  readonly description: DatasetDescription;
  readonly builtin: string | null;
  readonly files: Record<IdxRole, string>;
}

async function readFolder(folder: string, options: { id?: string; label?: string }): Promise<Read> {
  const files = await findIdxFiles(folder);
  if (!files) throw new DatasetError(folder, 'holds none of the four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each maybe .gz)');
  const [train, test] = await Promise.all([readSplit(files, 'trainImages', 'trainLabels'), readSplit(files, 'testImages', 'testLabels')]);
  if (train.rows !== test.rows || train.columns !== test.columns) {
    throw new DatasetError(files.testImages, `images are ${test.rows}×${test.columns} but the training images in ${files.trainImages} are ${train.rows}×${train.columns}`);
  }
  const sourceName = Object.values(DATASET_SOURCES).find((s) => s.files.some((f) => f.role === 'trainLabels' && f.sha256 === train.labelsDigest))?.name ?? null;
  let k = 0;
  for (const l of train.labels) k = Math.max(k, l + 1);
  for (const l of test.labels) k = Math.max(k, l + 1);
  const builtin = sourceName && Object.hasOwn(BUILTIN_DATASETS, sourceName) ? BUILTIN_DATASETS[sourceName] : null;
  const classNames = builtin && builtin.classNames.length === k ? [...builtin.classNames] : Array.from({ length: k }, (_, i) => String(i));
  const description: DatasetDescription = {
    id: options.id ?? basename(folder),
    label: options.label ?? (builtin ? builtin.label : basename(folder)),
    kind: 'images',
    inputShape: [train.rows, train.columns, 1],
    task: k === 2 ? 'binary' : 'multiclass',
    classNames,
  };
  return { train, test, description, builtin: sourceName, files };
}

function countLabels(labels: Uint8Array, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

/** What `netcanvas data` shows for an IDX folder. */
export async function inspectIdxFolder(folder: string, options: { split?: SplitFractions; seed?: number; id?: string; label?: string } = {}): Promise<IdxFolderInspection> {
  const read = await readFolder(folder, options);
  const k = read.description.classNames.length;
  const train = countLabels(read.train.labels, k);
  const test = countLabels(read.test.labels, k);
  const warnings: IdxFolderInspection['warnings'][number][] = [];
  const problems: string[] = [];
  read.description.classNames.forEach((name, i) => {
    if (train[i] === 0) warnings.push({ kind: 'empty-class', message: `class ${name} has no training samples${test[i] ? ` (${test[i]} in test)` : ''}` });
  });
  if (k < 2) problems.push(`${read.files.trainLabels}: all labels are ${k - 1}; a classifier needs at least two classes`);
  const present = train.map((c, i) => ({ c, name: read.description.classNames[i] })).filter((x) => x.c > 0);
  if (present.length >= 2) {
    const large = present.reduce((a, b) => (b.c > a.c ? b : a));
    const small = present.reduce((a, b) => (b.c < a.c ? b : a));
    if (large.c >= 2 * small.c) warnings.push({ kind: 'class-imbalance', message: `class imbalance: class ${large.name} has ${large.c} training samples, class ${small.name} ${small.c} (${(large.c / small.c).toFixed(1)}×)` });
  }
  const seed = options.seed ?? DEFAULT_SPLIT_SEED;
  const parts = splitIndices(read.train.count, { validation: (options.split ?? DEFAULT_SPLIT).validation, test: 0 }, seed, read.train.labels);
  return {
    file: folder,
    kind: 'idx-folder',
    samples: read.train.count + read.test.count,
    files: read.files,
    classes: read.description.classNames.map((name, i) => ({ name, train: train[i], test: test[i] })),
    description: read.description,
    builtin: read.builtin,
    split: { seed, train: parts.train.length, validation: parts.validation.length, test: read.test.count },
    warnings,
    problems,
  };
}

/**
 * An IDX folder as training samples: the t10k files are the test split, and a seeded stratified
 * share of the training files (the split's validation fraction) is held out for validation.
 * Pixels are divided by 255; `limit` keeps the first N training and test samples.
 */
export async function loadIdxFolderSamples(folder: string, options: { split?: SplitFractions; seed?: number; limit?: number; id?: string; label?: string } = {}): Promise<TrainingSamples> {
  const read = await readFolder(folder, options);
  if (read.description.classNames.length < 2) throw new DatasetError(read.files.trainLabels, 'holds one class; a classifier needs at least two');
  const size = read.train.rows * read.train.columns;
  const take = (n: number) => Math.min(n, options.limit ?? n);
  const make = (split: IdxSplit, indices: readonly number[]): SampleSplit => {
    const x = new Float32Array(indices.length * size);
    const y = new Float32Array(indices.length);
    indices.forEach((i, j) => {
      const from = split.images.subarray(i * size, (i + 1) * size);
      for (let v = 0; v < size; v++) x[j * size + v] = from[v] / 255;
      y[j] = split.labels[i];
    });
    return { count: indices.length, x, y };
  };
  const trainCount = take(read.train.count);
  const parts = splitIndices(trainCount, { validation: (options.split ?? DEFAULT_SPLIT).validation, test: 0 }, options.seed ?? DEFAULT_SPLIT_SEED, read.train.labels.subarray(0, trainCount));
  const testIndices = Array.from({ length: take(read.test.count) }, (_, i) => i);
  return {
    description: read.description,
    train: make(read.train, parts.train),
    validation: parts.validation.length > 0 ? make(read.train, parts.validation) : null,
    test: make(read.test, testIndices),
    preprocessing: { kind: 'image', width: read.train.columns, height: read.train.rows, channels: 1, resize: 'stretch', scale: 1 / 255 },
    notes: [],
  };
}
