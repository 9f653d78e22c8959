import type { DatasetName } from './config';

export interface DatasetInfo {
  readonly name: DatasetName;
  readonly label: string;
  /** One sample's pixels: rows, columns. */
  readonly imageSize: readonly [number, number];
  readonly classNames: readonly string[];
}

export const DATASET_INFO: Record<DatasetName, DatasetInfo> = {
  mnist: { name: 'mnist', label: 'MNIST digits', imageSize: [28, 28], classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
  'fashion-mnist': {
    name: 'fashion-mnist',
    label: 'Fashion-MNIST',
    imageSize: [28, 28],
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
  },
};

export function sampleValues(info: DatasetInfo): number {
  return info.imageSize[0] * info.imageSize[1];
}
