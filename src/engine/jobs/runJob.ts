import { classWeights } from '../../core/training/classWeights';
import { tableOptionsOf } from '../../core/data/choices';
import * as tf from '@tensorflow/tfjs';
import type { BackendName, EpochMetrics, RunRecord, TestResult, TrainEvent } from '../../core/api/contract';
import { analyseGraph } from '../../core/graph/analyse';
import { loadDocument } from '../../core/graph/load';
import { summarize } from '../../core/summary/summary';
import type { TrainingConfig } from '../../core/training/config';
import { activateBackend } from '../backends';
import { compileGraph } from '../compile/compile';
import { applyWeightsFolder } from '../compile/weights';
import { loadDataset } from '../data';
import { newRunId, RunStore } from '../runs/runStore';
import { evaluateBatches, evaluateModel, type EvaluationContext } from '../training/evaluate';
import { streamLoop, trainLoop, type BatchDataset, type TrainLoopOptions, type TrainLoopResult } from '../training/loop';
import { checkInputShape, disposeJobTensors, jobTensors, sampleTensors, type JobTensors } from '../training/tensors';
import { BUILTIN_DATASETS, type DatasetDescription } from '../../core/data/description';
import type { TrainingSamples } from '../../core/data/samples';
import { ImageBatchReader, loadTrainingData, memoryBudgetBytes, type ImageFileSplit, type SkippedFile, type StreamedImageSamples } from '../data/own';
import { batchTensors, streamedDataset } from '../training/streamTensors';
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
  let streamed: StreamedImageSamples | null = null;
  let dataset: Awaited<ReturnType<typeof loadDataset>> | null = null;
  if (request.data) {
    emit({ type: 'status', jobId, stage: 'loading-data', message: `Loading ${request.data.path}` });
    const data = await loadTrainingData(request.data.path, {
      memoryBudget: memoryBudgetBytes(spec.env ?? process.env),
      target: request.data.target,
      test: request.data.test,
      ...tableOptionsOf(request.data),
      ...(request.data.resize ? { resize: request.data.resize } : {}),
      seed: request.seed,
      inputShape: documentInputShape(doc),
      onProgress: (p) => emit({ type: 'status', jobId, stage: 'loading-data', message: p.message, fraction: p.total ? p.done / p.total : undefined }),
    });
    if ('kind' in data) streamed = data;
    else own = data;
    const facts = data.description;
    // The graph was checked against its built-in dataset; own data has its own facts.
    const errors = analyseGraph(doc, { dataset: facts }).problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) throw new Error(`The graph does not fit ${facts.label} (${errors.length} problem${errors.length > 1 ? 's' : ''}): ${errors.map((p) => p.message).join(' ')}`);
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
  const description: DatasetDescription = (own ?? streamed)?.description ?? BUILTIN_DATASETS[doc.dataset.name];

  emit({ type: 'status', jobId, stage: 'compiling', message: 'Building the model' });
  const backend = await activateBackend(request.backend);
  // Accuracy means nothing for a regression target: the model then reports its loss only.
  const model = await compileGraph({ ...doc, training: description.task === 'regression' ? { ...training, metrics: [] } : training });
  if (model.inputs.length !== 1) throw new Error(`The graph has ${model.inputs.length} Input layers; training feeds each sample to exactly one`);
  const inputShape = model.inputs[0].shape.slice(1);
  let job: JobData;
  try {
    job = streamed
      ? streamedJobData(streamed, { inputShape, limit: request.limit, testLimit: request.testLimit, batchSize: training.batchSize, seed: request.seed ?? 0 })
      : tensorJobData(
          own
            ? sampleTensors(own, { inputShape, limit: request.limit, testLimit: request.testLimit })
            : jobTensors(dataset!, { inputShape, limit: request.limit, testLimit: request.testLimit, validationSplit: training.validationSplit, description }),
        );
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
    // The two-core loop takes tensors in memory; a streamed folder trains through fitDataset.
    const twoCores = !streamed && useParallelLoop(model, undefined);
    const device = trainingDevice(backend.device, twoCores);
    emit({
      type: 'started',
      jobId,
      backend: backend.name,
      device,
      epochs: training.epochs,
      stepsPerEpoch: Math.ceil(job.trainCount / training.batchSize),
      trainSamples: job.trainCount,
      validationSamples: job.validationCount,
      summary: summarize(doc, analysis),
    });
    emit({ type: 'status', jobId, stage: 'training', message: `Training on ${backend.name}${streamed ? `, decoding pictures from ${streamed.folder} batch by batch` : ''}` });
    const result = await job.train({
      model,
      parallel: twoCores,
      epochs: training.epochs,
      batchSize: training.batchSize,
      learningRate: training.optimizer.learningRate,
      schedule: training.schedule,
      earlyStopping: training.earlyStopping,
      ...(training.classWeight !== undefined ? { classWeight: classWeights(training.classWeight, description.task === 'regression' ? [] : job.trainClassCounts(description.classNames.length), description.classNames) } : {}),
      shouldStop,
      onBatch: (b) => emit({ type: 'batch', jobId, ...b }),
      onEpoch: ({ liveTensors: _, ...e }) => emit({ type: 'epoch', jobId, ...e }),
    });
    const history: EpochMetrics[] = result.history.map(({ elapsed: _e, eta: _t, liveTensors: _l, ...m }) => m);

    let test = null;
    if (!result.stopped) {
      emit({ type: 'status', jobId, stage: 'testing', message: `Testing on ${job.testCount} ${own || streamed ? 'samples' : 'images'}` });
      test = await job.test(model, training.loss, { description, preprocessing: (own ?? streamed)?.preprocessing, ...(own?.test.sources ? { sources: own.test.sources } : {}) });
      emit({ type: 'test', jobId, ...test });
    }
    const skipped = job.skipped();
    if (skipped.length > 0) {
      emit({ type: 'status', jobId, stage: 'testing', message: `${skipped.length} picture${skipped.length === 1 ? '' : 's'} could not be read while streaming and ${skipped.length === 1 ? 'was' : 'were'} skipped; the first: ${skipped[0].file} (${skipped[0].reason})` });
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
      trainSamples: job.trainCount,
      seconds: (performance.now() - began) / 1000,
      status: result.stopped ? 'stopped' : 'completed',
      history,
      ...(training.schedule && training.schedule.type !== 'constant' && result.learningRates ? { learningRates: result.learningRates } : {}),
      ...(result.stoppedEarlyAfter !== undefined && result.stoppedEarlyAfter < training.epochs ? { stoppedEarlyAfter: result.stoppedEarlyAfter } : {}),
      ...(result.restoredEpoch !== undefined ? { restoredEpoch: result.restoredEpoch } : {}),
      test,
      totalParams: model.countParams(),
      ...((own ?? streamed) && request.data ? { data: runData(request.data, (own ?? streamed)!) } : {}),
      ...(request.initialWeights ? { startedFrom: request.initialWeights.from ?? request.initialWeights.path } : {}),
    };
    await new RunStore(spec.runsDir).save(model, record);
    emit({ type: 'done', jobId, status: record.status, runId: record.id });
  } finally {
    job.dispose();
    model.dispose();
    tf.disposeVariables();
  }
}

/** What a job trains and tests on: tensors in memory, or an image folder streamed from disk. */
interface JobData {
  readonly trainCount: number;
  readonly validationCount: number;
  readonly testCount: number;
  train(o: Omit<TrainLoopOptions, 'train' | 'validation'>): Promise<TrainLoopResult>;
  /** How many training samples each of `classes` classes has. */
  trainClassCounts(classes: number): number[];
  test(model: tf.LayersModel, loss: TrainingConfig['loss'], context: EvaluationContext): Promise<TestResult>;
  /** Pictures that did not decode while streaming, each once. */
  skipped(): readonly SkippedFile[];
  dispose(): void;
}

function tensorJobData(tensors: JobTensors): JobData {
  return {
    trainCount: tensors.train.count,
    validationCount: tensors.validation?.count ?? 0,
    testCount: tensors.test.count,
    train: (o) => trainLoop({ ...o, train: tensors.train, validation: tensors.validation }),
    trainClassCounts: (classes) => {
      const y = tensors.train.y;
      // One-hot rows, or a binary target's one 0/1 column.
      const sums = Array.from(tf.tidy(() => y.sum(0)).dataSync());
      return y.shape[1] === 1 && classes === 2 ? [tensors.train.count - sums[0], sums[0]] : Array.from({ length: classes }, (_, c) => sums[c] ?? 0);
    },
    test: (model, loss, context) => evaluateModel(model, tensors.test, tensors.testLabels, loss, context),
    skipped: () => [],
    dispose: () => disposeJobTensors(tensors),
  };
}

/** The first `limit` files of a split. */
function firstFiles(split: ImageFileSplit, limit: number | undefined): ImageFileSplit {
  if (limit === undefined || limit >= split.count) return split;
  return { count: limit, files: split.files.slice(0, limit), labels: split.labels.slice(0, limit) };
}

/** An image folder too large for memory: training batches shuffled afresh each epoch (seeded), validation and test in file order. */
function streamedJobData(samples: StreamedImageSamples, o: { inputShape: readonly (number | null)[]; limit?: number; testLimit?: number; batchSize: number; seed: number }): JobData {
  const inputShape = checkInputShape(o.inputShape, samples.description);
  const reader = new ImageBatchReader(samples.target);
  const trainSplit = firstFiles(samples.train, o.limit);
  const testSplit = firstFiles(samples.test, o.testLimit);
  if (trainSplit.count < 1) throw new Error(`${samples.description.label} has no training samples`);
  const common = { description: samples.description, inputShape, batchSize: o.batchSize };
  const train: BatchDataset = streamedDataset(reader, trainSplit, { ...common, seed: o.seed, name: 'the training split' });
  const validation = samples.validation && samples.validation.count > 0 ? streamedDataset(reader, samples.validation, { ...common, seed: null, name: 'the validation split' }) : null;
  return {
    trainCount: trainSplit.count,
    validationCount: samples.validation?.count ?? 0,
    testCount: testSplit.count,
    train: (loop) => streamLoop({ ...loop, train, validation }),
    trainClassCounts: (classes) => {
      const counts = new Array<number>(classes).fill(0);
      for (const label of trainSplit.labels) if (label >= 0 && label < classes) counts[label]++;
      return counts;
    },
    test: (model, loss, context) => {
      async function* batches() {
        for await (const batch of reader.batches(testSplit, 256, undefined, 'the test split')) {
          const { xs, ys } = batchTensors(batch, samples.description, inputShape);
          yield { x: xs, y: ys, labels: batch.y, count: batch.count };
        }
      }
      return evaluateBatches(model, batches(), loss, { ...context, sources: testSplit.files });
    },
    skipped: () => reader.skipped,
    dispose: () => undefined,
  };
}

function runData(request: { path: string; test?: string }, samples: TrainingSamples | StreamedImageSamples): RunData {

  return { path: request.path, ...(request.test !== undefined ? { test: request.test } : {}), description: samples.description, preprocessing: samples.preprocessing };
}

/** The shape the graph's (first) Input takes, without the batch axis; undefined when it cannot be told. */
function documentInputShape(doc: ReturnType<typeof loadDocument>): readonly (number | null)[] | undefined {
  const analysis = analyseGraph(doc);
  const shape = analysis.inputIds.length === 1 ? analysis.nodes.get(analysis.inputIds[0])?.outputShape : undefined;
  return shape ? shape.slice(1) : undefined;
}
