import { rankTrials, type SweepState, type SweepTrial, type TrialResult } from '../../../core/experiments/sweepState';

/** A column of the trials table: a trial's number, one of its varied settings, or a result. */
export type TrialColumn = { readonly kind: 'trial' } | { readonly kind: 'setting'; readonly path: string } | { readonly kind: 'result'; readonly key: keyof Omit<TrialResult, 'runId'> };

export type SortDirection = 'ascending' | 'descending';

/** A cell's sort key: a number or text, or null for a trial without the value (those sort last either way). */
export function cellValue(trial: SweepTrial, column: TrialColumn): number | string | null {
  if (column.kind === 'trial') return trial.trial;
  if (column.kind === 'setting') {
    const found = trial.settings.find(([path]) => path === column.path);
    if (!found) return null;
    const v = found[1];
    return typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v);
  }
  return trial.result?.[column.key] ?? null;
}

/** The trials sorted by a column, ties by trial number; trials without the value last in both directions. */
export function sortTrials(trials: readonly SweepTrial[], column: TrialColumn, direction: SortDirection): SweepTrial[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...trials].sort((a, b) => {
    const x = cellValue(a, column);
    const y = cellValue(b, column);
    if (x === null || y === null) return x === y ? a.trial - b.trial : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sign * order || a.trial - b.trial;
  });
}

/** The trial marked best: the first of the sweep's ranking (sweepState's rankTrials), or none before one is done. */
export function bestTrial(state: SweepState): number | null {
  return rankTrials(state)[0]?.trial ?? null;
}
