/**
 * The training engine (Node): compiles graphs to tfjs models, trains them in jobs of
 * their own processes on the fastest backend that loads, saves runs and predicts.
 */
export { createEngine, ENGINE_VERSION, TrainingRequestError, type Engine, type EngineOptions } from './engine';
export { activateBackend, BackendUnavailable, probeBackends, type ActiveBackend } from './backends';
export { buildModel, compileGraph, compileModel } from './compile/compile';
export { applyLayerWeights, layerWeights } from './compile/weights';
export { ImportedWeightsError, modelWithImportedWeights } from './import/importedWeights';
export { loadModelFiles, MODEL_FILE, ModelFilesError, saveModelFiles, WEIGHTS_FILE } from './runs/modelFiles';
export { RUN_FILE, RunError, RunStore } from './runs/runStore';
export { layerProbe, predictDigit } from './predict/predictor';
export { loadNativeAddon } from './backends/native/addon';
export { measureTrainingSpeed, type SpeedResult } from './bench/speed';
export { measureDataScale, type DataScaleResult } from './bench/dataScale';
export { measureMatMulPeak, peakFlopsPerSecond, type PeakRun } from './bench/peak';
export { decodeImage, IMAGE_EXTENSIONS, ImageError, imageToSample, MAX_IMAGE_PIXELS, RESIZE_POLICIES, type ImageTarget, type ResizePolicy, type RgbaImage } from './image/decode';
export { DatasetError } from './data/errors';
export { alignRows, inspectOwnData, isOwnDataFolder, readBoundedFile, readTableFile } from './data/own';
export { encodePicture, encodeRows, predictEncoded, type OwnPrediction } from './predict/ownData';
export { findIdxFiles, inspectIdxFolder, inspectImageFolder, loadIdxFolderSamples, loadImageFolderSamples, loadOwnData, looksLikeImageFolder, type IdxFolderInspection, type ImageFolderInspection } from './data/own';
export { exportOnnxFile, RunWeightsError } from './export/onnx';
export { writeEngineFormat, type ModelExportSource } from './export/writers';
export { DEFAULT_CONCURRENCY, runSweep, type SweepApi, type SweepRun, type SweepRunOptions } from './experiments/sweepRunner';
export { newSweepId, SweepError, SweepStore, SWEEPS_FOLDER } from './experiments/sweepStore';
