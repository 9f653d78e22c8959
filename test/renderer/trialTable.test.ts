import { describe, expect, it } from 'vitest';
import type { SweepState, SweepTrial, TrialResult } from '../../src/core/experiments/sweepState';
import { emptyDocument } from '../../src/core/graph/document';
import { bestTrial, sortTrials, type SortDirection, type TrialColumn } from '../../src/renderer/features/experiments/trialTable';

const result = (r: Partial<TrialResult>): TrialResult => ({ runId: 'r', loss: null, accuracy: null, valLoss: null, valAccuracy: null, testLoss: null, testAccuracy: null, totalParams: 0, seconds: 0, epochs: 1, ...r });
const done = (trial: number, rate: number, r: Partial<TrialResult>): SweepTrial => ({ trial, settings: [['dropout_1.rate', rate], ['training.optimizer', trial % 2 ? 'adam' : 'sgd']], status: 'done', result: result(r) });
const pending = (trial: number, rate: number): SweepTrial => ({ trial, settings: [['dropout_1.rate', rate], ['training.optimizer', 'adam']], status: 'pending' });

const TRIALS: SweepTrial[] = [done(1, 0.45, { valAccuracy: 0.9, seconds: 12, totalParams: 300 }), pending(2, 0.1), done(3, 0.2, { valAccuracy: 0.95, seconds: 30, totalParams: 100 }), done(4, 0.2, { valAccuracy: 0.8, seconds: 5, totalParams: 200 })];

const SORTS: { what: string; column: TrialColumn; direction: SortDirection; order: number[] }[] = [
  { what: 'by trial number, descending', column: { kind: 'trial' }, direction: 'descending', order: [4, 3, 2, 1] },
  { what: 'by a numeric setting, ties by trial number', column: { kind: 'setting', path: 'dropout_1.rate' }, direction: 'ascending', order: [2, 3, 4, 1] },
  { what: 'by a text setting', column: { kind: 'setting', path: 'training.optimizer' }, direction: 'ascending', order: [1, 2, 3, 4] },
  { what: 'by val accuracy, best first; a trial without a result last', column: { kind: 'result', key: 'valAccuracy' }, direction: 'descending', order: [3, 1, 4, 2] },
  { what: 'by val accuracy ascending; the trial without a result still last', column: { kind: 'result', key: 'valAccuracy' }, direction: 'ascending', order: [4, 1, 3, 2] },
  { what: 'by time', column: { kind: 'result', key: 'seconds' }, direction: 'ascending', order: [4, 1, 3, 2] },
  { what: 'by parameters', column: { kind: 'result', key: 'totalParams' }, direction: 'descending', order: [1, 4, 3, 2] },
  { what: 'by a setting no trial has: trial order', column: { kind: 'setting', path: 'nosuch.rate' }, direction: 'descending', order: [1, 2, 3, 4] },
];

describe('sorting the trials table', () => {
  it.each(SORTS)('$what', ({ column, direction, order }) => {
    expect(sortTrials(TRIALS, column, direction).map((t) => t.trial)).toEqual(order);
  });
  it('leaves the given list as it was', () => {
    const before = TRIALS.map((t) => t.trial);
    sortTrials(TRIALS, { kind: 'trial' }, 'descending');
    expect(TRIALS.map((t) => t.trial)).toEqual(before);
  });
});

const state = (trials: SweepTrial[]): SweepState => ({ format: 'netcanvas-sweep', version: 1, id: 'sweep-1', createdAt: '', name: 'x', base: emptyDocument(), job: {}, status: 'running', trials });

describe('the best trial', () => {
  it.each([
    { what: 'the highest validation accuracy', trials: TRIALS, best: 3 },
    { what: 'none before a trial is done', trials: [pending(1, 0.1), pending(2, 0.2)], best: null },
    { what: 'test accuracy where there is no validation split', trials: [done(1, 0.1, { testAccuracy: 0.7 }), done(2, 0.2, { testAccuracy: 0.75 })], best: 2 },
    { what: 'a failed trial is never best', trials: [{ ...pending(1, 0.1), status: 'failed' as const, result: result({ valAccuracy: 1 }) }, done(2, 0.2, { valAccuracy: 0.5 })], best: 2 },
  ])('$what', ({ trials, best }) => {
    expect(bestTrial(state(trials))).toBe(best);
  });
});
