import { describe, expect, it } from 'vitest';
import type { SweepState, SweepTrial, TrialResult } from '../../src/core/experiments/sweepState';
import { emptyDocument } from '../../src/core/graph/document';
import { parallelChart } from '../../src/renderer/features/experiments/sweepChart';

const result = (r: Partial<TrialResult>): TrialResult => ({ runId: 'r', loss: null, accuracy: null, valAccuracy: null, valLoss: null, testLoss: null, testAccuracy: null, totalParams: 0, seconds: 0, epochs: 1, ...r });
const trial = (n: number, rate: number, optimizer: string, r?: Partial<TrialResult>): SweepTrial => ({ trial: n, settings: [['dropout_1.rate', rate], ['optimizer', optimizer]], status: r ? 'done' : 'pending', ...(r ? { result: result(r) } : {}) });
const state = (trials: SweepTrial[]): SweepState => ({ format: 'netcanvas-sweep', version: 1, id: 'sweep-1', createdAt: '', name: 'x', base: emptyDocument(), job: {}, status: 'running', trials });

const SWEEP = state([trial(1, 0.3, 'sgd', { valAccuracy: 0.9, testAccuracy: 0.88 }), trial(2, 0.3, 'adam', { valAccuracy: 0.95, testAccuracy: 0.94 }), trial(3, 0.45, 'rmsprop'), trial(4, 0.45, 'adam', { valAccuracy: 0.93, testAccuracy: 0.92 })]);

describe('the parallel-coordinates picture of a sweep', () => {
  const chart = parallelChart(SWEEP);
  it.each([
    { what: 'a numeric setting gets a value axis', index: 0, axis: { name: 'dropout_1.rate', type: 'value' } },
    { what: 'a word setting gets a category axis with its words in first-use order, pending trials included', index: 1, axis: { name: 'optimizer', type: 'category', data: ['sgd', 'adam', 'rmsprop'] } },
    { what: 'then validation accuracy', index: 2, axis: { name: 'val accuracy', type: 'value' } },
    { what: 'then test accuracy', index: 3, axis: { name: 'test accuracy', type: 'value' } },
  ])('$what', ({ index, axis }) => {
    expect(chart.axes[index]).toEqual(axis);
  });
  it('draws a line per finished trial through its settings and accuracies, the best (highest validation accuracy) marked', () => {
    expect(chart.lines).toEqual([
      { trial: 1, values: [0.3, 'sgd', 0.9, 0.88], best: false },
      { trial: 2, values: [0.3, 'adam', 0.95, 0.94], best: true },
      { trial: 4, values: [0.45, 'adam', 0.93, 0.92], best: false },
    ]);
  });
  it('has no lines and no best before a trial finishes', () => {
    expect(parallelChart(state([trial(1, 0.3, 'sgd')])).lines).toEqual([]);
  });
});
