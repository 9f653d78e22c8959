import { useState } from 'react';
import { bookRow, bookTable } from '../../../core/experiments/book';
import { formatValue } from '../../../core/experiments/sweepSpec';
import type { SweepState, SweepTrial } from '../../../core/experiments/sweepState';
import { formatCount } from '../../../core/summary/summary';
import { formatDuration, formatPercent } from '../training/jobState';
import { bestTrial, sortTrials, type SortDirection, type TrialColumn } from './trialTable';

interface Column {
  readonly id: string;
  readonly label: string;
  readonly column: TrialColumn;
  readonly numeric: boolean;
  show(trial: SweepTrial): string;
}

const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : formatPercent(x));

const RESULTS: readonly Column[] = [
  { id: 'valAccuracy', label: 'Val acc.', column: { kind: 'result', key: 'valAccuracy' }, numeric: true, show: (t) => percent(t.result?.valAccuracy) },
  { id: 'testAccuracy', label: 'Test acc.', column: { kind: 'result', key: 'testAccuracy' }, numeric: true, show: (t) => percent(t.result?.testAccuracy) },
  { id: 'accuracy', label: 'Train acc.', column: { kind: 'result', key: 'accuracy' }, numeric: true, show: (t) => percent(t.result?.accuracy) },
  { id: 'valLoss', label: 'Val loss', column: { kind: 'result', key: 'valLoss' }, numeric: true, show: (t) => t.result?.valLoss?.toFixed(4) ?? '—' },
  { id: 'totalParams', label: 'Params', column: { kind: 'result', key: 'totalParams' }, numeric: true, show: (t) => (t.result ? formatCount(t.result.totalParams) : '—') },
  { id: 'seconds', label: 'Time', column: { kind: 'result', key: 'seconds' }, numeric: true, show: (t) => (t.result ? formatDuration(t.result.seconds) : '—') },
];

/** The trials as a table: number, varied settings, status, metrics; a click on a heading sorts by it (again: the other way). */
export function TrialsTable({
  sweep,
  selected,
  compared,
  onSelect,
  onCompare,
  onOpen,
}: {
  sweep: SweepState;
  selected: number | null;
  compared: readonly number[];
  onSelect(trial: number): void;
  onCompare(trial: number): void;
  onOpen(trial: SweepTrial): void;
}) {
  const [sort, setSort] = useState<{ id: string; direction: SortDirection }>({ id: 'trial', direction: 'ascending' });
  const paths: string[] = [];
  for (const t of sweep.trials) for (const [p] of t.settings) if (!paths.includes(p)) paths.push(p);
  const table = sweep.book ? bookTable(sweep.book) : undefined;
  const columns: Column[] = [
    { id: 'trial', label: '#', column: { kind: 'trial' }, numeric: true, show: (t) => String(t.trial) },
    ...paths.map((path): Column => ({
      id: `setting:${path}`,
      label: path,
      column: { kind: 'setting', path },
      numeric: false,
      show: (t) => {
        const found = t.settings.find(([p]) => p === path);
        return found ? formatValue(found[1]) : '—';
      },
    })),
    ...RESULTS,
  ];
  const active = columns.find((c) => c.id === sort.id) ?? columns[0];
  const rows = sortTrials(sweep.trials, active.column, sort.direction);
  const best = bestTrial(sweep);
  const heading = (c: Column) => (
    <th
      key={c.id}
      className={c.numeric ? 'num' : undefined}
      aria-sort={c.id === sort.id ? sort.direction : 'none'}
      data-testid={`sort-${c.id}`}
      onClick={() => setSort(c.id === sort.id ? { id: c.id, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' } : { id: c.id, direction: c.numeric && c.id !== 'trial' ? 'descending' : 'ascending' })}
    >
      <button type="button" className="trials__sort">
        {c.label}
        {c.id === sort.id ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  return (
    <div className="trials">
      <table data-testid="trials">
        <thead>
          <tr>
            <th title="Pick two to see what changed">Diff</th>
            {columns.slice(0, 1 + paths.length).map(heading)}
            <th>Status</th>
            {table && <th className="num">Book train / test</th>}
            {columns.slice(1 + paths.length).map(heading)}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => {
            const row = table ? bookRow(table, t.settings) : undefined;
            return (
              <tr
                key={t.trial}
                data-testid={`trial-${t.trial}`}
                data-status={t.status}
                className={[t.trial === selected ? 'selected' : '', t.trial === best ? 'trials__best' : ''].join(' ').trim() || undefined}
                onClick={() => onSelect(t.trial)}
              >
                <td>
                  <input type="checkbox" aria-label={`Compare trial ${t.trial}`} checked={compared.includes(t.trial)} disabled={t.status !== 'done'} onClick={(e) => e.stopPropagation()} onChange={() => onCompare(t.trial)} />
                </td>
                {columns.slice(0, 1 + paths.length).map((c) => (
                  <td key={c.id} className={c.numeric ? 'num' : undefined}>
                    {c.show(t)}
                    {c.id === 'trial' && t.trial === best && <span className="trials__badge" title="The best validation accuracy">best</span>}
                  </td>
                ))}
                <td>
                  <span className={`trials__status trials__status--${t.status}`} data-testid="trial-status" title={t.error}>
                    {t.status}
                  </span>
                </td>
                {table && <td className="num">{row ? `${row.train}% / ${row.test}%` : '—'}</td>}
                {columns.slice(1 + paths.length).map((c) => (
                  <td key={c.id} className="num" data-testid={`cell-${c.id}`}>
                    {c.show(t)}
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className="button button--small"
                    data-testid={`open-trial-${t.trial}`}
                    disabled={!t.result}
                    title="Show its run in the Train view"
                    onClick={(e) => {
                      e.stopPropagation();
                      onOpen(t);
                    }}
                  >
                    Open
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
