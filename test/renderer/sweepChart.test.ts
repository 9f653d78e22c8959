import { describe, expect, it } from 'vitest';
import type { SweepState, SweepTrial, TrialResult } from '../../src/core/experiments/sweepState';
import { emptyDocument } from '../../src/core/graph/document';
import { readFileSync } from 'node:fs';
import { loadDocument } from '../../src/core/graph/load';
import { parallelChart, tradeOffChart } from '../../src/renderer/features/experiments/sweepChart';

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

describe('the trade-off picture of a sweep', () => {
  // The MLP template is 784-256-256-10: 784·256 + 256·256 + 256·10 = 268,800 multiply-adds per sample;
  // with dense_1.units = 64: 784·64 + 64·256 + 256·10 = 69,120 (worked out by hand).
  const mlp = loadDocument(JSON.parse(readFileSync('resources/templates/mlp.json', 'utf8')));
  const units = (n: number, u: number, r?: Partial<TrialResult>): SweepTrial => ({ trial: n, settings: [['dense_1.units', u]], status: r ? 'done' : 'pending', ...(r ? { result: result(r) } : {}) });
  const sweep: SweepState = { ...state([units(1, 64, { testAccuracy: 0.95, valAccuracy: 0.95, totalParams: 67_210, seconds: 30 }), units(2, 256, { testAccuracy: 0.97, valAccuracy: 0.97, totalParams: 269_322, seconds: 50 }), units(3, 128, { testAccuracy: 0.94, valAccuracy: 0.93, totalParams: 1, seconds: 60 }), units(4, 512)]), base: mlp };
  it.each([
    { cost: 'macs' as const, says: 'multiply-adds from each trial’s own graph', costs: [69_120, 268_800, 784 * 128 + 128 * 256 + 2560] },
    { cost: 'params' as const, says: 'the parameters the run counted', costs: [67_210, 269_322, 1] },
    { cost: 'seconds' as const, says: 'the training time', costs: [30, 50, 60] },
  ])('$cost: $says, one point per finished trial', ({ cost, costs }) => {
    const points = tradeOffChart(sweep, cost);
    expect(points.map((p) => p.cost)).toEqual(costs);
    [0.05, 0.03, 0.06].forEach((error, i) => expect(points[i].error, `trial ${i + 1}'s test error`).toBeCloseTo(error, 12));
  });
  it('marks the front: trial 3 is beaten on time by both others and on accuracy too', () => {
    expect(tradeOffChart(sweep, 'seconds').map((p) => [p.trial, p.front, p.best])).toEqual([
      [1, true, false],
      [2, true, true],
      [3, false, false],
    ]);
    // On parameters trial 3 (1 parameter) is the cheapest, so it is on the front too.
    expect(tradeOffChart(sweep, 'params').find((p) => p.trial === 3)!.front).toBe(true);
  });
});
