import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/core/api/contract';
import { exportRuns } from '../../src/core/experiments/runExport';
import { exportFileName, exportLabel, exportText, runsToExport } from '../../src/renderer/features/training/runsExport';

/** The Train view's "Export CSV" and "Export JSON": which runs, the buttons' labels, the file's name and text. */
/** As the list holds them: newest first. */
const runs = [{ id: 'c' }, { id: 'b' }, { id: 'a' }];

describe('the runs an export holds', () => {
  it.each([
    { what: 'every run when none is ticked, oldest first as the CLI writes them', ticked: [], want: ['a', 'b', 'c'] },
    { what: 'the ticked ones, oldest first', ticked: ['c', 'a'], want: ['a', 'c'] },
    { what: 'a ticked run since deleted counts for nothing', ticked: ['gone'], want: ['a', 'b', 'c'] },
  ])('$what', ({ ticked, want }) => {
    expect(runsToExport(runs, ticked).map((r) => r.id)).toEqual(want);
  });
});

describe('an export button’s label says which runs', () => {
  it.each([
    { format: 'csv', count: 12, ticked: false, want: 'Export CSV (all 12)' },
    { format: 'json', count: 2, ticked: true, want: 'Export JSON (2 ticked)' },
    { format: 'csv', count: 1, ticked: false, want: 'Export CSV (the run)' },
  ] as const)('$want', ({ format, count, ticked, want }) => {
    expect(exportLabel(format, count, ticked)).toBe(want);
  });
});

describe('the export file', () => {
  it.each([
    { what: 'named by the UTC day', format: 'csv', now: '2026-12-04T23:30:00.000Z', want: 'netcanvas-runs-2026-12-04.csv' },
    { what: 'JSON too', format: 'json', now: '2027-01-01T00:00:00.000Z', want: 'netcanvas-runs-2027-01-01.json' },
  ] as const)('$what', ({ format, now, want }) => {
    expect(exportFileName(format, new Date(now))).toBe(want);
  });

  it('holds core’s export of the records read through the API, in the order asked, with progress to the last', async () => {
    const record = (id: string) => ({ id, name: `run ${id}`, training: { optimizer: { type: 'adam' } }, history: [], test: null }) as unknown as RunRecord;
    // A fake engine whose answers come when told: the later run's first, so the file's order is not the answers' order.
    const pending = new Map<string, () => void>();
    const api = { getRun: (id: string) => new Promise<RunRecord>((resolve) => pending.set(id, () => resolve(record(id)))) };
    const progress: string[] = [];
    const text = exportText(api, ['a', 'b'], 'csv', (done, total) => progress.push(`${done}/${total}`));
    pending.get('b')!();
    await Promise.resolve();
    pending.get('a')!();
    expect(await text).toBe(exportRuns([record('a'), record('b')], 'csv'));
    expect(progress).toEqual(['0/2', '1/2', '2/2']);
  });
});
