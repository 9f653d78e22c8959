import * as tf from '@tensorflow/tfjs';
import type { BatchMetrics, EpochMetrics } from '../../core/api/contract';
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
}

export interface TrainLoopResult {
  readonly history: EpochProgress[];
  /** Whether training ended early because shouldStop said so. */
  readonly stopped: boolean;
  readonly seconds: number;
}

/**
 * Trains the model as Keras's `fit` does: on wasm with two cores (data parallelism, see
 * `parallel/parallelLoop.ts`) when `useParallelLoop` says so, else through `model.fit`.
 */
export async function trainLoop(o: TrainLoopOptions): Promise<TrainLoopResult> {
  if (useParallelLoop(o.model, o.parallel)) {
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
  const progress = new TrainingProgress(o.train.count, o.batchSize, o.epochs, o.batchReportsPerSecond);
  const history: EpochProgress[] = [];
  let epoch = 0;
  let samplesThisEpoch = 0;
  let lossSum = 0;
  let accuracySum = 0;
  let stopped = false;

  await o.model.fit(o.train.x, o.train.y, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    shuffle: true,
    verbose: 0,
    validationData: o.validation ? [o.validation.x, o.validation.y] : undefined,
    callbacks: {
      onEpochBegin: async (e) => {
        epoch = e;
        progress.beginEpoch();
        samplesThisEpoch = 0;
        lossSum = 0;
        accuracySum = 0;
      },
      onBatchEnd: async (batch, logs) => {
        const size = Math.min(o.batchSize, o.train.count - batch * o.batchSize);
        samplesThisEpoch += size;
        lossSum += (logs?.loss ?? NaN) * size;
        accuracySum += accuracyOf(logs) * size;
        const report = progress.batchDone(epoch, batch, samplesThisEpoch, () => lossSum / samplesThisEpoch, () => accuracySum / samplesThisEpoch);
        if (report && o.onBatch) {
          o.onBatch(report);
          await yieldToEventLoop();
        }
        if (o.shouldStop?.()) {
          stopped = true;
          o.model.stopTraining = true;
        }
      },
      onEpochEnd: async (e, logs) => {
        // An epoch cut short by a stop has no validation and no full average: it is not reported.
        if (stopped) return;
        const report = progress.epochDone(e, {
          loss: logs?.loss ?? NaN,
          accuracy: accuracyOf(logs),
          valLoss: logs?.val_loss ?? null,
          valAccuracy: logs?.val_acc ?? logs?.val_accuracy ?? null,
        });
        history.push(report);
        o.onEpoch?.(report);
      },
    },
  });
  return { history, stopped, seconds: progress.seconds() };
}

function accuracyOf(logs: tf.Logs | undefined): number {
  return logs?.acc ?? logs?.accuracy ?? NaN;
}
