import * as tf from '@tensorflow/tfjs';
import { BUILTIN_DATASETS, describeSampleShape, sampleValueCount, type DatasetDescription } from '../../core/data/description';
import type { SampleSplit, TrainingSamples } from '../../core/data/samples';
import type { DatasetSplit } from '../data';

/** Inputs and labels as tensors, for fit or evaluate. */
export interface TensorPair {
  readonly x: tf.Tensor;
  readonly y: tf.Tensor;
  readonly count: number;
}

/** The samples a job trains, validates and tests on. */
export interface JobTensors {
  readonly train: TensorPair;
  readonly validation: TensorPair | null;
  readonly test: TensorPair;
  /** The test labels: class indices for the confusion matrix, or the scaled regression targets. */
  readonly testLabels: Float32Array;
}

export interface JobDataOptions {
  /** The model's input shape without the batch axis: any shape holding the description's values. */
  readonly inputShape: readonly (number | null)[];
  /** Train (and validate) on the first N training samples only. */
  readonly limit?: number;
  /** Test on the first N test samples only. */
  readonly testLimit?: number;
  /** The last fraction of the (limited) training samples, held out as Keras's validation_split does (built-in datasets). */
  readonly validationSplit: number;
  /** The built-in dataset's facts (its classes); MNIST's when absent. */
  readonly description?: DatasetDescription;
}

/** Refuses an input shape that does not hold one sample of the dataset, naming both shapes. */
export function checkInputShape(shape: readonly (number | null)[], description: DatasetDescription): number[] {
  const want = sampleValueCount(description);
  const sample = describeSampleShape(description);
  if (shape.some((d) => d === null)) {
    throw new Error(`The Input shape [${shape.join(', ')}] has an unknown dimension; a ${description.label} sample (${sample}) needs a fixed shape holding ${want} values, such as [${want}] or [${description.inputShape.join(', ')}]`);
  }
  const values = (shape as number[]).reduce((a, d) => a * d, 1);
  if (values !== want) {
    throw new Error(`The Input shape [${shape.join(', ')}] holds ${values} values, but a ${description.label} sample has ${want} (${sample}); use [${want}] or [${description.inputShape.join(', ')}]`);
  }
  return shape as number[];
}

/**
 * Labels as the model's output is compared with them: one-hot over the k classes (multiclass),
 * a [n, 1] column of 0 and 1 (binary), or a [n, 1] column of scaled values (regression).
 */
export function labelTensor(labels: ArrayLike<number>, start: number, count: number, description: DatasetDescription): tf.Tensor {
  if (description.task !== 'multiclass') {
    const column = new Float32Array(count);
    for (let i = 0; i < count; i++) column[i] = labels[start + i];
    return tf.tensor2d(column, [count, 1]);
  }
  const k = description.classNames.length;
  const oneHot = new Float32Array(count * k);
  for (let i = 0; i < count; i++) oneHot[i * k + labels[start + i]] = 1;
  return tf.tensor2d(oneHot, [count, k]);
}

/**
 * Samples `start`..`start+count` of a built-in split as tensors: pixels as float32 divided by
 * 255, reshaped to the model's input, and labels as `labelTensor` makes them.
 */
export function splitTensors(split: DatasetSplit, inputShape: readonly number[], start: number, count: number, description: DatasetDescription = BUILTIN_DATASETS.mnist): TensorPair {
  const width = sampleValueCount(description);
  const pixels = new Float32Array(count * width);
  const bytes = split.images.subarray(start * width, (start + count) * width);
  for (let i = 0; i < pixels.length; i++) pixels[i] = bytes[i] / 255;
  return { x: tf.tensor(pixels, [count, ...inputShape], 'float32'), y: labelTensor(split.labels, start, count, description), count };
}

/** Splits a built-in dataset into training, validation and test tensors as a job asks. */
export function jobTensors(data: { train: DatasetSplit; test: DatasetSplit }, options: JobDataOptions): JobTensors {
  const description = options.description ?? BUILTIN_DATASETS.mnist;
  const shape = checkInputShape(options.inputShape, description);
  const available = Math.min(options.limit ?? data.train.count, data.train.count);
  const trainCount = Math.floor(available * (1 - options.validationSplit));
  if (trainCount < 1) throw new Error(`No training samples are left: ${available} samples with a validation split of ${options.validationSplit}`);
  const validationCount = available - trainCount;
  const testCount = Math.min(options.testLimit ?? data.test.count, data.test.count);
  return {
    train: splitTensors(data.train, shape, 0, trainCount, description),
    validation: validationCount > 0 ? splitTensors(data.train, shape, trainCount, validationCount, description) : null,
    test: splitTensors(data.test, shape, 0, testCount, description),
    testLabels: Float32Array.from(data.test.labels.subarray(0, testCount)),
  };
}

function sampleSplitTensors(split: SampleSplit, description: DatasetDescription, inputShape: readonly number[], count: number): TensorPair {
  const width = sampleValueCount(description);
  return { x: tf.tensor(split.x.subarray(0, count * width), [count, ...inputShape], 'float32'), y: labelTensor(split.y, 0, count, description), count };
}

/**
 * Own data's splits as tensors: the samples' own train, validation and test splits (the
 * document's validation split is not used: the loader already held validation samples out).
 */
export function sampleTensors(samples: TrainingSamples, options: Omit<JobDataOptions, 'validationSplit' | 'description'>): JobTensors {
  const { description } = samples;
  const shape = checkInputShape(options.inputShape, description);
  const trainCount = Math.min(options.limit ?? samples.train.count, samples.train.count);
  if (trainCount < 1) throw new Error(`${description.label} has no training samples`);
  const testCount = Math.min(options.testLimit ?? samples.test.count, samples.test.count);
  return {
    train: sampleSplitTensors(samples.train, description, shape, trainCount),
    validation: samples.validation && samples.validation.count > 0 ? sampleSplitTensors(samples.validation, description, shape, samples.validation.count) : null,
    test: sampleSplitTensors(samples.test, description, shape, testCount),
    testLabels: samples.test.y.slice(0, testCount),
  };
}

export function disposeJobTensors(t: JobTensors): void {
  tf.dispose([t.train.x, t.train.y, t.test.x, t.test.y, ...(t.validation ? [t.validation.x, t.validation.y] : [])]);
}
