import type { IdxRole } from '../../core/data/inspection';
import type { DatasetName } from '../../core/training/config';

/** Which of a dataset's four IDX files this is. */
export type { IdxRole } from '../../core/data/inspection';

export interface IdxFileSpec {
  readonly role: IdxRole;
  /** The standard name of the uncompressed file; on disk it may also end in `.gz`. */
  readonly name: string;
  readonly kind: 'images' | 'labels';
  /** SHA-256 of the uncompressed file, as published with the dataset. */
  readonly sha256: string;
  /** About how many bytes the `.gz` download is, for progress when a server sends no length. */
  readonly approxGzipBytes: number;
}

export interface DatasetSource {
  readonly name: DatasetName;
  /** Names shown in messages. */
  readonly title: string;
  readonly files: readonly IdxFileSpec[];
  /** Sub-folder names under a data folder that hold this dataset. */
  readonly folderNames: readonly string[];
  /** Folders that system packages install the dataset into. */
  readonly systemFolders: readonly string[];
  /** Public mirrors, tried in order; each file is `<mirror><name>.gz`. */
  readonly mirrors: readonly string[];
}

/** Every image is 28×28 in both datasets. */
export const IMAGE_ROWS = 28;
export const IMAGE_COLUMNS = 28;
export const CLASS_COUNT = 10;

/**
 * The four files in the order read and checked. The digests are public constants:
 * MNIST's as listed with the dataset (../shared/datasets/mnist/SHA256SUMS.uncompressed);
 * Fashion-MNIST's are those of the files behind the MD5 sums in Zalando's README, as
 * listed by several independent projects and equal to the content of Debian's
 * `dataset-fashion-mnist` package.
 */
function idxFiles(digests: Record<IdxRole, string>, gzipBytes: Record<IdxRole, number>): IdxFileSpec[] {
  return [
    { role: 'trainImages', name: 'train-images-idx3-ubyte', kind: 'images', sha256: digests.trainImages, approxGzipBytes: gzipBytes.trainImages },
    { role: 'trainLabels', name: 'train-labels-idx1-ubyte', kind: 'labels', sha256: digests.trainLabels, approxGzipBytes: gzipBytes.trainLabels },
    { role: 'testImages', name: 't10k-images-idx3-ubyte', kind: 'images', sha256: digests.testImages, approxGzipBytes: gzipBytes.testImages },
    { role: 'testLabels', name: 't10k-labels-idx1-ubyte', kind: 'labels', sha256: digests.testLabels, approxGzipBytes: gzipBytes.testLabels },
  ];
}

export const DATASET_SOURCES: Record<DatasetName, DatasetSource> = {
  mnist: {
    name: 'mnist',
    title: 'MNIST',
    files: idxFiles(
      {
        trainImages: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
        trainLabels: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
        testImages: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
        testLabels: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
      },
      { trainImages: 9_912_422, trainLabels: 28_881, testImages: 1_648_877, testLabels: 4_542 },
    ),
    folderNames: ['mnist', 'MNIST'],
    systemFolders: ['/usr/share/datasets/mnist'],
    mirrors: ['https://storage.googleapis.com/cvdf-datasets/mnist/', 'https://ossci-datasets.s3.amazonaws.com/mnist/'],
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    title: 'Fashion-MNIST',
    files: idxFiles(
      {
        trainImages: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
        trainLabels: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
        testImages: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
        testLabels: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
      },
      { trainImages: 26_421_880, trainLabels: 29_515, testImages: 4_422_102, testLabels: 5_148 },
    ),
    folderNames: ['fashion-mnist', 'fashion_mnist', 'fashion'],
    // Debian's dataset-fashion-mnist package.
    systemFolders: ['/usr/share/datasets/fashion-mnist'],
    mirrors: ['https://storage.googleapis.com/tensorflow/tf-keras-datasets/', 'https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/'],
  },
};

/** The file names a dataset file may have on disk, preferred first: plain or gzipped, and the `train-images.idx3-ubyte` spelling some copies use. */
export function fileNameVariants(spec: IdxFileSpec): string[] {
  const dotted = spec.name.replace(/-(idx[13]-ubyte)$/, '.$1');
  return [spec.name, `${spec.name}.gz`, dotted, `${dotted}.gz`];
}
