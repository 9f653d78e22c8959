import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { BALANCED_CLASS_WEIGHTS_SOURCE, EARLY_STOPPING_SOURCE, SCHEDULE_SOURCES, earlyStoppingSettings, formulaConstants, plateauSettings } from '../../src/core/codegen/trainingCallbacks';
import { generateTrainingProgram } from '../../src/core/codegen/trainingProgram';
import { DocumentError } from '../../src/core/graph/errors';
import { generatePytorchProgram } from '../../src/core/pytorch/program';
import { classWeights } from '../../src/core/training/classWeights';
import type { EarlyStoppingSettings, ScheduleConfig } from '../../src/core/training/config';
import { EarlyStopper, PlateauReducer, scheduledRate } from '../../src/core/training/schedules';
import { callbackDoc } from './callbackCases';

/**
 * The program text of every schedule, of ReduceLROnPlateau and EarlyStopping, and of the
 * balanced class weights (core/codegen/trainingCallbacks.ts), run in both languages (the
 * TypeScript transpiled and evaluated here, the Python under python3) against what the engine
 * computes (core/training/schedules.ts, classWeights.ts): the same rate every epoch, the same
 * decisions on scripted metric curves, the same weights for the same labels.
 */
const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const LR = 0.01;
const EPOCHS = 14;

type Fixed = Exclude<ScheduleConfig, { type: 'reduceOnPlateau' }>;
type Plateau = Extract<ScheduleConfig, { type: 'reduceOnPlateau' }>;

const FORMULA_CASES: { what: string; schedule: Fixed }[] = [
  { what: 'constant', schedule: { type: 'constant' } },
  { what: 'step: × 0.5 every 3 epochs', schedule: { type: 'step', decaySteps: 3, decayRate: 0.5 } },
  { what: 'step: × 0.9 every epoch', schedule: { type: 'step', decaySteps: 1, decayRate: 0.9 } },
  { what: 'exponential: × 0.7 per 2.5 epochs', schedule: { type: 'exponential', decaySteps: 2.5, decayRate: 0.7 } },
  { what: 'exponential: × 1 (no decay)', schedule: { type: 'exponential', decaySteps: 4, decayRate: 1 } },
  { what: 'cosine over 5 epochs to 0, then flat', schedule: { type: 'cosine', decaySteps: 5, alpha: 0 } },
  { what: 'cosine over 9 epochs to alpha 0.15', schedule: { type: 'cosine', decaySteps: 9, alpha: 0.15 } },
];

/** Scripted metric curves: falling, flat, noisy; values for a loss (min) or an accuracy (max). */
const CURVES: Record<string, number[]> = {
  falling: [2, 1.5, 1.2, 1.1, 1.05, 1.04, 1.035, 1.034, 1.0339, 1.02, 1.01, 1.009, 1.0089, 1.0088],
  flat: Array.from({ length: EPOCHS }, () => 0.5),
  noisy: [0.9, 0.7, 0.75, 0.72, 0.69, 0.71, 0.705, 0.68, 0.7, 0.66, 0.67, 0.665, 0.664, 0.7],
  rising: [0.1, 0.3, 0.5, 0.55, 0.6, 0.6, 0.61, 0.62, 0.62, 0.63, 0.64, 0.64, 0.64, 0.65],
};

const PLATEAU_CASES: { what: string; schedule: Plateau; curve: keyof typeof CURVES }[] = [
  { what: 'valLoss, patience 2, minDelta 0.01, no cooldown', schedule: { type: 'reduceOnPlateau', monitor: 'valLoss', factor: 0.5, patience: 2, minDelta: 0.01, cooldown: 0, minLearningRate: 0 }, curve: 'falling' },
  { what: 'loss, patience 1, cooldown 2, floor 0.003', schedule: { type: 'reduceOnPlateau', monitor: 'loss', factor: 0.3, patience: 1, minDelta: 0, cooldown: 2, minLearningRate: 0.003 }, curve: 'flat' },
  { what: 'valLoss on a noisy curve, patience 0', schedule: { type: 'reduceOnPlateau', monitor: 'valLoss', factor: 0.8, patience: 0, minDelta: 0.001, cooldown: 1, minLearningRate: 0 }, curve: 'noisy' },
  { what: 'accuracy (max), patience 2, minDelta 0.005', schedule: { type: 'reduceOnPlateau', monitor: 'accuracy', factor: 0.1, patience: 2, minDelta: 0.005, cooldown: 0, minLearningRate: 1e-5 }, curve: 'rising' },
];

const STOP_CASES: { what: string; settings: EarlyStoppingSettings; curve: keyof typeof CURVES }[] = [
  { what: 'valLoss, patience 2, minDelta 0.01, restore', settings: { monitor: 'valLoss', patience: 2, minDelta: 0.01, restoreBestWeights: true }, curve: 'falling' },
  { what: 'loss on a flat curve, patience 0', settings: { monitor: 'loss', patience: 0, minDelta: 0, restoreBestWeights: false }, curve: 'flat' },
  { what: 'loss on a flat curve, patience 3, restore', settings: { monitor: 'loss', patience: 3, minDelta: 0, restoreBestWeights: true }, curve: 'flat' },
  { what: 'valLoss on a noisy curve, patience 2', settings: { monitor: 'valLoss', patience: 2, minDelta: 0, restoreBestWeights: true }, curve: 'noisy' },
  { what: 'valAccuracy (max), patience 4, minDelta 0.005', settings: { monitor: 'valAccuracy', patience: 4, minDelta: 0.005, restoreBestWeights: true }, curve: 'rising' },
];

/** Core's rates for a plateau case: epoch 0 at LR, then each epoch's rate from the one before's metric. */
function corePlateauRates(s: Plateau, curve: readonly number[]): number[] {
  const reducer = new PlateauReducer(s, LR);
  return [LR, ...curve.slice(0, -1).map((m) => reducer.next(m))];
}

/** Core's early-stopping steps on a curve until it stops, and the epoch whose weights are kept last. */
function coreStops(settings: EarlyStoppingSettings, curve: readonly number[]): { steps: [boolean, boolean][]; bestEpoch: number | null } {
  const stopper = new EarlyStopper(settings);
  const steps: [boolean, boolean][] = [];
  for (const [epoch, value] of curve.entries()) {
    const step = stopper.next(epoch, value);
    steps.push([step.keepWeights, step.stop]);
    if (step.stop) break;
  }
  return { steps, bestEpoch: stopper.bestEpoch };
}

/** Evaluates TypeScript definitions (types stripped by tsc) and returns what `names` are bound to. */
function evaluateTypescript<T>(source: string, names: string[], bindings: Record<string, unknown> = {}): T {
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None } }).outputText;
  return new Function(...Object.keys(bindings), `${js}\nreturn [${names.join(', ')}];`)(...Object.values(bindings)) as T;
}

/** The Python program's text run under python3 with the cases, printing JSON. */
function runPython(script: string, input: unknown): unknown {
  return JSON.parse(execFileSync(PYTHON, ['-c', script, JSON.stringify(input)], { encoding: 'utf8' }));
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(b), 1e-300);

describe('schedule formulas as program text, against schedules.ts', () => {
  it('the table covers every schedule type the settings allow', () => {
    expect(Object.keys(SCHEDULE_SOURCES).sort()).toEqual(['constant', 'cosine', 'exponential', 'reduceOnPlateau', 'step']);
  });

  it.each(FORMULA_CASES)('TypeScript, $what: the same rate every epoch (exactly)', ({ schedule }) => {
    const source = SCHEDULE_SOURCES[schedule.type];
    if (source.kind !== 'formula') throw new Error('not a formula');
    const constants = formulaConstants(schedule);
    const rateAt = new Function('LEARNING_RATE', ...constants.map(([n]) => n), 'epoch', `return ${source.expression.typescript};`) as (...a: number[]) => number;
    const got = Array.from({ length: EPOCHS }, (_, e) => rateAt(LR, ...constants.map(([, v]) => v), e));
    expect(got).toEqual(Array.from({ length: EPOCHS }, (_, e) => scheduledRate(schedule, LR, e)));
  });

  it.skipIf(!hasTorch).each(FORMULA_CASES)('Python, $what: the same rate every epoch (within 1e-12 relative)', ({ schedule }) => {
    const source = SCHEDULE_SOURCES[schedule.type];
    if (source.kind !== 'formula') throw new Error('not a formula');
    const constants = formulaConstants(schedule).map(([n, v]) => `${n} = ${v}`).join('\n');
    const script = `import json, math, sys\nLEARNING_RATE = ${LR}\n${constants}\nprint(json.dumps([${source.expression.python} for epoch in range(int(sys.argv[1]))]))`;
    const got = runPython(script, EPOCHS) as number[];
    const want = Array.from({ length: EPOCHS }, (_, e) => scheduledRate(schedule, LR, e));
    expect(got.map((r, e) => close(r, want[e]))).toEqual(want.map(() => true));
  });
});

describe('ReduceLROnPlateau as program text, against PlateauReducer', () => {
  it.each(PLATEAU_CASES)('TypeScript, $what: the same rate every epoch', ({ schedule, curve }) => {
    const [Reducer] = evaluateTypescript<[new (rate: number, s: unknown) => { next(v: number): number }]>(SCHEDULE_SOURCES.reduceOnPlateau.definition.typescript, ['ReduceLROnPlateau']);
    const reducer = new Reducer(LR, Object.fromEntries(plateauSettings(schedule, 'typescript')));
    const got = [LR, ...CURVES[curve].slice(0, -1).map((m) => reducer.next(m))];
    expect(got).toEqual(corePlateauRates(schedule, CURVES[curve]));
  });

  it.skipIf(!hasTorch)('Python, every case: the same rate every epoch', () => {
    const cases = PLATEAU_CASES.map((c) => ({ settings: Object.fromEntries(plateauSettings(c.schedule, 'python')), curve: CURVES[c.curve] }));
    const script = `import json, math, sys\n${SCHEDULE_SOURCES.reduceOnPlateau.definition.python}\nout = []\nfor case in json.loads(sys.argv[1]):\n    r = ReduceLROnPlateau(${LR}, **case['settings'])\n    out.append([${LR}] + [r.next(m) for m in case['curve'][:-1]])\nprint(json.dumps(out))`;
    const got = runPython(script, cases) as number[][];
    expect(got).toEqual(PLATEAU_CASES.map((c) => corePlateauRates(c.schedule, CURVES[c.curve])));
    // The cases reduce the rate, some more than once: they exercise patience, cooldown and the floor.
    expect(got.map((rates) => new Set(rates).size > 1)).toEqual(PLATEAU_CASES.map(() => true));
  });
});

describe('EarlyStopping as program text, against EarlyStopper', () => {
  it.each(STOP_CASES)('TypeScript, $what: the same keep/stop steps and best epoch', ({ settings, curve }) => {
    const [Stopper] = evaluateTypescript<[new (s: unknown) => { next(e: number, v: number): { keepWeights: boolean; stop: boolean }; bestEpoch: number | null }]>(EARLY_STOPPING_SOURCE.typescript, ['EarlyStopping']);
    const stopper = new Stopper(Object.fromEntries(earlyStoppingSettings(settings, 'typescript')));
    const steps: [boolean, boolean][] = [];
    for (const [epoch, value] of CURVES[curve].entries()) {
      const step = stopper.next(epoch, value);
      steps.push([step.keepWeights, step.stop]);
      if (step.stop) break;
    }
    expect({ steps, bestEpoch: stopper.bestEpoch }).toEqual(coreStops(settings, CURVES[curve]));
  });

  it.skipIf(!hasTorch)('Python, every case: the same keep/stop steps and best epoch', () => {
    const cases = STOP_CASES.map((c) => ({ settings: Object.fromEntries(earlyStoppingSettings(c.settings, 'python')), curve: CURVES[c.curve] }));
    const script = [
      'import json, math, sys',
      EARLY_STOPPING_SOURCE.python,
      'out = []',
      "for case in json.loads(sys.argv[1]):",
      "    s = EarlyStopping(**case['settings'])",
      '    steps = []',
      "    for epoch, value in enumerate(case['curve']):",
      '        keep, stop = s.next(epoch, value)',
      '        steps.append([keep, stop])',
      '        if stop:',
      '            break',
      "    out.append({'steps': steps, 'bestEpoch': s.best_epoch})",
      'print(json.dumps(out))',
    ].join('\n');
    const got = runPython(script, cases);
    const want = STOP_CASES.map((c) => coreStops(c.settings, CURVES[c.curve]));
    expect(got).toEqual(want);
    // Some cases stop early, some run to the end.
    expect(new Set(want.map((w) => w.steps.length < EPOCHS))).toEqual(new Set([true, false]));
  });
});

/** Label sets: one class per sample, over `classes` classes (some with no samples). */
const LABEL_CASES: { what: string; classes: number; labels: number[] }[] = [
  { what: 'balanced already: 2 classes, 3 each', classes: 2, labels: [0, 1, 0, 1, 1, 0] },
  { what: 'imbalanced: 3 classes 5/2/1', classes: 3, labels: [0, 0, 0, 0, 0, 1, 1, 2] },
  { what: 'a class without samples gets 0', classes: 4, labels: [0, 1, 1, 3, 3, 3, 3] },
  { what: '10 classes, 97 samples', classes: 10, labels: Array.from({ length: 97 }, (_, i) => (i * i + 3 * i) % 10) },
];

const coreBalanced = (c: (typeof LABEL_CASES)[number]) => {
  const counts = Array.from({ length: c.classes }, (_, k) => c.labels.filter((l) => l === k).length);
  return classWeights('balanced', counts, counts.map((_, k) => `class ${k}`));
};

describe('balanced class weights as program text, against classWeights.ts', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it.each(LABEL_CASES)('TypeScript (tfjs), $what', (c) => {
    const [balanced] = evaluateTypescript<[(labels: tf.Tensor) => number[]]>(BALANCED_CLASS_WEIGHTS_SOURCE.typescript, ['balancedClassWeights'], { tf });
    const oneHot = tf.oneHot(tf.tensor1d(c.labels, 'int32'), c.classes).toFloat();
    expect(balanced(oneHot)).toEqual(coreBalanced(c));
    oneHot.dispose();
  });

  it.skipIf(!hasTorch)('Python (torch), every case', () => {
    const script = `import json, sys, torch\nimport torch.nn.functional as F\n${BALANCED_CLASS_WEIGHTS_SOURCE.python}\nprint(json.dumps([balanced_class_weights(F.one_hot(torch.tensor(c['labels']), c['classes']).to(torch.float32)) for c in json.loads(sys.argv[1])]))`;
    expect(runPython(script, LABEL_CASES)).toEqual(LABEL_CASES.map(coreBalanced));
  });
});

describe('a class-weight list that does not fit the dataset is refused at export', () => {
  it.each([
    { what: 'the TypeScript program', write: generateTrainingProgram },
    { what: 'the PyTorch program', write: generatePytorchProgram },
  ])('$what: 3 weights for MNIST’s 10 classes, naming training.classWeight and the classes', ({ write }) => {
    const doc = callbackDoc({ name: 'weights', optimizer: { type: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, classWeight: [1, 2, 3], epochs: 1 });
    expect(() => write(doc)).toThrow(DocumentError);
    expect(() => write(doc)).toThrow(/training\.classWeight: classWeight lists 3 weights, but the data has 10 classes \(0, 1, 2, .*9\)/);
  });
});
