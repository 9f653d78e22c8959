import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/api/contract';
import { summarizeRun } from '../../src/engine/runs/runStore';
import { template } from './fixtures';
import { completedRun } from '../support/runRecords';

/**
 * The run list's summary carries a run's schedule, early stopping and class weights (so runs
 * can be told apart by them) and where early stopping ended it; a setting in a run.json that
 * does not read as its schema is left out rather than passed on (run.json is the user's file).
 */
const doc = template('mlp');
const record = (training: Record<string, unknown>, extra: Partial<RunRecord> = {}): RunRecord => completedRun(doc, { training: { ...doc.training, ...training } as RunRecord['training'], ...extra });

const step = { type: 'step', decaySteps: 2, decayRate: 0.5 };
const stopping = { monitor: 'loss', patience: 1, minDelta: 0, restoreBestWeights: false };

describe('a run’s summary', () => {
  it.each([
    { what: 'a plain run: none of them', training: {}, extra: {}, want: {} },
    { what: 'a step schedule, early stopping that ended it after epoch 3, balanced weights', training: { schedule: step, earlyStopping: stopping, classWeight: 'balanced' }, extra: { stoppedEarlyAfter: 3 }, want: { schedule: step, earlyStopping: stopping, classWeight: 'balanced', stoppedEarlyAfter: 3 } },
    { what: 'a weight list', training: { classWeight: [1, 3] }, extra: {}, want: { classWeight: [1, 3] } },
    { what: 'a schedule of an unknown type is left out, the rest kept', training: { schedule: { type: 'warmup' }, classWeight: [1, 3] }, extra: {}, want: { classWeight: [1, 3] } },
    { what: 'early stopping with a patience of −1 is left out', training: { earlyStopping: { ...stopping, patience: -1 } }, extra: {}, want: {} },
    { what: 'a stopping epoch that is not a whole number is left out', training: {}, extra: { stoppedEarlyAfter: 'soon' as unknown as number }, want: {} },
  ])('$what', ({ training, extra, want }) => {
    const s = summarizeRun(record(training, extra));
    expect({ schedule: s.schedule, earlyStopping: s.earlyStopping, classWeight: s.classWeight, stoppedEarlyAfter: s.stoppedEarlyAfter }).toEqual({ schedule: undefined, earlyStopping: undefined, classWeight: undefined, stoppedEarlyAfter: undefined, ...want });
    expect(s).toMatchObject({ id: 'run-1', optimizer: doc.training.optimizer.type, epochs: 1 });
  });
});

/** The summary names the data a run trained on, so the pad and Try it can list the runs that fit them. */
describe('a run’s data in its summary', () => {
  const own = { path: '/data/iris.csv', description: { id: 'iris', label: 'iris.csv', kind: 'table', inputShape: [4], task: 'multiclass', classNames: ['a', 'b', 'c'] }, preprocessing: { kind: 'arrays' } } as unknown as RunRecord['data'];
  it.each([
    { what: 'the graph’s built-in dataset, MNIST', extra: {}, want: { own: false, id: 'mnist', label: 'MNIST digits' } },
    { what: 'Fashion-MNIST from the graph', extra: { document: { ...doc, dataset: { ...doc.dataset, name: 'fashion-mnist' } } as RunRecord['document'] }, want: { own: false, id: 'fashion-mnist', label: 'Fashion-MNIST' } },
    { what: 'own data: its id and label, whatever the graph says', extra: { data: own }, want: { own: true, id: 'iris', label: 'iris.csv' } },
  ])('$what', ({ extra, want }) => {
    expect(summarizeRun(record({}, extra)).data).toEqual(want);
  });
});
