import type { DatasetDescription, Task } from '../description';
import { columnStats, parseBoolean, valueKey, type ColumnType } from './columns';
import { TableError } from './errors';
import { isMissing, parseNumber } from './parse';

/** What is done with a row that has a missing feature cell. */
export type MissingPolicy = 'fill' | 'drop';
export const MISSING_POLICIES: readonly MissingPolicy[] = ['fill', 'drop'];

/** One input column and how its cells become model inputs, with statistics of the training split. */
export type FeaturePlan =
  /** `median`: the training split's, where the Try it form starts (absent in plans saved before it was recorded). */
  | { readonly column: string; readonly index: number; readonly type: 'number'; readonly mean: number; readonly std: number; readonly fill: number; readonly median?: number }
  | { readonly column: string; readonly index: number; readonly type: 'category'; readonly categories: readonly string[]; readonly fill: string }
  | { readonly column: string; readonly index: number; readonly type: 'boolean'; readonly fill: boolean };

export type TargetPlan =
  | { readonly column: string; readonly index: number; readonly task: 'multiclass' | 'binary'; readonly classNames: readonly string[]; readonly type: ColumnType }
  /** A regression target is trained scaled, `(y − mean) / std`, and reported in its own units. */
  | { readonly column: string; readonly index: number; readonly task: 'regression'; readonly mean: number; readonly std: number };

/**
 * How a table's rows become model inputs and targets: plain JSON, computed from the training
 * split alone, saved with each run and applied again at prediction and export time. Numbers are
 * standardised `(x − mean) / std` (population std; a constant column gives 0), categories
 * one-hot over the categories seen in training (an unseen one gives all zeros), booleans 1 or 0.
 * A missing cell takes the training split's mean or most frequent value under the `fill`
 * policy; under `drop` such rows were left out before splitting, and `applyPlan` refuses one.
 */
export interface TablePlan {
  readonly format: 'netcanvas-table-plan';
  readonly version: 1;
  /** Every column of the table, in its order: rows given to `applyPlan` have these cells. */
  readonly columns: readonly string[];
  readonly features: readonly FeaturePlan[];
  readonly target: TargetPlan;
  readonly missing: MissingPolicy;
}

/** Builds the plan from the training rows only. */
export function computePlan(
  columns: readonly string[],
  types: readonly ColumnType[],
  trainRows: readonly (readonly string[])[],
  target: { index: number; task: Task; classNames: readonly string[] },
  missing: MissingPolicy,
): TablePlan {
  const features: FeaturePlan[] = [];
  columns.forEach((column, index) => {
    if (index === target.index) return;
    const type = types[index];
    const stats = columnStats(trainRows, index, type);
    const mostFrequent = stats.top[0]?.value;
    if (type === 'number') {
      const mean = stats.mean ?? 0;
      features.push({ column, index, type, mean, std: stats.std ?? 0, fill: mean, median: stats.median ?? mean });
    } else if (type === 'boolean') {
      features.push({ column, index, type, fill: mostFrequent === 'true' });
    } else {
      const categories = [...new Set(trainRows.filter((r) => !isMissing(r[index])).map((r) => r[index].trim()))].sort(byCodePoint);
      features.push({ column, index, type, categories, fill: mostFrequent ?? '' });
    }
  });
  let targetPlan: TargetPlan;
  if (target.task === 'regression') {
    const stats = columnStats(trainRows, target.index, 'number');
    targetPlan = { column: columns[target.index], index: target.index, task: 'regression', mean: stats.mean ?? 0, std: stats.std ?? 0 };
  } else {
    targetPlan = { column: columns[target.index], index: target.index, task: target.task, classNames: target.classNames, type: types[target.index] };
  }
  return { format: 'netcanvas-table-plan', version: 1, columns, features, target: targetPlan, missing };
}

export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many model inputs one row gives. */
export function featureWidth(plan: TablePlan): number {
  return plan.features.reduce((n, f) => n + (f.type === 'category' ? f.categories.length : 1), 0);
}

/** The name of each model input, in order: a number or boolean column's name, `column=value` for each category. */
export function featureNames(plan: TablePlan): string[] {
  return plan.features.flatMap((f) => (f.type === 'category' ? f.categories.map((c) => `${f.column}=${c}`) : [f.column]));
}

/** Where a row came from, for messages: the file and each row's number in it. */
export interface RowSource {
  readonly file: string;
  readonly fileRows?: readonly number[];
}

/**
 * The model inputs for rows whose cells follow `plan.columns` (the target's cell is not read):
 * `rows.length × featureWidth(plan)` values, row after row.
 */
export function applyPlan(plan: TablePlan, rows: readonly (readonly string[])[], source: RowSource = { file: 'input' }): Float32Array {
  const width = featureWidth(plan);
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    const where = () => source.fileRows?.[r] ?? r + 1;
    let at = r * width;
    for (const f of plan.features) {
      const raw = row[f.index];
      const missing = raw === undefined || isMissing(raw);
      if (missing && plan.missing === 'drop') throw new TableError(source.file, 'the cell is missing and this table drops rows with missing cells', where(), f.column);
      if (f.type === 'number') {
        const x = missing ? f.fill : parseNumber(raw);
        if (x === null) throw new TableError(source.file, `'${raw}' is not a number`, where(), f.column);
        out[at++] = f.std > 0 ? (x - f.mean) / f.std : 0;
      } else if (f.type === 'boolean') {
        const b = missing ? f.fill : parseBoolean(raw);
        if (b === null) throw new TableError(source.file, `'${raw}' is not true/false or yes/no`, where(), f.column);
        out[at++] = b ? 1 : 0;
      } else {
        const value = missing ? f.fill : raw.trim();
        const k = f.categories.indexOf(value);
        if (k >= 0) out[at + k] = 1;
        at += f.categories.length;
      }
    }
  });
  return out;
}

/**
 * The training targets: a class index per row for classes, the scaled value for regression.
 * Refuses a missing target and a class the plan does not know, naming the row.
 */
export function encodeTargets(plan: TablePlan, rows: readonly (readonly string[])[], source: RowSource = { file: 'input' }): Float32Array {
  const t = plan.target;
  const out = new Float32Array(rows.length);
  rows.forEach((row, r) => {
    const raw = row[t.index];
    const where = source.fileRows?.[r] ?? r + 1;
    if (raw === undefined || isMissing(raw)) throw new TableError(source.file, 'the target is missing', where, t.column);
    if (t.task === 'regression') {
      const y = parseNumber(raw);
      if (y === null) throw new TableError(source.file, `'${raw}' is not a number`, where, t.column);
      out[r] = scaleTarget(plan, y);
    } else {
      const k = t.classNames.indexOf(valueKey(raw, t.type));
      if (k < 0) throw new TableError(source.file, `'${raw}' is not one of the classes ${t.classNames.join(', ')}`, where, t.column);
      out[r] = k;
    }
  });
  return out;
}

function regressionTarget(plan: TablePlan): { mean: number; std: number } {
  if (plan.target.task !== 'regression') throw new Error(`the target '${plan.target.column}' is a ${plan.target.task} target, not a regression one`);
  return plan.target;
}

/** A regression target in training units. */
export function scaleTarget(plan: TablePlan, y: number): number {
  const { mean, std } = regressionTarget(plan);
  return std > 0 ? (y - mean) / std : y - mean;
}

/** A model's regression output back in the target's own units (the inverse of `scaleTarget`). */
export function unscaleTarget(plan: TablePlan, scaled: number): number {
  const { mean, std } = regressionTarget(plan);
  return (std > 0 ? scaled * std : scaled) + mean;
}

/** The dataset's facts for validation, messages and the starter network. */
export function describePlan(plan: TablePlan, id: string, label: string): DatasetDescription {
  const t = plan.target;
  return { id, label, kind: 'table', inputShape: [featureWidth(plan)], task: t.task, classNames: t.task === 'regression' ? [] : [...t.classNames] };
}
