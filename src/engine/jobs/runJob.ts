import { tableOptionsOf } from '../../core/data/choices';
import * as tf from '@tensorflow/tfjs';
import type { BackendName, EpochMetrics, RunRecord, TrainEvent } from '../../core/api/contract';
import { analyseGraph } from '../../core/graph/analyse';
import { loadDocument } from '../../core/graph/load';
import { summarize } from '../../core/summary/summary';
import type { TrainingConfig } from '../../core/training/config';
import { activateBackend } from '../backends';
import { compileGraph } from '../compile/compile';
import { applyWeightsFolder } from '../compile/weights';
import { loadDataset } from '../data';
import { newRunId, RunStore } from '../runs/runStore';
import { evaluateModel } from '../training/evaluate';
import { trainLoop } from '../training/loop';
import { disposeJobTensors, jobTensors, sampleTensors, type JobTensors } from '../training/tensors';
import { BUILTIN_DATASETS, type DatasetDescription } from '../../core/data/description';
import type { TrainingSamples } from '../../core/data/samples';
import { loadTrainingSamples } from '../data/own';
import type { RunData } from '../../core/api/contract';
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

  let own: TrainingSamples | null = null;
  let dataset: Awaited<ReturnType<typeof loadDataset>> | null = null;
  if (request.data) {
    emit({ type: 'status', jobId, stage: 'loading-data', message: `Loading ${request.data.path}` });
    own = await loadTrainingSamples(request.data.path, {
      target: request.data.target,
      test: request.data.test,
      ...tableOptionsOf(request.data),
      ...(request.data.resize ? { resize: request.data.resize } : {}),
      seed: request.seed,
      inputShape: documentInputShape(doc),
      onProgress: (p) => emit({ type: 'status', jobId, stage: 'loading-data', message: p.message, fraction: p.total ? p.done / p.total : undefined }),
    });
    // The graph was checked against its built-in dataset; own data has its own facts.
    const errors = analyseGraph(doc, { dataset: own.description }).problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) throw new Error(`The graph does not fit ${own.description.label} (${errors.length} problem${errors.length > 1 ? 's' : ''}): ${errors.map((p) => p.message).join(' ')}`);
  } else {
    emit({ type: 'status', jobId, stage: 'loading-data', message: `Loading ${doc.dataset.name}` });
    dataset = await loadDataset(doc.dataset.name, {
      dataDir: spec.dataDir,
      cacheDir: spec.cacheDir,
      env: spec.env,
      onProgress: (p) => emit({ type: 'status', jobId, stage: p.stage === 'downloading' ? 'downloading' : 'loading-data', message: p.message, fraction: p.fraction }),
    });
  }
  if (shouldStop()) return stopped();
  const description: DatasetDescription = own?.description ?? BUILTIN_DATASETS[doc.dataset.name];

  emit({ type: 'status', jobId, stage: 'compiling', message: 'Building the model' });
  const backend = await activateBackend(request.backend);
  // Accuracy means nothing for a regression target: the model then reports its loss only.
  const model = await compileGraph({ ...doc, training: description.task === 'regression' ? { ...training, metrics: [] } : training });
  if (model.inputs.length !== 1) throw new Error(`The graph has ${model.inputs.length} Input layers; training feeds each sample to exactly one`);
  const inputShape = model.inputs[0].shape.slice(1);
  let tensors: JobTensors;
  try {
    tensors = own
      ? sampleTensors(own, { inputShape, limit: request.limit, testLimit: request.testLimit })
      : jobTensors(dataset!, { inputShape, limit: request.limit, testLimit: request.testLimit, validationSplit: training.validationSplit, description });
  } catch (error) {
    model.dispose();
    throw error;
  }
  try {
    if (request.initialWeights) {
      emit({ type: 'status', jobId, stage: 'compiling', message: `Starting from the weights in ${request.initialWeights.path}` });
      await applyWeightsFolder(model, request.initialWeights.path);
    }
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
      learningRate: training.optimizer.learningRate,
      schedule: training.schedule,
      earlyStopping: training.earlyStopping,
      shouldStop,
      onBatch: (b) => emit({ type: 'batch', jobId, ...b }),
      onEpoch: ({ liveTensors: _, ...e }) => emit({ type: 'epoch', jobId, ...e }),
    });
    const history: EpochMetrics[] = result.history.map(({ elapsed: _e, eta: _t, liveTensors: _l, ...m }) => m);

    let test = null;
    if (!result.stopped) {
      emit({ type: 'status', jobId, stage: 'testing', message: `Testing on ${tensors.test.count} ${own ? 'samples' : 'images'}` });
      test = await evaluateModel(model, tensors.test, tensors.testLabels, training.loss, { description, preprocessing: own?.preprocessing });
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
      ...(own && request.data ? { data: runData(request.data, own) } : {}),
      ...(request.initialWeights ? { startedFrom: request.initialWeights.from ?? request.initialWeights.path } : {}),
    };
    await new RunStore(spec.runsDir).save(model, record);
    emit({ type: 'done', jobId, status: record.status, runId: record.id });
  } finally {
    disposeJobTensors(tensors);
    model.dispose();
    tf.disposeVariables();
  }
}

function runData(request: { path: string; test?: string }, samples: TrainingSamples): RunData {
  return { path: request.path, ...(request.test !== undefined ? { test: request.test } : {}), description: samples.description, preprocessing: samples.preprocessing };
}

/** The shape the graph's (first) Input takes, without the batch axis; undefined when it cannot be told. */
function documentInputShape(doc: ReturnType<typeof loadDocument>): readonly (number | null)[] | undefined {
  const analysis = analyseGraph(doc);
  const shape = analysis.inputIds.length === 1 ? analysis.nodes.get(analysis.inputIds[0])?.outputShape : undefined;
  return shape ? shape.slice(1) : undefined;
}
