import { unzipSync } from 'fflate';
import type { DatasetDescription, Task } from '../description';
import { IMBALANCE_RATIO, MAX_NUMERIC_CLASSES } from '../table/prepare';
import { ArrayFileError, DEFAULT_NPY_LIMITS, parseNpy, type NpyLimits, type NumpyArray } from './npy';

/** The entries NetCanvas takes from an `.npz` (what `np.savez(f, x_train=…, y_train=…, x_test=…, y_test=…)` writes). */
export const ARRAY_ENTRIES = ['x_train', 'y_train', 'x_test', 'y_test'] as const;
export type ArrayEntry = (typeof ARRAY_ENTRIES)[number];

export interface ArrayLimits extends NpyLimits {
  /** The most bytes all the entries of an `.npz` may inflate to, from the sizes the archive declares. */
  readonly maxInflatedBytes: number;
}

export const DEFAULT_ARRAY_LIMITS: ArrayLimits = { ...DEFAULT_NPY_LIMITS, maxInflatedBytes: 2 * 1024 * 1024 * 1024 };

/**
 * The `.npy` entries of an `.npz` archive, by name without `.npy`. fflate reads the zip; each
 * entry's declared size is checked before it is inflated (and fflate inflates into a buffer of
 * exactly that size, so no entry grows past its claim). Entries other than the four are skipped.
 */
export function readNpz(bytes: Uint8Array, file: string, limits: ArrayLimits = DEFAULT_ARRAY_LIMITS): Map<ArrayEntry, NumpyArray> {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (info) => {
        const entry = entryName(info.name);
        if (!entry) return false;
        total += info.originalSize;
        if (total > limits.maxInflatedBytes) {
          throw new ArrayFileError(`${file}: ${entry}`, `inflates to ${info.originalSize.toLocaleString('en-US')} bytes, which takes the archive past the ${limits.maxInflatedBytes.toLocaleString('en-US')} bytes NetCanvas reads`);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ArrayFileError) throw error;
    throw new ArrayFileError(file, `is not a readable .npz (zip) archive: ${error instanceof Error ? error.message : String(error)}`);
  }
  const entries = new Map<ArrayEntry, NumpyArray>();
  for (const [name, content] of Object.entries(files)) {
    const entry = entryName(name)!;
    entries.set(entry, parseNpy(content, `${file}: ${entry}`, limits));
  }
  return entries;
}

function entryName(name: string): ArrayEntry | undefined {
  return ARRAY_ENTRIES.find((e) => name === `${e}.npy`);
}

/** Samples of one split: inputs row after row, a label per sample (a class index, or a value for regression). */
export interface ArraySplit {
  readonly count: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
}

export type LabelEncoding = 'integer' | 'one-hot' | 'values';

/** What NetCanvas sees in arrays: plain JSON, without the values. */
export interface ArrayInspection {
  readonly file: string;
  readonly entries: readonly { readonly name: ArrayEntry; readonly shape: readonly number[]; readonly dtype: string }[];
  readonly inputShape: readonly number[];
  readonly task: Task;
  readonly labels: LabelEncoding;
  /** Inputs' range over the training split, to spot unscaled data (0–255 pixels). */
  readonly inputRange: { readonly min: number; readonly max: number };
  readonly classes: readonly { readonly name: string; readonly train: number; readonly test: number }[];
  readonly samples: { readonly train: number; readonly test: number };
  readonly description: DatasetDescription;
  readonly warnings: readonly { readonly kind: 'class-imbalance' | 'class-missing-in-train' | 'no-test-split'; readonly message: string }[];
}

export interface ArrayDataset {
  readonly inspection: ArrayInspection;
  readonly train: ArraySplit;
  readonly test: ArraySplit | null;
}

/**
 * Arrays as a dataset: `x_train` and `y_train` are needed, `x_test` and `y_test` go together.
 * Each x and its y must hold as many samples; the train and test inputs must have one sample
 * shape. Labels are integer class indices (0 to k − 1), one-hot rows, or for regression values
 * with fractions (or more than `MAX_NUMERIC_CLASSES` distinct whole numbers in a float array).
 */
export function arrayDataset(entries: ReadonlyMap<ArrayEntry, NumpyArray>, file: string, options: { id?: string; label?: string } = {}): ArrayDataset {
  const where = (entry: ArrayEntry) => `${file}: ${entry}`;
  const need = (entry: ArrayEntry) => {
    const a = entries.get(entry);
    if (!a) throw new ArrayFileError(file, `has no ${entry}; expected ${ARRAY_ENTRIES.join(', ')} (as np.savez(file, x_train=…, y_train=…, x_test=…, y_test=…) writes them)`);
    return a;
  };
  const xTrain = need('x_train');
  const yTrain = need('y_train');
  const hasTest = entries.has('x_test') || entries.has('y_test');
  const xTest = hasTest ? need('x_test') : null;
  const yTest = hasTest ? need('y_test') : null;

  for (const [x, y, xName, yName] of [[xTrain, yTrain, 'x_train', 'y_train'], ...(xTest && yTest ? [[xTest, yTest, 'x_test', 'y_test']] : [])] as [NumpyArray, NumpyArray, ArrayEntry, ArrayEntry][]) {
    if (x.shape.length === 0) throw new ArrayFileError(where(xName), 'is a single number; expected one row per sample');
    if (y.shape.length === 0 || y.shape.length > 2) throw new ArrayFileError(where(yName), `has shape (${y.shape.join(', ')}); expected one label per sample (n,) or one-hot rows (n, classes)`);
    if (x.shape[0] !== y.shape[0]) {
      throw new ArrayFileError(where(yName), `holds ${y.shape[0]} labels but ${xName} holds ${x.shape[0]} samples; the two must agree`);
    }
    const bad = x.values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new ArrayFileError(where(xName), `value ${bad} (sample ${Math.floor(bad / (x.values.length / x.shape[0]))}) is ${x.values[bad]}; inputs must be finite numbers`);
  }
  if (xTrain.shape[0] === 0) throw new ArrayFileError(where('x_train'), 'holds no samples');
  const sampleShape = xTrain.shape.length === 1 ? [1] : xTrain.shape.slice(1);
  if (xTest) {
    const testShape = xTest.shape.length === 1 ? [1] : xTest.shape.slice(1);
    if (testShape.join('x') !== sampleShape.join('x')) {
      throw new ArrayFileError(where('x_test'), `holds samples of shape (${testShape.join(', ')}) but x_train's are (${sampleShape.join(', ')}); the two must agree`);
    }
  }

  const encoding = labelEncoding(yTrain, where('y_train'));
  if (yTest && labelEncoding(yTest, where('y_test')) !== encoding) {
    throw new ArrayFileError(where('y_test'), `holds ${labelEncoding(yTest, where('y_test'))} labels but y_train holds ${encoding} labels; the two must agree`);
  }
  const trainY = labelsOf(yTrain, encoding);
  const testY = yTest ? labelsOf(yTest, encoding) : null;
  let task: Task = 'regression';
  let classNames: string[] = [];
  if (encoding !== 'values') {
    const classCount = encoding === 'one-hot' ? yTrain.shape[1] : Math.max(largest(trainY), testY ? largest(testY) : 0) + 1;
    if (encoding === 'one-hot' && yTest && yTest.shape[1] !== classCount) {
      throw new ArrayFileError(where('y_test'), `has ${yTest.shape[1]} one-hot columns but y_train has ${classCount}; the two must agree`);
    }
    if (classCount < 2 || new Set(trainY).size < 2) throw new ArrayFileError(where('y_train'), `holds one class (${trainY[0]}); a classifier needs at least two`);
    classNames = Array.from({ length: classCount }, (_, k) => String(k));
    task = classCount === 2 ? 'binary' : 'multiclass';
  }
  const count = (labels: Float32Array | null, k: number) => (labels ? labels.reduce((n, l) => n + (l === k ? 1 : 0), 0) : 0);
  const classes = classNames.map((name, k) => ({ name, train: count(trainY, k), test: count(testY, k) }));

  let min = Infinity;
  let max = -Infinity;
  for (const v of xTrain.values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const description: DatasetDescription = { id: options.id ?? file, label: options.label ?? file, kind: 'arrays', inputShape: sampleShape, task, classNames };
  const warnings: ArrayInspection['warnings'][number][] = [];
  if (classes.length >= 2) {
    const sorted = [...classes].sort((a, b) => a.train - b.train);
    const small = sorted[0];
    const large = sorted[sorted.length - 1];
    if (small.train === 0) {
      for (const c of classes.filter((c) => c.train === 0)) warnings.push({ kind: 'class-missing-in-train', message: `class ${c.name} has no training samples${c.test ? ` (${c.test} in test)` : ''}` });
    } else if (large.train >= IMBALANCE_RATIO * small.train) {
      warnings.push({ kind: 'class-imbalance', message: `class imbalance: class ${large.name} has ${large.train} training samples, class ${small.name} ${small.train} (${(large.train / small.train).toFixed(1)}×)` });
    }
  }
  if (!xTest) warnings.push({ kind: 'no-test-split', message: 'there is no x_test/y_test; a test split will be taken from the training samples' });

  const inspection: ArrayInspection = {
    file,
    entries: ARRAY_ENTRIES.filter((e) => entries.has(e)).map((name) => ({ name, shape: entries.get(name)!.shape, dtype: entries.get(name)!.dtype })),
    inputShape: sampleShape,
    task,
    labels: encoding,
    inputRange: { min, max },
    classes,
    samples: { train: xTrain.shape[0], test: xTest ? xTest.shape[0] : 0 },
    description,
    warnings,
  };
  return {
    inspection,
    train: { count: xTrain.shape[0], x: xTrain.values, y: trainY },
    test: xTest && testY ? { count: xTest.shape[0], x: xTest.values, y: testY } : null,
  };
}

/** How labels are written: integer classes, one-hot rows, or values (regression). Refuses rows that are not one-hot and negative classes. */
function labelEncoding(y: NumpyArray, where: string): LabelEncoding {
  const wide = y.shape.length === 2 && y.shape[1] > 1;
  if (wide) {
    const k = y.shape[1];
    for (let i = 0; i < y.shape[0]; i++) {
      let ones = 0;
      for (let j = 0; j < k; j++) {
        const v = y.values[i * k + j];
        if (v === 1) ones++;
        else if (v !== 0) throw new ArrayFileError(where, `row ${i} holds ${v}; two-dimensional labels must be one-hot rows of 0 and 1`);
      }
      if (ones !== 1) throw new ArrayFileError(where, `row ${i} has ${ones} ones; a one-hot row has exactly one`);
    }
    return 'one-hot';
  }
  const whole = y.values.every((v) => Number.isInteger(v));
  if (!whole) {
    const bad = y.values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new ArrayFileError(where, `label ${bad} is ${y.values[bad]}; labels must be finite numbers`);
    return 'values';
  }
  if (!y.integer && new Set(y.values).size > MAX_NUMERIC_CLASSES) return 'values';
  const negative = y.values.findIndex((v) => v < 0);
  if (negative >= 0) throw new ArrayFileError(where, `label ${negative} is ${y.values[negative]}; class labels are whole numbers from 0`);
  return 'integer';
}

function labelsOf(y: NumpyArray, encoding: LabelEncoding): Float32Array {
  if (encoding !== 'one-hot') return y.values;
  const k = y.shape[1];
  const out = new Float32Array(y.shape[0]);
  for (let i = 0; i < out.length; i++) out[i] = y.values.subarray(i * k, (i + 1) * k).indexOf(1);
  return out;
}

function largest(values: Float32Array): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}
