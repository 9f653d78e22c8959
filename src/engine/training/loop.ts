import * as tf from '@tensorflow/tfjs';
import type { BatchMetrics, EpochMetrics } from '../../core/api/contract';
import type { EarlyStoppingSettings, ScheduleConfig } from '../../core/training/config';
import { EarlyStopper, PlateauReducer, scheduledRate, type MonitoredMetric } from '../../core/training/schedules';
import { useParallelLoop } from './parallel/choose';
import { parallelTrainLoop } from './parallel/parallelLoop';
import type { TensorPair } from './tensors';
import { TrainingProgress, yieldToEventLoop } from './progress';

/** A batch's report: loss and accuracy are the epoch's running means so far, as Keras's progress bar shows them. */
export interface BatchProgress extends BatchMetrics {
  readonly samplesPerSecond: number;
  /** Seconds since training began. */
  readonly elapsed: number;
  /** Seconds left, estimated from the pace so far. */
  readonly eta: number;
  /** Share of all steps done, 0–1. */
  readonly fraction: number;
}

export interface EpochProgress extends EpochMetrics {
  readonly elapsed: number;
  readonly eta: number;
  /** tfjs's live tensor count at the end of the epoch: the same after every epoch when nothing leaks. */
  readonly liveTensors: number;
}

export interface TrainLoopOptions {
  readonly model: tf.LayersModel;
  readonly train: TensorPair;
  readonly validation: TensorPair | null;
  readonly epochs: number;
  readonly batchSize: number;
  /** Checked after every batch: training ends after the batch in progress when it says so. */
  readonly shouldStop?: () => boolean;
  readonly onBatch?: (progress: BatchProgress) => void;
  readonly onEpoch?: (progress: EpochProgress) => void;
  /** At most this many batch reports per second (default 10); the last batch of an epoch is always reported. */
  readonly batchReportsPerSecond?: number;
  /**
   * On wasm, train each batch's two halves on two cores (`parallel/`); default: the env's
   * NETCANVAS_PARALLEL=0/1, else the benchmarked choice. Ignored on other backends.
   */
  readonly parallel?: boolean;
  /** The optimizer's learning rate, which `schedule` starts from (needed with a schedule). */
  readonly learningRate?: number;
  /** A learning-rate schedule (Keras's formulas, `core/training/schedules.ts`); absent: constant. */
  readonly schedule?: ScheduleConfig;
  /** Keras's EarlyStopping; with restoreBestWeights the best epoch's weights are the model's at the end. */
  readonly earlyStopping?: EarlyStoppingSettings;
  /** Each class's weight in the loss (core/training/classWeights), by class index; absent, all 1. */
  readonly classWeight?: readonly number[];
}

export interface TrainLoopResult {
  readonly history: EpochProgress[];
  /** Whether training ended early because shouldStop said so. */
  readonly stopped: boolean;
  readonly seconds: number;
  /** The learning rate each reported epoch trained at (fitLoop only). */
  readonly learningRates?: number[];
  /** With early stopping: the epoch (from 1) it stopped after, if it did. */
  readonly stoppedEarlyAfter?: number;
  /** With restoreBestWeights: the epoch (from 1) whose weights the model holds now. */
  readonly restoredEpoch?: number;
}

/**
 * Trains the model as Keras's `fit` does: on wasm with two cores (data parallelism, see
 * `parallel/parallelLoop.ts`) when `useParallelLoop` says so, else through `model.fit`.
 */
export async function trainLoop(o: TrainLoopOptions): Promise<TrainLoopResult> {
  // Schedules, early stopping and class weights are applied by fitLoop only.
  const plain = (o.schedule === undefined || o.schedule.type === 'constant') && o.earlyStopping === undefined && o.classWeight === undefined;
  if (plain && useParallelLoop(o.model, o.parallel)) {
    const result = await parallelTrainLoop(o);
    if (result) return result;
  }
  return fitLoop(o);
}

/**
 * Fits the model as Keras's `fit(x, y, epochs, batch_size, validation_data, shuffle=True)`
 * does, reporting batches (throttled) and epochs with samples per second and the time
 * left, and stopping cleanly mid-epoch when asked.
 */
export async function fitLoop(o: TrainLoopOptions): Promise<TrainLoopResult> {
  const session = new FitSession(o, o.train.count);
  return session.run(() =>
    o.model.fit(o.train.x, o.train.y, {
      epochs: o.epochs,
      batchSize: o.batchSize,
      shuffle: true,
      verbose: 0,
      validationData: o.validation ? [o.validation.x, o.validation.y] : undefined,
      callbacks: session.callbacks,
      ...classWeightOption(o.classWeight),
    }),
  );
}

/** Batches of inputs and labels made on demand, a fresh pass (shuffled as the source decides) each epoch. */
export interface BatchDataset {
  /** Samples in one pass (an upper bound when some cannot be read). */
  readonly count: number;
  readonly dataset: tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
}

export interface StreamLoopOptions extends Omit<TrainLoopOptions, 'train' | 'validation' | 'parallel'> {
  readonly train: BatchDataset;
  readonly validation: BatchDataset | null;
}

/**
 * Trains on batches streamed from a dataset (`model.fitDataset`), for data larger than memory:
 * the same callbacks as fitLoop, so events, metrics, schedules, early stopping and stopping mean
 * the same. The dataset shuffles each epoch itself; validation runs over its whole dataset.
 */
export async function streamLoop(o: StreamLoopOptions): Promise<TrainLoopResult> {
  const session = new FitSession(o, o.train.count);
  return session.run(() =>
    o.model.fitDataset(o.train.dataset, {
      epochs: o.epochs,
      verbose: 0,
      validationData: o.validation ? o.validation.dataset : undefined,
      callbacks: session.callbacks,
      ...classWeightOption(o.classWeight),
    }),
  );
}

/**
 * The callbacks both fit loops train with (progress, schedules, early stopping, stop requests),
 * and what they make of a finished fit.
 */
class FitSession {
  readonly callbacks: tf.CustomCallbackArgs;
  private readonly progress: TrainingProgress;
  private readonly history: EpochProgress[] = [];
  private readonly learningRates: number[] = [];
  private stopped = false;
  private best: { epoch: number; weights: tf.Tensor[] } | undefined;
  private stoppedEarlyAfter: number | undefined;

  constructor(
    private readonly o: Omit<TrainLoopOptions, 'train' | 'validation'>,
    trainCount: number,
  ) {
    const progress = new TrainingProgress(trainCount, o.batchSize, o.epochs, o.batchReportsPerSecond);
    this.progress = progress;
    let epoch = 0;
    let samplesThisEpoch = 0;
    let lossSum = 0;
    let accuracySum = 0;

    const schedule = o.schedule && o.schedule.type !== 'constant' ? o.schedule : undefined;
    if (schedule && o.learningRate === undefined) throw new Error('a learning-rate schedule needs the optimizer’s learning rate');
    const initialRate = o.learningRate ?? NaN;
    let rate = initialRate;
    const setRate = (r: number) => {
      rate = r;
      setLearningRate(o.model, r);
    };
    const reducer = schedule?.type === 'reduceOnPlateau' ? new PlateauReducer(schedule, initialRate) : undefined;
    const stopper = o.earlyStopping ? new EarlyStopper(o.earlyStopping) : undefined;

    this.callbacks = {
      onEpochBegin: async (e) => {
        epoch = e;
        if (schedule && schedule.type !== 'reduceOnPlateau') setRate(scheduledRate(schedule, initialRate, e));
        this.learningRates[e] = rate;
        progress.beginEpoch();
        samplesThisEpoch = 0;
        lossSum = 0;
        accuracySum = 0;
      },
      onBatchEnd: async (batch, logs) => {
        // Both fit and fitDataset log the batch's size.
        const size = logs?.size ?? Math.min(o.batchSize, trainCount - batch * o.batchSize);
        samplesThisEpoch += size;
        lossSum += (logs?.loss ?? NaN) * size;
        accuracySum += accuracyOf(logs) * size;
        const report = progress.batchDone(epoch, batch, samplesThisEpoch, () => lossSum / samplesThisEpoch, () => accuracySum / samplesThisEpoch);
        if (report && o.onBatch) {
          o.onBatch(report);
          await yieldToEventLoop();
        }
        if (o.shouldStop?.()) {
          this.stopped = true;
          o.model.stopTraining = true;
        }
      },
      onEpochEnd: async (e, logs) => {
        // An epoch cut short by a stop has no validation and no full average: it is not reported.
        if (this.stopped) return;
        const report = progress.epochDone(e, {
          loss: logs?.loss ?? NaN,
          accuracy: accuracyOf(logs),
          valLoss: logs?.val_loss ?? null,
          valAccuracy: logs?.val_acc ?? logs?.val_accuracy ?? null,
        });
        this.history.push(report);
        if (reducer) {
          const value = metricOf(report, schedule!.type === 'reduceOnPlateau' ? schedule!.monitor : 'loss');
          if (value !== null) setRate(reducer.next(value));
        }
        if (stopper) {
          const value = metricOf(report, o.earlyStopping!.monitor);
          // Keras skips an epoch without the monitored metric (no validation data).
          if (value !== null) {
            const step = stopper.next(e, value);
            if (step.keepWeights) {
              this.best?.weights.forEach((w) => w.dispose());
              this.best = { epoch: e, weights: o.model.getWeights().map((w) => w.clone()) };
            }
            if (step.stop) {
              this.stoppedEarlyAfter = e + 1;
              o.model.stopTraining = true;
            }
          }
        }
        o.onEpoch?.(report);
      },
    };
  }

  /** Runs the fit, restores the best weights when early stopping kept them, and reports. */
  async run(fit: () => Promise<unknown>): Promise<TrainLoopResult> {
    try {
      await fit();
      if (this.best && !this.stopped) this.o.model.setWeights(this.best.weights);
    } finally {
      this.best?.weights.forEach((w) => w.dispose());
    }
    return {
      history: this.history,
      stopped: this.stopped,
      seconds: this.progress.seconds(),
      learningRates: this.learningRates.slice(0, this.history.length),
      ...(this.stoppedEarlyAfter !== undefined ? { stoppedEarlyAfter: this.stoppedEarlyAfter } : {}),
      ...(this.best && !this.stopped ? { restoredEpoch: this.best.epoch + 1 } : {}),
    };
  }
}

function metricOf(m: EpochMetrics, name: MonitoredMetric): number | null {
  const value = m[name];
  return value === null || !Number.isFinite(value) ? null : value;
}

/** Sets the compiled optimizer's learning rate: SGD and momentum keep it as a tensor (setLearningRate), Adam and RMSprop read the field each step. */
function setLearningRate(model: tf.LayersModel, rate: number): void {
  const optimizer = model.optimizer as unknown as { learningRate: number; setLearningRate?: (r: number) => void };
  if (typeof optimizer.setLearningRate === 'function') optimizer.setLearningRate(rate);
  else optimizer.learningRate = rate;
}

function accuracyOf(logs: tf.Logs | undefined): number {
  return logs?.acc ?? logs?.accuracy ?? NaN;
}

/** tfjs's `classWeight` option: a map from class index to weight (indices are ours, never a file's keys). */
function classWeightOption(weights: readonly number[] | undefined): { classWeight?: tf.ClassWeight } {
  if (!weights) return {};
  const map: tf.ClassWeight = {};
  weights.forEach((w, c) => {
    map[c] = w;
  });
  return { classWeight: map };
}
