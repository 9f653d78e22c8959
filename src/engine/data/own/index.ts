/** Own data on disk: tables and NumPy arrays, read size-checked and handed to the pure core. See docs/datasets.md. */
export { decodeUtf8, MAX_ARRAY_FILE_BYTES, MAX_TABLE_BYTES, readBoundedFile } from './files';
export { ARRAY_EXTENSIONS, loadOwnData, readTableFile, TABLE_EXTENSIONS } from './load';
export type { OwnData, OwnDataOptions } from './load';
export { alignRows, isOwnDataFolder, loadTrainingData, loadTrainingSamples } from './samples';
export type { SampleChoices } from './samples';
export { inspectImageFolder, loadImageFolderSamples, looksLikeImageFolder, planImageFolder, MAX_IMAGE_FILES, type ImageFileSplit, type StreamedImageSamples, MAX_IMAGE_FILE_BYTES, type ImageFolderInspection, type ImageFolderOptions, type SkippedFile } from './images';
export { findIdxFiles, inspectIdxFolder, loadIdxFolderSamples, type IdxFolderInspection } from './idxFolder';
export { inspectOwnData, listDataEntries, previewData } from './inspect';
export { DEFAULT_MEMORY_BUDGET_BYTES, ImageBatchReader, MEMORY_BUDGET_ENV, memoryBudgetBytes, type DecodedBatch } from './imageStream';
