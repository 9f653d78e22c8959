import Papa from 'papaparse';
import type { RunRecord } from '../api/contract';
import { formatValue, type SettingValue } from './sweepSpec';
import { finalMetrics, type FinalMetrics } from './sweepState';

export { finalMetrics, type FinalMetrics };

/**
 * Every run in one file (issue 13): CSV with a row per run (its settings and final metrics)
 * and JSON with each run's per-epoch curves. Pure: run records in, text out.
 */

export const RUN_EXPORT_FORMATS = ['csv', 'json'] as const;
export type RunExportFormat = (typeof RUN_EXPORT_FORMATS)[number];

export const RUNS_JSON_FORMAT = 'netcanvas-runs';
export const RUNS_JSON_VERSION = 1;

/**
 * The CSV's columns, in order. `SETTINGS` stands where the varied settings go, one column each,
 * named by their path (`dropout_1.rate`), in the order the sweeps varied them.
 */
const BEFORE = ['id', 'name', 'createdAt', 'status', 'sweep', 'trial'] as const;
const AFTER = ['epochs', 'epochsRun', 'batchSize', 'optimizer', 'learningRate', 'params', 'trainSamples', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'testLoss', 'testAccuracy', 'testMacroF1', 'testRocAuc', 'seconds'] as const;
export const RUN_CSV_FIXED_COLUMNS: readonly string[] = [...BEFORE, ...AFTER];

/** A varied setting's column: its path without a `training.` prefix; none where a fixed column already holds it (`batchSize`, `optimizer`, `epochs`). */
function settingColumn(path: string): string | null {
  const bare = path.startsWith('training.') ? path.slice('training.'.length) : path;
  return RUN_CSV_FIXED_COLUMNS.includes(bare) ? null : bare;
}

/** The varied settings' columns over all runs, first seen first. */
export function settingColumns(runs: readonly RunRecord[]): string[] {
  const columns: string[] = [];
  for (const run of runs) {
    for (const [path] of run.sweep?.settings ?? []) {
      const column = settingColumn(path);
      if (column !== null && !columns.includes(column)) columns.push(column);
    }
  }
  return columns;
}

const cell = (x: number | string | null | undefined): string => (x === null || x === undefined ? '' : String(x));

/** The runs as CSV (RFC 4180, quoted by papaparse where a cell needs it): a header row, then a row per run. */
export function runsToCsv(runs: readonly RunRecord[]): string {
  const settings = settingColumns(runs);
  const fields = [...BEFORE, ...settings, ...AFTER];
  const rows = runs.map((run) => {
    // A Map, not an object: the paths come from files.
    const varied = new Map<string, SettingValue>();
    for (const [path, value] of run.sweep?.settings ?? []) {
      const column = settingColumn(path);
      if (column !== null) varied.set(column, value as SettingValue);
    }
    const m = finalMetrics(run);
    return [
      run.id,
      run.name,
      run.createdAt,
      run.status,
      cell(run.sweep?.id),
      cell(run.sweep?.trial),
      ...settings.map((s) => (varied.has(s) ? formatValue(varied.get(s)!) : '')),
      cell(run.training.epochs),
      cell(run.history.length),
      cell(run.training.batchSize),
      run.training.optimizer.type,
      cell(run.training.optimizer.learningRate),
      cell(run.totalParams),
      cell(run.trainSamples),
      cell(m.loss),
      cell(m.accuracy),
      cell(m.valLoss),
      cell(m.valAccuracy),
      cell(m.testLoss),
      cell(m.testAccuracy),
      cell(run.test?.classification?.macroF1),
      cell(run.test?.classification?.rocAuc),
      cell(run.seconds),
    ];
  });
  return `${Papa.unparse({ fields, data: rows }, { newline: '\n', quotes: false })}\n`;
}

/** The runs as one JSON document: each run's settings, final metrics and per-epoch curves. */
export function runsToJson(runs: readonly RunRecord[]): string {
  return `${JSON.stringify(
    {
      format: RUNS_JSON_FORMAT,
      version: RUNS_JSON_VERSION,
      runs: runs.map((run) => ({
        id: run.id,
        name: run.name,
        ...(run.notes !== undefined ? { notes: run.notes } : {}),
        createdAt: run.createdAt,
        status: run.status,
        sweep: run.sweep ? { id: run.sweep.id, trial: run.sweep.trial, settings: Object.fromEntries(run.sweep.settings) } : null,
        graph: run.document.name,
        backend: run.backend,
        device: run.device,
        training: run.training,
        totalParams: run.totalParams,
        trainSamples: run.trainSamples,
        seconds: run.seconds,
        final: finalMetrics(run),
        test: run.test ? { testLoss: run.test.testLoss, testAccuracy: run.test.testAccuracy, samples: run.test.samples, perClassAccuracy: run.test.perClassAccuracy, ...(run.test.classification ? { classification: run.test.classification } : {}) } : null,
        history: run.history,
      })),
    },
    null,
    2,
  )}\n`;
}

export function exportRuns(runs: readonly RunRecord[], format: RunExportFormat): string {
  return format === 'csv' ? runsToCsv(runs) : runsToJson(runs);
}
