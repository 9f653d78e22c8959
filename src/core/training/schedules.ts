/**
 * Learning-rate schedules and early stopping as Keras defines them, epoch by epoch, as pure
 * functions and small state machines (no tensors): the training loop asks them after each
 * epoch. Keras's names: `ExponentialDecay(initial_learning_rate, decay_steps, decay_rate,
 * staircase)`, `CosineDecay(initial_learning_rate, decay_steps, alpha)`, and the callbacks
 * `ReduceLROnPlateau(monitor, factor, patience, min_delta, cooldown, min_lr)` and
 * `EarlyStopping(monitor, min_delta, patience, restore_best_weights)`. Steps count epochs.
 *
 * The training settings (config.ts) hold them as `schedule` and `earlyStopping`; the training
 * loop (engine/training/loop.ts) applies them.
 */

export type LearningRateSchedule =
  | { readonly type: 'constant' }
  /** Keras ExponentialDecay with staircase=True: lr · decayRate^floor(epoch / decaySteps). */
  | { readonly type: 'step'; readonly decaySteps: number; readonly decayRate: number }
  /** Keras ExponentialDecay: lr · decayRate^(epoch / decaySteps). */
  | { readonly type: 'exponential'; readonly decaySteps: number; readonly decayRate: number }
  /** Keras CosineDecay: lr · ((1 − alpha) · ½(1 + cos(π · min(epoch, decaySteps) / decaySteps)) + alpha). */
  | { readonly type: 'cosine'; readonly decaySteps: number; readonly alpha: number }
  /** Keras ReduceLROnPlateau: see `PlateauReducer`. */
  | { readonly type: 'reduceOnPlateau'; readonly monitor: MonitoredMetric; readonly factor: number; readonly patience: number; readonly minDelta: number; readonly cooldown: number; readonly minLearningRate: number };

/** The epoch metrics a schedule or early stopping may watch (Keras's `loss`, `accuracy`, `val_loss`, `val_accuracy`). */
export const MONITORED_METRICS = ['loss', 'accuracy', 'valLoss', 'valAccuracy'] as const;
export type MonitoredMetric = (typeof MONITORED_METRICS)[number];

/** Whether a bigger value of the metric is better (Keras's mode 'auto': max for accuracies). */
export const higherIsBetter = (m: MonitoredMetric) => m === 'accuracy' || m === 'valAccuracy';

/** The learning rate of a schedule that depends on the epoch only (0-based: epoch 0 trains at `initial`). */
export function scheduledRate(schedule: Exclude<LearningRateSchedule, { type: 'reduceOnPlateau' }>, initial: number, epoch: number): number {
  switch (schedule.type) {
    case 'constant':
      return initial;
    case 'step':
      return initial * schedule.decayRate ** Math.floor(epoch / schedule.decaySteps);
    case 'exponential':
      return initial * schedule.decayRate ** (epoch / schedule.decaySteps);
    case 'cosine': {
      const done = Math.min(epoch, schedule.decaySteps) / schedule.decaySteps;
      return initial * ((1 - schedule.alpha) * 0.5 * (1 + Math.cos(Math.PI * done)) + schedule.alpha);
    }
  }
}

/** Keras's ReduceLROnPlateau, one epoch at a time: `next` takes the epoch's metric and gives the rate for the next epoch. */
export class PlateauReducer {
  private best: number;
  private wait = 0;
  private cooldownLeft = 0;

  constructor(
    private readonly s: Extract<LearningRateSchedule, { type: 'reduceOnPlateau' }>,
    private rate: number,
  ) {
    this.best = higherIsBetter(s.monitor) ? -Infinity : Infinity;
  }

  private better(current: number): boolean {
    return higherIsBetter(this.s.monitor) ? current > this.best + this.s.minDelta : current < this.best - this.s.minDelta;
  }

  next(current: number): number {
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.wait = 0;
    }
    if (this.better(current)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownLeft === 0) {
      this.wait++;
      if (this.wait >= this.s.patience && this.rate > this.s.minLearningRate) {
        this.rate = Math.max(this.rate * this.s.factor, this.s.minLearningRate);
        this.cooldownLeft = this.s.cooldown;
        this.wait = 0;
      }
    }
    return this.rate;
  }
}

export interface EarlyStoppingConfig {
  readonly monitor: MonitoredMetric;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
}

/** What the loop does after an epoch: keep this epoch's weights as the best so far, and stop. */
export interface EarlyStoppingStep {
  readonly keepWeights: boolean;
  readonly stop: boolean;
}

/**
 * Keras 3's EarlyStopping, one epoch at a time (0-based epochs). The loop keeps the weights
 * when `keepWeights` says so and, with restoreBestWeights, puts them back when training ends
 * (Keras 3 restores them whether or not it stopped early).
 */
export class EarlyStopper {
  private best: number;
  private wait = 0;
  bestEpoch: number | null = null;
  stoppedEpoch: number | null = null;

  constructor(private readonly c: EarlyStoppingConfig) {
    this.best = higherIsBetter(c.monitor) ? -Infinity : Infinity;
  }

  next(epoch: number, current: number): EarlyStoppingStep {
    let keepWeights = false;
    if (this.c.restoreBestWeights && this.bestEpoch === null) {
      keepWeights = true;
      this.bestEpoch = epoch;
    }
    this.wait++;
    const improved = higherIsBetter(this.c.monitor) ? current - this.c.minDelta > this.best : current + this.c.minDelta < this.best;
    if (improved) {
      this.best = current;
      this.bestEpoch = epoch;
      this.wait = 0;
      return { keepWeights: this.c.restoreBestWeights, stop: false };
    }
    if (this.wait >= this.c.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      return { keepWeights, stop: true };
    }
    return { keepWeights, stop: false };
  }
}
