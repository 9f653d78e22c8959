import * as tf from '@tensorflow/tfjs';
import type { DatasetSample, NetCanvasApi, Prediction, RunRecord } from '../../../src/core/api/contract';
import { emptyDocument } from '../../../src/core/graph/document';
import { loadDataset, sampleDataset, type LoadedDataset } from '../../../src/engine/data';
import { layerProbe, predictDigit } from '../../../src/engine/predict/predictor';
import { evaluateModel } from '../../../src/engine/training/evaluate';
import { splitTensors } from '../../../src/engine/training/tensors';
import { MNIST_DIR } from './mnist';

/**
 * A stand-in for the engine behind the digits panel in browser tests: a real tfjs model
 * trained in the test, read through the engine's own predictDigit, sampleDataset and
 * evaluateModel over the real MNIST files, so the panel is tested against what the engine
 * does. Only the run store (the model is held in memory) is not the engine's; the methods
 * the panel does not call refuse.
 */
export class ModelApi implements NetCanvasApi {
  readonly calls: { method: string; args: unknown[] }[] = [];
  private dataset?: Promise<LoadedDataset>;
  private probe?: tf.LayersModel;

  constructor(
    private readonly model: tf.LayersModel,
    readonly runId: string,
    private readonly testSamples = 1000,
  ) {}

  async predict(request: { runId: string; pixels: readonly number[]; activations?: boolean }): Promise<Prediction> {
    this.calls.push({ method: 'predict', args: [request] });
    if (request.runId !== this.runId) throw new Error(`no run ${request.runId}`);
    if (!request.activations) return predictDigit(this.model, request.pixels);
    this.probe ??= layerProbe(this.model);
    return predictDigit(this.model, request.pixels, this.probe);
  }

  async datasetSample(dataset: string, split: 'train' | 'test', count: number, seed: number, indices?: readonly number[]): Promise<DatasetSample> {
    this.calls.push({ method: 'datasetSample', args: [dataset, split, count, seed, indices] });
    if (dataset !== 'mnist') throw new Error(`the digits panel's test engine holds MNIST only, not ${dataset}`);
    return sampleDataset(await this.mnist(), split, count, seed, indices);
  }

  /** The run as the engine records it, its test results computed by the engine's evaluateModel on the first `testSamples` test images. */
  async getRun(runId: string): Promise<RunRecord> {
    this.calls.push({ method: 'getRun', args: [runId] });
    if (runId !== this.runId) throw new Error(`no run ${runId}`);
    const data = await this.mnist();
    const tensors = splitTensors(data.test, this.model.inputs[0].shape.slice(1) as number[], 0, this.testSamples);
    const training = emptyDocument().training;
    const test = await evaluateModel(this.model, tensors, data.test.labels.slice(0, this.testSamples), training.loss).finally(() => tf.dispose([tensors.x, tensors.y]));
    return {
      id: runId,
      createdAt: new Date(0).toISOString(),
      name: 'small dense net',
      document: emptyDocument('small dense net'),
      training,
      backend: 'cpu',
      device: 'CPU',
      trainSamples: 3000,
      seconds: 1,
      status: 'completed',
      history: [],
      test,
      totalParams: this.model.countParams(),
    };
  }

  private mnist(): Promise<LoadedDataset> {
    this.dataset ??= loadDataset('mnist', { dataDir: MNIST_DIR, download: false });
    return this.dataset;
  }

  engineInfo = refuse('engineInfo');
  startTraining = refuse('startTraining');
  stopTraining = refuse('stopTraining');
  listRuns = refuse('listRuns');
  deleteRun = refuse('deleteRun');
  updateRun = refuse('updateRun');
  startSweep = refuse('startSweep');
  listSweeps = refuse('listSweeps');
  getSweep = refuse('getSweep');
  pauseSweep = refuse('pauseSweep');
  stopSweep = refuse('stopSweep');
  resumeSweep = refuse('resumeSweep');
  listData = refuse('listData');
  inspectData = refuse('inspectData');
  predictSample = refuse('predictSample');
  fingerprintData = refuse('fingerprintData');
  previewPicture = refuse('previewPicture');
  uploadData = refuse('uploadData');
  finishUpload = refuse('finishUpload');
  exportModel = refuse('exportModel');
  importModel = refuse('importModel');
  onEvent(): () => void {
    return () => undefined;
  }
}

function refuse(method: string) {
  return async (): Promise<never> => {
    throw new Error(`${method} is not part of the digits panel's test engine`);
  };
}
