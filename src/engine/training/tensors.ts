import * as tf from '@tensorflow/tfjs';
import type { DatasetSplit } from '../data';

export const CLASSES = 10;
export const IMAGE_VALUES = 28 * 28;

/** Images and one-hot labels as tensors, for fit or evaluate. */
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
  /** The test labels, for the confusion matrix. */
  readonly testLabels: Uint8Array;
}

export interface JobDataOptions {
  /** The model's input shape without the batch axis: any shape of 784 values. */
  readonly inputShape: readonly (number | null)[];
  /** Train (and validate) on the first N training samples only. */
  readonly limit?: number;
  /** Test on the first N test samples only. */
  readonly testLimit?: number;
  /** The last fraction of the (limited) training samples, held out as Keras's validation_split does. */
  readonly validationSplit: number;
}

/** Refuses an input shape that does not hold one 28×28 image, naming it. */
export function checkInputShape(shape: readonly (number | null)[]): number[] {
  if (shape.some((d) => d === null)) throw new Error(`The Input shape [${shape.join(', ')}] has an unknown dimension; an MNIST image needs a fixed shape such as [784], [28, 28] or [28, 28, 1]`);
  const values = (shape as number[]).reduce((a, d) => a * d, 1);
  if (values !== IMAGE_VALUES) throw new Error(`The Input shape [${shape.join(', ')}] holds ${values} values, but an MNIST image has 784 (28×28); use [784], [28, 28] or [28, 28, 1]`);
  return shape as number[];
}

/**
 * Samples `start`..`start+count` of a split as tensors: pixels as float32 divided by 255,
 * reshaped to the model's input, and labels one-hot over the ten classes.
 */
export function splitTensors(split: DatasetSplit, inputShape: readonly number[], start: number, count: number): TensorPair {
  const pixels = new Float32Array(count * IMAGE_VALUES);
  const bytes = split.images.subarray(start * IMAGE_VALUES, (start + count) * IMAGE_VALUES);
  for (let i = 0; i < pixels.length; i++) pixels[i] = bytes[i] / 255;
  const oneHot = new Float32Array(count * CLASSES);
  for (let i = 0; i < count; i++) oneHot[i * CLASSES + split.labels[start + i]] = 1;
  return { x: tf.tensor(pixels, [count, ...inputShape], 'float32'), y: tf.tensor2d(oneHot, [count, CLASSES]), count };
}

/** Splits a dataset into training, validation and test tensors as a job asks. */
export function jobTensors(data: { train: DatasetSplit; test: DatasetSplit }, options: JobDataOptions): JobTensors {
  const shape = checkInputShape(options.inputShape);
  const available = Math.min(options.limit ?? data.train.count, data.train.count);
  const trainCount = Math.floor(available * (1 - options.validationSplit));
  if (trainCount < 1) throw new Error(`No training samples are left: ${available} samples with a validation split of ${options.validationSplit}`);
  const validationCount = available - trainCount;
  const testCount = Math.min(options.testLimit ?? data.test.count, data.test.count);
  return {
    train: splitTensors(data.train, shape, 0, trainCount),
    validation: validationCount > 0 ? splitTensors(data.train, shape, trainCount, validationCount) : null,
    test: splitTensors(data.test, shape, 0, testCount),
    testLabels: data.test.labels.slice(0, testCount),
  };
}

export function disposeJobTensors(t: JobTensors): void {
  tf.dispose([t.train.x, t.train.y, t.test.x, t.test.y, ...(t.validation ? [t.validation.x, t.validation.y] : [])]);
}
