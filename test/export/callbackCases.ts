import { expect } from 'vitest';
import { METRIC_NAMES, type Language } from '../../src/core/codegen/trainingCallbacks';
import type { GraphDocument } from '../../src/core/graph/document';
import { classWeights } from '../../src/core/training/classWeights';
import type { EarlyStoppingSettings, OptimizerConfig, ScheduleConfig } from '../../src/core/training/config';
import { EarlyStopper, PlateauReducer, scheduledRate } from '../../src/core/training/schedules';
import { readMnist } from '../digits/support/mnist';
import { stack } from '../support/graphs';

/**
 * The training settings the exported programs must carry (schedules, early stopping, class
 * weights), shared by the TypeScript and the PyTorch program tests: each case's graph, and
 * what its run must print, worked out by core (schedules.ts, classWeights.ts) from the run's
 * own epoch lines and from the MNIST labels the run trains on.
 */
export interface CallbackCase {
  readonly name: string;
  readonly optimizer: OptimizerConfig;
  readonly schedule?: ScheduleConfig;
  readonly earlyStopping?: EarlyStoppingSettings;
  readonly classWeight?: 'balanced' | number[];
  readonly epochs: number;
  /** With early stopping: the epochs the run must train (patience + 1 when the metric cannot improve), as the engine does. */
  readonly stopsAfter?: number;
}

/** Validation split of every case (the graph's, so the program and the test agree on the training part). */
export const VALIDATION_SPLIT = 0.25;

export const CALLBACK_CASES: readonly CallbackCase[] = [
  { name: 'constant schedule (SGD)', optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0 }, schedule: { type: 'constant' }, epochs: 3 },
  { name: 'step: × 0.5 every 2 epochs (SGD)', optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0 }, schedule: { type: 'step', decaySteps: 2, decayRate: 0.5 }, epochs: 5 },
  { name: 'exponential: × 0.6 per 1.5 epochs (SGD with momentum)', optimizer: { type: 'sgd', learningRate: 0.05, momentum: 0.9 }, schedule: { type: 'exponential', decaySteps: 1.5, decayRate: 0.6 }, epochs: 4 },
  { name: 'cosine over 3 epochs to alpha 0.2, then flat (Adam)', optimizer: { type: 'adam', learningRate: 0.002, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, schedule: { type: 'cosine', decaySteps: 3, alpha: 0.2 }, epochs: 5 },
  {
    name: 'reduce on plateau: patience 2, cooldown 1, floor 0.0003, minDelta too large to improve (RMSprop)',
    optimizer: { type: 'rmsprop', learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 },
    schedule: { type: 'reduceOnPlateau', monitor: 'valLoss', factor: 0.5, patience: 2, minDelta: 100, cooldown: 1, minLearningRate: 0.0003 },
    epochs: 6,
  },
  {
    name: 'early stopping: patience 2 on a loss that cannot improve by minDelta 100, best weights restored',
    optimizer: { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    earlyStopping: { monitor: 'loss', patience: 2, minDelta: 100, restoreBestWeights: true },
    epochs: 8,
    stopsAfter: 3,
  },
  { name: 'balanced class weights (Adam)', optimizer: { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, classWeight: 'balanced', epochs: 1 },
];

/** A small MLP on MNIST with the case's training settings (validated by the loader, as a graph file would be). */
export function callbackDoc(c: CallbackCase): GraphDocument {
  return stack(
    [
      ['image', 'Input', { shape: [784] }],
      ['hidden', 'Dense', { units: 16, activation: 'relu' }],
      ['out', 'Dense', { units: 10, activation: 'softmax' }],
    ],
    {
      name: c.name,
      training: {
        optimizer: c.optimizer,
        batchSize: 32,
        epochs: c.epochs,
        validationSplit: VALIDATION_SPLIT,
        ...(c.schedule ? { schedule: c.schedule } : {}),
        ...(c.earlyStopping ? { earlyStopping: c.earlyStopping } : {}),
        ...(c.classWeight ? { classWeight: c.classWeight } : {}),
      },
    },
  );
}

export interface EpochLine {
  readonly epoch: number;
  readonly metrics: Record<string, number>;
  readonly lr: number;
}

/** The epoch lines a program prints: `Epoch 1/5: loss 0.1, acc 0.2, lr 0.001` (TypeScript) or `Epoch 1/5 - 0.1s - loss: 0.1 - … - lr: 0.001` (Python). */
export function epochLines(stdout: string, language: Language): EpochLine[] {
  const pattern = language === 'typescript' ? /^Epoch (\d+)\/\d+: (.*), lr (\S+)$/gm : /^(?:\[default0\]:)?Epoch (\d+)\/\d+ - [\d.]+s - (.*) - lr: (\S+)$/gm;
  const separator = language === 'typescript' ? ', ' : ' - ';
  return [...stdout.matchAll(pattern)].map((m) => ({
    epoch: Number(m[1]),
    metrics: Object.fromEntries(m[2].split(separator).map((pair) => pair.split(language === 'typescript' ? ' ' : ': ')).map(([k, v]) => [k, Number(v)])),
    lr: Number(m[3]),
  }));
}

/**
 * Checks a run's output against core: the learning rate of every epoch (scheduledRate, or
 * PlateauReducer fed the run's own monitored values), where early stopping stops and which
 * epoch's weights it restores (EarlyStopper fed the same), and the balanced class weights of
 * the labels it trains on (classWeights over the first `limit` MNIST training labels, less
 * the validation split).
 */
export function expectCarried(c: CallbackCase, stdout: string, language: Language, limit: number): void {
  const lines = epochLines(stdout, language);
  const names = METRIC_NAMES[language];
  const initial = c.optimizer.learningRate;
  const monitored = (line: EpochLine, metric: keyof typeof names) => line.metrics[names[metric]];

  // Early stopping: where core's EarlyStopper, fed the printed values, stops.
  let epochs = c.epochs;
  if (c.earlyStopping) {
    const stopper = new EarlyStopper(c.earlyStopping);
    const stop = lines.findIndex((line, e) => stopper.next(e, monitored(line, c.earlyStopping!.monitor)).stop);
    epochs = stop === -1 ? c.epochs : stop + 1;
    expect(stdout.includes(`Epoch ${epochs}: early stopping`), 'the early-stopping line').toBe(stop !== -1);
    if (c.earlyStopping.restoreBestWeights) expect(stdout).toContain(`Restoring model weights from the end of the best epoch: ${stopper.bestEpoch! + 1}.`);
  }
  expect(lines.map((l) => l.epoch)).toEqual(Array.from({ length: epochs }, (_, e) => e + 1));
  if (c.stopsAfter !== undefined) expect(epochs).toBe(c.stopsAfter);

  // Learning rates: each epoch's as core computes it.
  const schedule = c.schedule;
  let want: number[];
  if (schedule?.type === 'reduceOnPlateau') {
    const reducer = new PlateauReducer(schedule, initial);
    want = [initial, ...lines.slice(0, -1).map((line) => reducer.next(monitored(line, schedule.monitor)))];
  } else {
    want = lines.map((_, e) => (schedule ? scheduledRate(schedule, initial, e) : initial));
  }
  // tfjs keeps Adam's and RMSprop's rate as a number, SGD's too (beside its tensor); Python prints repr: all exact.
  expect(lines.map((l) => l.lr)).toEqual(want);

  if (c.classWeight === 'balanced') {
    const labels = readMnist('train', limit).labels;
    const trainPart = Math.floor(labels.length * (1 - VALIDATION_SPLIT));
    const counts = Array.from({ length: 10 }, (_, k) => labels.subarray(0, trainPart).filter((l) => l === k).length);
    const printed = stdout.match(/^(?:\[default0\]:)?Class weights: (\[.*\])$/m);
    expect(printed, 'a Class weights line').not.toBeNull();
    expect(JSON.parse(printed![1])).toEqual(classWeights('balanced', counts, counts.map(String)));
  }
}
