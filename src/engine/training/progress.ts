import * as tf from '@tensorflow/tfjs';
import type { BatchProgress, EpochProgress } from './loop';

/** What an epoch's end reports besides the clock: its mean loss and accuracy, and validation. */
export interface EpochScores {
  readonly loss: number;
  readonly accuracy: number;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
}

/**
 * The clock and counters a training loop reports with: steps done, time elapsed and left,
 * samples per second, and the throttle on batch reports. Both training loops (fit's and the
 * two-core one) keep their numbers here, so their events mean the same things.
 */
export class TrainingProgress {
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  private readonly began = performance.now();
  private readonly minGap: number;
  private epochBegan = this.began;
  private stepsDone = 0;
  private lastReport = -Infinity;

  constructor(
    private readonly samples: number,
    batchSize: number,
    epochs: number,
    batchReportsPerSecond = 10,
  ) {
    this.stepsPerEpoch = Math.ceil(samples / batchSize);
    this.totalSteps = this.stepsPerEpoch * epochs;
    this.minGap = 1000 / batchReportsPerSecond;
  }

  /** Seconds since training began. */
  seconds(): number {
    return (performance.now() - this.began) / 1000;
  }

  /** Seconds left, estimated from the pace so far. */
  eta(): number {
    return this.stepsDone === 0 ? 0 : (this.seconds() / this.stepsDone) * (this.totalSteps - this.stepsDone);
  }

  beginEpoch(): void {
    this.epochBegan = performance.now();
  }

  /**
   * Counts a finished batch; returns its report when one is due (the throttle allows it, or
   * it is the epoch's last batch), else null. Loss and accuracy are the epoch's means so far.
   */
  batchDone(epoch: number, batch: number, samplesThisEpoch: number, loss: () => number, accuracy: () => number): BatchProgress | null {
    this.stepsDone++;
    const now = performance.now();
    if (batch !== this.stepsPerEpoch - 1 && now - this.lastReport < this.minGap) return null;
    this.lastReport = now;
    return {
      epoch: epoch + 1,
      batch: batch + 1,
      step: this.stepsDone,
      loss: loss(),
      accuracy: accuracy(),
      samplesPerSecond: samplesThisEpoch / Math.max((now - this.epochBegan) / 1000, 1e-6),
      elapsed: this.seconds(),
      eta: this.eta(),
      fraction: this.stepsDone / this.totalSteps,
    };
  }

  /** The report of a whole epoch, with tfjs's live tensor count (the same after every epoch when nothing leaks). */
  epochDone(epoch: number, scores: EpochScores): EpochProgress {
    const seconds = (performance.now() - this.epochBegan) / 1000;
    return {
      epoch: epoch + 1,
      ...scores,
      samplesPerSecond: this.samples / Math.max(seconds, 1e-6),
      seconds,
      elapsed: this.seconds(),
      eta: this.eta(),
      liveTensors: tf.memory().numTensors,
    };
  }
}

/** Lets the event loop run (messages, a stop request) between batches. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
