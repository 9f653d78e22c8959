import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ImageTarget, ResizePolicy } from '../../image/decode';
import { imageFolderSize, inspectImageFolder, loadImageFolderSamples, looksLikeImageFolder, planImageFolder, type StreamedImageSamples } from './images';
import { memoryBudgetBytes } from './imageStream';
import { findIdxFiles, inspectIdxFolder, loadIdxFolderSamples } from './idxFolder';
import type { ArrayDataset } from '../../../core/data/arrays';
import { DEFAULT_SPLIT, DEFAULT_SPLIT_SEED, splitIndices, type SplitIndices } from '../../../core/data/split';
import type { SampleSplit, TrainingSamples } from '../../../core/data/samples';
import { applyPlan, encodeTargets, TableError, type PreparedTable, type TablePlan } from '../../../core/data/table';
import { DatasetError } from '../errors';
import { isFolder } from './files';
import { loadOwnData, readTableFile, type OwnDataOptions } from './load';

/** The choices a person makes about their data when training on it. */
export interface SampleChoices extends OwnDataOptions {
  /** A separate test file, encoded with the training file's plan (tables only). */
  readonly test?: string;
  /** The graph's Input shape without the batch axis: the size pictures are brought to. */
  readonly inputShape?: readonly (number | null)[];
  /** How pictures of another size are fitted (default: the folder's suggestion). */
  readonly resize?: ResizePolicy;
  readonly onProgress?: (progress: { readonly done: number; readonly total: number; readonly message: string }) => void;
  /**
   * Image folders whose decoded Float32 inputs would take more bytes than this stream from disk
   * while training (`loadTrainingData`); default: NETCANVAS_DATA_MEMORY_MB, else 512 MiB.
   */
  readonly memoryBudget?: number;
}

/**
 * An own dataset as the engine trains on it: a table (features through its plan, regression
 * targets scaled; train, validation and test from the prepared split, or the test rows from
 * `choices.test`), or arrays (their own test split, or one taken from the training samples;
 * inputs that look like 0–255 bytes divided by 255). Folders of arrays are arrays; other
 * folders are image folders (`loadFolderSamples`). Throws naming the file and row, column or entry.
 */
export async function loadTrainingSamples(path: string, choices: SampleChoices = {}): Promise<TrainingSamples> {
  const data = await loadTrainingData(path, { ...choices, memoryBudget: Infinity });
  if ('kind' in data) throw new Error(`${path} streams; it cannot be loaded into memory`);
  return data;
}

/**
 * `loadTrainingSamples`, except that an image folder whose inputs would take more than the
 * memory budget is planned as files to stream (`planImageFolder`), not decoded here.
 */
export async function loadTrainingData(path: string, choices: SampleChoices = {}): Promise<TrainingSamples | StreamedImageSamples> {
  if ((await isFolder(path)) && !(await holdsArrays(path))) return loadFolderSamples(path, choices);
  const seed = choices.seed ?? DEFAULT_SPLIT_SEED;
  // With a test file of its own, the table's rows only train and validate.
  const split = choices.test !== undefined ? { validation: (choices.split ?? DEFAULT_SPLIT).validation, test: 0 } : choices.split;
  const data = await loadOwnData(path, { ...choices, split, seed });
  if (data.kind === 'table') return tableSamples(data.table, choices.test !== undefined ? await testTable(choices.test, data.table.plan, choices) : null);
  if (choices.test !== undefined) throw new DatasetError(choices.test, `is a separate test file, but ${path} holds arrays; put x_test and y_test beside x_train and y_train instead`);
  return arraySamples(data.arrays, choices.split ?? DEFAULT_SPLIT, seed);
}

/**
 * Image folders (a folder per class, or `train/`, `validation/`, `test/` of them) and folders of
 * the four IDX files. Pictures are brought to the Input's `[height, width, channels]` when the
 * graph says it, else to the size the folder's inspection suggests.
 */
async function loadFolderSamples(path: string, choices: SampleChoices): Promise<TrainingSamples | StreamedImageSamples> {
  if (choices.test !== undefined) throw new DatasetError(choices.test, `is a separate test file, but ${path} is a folder; put a test/ folder in it instead`);
  if (await findIdxFiles(path)) return loadIdxFolderSamples(path, { split: choices.split, seed: choices.seed });
  if (!(await looksLikeImageFolder(path))) throw new DatasetError(path, 'holds neither .npy arrays, nor the four IDX files, nor a sub-folder of pictures per class');
  const target = imageTarget(choices.inputShape) ?? (await inspectImageFolder(path, { seed: choices.seed })).suggestion.target;
  const resized = { ...target, resize: choices.resize ?? target.resize };
  const options = { split: choices.split, seed: choices.seed, onProgress: choices.onProgress };
  const budget = choices.memoryBudget ?? memoryBudgetBytes();
  if (budget !== Infinity && (await imageFolderSize(path, resized)).bytes > budget) return planImageFolder(path, resized, options);
  return loadImageFolderSamples(path, resized, options);
}

/** An Input of `[height, width, 1 | 3]` as a picture size; none for other shapes. */
function imageTarget(shape: readonly (number | null)[] | undefined): ImageTarget | null {
  if (!shape || shape.length !== 3) return null;
  const [height, width, channels] = shape;
  if (!height || !width || (channels !== 1 && channels !== 3)) return null;
  return { height, width, channels, resize: 'stretch' };
}

async function holdsArrays(folder: string): Promise<boolean> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.some((n) => n.toLowerCase().endsWith('.npy'));
}

/**
 * Whether a folder is own data rather than a built-in dataset's folder (MNIST's or
 * Fashion-MNIST's IDX files, or a folder holding `mnist/`): it holds `.npy` arrays, a
 * sub-folder of pictures per class, or IDX files that are not a built-in dataset's.
 */
export async function isOwnDataFolder(folder: string): Promise<boolean> {
  if ((await holdsArrays(folder)) || (await looksLikeImageFolder(folder))) return true;
  if (!(await findIdxFiles(folder))) return false;
  return (await inspectIdxFolder(folder)).builtin === null;
}

function tableSamples(table: PreparedTable, test: SampleSplit | null): TrainingSamples {
  const { plan, rows, fileRows, split, inspection } = table;
  const file = inspection.file;
  const take = (indices: readonly number[]): SampleSplit => {
    const picked = indices.map((i) => rows[i]);
    const source = { file, fileRows: indices.map((i) => fileRows[i]) };
    return { count: indices.length, x: applyPlan(plan, picked, source), y: encodeTargets(plan, picked, source), sources: source.fileRows.map((r) => `${file}: row ${r}`) };
  };
  const notes = inspection.warnings.map((w) => w.message);
  const testSplit = test ?? take(split.test);
  if (testSplit.count === 0) throw new TableError(file, `has ${rows.length} usable rows, too few to hold out any for testing`);
  return {
    description: inspection.description,
    train: take(split.train),
    validation: split.validation.length > 0 ? take(split.validation) : null,
    test: testSplit,
    preprocessing: { kind: 'table', plan },
    notes,
  };
}

/** A separate test table: its columns found by name (in any order), its rows encoded with the training plan. */
async function testTable(file: string, plan: TablePlan, choices: SampleChoices): Promise<SampleSplit> {
  const parsed = await readTableFile(file, { header: true, delimiter: choices.delimiter });
  const rows = alignRows(plan, parsed.columns, parsed.rows, file, true);
  if (rows.length === 0) throw new TableError(file, 'has no rows to test on');
  const source = { file, fileRows: parsed.fileRows };
  return { count: rows.length, x: applyPlan(plan, rows, source), y: encodeTargets(plan, rows, source), sources: parsed.fileRows.map((r) => `${file}: row ${r}`) };
}

/**
 * Rows of another table as the plan's columns: each column found by its name; a feature
 * column (and the target, when `withTarget`) that is absent is refused, naming it.
 */
export function alignRows(plan: TablePlan, columns: readonly string[], rows: readonly (readonly string[])[], file: string, withTarget: boolean): string[][] {
  const at = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!at.has(c)) at.set(c, i);
  });
  const needed = [...plan.features.map((f) => f.column), ...(withTarget ? [plan.target.column] : [])];
  const absent = needed.filter((c) => !at.has(c));
  if (absent.length > 0) throw new TableError(file, `has no column ${absent.map((c) => `'${c}'`).join(', ')}; the model was trained on the columns ${plan.columns.map((c) => `'${c}'`).join(', ')}`, undefined, absent[0]);
  const source = plan.columns.map((c) => at.get(c));
  return rows.map((row) => source.map((i) => (i === undefined ? '' : (row[i] ?? ''))));
}

/** Values above 1 that are all whole numbers in 0–255: pixels as bytes, scaled to [0, 1]. */
function bytesLike(arrays: ArrayDataset): boolean {
  const { min, max } = arrays.inspection.inputRange;
  if (arrays.inspection.entries.find((e) => e.name === 'x_train')?.dtype === 'uint8') return true;
  if (min < 0 || max <= 1 || max > 255) return false;
  return arrays.train.x.every((v) => Number.isInteger(v));
}

function arraySamples(arrays: ArrayDataset, fractions: { validation: number; test: number }, seed: number): TrainingSamples {
  const { description } = arrays.inspection;
  const scale = bytesLike(arrays) ? 1 / 255 : 1;
  const width = arrays.train.count > 0 ? arrays.train.x.length / arrays.train.count : 0;
  const labels = description.task === 'regression' ? undefined : arrays.train.y;
  const split: SplitIndices = splitIndices(arrays.train.count, arrays.test ? { validation: fractions.validation, test: 0 } : fractions, seed, labels);
  const take = (from: { x: Float32Array; y: Float32Array }, indices: readonly number[], name: string): SampleSplit => {
    const x = new Float32Array(indices.length * width);
    const y = new Float32Array(indices.length);
    indices.forEach((i, k) => {
      for (let j = 0; j < width; j++) x[k * width + j] = from.x[i * width + j] * scale;
      y[k] = from.y[i];
    });
    return { count: indices.length, x, y, sources: indices.map((i) => `${name} ${i}`) };
  };
  const test = arrays.test ? take(arrays.test, Array.from({ length: arrays.test.count }, (_, i) => i), 'x_test') : take(arrays.train, split.test, 'x_train');
  if (test.count === 0) throw new DatasetError(arrays.inspection.file, `holds ${arrays.train.count} training samples and no x_test, too few to hold out any for testing`);
  return {
    description,
    train: take(arrays.train, split.train, 'x_train'),
    validation: split.validation.length > 0 ? take(arrays.train, split.validation, 'x_train') : null,
    test,
    preprocessing: { kind: 'arrays', scale },
    notes: [...arrays.inspection.warnings.map((w) => w.message), ...(scale !== 1 ? [`inputs are 0–255 values (${basename(arrays.inspection.file)}); they are divided by 255`] : [])],
  };
}
