/**
 * The engine's datasets: MNIST and Fashion-MNIST from their IDX files, found in a
 * folder, the cache or a system package, or downloaded; checked in full; held in
 * memory once per process. See docs/datasets.md.
 */
export { DatasetError } from './errors';
export { forgetLoadedDatasets, loadDataset } from './load';
export { locateDataset } from './locate';
export { labelCounts, sampleDataset } from './sample';
export type { DatasetLocation, DatasetOptions, DatasetProgress, DatasetSplit, DatasetStage, LoadedDataset } from './types';
