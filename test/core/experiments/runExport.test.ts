import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/core/api/contract';
import { runsToCsv, runsToJson, settingColumns } from '../../../src/core/experiments/runExport';
import { template } from '../../engine/fixtures';

const mlp = template('mlp');

function run(id: string, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    createdAt: '2026-12-02T10:00:00.000Z',
    name: `MNIST MLP ${id}`,
    document: mlp,
    training: mlp.training,
    backend: 'cpu',
    device: 'CPU',
    trainSamples: 540,
    seconds: 1.5,
    status: 'completed',
    history: [
      { epoch: 1, loss: 2, accuracy: 0.25, valLoss: 1.9, valAccuracy: 0.3, samplesPerSecond: 100, seconds: 0.5 },
      { epoch: 2, loss: 1, accuracy: 0.5, valLoss: 0.9, valAccuracy: 0.6, samplesPerSecond: 100, seconds: 0.5 },
    ],
    test: { testLoss: 0.8, testAccuracy: 0.7, confusion: [], perClassAccuracy: [], samples: 100 },
    totalParams: 1234,
    ...extra,
  };
}

const parse = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });

describe('runsToCsv', () => {
  // Each case: the runs, and the cells papaparse must read back from the CSV.
  it.each([
    { what: 'a name with a comma, a quote and a line break survives quoting', runs: [run('a', { name: 'x, "y"\nz' })], cells: [{ name: 'x, "y"\nz' }] },
    { what: 'the final metrics are the last epoch’s and the test’s', runs: [run('a')], cells: [{ loss: '1', accuracy: '0.5', valLoss: '0.9', valAccuracy: '0.6', testLoss: '0.8', testAccuracy: '0.7', epochsRun: '2', params: '1234' }] },
    { what: 'a run without a test or validation leaves those cells empty', runs: [run('a', { test: null, history: [{ epoch: 1, loss: 1, accuracy: 0.5, valLoss: null, valAccuracy: null, samplesPerSecond: 1, seconds: 1 }] })], cells: [{ valLoss: '', testAccuracy: '' }] },
    {
      what: 'varied settings of two sweeps get a column each; a run without one leaves it empty; a regularizer is written as the --vary flag takes it',
      runs: [
        run('a', { sweep: { id: 'sweep-1', trial: 1, settings: [['dropout_1.rate', 0.3]] } }),
        run('b', { sweep: { id: 'sweep-2', trial: 1, settings: [['dense_1.kernelRegularizer', { type: 'l2', factor: 0.01 }]] } }),
        run('c'),
      ],
      cells: [
        { sweep: 'sweep-1', trial: '1', 'dropout_1.rate': '0.3', 'dense_1.kernelRegularizer': '' },
        { sweep: 'sweep-2', 'dropout_1.rate': '', 'dense_1.kernelRegularizer': 'l2(0.01)' },
        { sweep: '', trial: '' },
      ],
    },
    {
      what: 'a varied training setting that has its own column (batchSize, training.optimizer) is not repeated',
      runs: [run('a', { training: { ...mlp.training, batchSize: 32 }, sweep: { id: 'sweep-1', trial: 1, settings: [['batchSize', 32], ['training.optimizer', 'adam']] } })],
      cells: [{ batchSize: '32', optimizer: 'adam' }],
    },
  ])('$what', ({ runs, cells }) => {
    const parsed = parse(runsToCsv(runs));
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(runs.length);
    cells.forEach((c, i) => expect(parsed.data[i]).toMatchObject(c));
    expect(new Set(parsed.meta.fields).size).toBe(parsed.meta.fields!.length);
  });

  it('a setting path from a file is a column, never an object key of ours', () => {
    const runs = [run('a', { sweep: { id: 's', trial: 1, settings: [['__proto__', 1], ['constructor', 2]] } })];
    expect(settingColumns(runs)).toEqual(['__proto__', 'constructor']);
    const row = Papa.parse<string[]>(runsToCsv(runs), { skipEmptyLines: true }).data;
    const header = row[0];
    expect(row[1][header.indexOf('__proto__')]).toBe('1');
    expect(row[1][header.indexOf('constructor')]).toBe('2');
  });
});

describe('runsToJson', () => {
  it('holds each run’s per-epoch curve, its settings by name and its final metrics', () => {
    const a = run('a', { sweep: { id: 'sweep-1', trial: 2, settings: [['dropout_1.rate', 0.3]] } });
    const doc = JSON.parse(runsToJson([a]));
    expect(doc).toMatchObject({ format: 'netcanvas-runs', version: 1 });
    expect(doc.runs[0].history).toEqual(a.history);
    expect(doc.runs[0].sweep).toEqual({ id: 'sweep-1', trial: 2, settings: { 'dropout_1.rate': 0.3 } });
    expect(doc.runs[0].final).toEqual({ loss: 1, accuracy: 0.5, valLoss: 0.9, valAccuracy: 0.6, testLoss: 0.8, testAccuracy: 0.7 });
  });
});
