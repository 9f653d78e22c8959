/**
 * The training engine (Node): compiles graphs to tfjs models, trains them in jobs of
 * their own processes on the fastest backend that loads, saves runs and predicts.
 */
export { createEngine, ENGINE_VERSION, TrainingRequestError, type Engine, type EngineOptions } from './engine';
export { activateBackend, BackendUnavailable, probeBackends, type ActiveBackend } from './backends';
export { buildModel, compileGraph, compileModel } from './compile/compile';
export { loadModelFiles, saveModelFiles } from './runs/modelFiles';
export { RunError, RunStore } from './runs/runStore';
export { layerProbe, predictDigit } from './predict/predictor';
