/**
 * What NetCanvas knows about a dataset, whatever its source: the built-in IDX sets, a table,
 * an image folder or arrays. Validation, messages, the starter network and the views read
 * these facts from here; no other module writes a dataset's shape, classes or task by hand.
 */

/** What the model is asked to do with a sample. */
export type Task = 'multiclass' | 'binary' | 'regression';

/** Where the samples come from. */
export type DatasetKind = 'images' | 'table' | 'arrays';

export interface DatasetDescription {
  /** `mnist`, `fashion-mnist`, or an own dataset's id. */
  readonly id: string;
  /** What the UI and messages call it, e.g. `MNIST digits`. */
  readonly label: string;
  readonly kind: DatasetKind;
  /** One sample as the model's Input receives it, without the batch dimension: `[28, 28, 1]`, `[13]`. */
  readonly inputShape: readonly number[];
  readonly task: Task;
  /** One name per class, in label order; empty for regression. */
  readonly classNames: readonly string[];
}

/** How many units the model's output needs: one per class, one for a binary or regression target. */
export function outputUnits(description: DatasetDescription): number {
  return description.task === 'multiclass' ? description.classNames.length : 1;
}

/** Values in one sample, e.g. 784 for 28×28×1. */
export function sampleValueCount(description: DatasetDescription): number {
  return description.inputShape.reduce((a, b) => a * b, 1);
}

/** A sample's shape as people write it: `28×28×1`, `13`. */
export function describeSampleShape(description: DatasetDescription): string {
  return description.inputShape.join('×');
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** The built-in datasets: 28×28 grey images in ten classes. */
export const BUILTIN_DATASETS = {
  mnist: { id: 'mnist', label: 'MNIST digits', kind: 'images', inputShape: [28, 28, 1], task: 'multiclass', classNames: DIGITS },
  'fashion-mnist': { id: 'fashion-mnist', label: 'Fashion-MNIST', kind: 'images', inputShape: [28, 28, 1], task: 'multiclass', classNames: FASHION },
} as const satisfies Record<string, DatasetDescription>;
