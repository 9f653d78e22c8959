import { describe, expect, it } from 'vitest';
import type { RunDataSummary } from '../../src/core/api/contract';
import { currentRun, fitOf, runChoiceLabel, runsThatFit } from '../../src/renderer/features/training/runChoice';

/** Which runs the digit pad and the own-data Try it list, and how the chooser names a run. */
const mnist: RunDataSummary = { own: false, id: 'mnist', label: 'MNIST digits' };
const fashion: RunDataSummary = { own: false, id: 'fashion-mnist', label: 'Fashion-MNIST' };
const iris: RunDataSummary = { own: true, id: 'iris', label: 'iris.csv' };
const houses: RunDataSummary = { own: true, id: 'houses', label: 'houses.csv' };
const runs = [
  { id: 'r5', data: iris },
  { id: 'r4', data: mnist },
  { id: 'r3', data: houses },
  { id: 'r2', data: fashion },
  { id: 'r1', data: iris },
];

describe('the runs a Try-it view lists', () => {
  it.each([
    { what: 'the pad: every run of a built-in 28×28 dataset, newest first', of: 'r4', want: ['r4', 'r2'] },
    { what: 'Fashion-MNIST belongs on the pad too', of: 'r2', want: ['r4', 'r2'] },
    { what: 'own data: only the runs of the same data', of: 'r1', want: ['r5', 'r1'] },
    { what: 'other own data is another view', of: 'r3', want: ['r3'] },
  ])('$what', ({ of, want }) => {
    const fit = fitOf(runs.find((r) => r.id === of)!);
    expect(runsThatFit(runs, fit).map((r) => r.id)).toEqual(want);
  });
});

describe('the run Try it shows', () => {
  it.each([
    { what: 'the selected run', selected: 'r3', want: 'r3' },
    { what: 'the newest when none is selected', selected: null, want: 'r5' },
    { what: 'the newest when the selected one is gone (deleted)', selected: 'r9', want: 'r5' },
  ])('$what', ({ selected, want }) => {
    expect(currentRun(runs, selected)?.id).toBe(want);
  });
  it('none without runs', () => {
    expect(currentRun([], 'r1')).toBeNull();
  });
});

describe('a run’s name in the chooser', () => {
  it.each([
    { what: 'its name, test accuracy to a tenth of a percent and day', run: { name: 'MNIST MLP #2', testAccuracy: 0.9751, createdAt: '2026-12-04T15:00:00.000Z' }, want: 'MNIST MLP #2 (test acc. 97.5%, 2026-12-04)' },
    { what: 'a run without a test says so', run: { name: 'Stopped', testAccuracy: null, createdAt: '2026-11-30T23:59:00.000Z' }, want: 'Stopped (no test, 2026-11-30)' },
  ])('$what', ({ run, want }) => {
    expect(runChoiceLabel(run)).toBe(want);
  });
});
