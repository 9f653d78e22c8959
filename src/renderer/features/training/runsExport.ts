import type { NetCanvasApi } from '../../../core/api/contract';
import { exportRuns, type RunExportFormat } from '../../../core/experiments/runExport';

/** The media type of each export format, as the download or save dialog is told. */
export const RUN_EXPORT_MIME: Readonly<Record<RunExportFormat, string>> = { csv: 'text/csv', json: 'application/json' };

/**
 * The runs an export holds: the ticked ones when some are, else every run; oldest first, as
 * `netcanvas runs export` writes them (`runs` in the list's order, newest first).
 */
export function runsToExport<R extends { readonly id: string }>(runs: readonly R[], ticked: readonly string[]): R[] {
  const some = runs.filter((run) => ticked.includes(run.id));
  return (some.length > 0 ? some : [...runs]).reverse();
}

/** An export button's label, saying which runs it holds: `Export CSV (all 12)`, `Export JSON (2 ticked)`. */
export function exportLabel(format: RunExportFormat, count: number, ticked: boolean): string {
  return `Export ${format.toUpperCase()} (${ticked ? `${count} ticked` : count === 1 ? 'the run' : `all ${count}`})`;
}

/** The file's name: `netcanvas-runs-2026-12-04.csv`, the day in UTC as the runs' times are written. */
export function exportFileName(format: RunExportFormat, now: Date): string {
  return `netcanvas-runs-${now.toISOString().slice(0, 10)}.${format}`;
}

/**
 * The runs' whole records, read through the API as they are now (the list holds summaries; the
 * JSON needs each epoch's metrics, and a run renamed since it was last read has its new name);
 * `onProgress` hears how many of them are in hand. Then the file's text, as
 * `netcanvas runs export` writes it.
 */
export async function exportText(
  api: Pick<NetCanvasApi, 'getRun'>,
  ids: readonly string[],
  format: RunExportFormat,
  onProgress: (done: number, total: number) => void,
): Promise<string> {
  let done = 0;
  onProgress(done, ids.length);
  const records = await Promise.all(
    ids.map(async (id) => {
      const record = await api.getRun(id);
      onProgress(++done, ids.length);
      return record;
    }),
  );
  return exportRuns(records, format);
}
