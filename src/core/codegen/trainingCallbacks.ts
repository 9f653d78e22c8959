import type { ClassWeightSetting, EarlyStoppingSettings, ScheduleConfig } from '../training/config';
import { higherIsBetter, type MonitoredMetric } from '../training/schedules';

/*
 * The program text of what the engine applies around `fit` (core/training/schedules.ts,
 * classWeights.ts; engine/training/loop.ts): learning-rate schedules, Keras's
 * ReduceLROnPlateau and EarlyStopping, and scikit-learn's balanced class weights, in the
 * two languages the exported training programs are written in. One table keyed by schedule
 * type, so each formula is written once per language, beside its twin;
 * test/export/trainingCallbacks.test.ts runs every text against schedules.ts and classWeights.ts.
 */

export type Language = 'typescript' | 'python';

type FixedSchedule = Exclude<ScheduleConfig, { type: 'reduceOnPlateau' }>;
type PlateauSchedule = Extract<ScheduleConfig, { type: 'reduceOnPlateau' }>;

/** A schedule that depends on the epoch only: its constants, and the rate of `epoch` (from 0) as an expression of them and LEARNING_RATE. */
interface FormulaSource<S> {
  readonly kind: 'formula';
  /** What Keras calls it, for the program's comments. */
  readonly keras: string;
  /** The schedule's parameters as the program's named constants (the same names in both languages). */
  readonly constants: (s: S) => readonly [string, number][];
  readonly expression: Record<Language, string>;
}

/** A schedule that follows a monitored metric: a class, constructed from LEARNING_RATE and REDUCE_ON_PLATEAU, whose `next` gives the next epoch's rate. */
interface CallbackSource {
  readonly kind: 'callback';
  readonly keras: string;
  readonly definition: Record<Language, string>;
}

export type ScheduleSource<S extends ScheduleConfig> = S extends PlateauSchedule ? CallbackSource : FormulaSource<S>;

/** How each language's program names an epoch's metrics: tfjs's fit logs, and Keras's names in the PyTorch program. */
export const METRIC_NAMES: Record<Language, Record<MonitoredMetric, string>> = {
  typescript: { loss: 'loss', accuracy: 'acc', valLoss: 'val_loss', valAccuracy: 'val_acc' },
  python: { loss: 'loss', accuracy: 'accuracy', valLoss: 'val_loss', valAccuracy: 'val_accuracy' },
};

const REDUCE_ON_PLATEAU_TS = `/** Keras's ReduceLROnPlateau settings: cut the rate by \`factor\` after \`patience\` epochs without an improvement of \`minDelta\`. */
interface PlateauSettings {
  monitor: string;
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  minDelta: number;
  cooldown: number;
  minLearningRate: number;
}

/** Keras's ReduceLROnPlateau, epoch by epoch: \`next\` takes an epoch's monitored value and gives the next epoch's rate. */
class ReduceLROnPlateau {
  private rate: number;
  private readonly s: PlateauSettings;
  private best: number;
  private wait = 0;
  private cooldownLeft = 0;

  constructor(rate: number, settings: PlateauSettings) {
    this.rate = rate;
    this.s = settings;
    this.best = settings.mode === 'max' ? -Infinity : Infinity;
  }

  next(current: number): number {
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.wait = 0;
    }
    const improved = this.s.mode === 'max' ? current > this.best + this.s.minDelta : current < this.best - this.s.minDelta;
    if (improved) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownLeft === 0) {
      // No improvement outside a cooldown: after \`patience\` such epochs the rate drops, not below the floor.
      this.wait++;
      if (this.wait >= this.s.patience && this.rate > this.s.minLearningRate) {
        this.rate = Math.max(this.rate * this.s.factor, this.s.minLearningRate);
        this.cooldownLeft = this.s.cooldown;
        this.wait = 0;
      }
    }
    return this.rate;
  }
}`;

const REDUCE_ON_PLATEAU_PY = `class ReduceLROnPlateau:
    """Keras's ReduceLROnPlateau, epoch by epoch: next() takes an epoch's monitored value and gives
    the next epoch's rate, cut by \`factor\` after \`patience\` epochs without an improvement of
    \`min_delta\` (then \`cooldown\` epochs of rest), never below \`min_lr\`."""

    def __init__(self, rate, monitor, mode, factor, patience, min_delta, cooldown, min_lr):
        self.rate, self.monitor, self.mode = rate, monitor, mode
        self.factor, self.patience, self.min_delta, self.cooldown, self.min_lr = factor, patience, min_delta, cooldown, min_lr
        self.best = -math.inf if mode == 'max' else math.inf
        self.wait = 0
        self.cooldown_left = 0

    def next(self, current):
        if self.cooldown_left > 0:
            self.cooldown_left -= 1
            self.wait = 0
        improved = current > self.best + self.min_delta if self.mode == 'max' else current < self.best - self.min_delta
        if improved:
            self.best = current
            self.wait = 0
        elif self.cooldown_left == 0:
            self.wait += 1
            if self.wait >= self.patience and self.rate > self.min_lr:
                self.rate = max(self.rate * self.factor, self.min_lr)
                self.cooldown_left = self.cooldown
                self.wait = 0
        return self.rate`;

/** Every schedule type in the program's two languages (Keras's formulas, counted in epochs, as schedules.ts computes them). */
export const SCHEDULE_SOURCES: { readonly [K in ScheduleConfig['type']]: ScheduleSource<Extract<ScheduleConfig, { type: K }>> } = {
  constant: {
    kind: 'formula',
    keras: 'a constant rate',
    constants: () => [],
    expression: { typescript: 'LEARNING_RATE', python: 'LEARNING_RATE' },
  },
  step: {
    kind: 'formula',
    keras: "Keras's ExponentialDecay with staircase=True: the rate times DECAY_RATE every DECAY_STEPS epochs",
    constants: (s) => [
      ['DECAY_STEPS', s.decaySteps],
      ['DECAY_RATE', s.decayRate],
    ],
    expression: { typescript: 'LEARNING_RATE * DECAY_RATE ** Math.floor(epoch / DECAY_STEPS)', python: 'LEARNING_RATE * DECAY_RATE ** math.floor(epoch / DECAY_STEPS)' },
  },
  exponential: {
    kind: 'formula',
    keras: "Keras's ExponentialDecay: the rate times DECAY_RATE per DECAY_STEPS epochs, smoothly",
    constants: (s) => [
      ['DECAY_STEPS', s.decaySteps],
      ['DECAY_RATE', s.decayRate],
    ],
    expression: { typescript: 'LEARNING_RATE * DECAY_RATE ** (epoch / DECAY_STEPS)', python: 'LEARNING_RATE * DECAY_RATE ** (epoch / DECAY_STEPS)' },
  },
  cosine: {
    kind: 'formula',
    keras: "Keras's CosineDecay: half a cosine from the rate down to ALPHA times it over DECAY_STEPS epochs, then flat",
    constants: (s) => [
      ['DECAY_STEPS', s.decaySteps],
      ['ALPHA', s.alpha],
    ],
    expression: {
      typescript: 'LEARNING_RATE * ((1 - ALPHA) * 0.5 * (1 + Math.cos(Math.PI * (Math.min(epoch, DECAY_STEPS) / DECAY_STEPS))) + ALPHA)',
      python: 'LEARNING_RATE * ((1 - ALPHA) * 0.5 * (1 + math.cos(math.pi * (min(epoch, DECAY_STEPS) / DECAY_STEPS))) + ALPHA)',
    },
  },
  reduceOnPlateau: {
    kind: 'callback',
    keras: "Keras's ReduceLROnPlateau",
    definition: { typescript: REDUCE_ON_PLATEAU_TS, python: REDUCE_ON_PLATEAU_PY },
  },
};

/** A schedule's settings as the program's REDUCE_ON_PLATEAU value: the keys each language's class takes, the mode Keras's 'auto' picks. */
export function plateauSettings(s: PlateauSchedule, language: Language): [string, number | string][] {
  const mode = higherIsBetter(s.monitor) ? 'max' : 'min';
  const monitor = METRIC_NAMES[language][s.monitor];
  return language === 'typescript'
    ? [['monitor', monitor], ['mode', mode], ['factor', s.factor], ['patience', s.patience], ['minDelta', s.minDelta], ['cooldown', s.cooldown], ['minLearningRate', s.minLearningRate]]
    : [['monitor', monitor], ['mode', mode], ['factor', s.factor], ['patience', s.patience], ['min_delta', s.minDelta], ['cooldown', s.cooldown], ['min_lr', s.minLearningRate]];
}

/** Early stopping's settings as the program's EARLY_STOPPING value, in each language's names. */
export function earlyStoppingSettings(e: EarlyStoppingSettings, language: Language): [string, number | string | boolean][] {
  const mode = higherIsBetter(e.monitor) ? 'max' : 'min';
  const monitor = METRIC_NAMES[language][e.monitor];
  return language === 'typescript'
    ? [['monitor', monitor], ['mode', mode], ['patience', e.patience], ['minDelta', e.minDelta], ['restoreBestWeights', e.restoreBestWeights]]
    : [['monitor', monitor], ['mode', mode], ['patience', e.patience], ['min_delta', e.minDelta], ['restore_best_weights', e.restoreBestWeights]];
}

/** Keras 3's EarlyStopping, one epoch at a time (schedules.ts's EarlyStopper), in both languages. */
export const EARLY_STOPPING_SOURCE: Record<Language, string> = {
  typescript: `/** Keras's EarlyStopping settings: stop after \`patience\` epochs without an improvement of \`minDelta\`. */
interface StopSettings {
  monitor: string;
  mode: 'min' | 'max';
  patience: number;
  minDelta: number;
  restoreBestWeights: boolean;
}

/**
 * Keras 3's EarlyStopping, epoch by epoch (from 0): \`next\` says whether to keep this epoch's
 * weights as the best so far and whether to stop; with restoreBestWeights the best weights are
 * put back when training ends, stopped early or not.
 */
class EarlyStopping {
  bestEpoch: number | null = null;
  private readonly s: StopSettings;
  private best: number;
  private wait = 0;

  constructor(settings: StopSettings) {
    this.s = settings;
    this.best = settings.mode === 'max' ? -Infinity : Infinity;
  }

  next(epoch: number, current: number): { keepWeights: boolean; stop: boolean } {
    let keepWeights = false;
    if (this.s.restoreBestWeights && this.bestEpoch === null) {
      // The first epoch's weights are kept whatever its value, as Keras does.
      keepWeights = true;
      this.bestEpoch = epoch;
    }
    this.wait++;
    const improved = this.s.mode === 'max' ? current - this.s.minDelta > this.best : current + this.s.minDelta < this.best;
    if (improved) {
      this.best = current;
      this.bestEpoch = epoch;
      this.wait = 0;
      return { keepWeights: this.s.restoreBestWeights, stop: false };
    }
    return { keepWeights, stop: this.wait >= this.s.patience && epoch > 0 };
  }
}`,
  python: `class EarlyStopping:
    """Keras 3's EarlyStopping, epoch by epoch (from 0): next() says whether to keep this epoch's
    weights as the best so far and whether to stop, after \`patience\` epochs without an improvement
    of \`min_delta\`; with restore_best_weights the best weights are put back when training ends,
    stopped early or not."""

    def __init__(self, monitor, mode, patience, min_delta, restore_best_weights):
        self.monitor, self.mode, self.patience, self.min_delta = monitor, mode, patience, min_delta
        self.restore_best_weights = restore_best_weights
        self.best = -math.inf if mode == 'max' else math.inf
        self.best_epoch = None
        self.wait = 0

    def next(self, epoch, current):
        keep_weights = False
        if self.restore_best_weights and self.best_epoch is None:
            # The first epoch's weights are kept whatever its value, as Keras does.
            keep_weights = True
            self.best_epoch = epoch
        self.wait += 1
        improved = current - self.min_delta > self.best if self.mode == 'max' else current + self.min_delta < self.best
        if improved:
            self.best = current
            self.best_epoch = epoch
            self.wait = 0
            return self.restore_best_weights, False
        return keep_weights, self.wait >= self.patience and epoch > 0`,
};

/** scikit-learn's balanced class weights (classWeights.ts) from one-hot training labels, in both languages. */
export const BALANCED_CLASS_WEIGHTS_SOURCE: Record<Language, string> = {
  typescript: `/** scikit-learn's 'balanced' class weights: samples / (classes × the class's samples), 0 for a class with none. */
function balancedClassWeights(oneHotLabels: tf.Tensor): number[] {
  const perClass = tf.tidy(() => oneHotLabels.sum(0));
  const counts = Array.from(perClass.dataSync());
  perClass.dispose();
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((n) => (n > 0 ? total / (counts.length * n) : 0));
}`,
  python: `def balanced_class_weights(one_hot_labels):
    """scikit-learn's 'balanced' class weights: samples / (classes × the class's samples), 0 for a class with none."""
    counts = one_hot_labels.sum(dim=0).tolist()
    total = sum(counts)
    return [total / (len(counts) * n) if n > 0 else 0.0 for n in counts]`,
};

/** The program's CLASS_WEIGHT value: 'balanced', or the list of weights, one per class. */
export const classWeightValue = (c: ClassWeightSetting): string | number[] => (c === 'balanced' ? 'balanced' : [...c]);

/** The text a program declares for a fixed schedule: its constants' names and values. */
export function formulaConstants(s: FixedSchedule): readonly [string, number][] {
  const source = SCHEDULE_SOURCES[s.type] as FormulaSource<FixedSchedule>;
  return source.constants(s);
}
