import * as tf from '@tensorflow/tfjs';
import type { BackendName, EpochMetrics, RunRecord, TrainEvent } from '../../core/api/contract';
import { analyseGraph } from '../../core/graph/analyse';
import { loadDocument } from '../../core/graph/load';
import { summarize } from '../../core/summary/summary';
import type { TrainingConfig } from '../../core/training/config';
import { activateBackend } from '../backends';
import { compileGraph } from '../compile/compile';
import { loadDataset } from '../data';
import { newRunId, RunStore } from '../runs/runStore';
import { evaluateModel } from '../training/evaluate';
import { trainLoop } from '../training/loop';
import { disposeJobTensors, jobTensors } from '../training/tensors';
import type { JobSpec } from './protocol';
import { seedJobRandomness } from '../training/seed';
import { useParallelLoop } from '../training/parallel/choose';
import { trainingDevice } from '../training/device';

/**
 * One training job from start to end, in the process that runs it: load the data, pick
 * the backend, compile, train (reporting batches and epochs), test, save the run. Ends
 * with a `done` event, or throws; the caller turns a throw into an `error` event.
 */
export async function runTrainingJob(spec: JobSpec, emit: (event: TrainEvent) => void, shouldStop: () => boolean): Promise<void> {
  const { jobId, request } = spec;
  seedJobRandomness(request.seed);
  const began = performance.now();
  const doc = loadDocument(request.document);
  const training: TrainingConfig = { ...doc.training, epochs: request.epochs ?? doc.training.epochs, batchSize: request.batchSize ?? doc.training.batchSize };
  const stopped = () => emit({ type: 'done', jobId, status: 'stopped', runId: null });

  emit({ type: 'status', jobId, stage: 'loading-data', message: `Loading ${doc.dataset.name}` });
  const dataset = await loadDataset(doc.dataset.name, {
    dataDir: spec.dataDir,
    cacheDir: spec.cacheDir,
    env: spec.env,
    onProgress: (p) => emit({ type: 'status', jobId, stage: p.stage === 'downloading' ? 'downloading' : 'loading-data', message: p.message, fraction: p.fraction }),
  });
  if (shouldStop()) return stopped();

  emit({ type: 'status', jobId, stage: 'compiling', message: 'Building the model' });
  const backend = await activateBackend(request.backend);
  const model = await compileGraph({ ...doc, training });
  if (model.inputs.length !== 1) throw new Error(`The graph has ${model.inputs.length} Input layers; training feeds each image to exactly one`);
  const tensors = jobTensors(dataset, {
    inputShape: model.inputs[0].shape.slice(1),
    limit: request.limit,
    testLimit: request.testLimit,
    validationSplit: training.validationSplit,
  });
  try {
    if (shouldStop()) return stopped();
    const analysis = analyseGraph(doc);
    const twoCores = useParallelLoop(model, undefined);
    const device = trainingDevice(backend.device, twoCores);
    emit({
      type: 'started',
      jobId,
      backend: backend.name,
      device,
      epochs: training.epochs,
      stepsPerEpoch: Math.ceil(tensors.train.count / training.batchSize),
      trainSamples: tensors.train.count,
      validationSamples: tensors.validation?.count ?? 0,
      summary: summarize(doc, analysis),
    });
    emit({ type: 'status', jobId, stage: 'training', message: `Training on ${backend.name}` });
    const result = await trainLoop({
      model,
      parallel: twoCores,
      train: tensors.train,
      validation: tensors.validation,
      epochs: training.epochs,
      batchSize: training.batchSize,
      shouldStop,
      onBatch: (b) => emit({ type: 'batch', jobId, ...b }),
      onEpoch: ({ liveTensors: _, ...e }) => emit({ type: 'epoch', jobId, ...e }),
    });
    const history: EpochMetrics[] = result.history.map(({ elapsed: _e, eta: _t, liveTensors: _l, ...m }) => m);

    let test = null;
    if (!result.stopped) {
      emit({ type: 'status', jobId, stage: 'testing', message: `Testing on ${tensors.test.count} images` });
      test = await evaluateModel(model, tensors.test, tensors.testLabels, training.loss);
      emit({ type: 'test', jobId, ...test });
    }

    emit({ type: 'status', jobId, stage: 'saving', message: 'Saving the run' });
    const record: RunRecord = {
      id: newRunId(),
      createdAt: new Date().toISOString(),
      name: request.name ?? doc.name,
      ...(request.notes !== undefined ? { notes: request.notes } : {}),
      ...(request.sweep !== undefined ? { sweep: request.sweep } : {}),
      document: doc,
      training,
      backend: backend.name as BackendName,
      device,
      trainSamples: tensors.train.count,
      seconds: (performance.now() - began) / 1000,
      status: result.stopped ? 'stopped' : 'completed',
      history,
      test,
      totalParams: model.countParams(),
    };
    await new RunStore(spec.runsDir).save(model, record);
    emit({ type: 'done', jobId, status: record.status, runId: record.id });
  } finally {
    disposeJobTensors(tensors);
    model.dispose();
    tf.disposeVariables();
  }
}
