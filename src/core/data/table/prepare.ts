import type { DatasetDescription, Task } from '../description';
import { DEFAULT_SPLIT, DEFAULT_SPLIT_SEED, splitIndices, type SplitFractions, type SplitIndices } from '../split';
import { checkColumnType, columnStats, inferColumnType, valueKey, type ColumnStats, type ColumnType } from './columns';
import { TableError } from './errors';
import { isMissing, parseNumber, type ParsedTable } from './parse';
import { byCodePoint, computePlan, describePlan, featureWidth, type MissingPolicy, type TablePlan } from './plan';

/** The choices a person makes about a table; every one has a default. */
export interface TableOptions {
  /** The target column's name; the last column by default. */
  readonly target?: string;
  /** Column types chosen over the inferred ones, by column name. */
  readonly types?: ReadonlyMap<string, ColumnType>;
  /** The task chosen over the inferred one. */
  readonly task?: Task;
  /** `fill` (the default) or `drop`; see `TablePlan`. */
  readonly missing?: MissingPolicy;
  readonly split?: SplitFractions;
  readonly seed?: number;
  /** The description's id and label; the file name by default. */
  readonly id?: string;
  readonly label?: string;
}

/** A target cell value with at most this many distinct whole numbers is a class label; more, or any fraction, make a regression target. */
export const MAX_NUMERIC_CLASSES = 20;
/** The largest class this many times the smallest is worth a warning. */
export const IMBALANCE_RATIO = 3;

export type TableWarningKind =
  | 'class-imbalance'
  | 'small-class'
  | 'constant-column'
  | 'id-like-column'
  | 'duplicate-rows'
  | 'missing-values'
  | 'dropped-rows'
  | 'train-test-overlap';

export interface TableWarning {
  readonly kind: TableWarningKind;
  readonly message: string;
  readonly column?: string;
}

export interface ColumnSummary extends ColumnStats {
  readonly name: string;
  readonly type: ColumnType;
  /** What the cells suggested; differs from `type` when the type was chosen. */
  readonly inferredType: ColumnType;
  readonly role: 'feature' | 'target';
}

/** What NetCanvas sees in a table: plain JSON, shown by `netcanvas data` and the Data view. */
export interface TableInspection {
  readonly file: string;
  readonly delimiter: string;
  readonly hasHeader: boolean;
  /** Rows of values in the file, and how many of them are used. */
  readonly rows: number;
  readonly usedRows: number;
  readonly droppedRows: { readonly missingTarget: number; readonly missingFeatures: number };
  readonly missingPolicy: MissingPolicy;
  /** Statistics over every row of the file. */
  readonly columns: readonly ColumnSummary[];
  readonly target: {
    readonly column: string;
    readonly task: Task;
    readonly inferredTask: Task;
    /** Classes in label order with their counts over the used rows; empty for regression. */
    readonly classes: readonly { readonly name: string; readonly count: number }[];
  };
  readonly split: { readonly seed: number; readonly fractions: SplitFractions; readonly train: number; readonly validation: number; readonly test: number };
  readonly description: DatasetDescription;
  readonly warnings: readonly TableWarning[];
}

/** A table ready to train on: the rows used (in file order), their split, and the plan for them. */
export interface PreparedTable {
  readonly inspection: TableInspection;
  readonly rows: readonly (readonly string[])[];
  /** The file row of each used row. */
  readonly fileRows: readonly number[];
  readonly split: SplitIndices;
  readonly plan: TablePlan;
}

/**
 * Decides a parsed table's column types, target and task, applies the missing-value policy,
 * splits the rows (stratified for classes, seeded) and computes the preprocessing plan from
 * the training split. Refuses, naming the file, row and column, what cannot be used as asked.
 */
export function prepareTable(table: ParsedTable, options: TableOptions = {}): PreparedTable {
  const { file, columns } = table;
  if (columns.length < 2) throw new TableError(file, `has ${columns.length} column${columns.length === 1 ? '' : 's'} ('${columns.join("', '")}'); a table needs at least one input column and a target column`);
  for (const name of options.types?.keys() ?? []) {
    if (!columns.includes(name)) throw new TableError(file, `has no column '${name}' to set the type of; its columns are ${list(columns)}`);
  }
  const inferredTypes = columns.map((name, c) => (options.types?.get(name) === 'category' ? safeInfer(table, c) : inferColumnType(table, c)));
  const types = columns.map((name, c) => options.types?.get(name) ?? inferredTypes[c]);
  types.forEach((type, c) => checkColumnType(table, c, type));

  const targetName = options.target ?? columns[columns.length - 1];
  const targetIndex = columns.indexOf(targetName);
  if (targetIndex < 0) throw new TableError(file, `has no column '${targetName}' to predict; its columns are ${list(columns)}`);

  // Rows without a target cannot train; rows with a missing feature go when the policy drops them.
  const missing = options.missing ?? 'fill';
  let missingTarget = 0;
  let missingFeatures = 0;
  const rows: (readonly string[])[] = [];
  const fileRows: number[] = [];
  table.rows.forEach((row, i) => {
    if (isMissing(row[targetIndex])) missingTarget++;
    else if (missing === 'drop' && row.some((cell, c) => c !== targetIndex && isMissing(cell))) missingFeatures++;
    else {
      rows.push(row);
      fileRows.push(table.fileRows[i]);
    }
  });
  if (rows.length === 0) {
    throw new TableError(file, missingTarget === table.rows.length ? `the target column '${targetName}' has no values` : `no row is left once rows with missing cells are dropped (${missingFeatures} rows); fill missing cells instead`, undefined, missingTarget === table.rows.length ? targetName : undefined);
  }

  const targetType = types[targetIndex];
  const targetValues = rows.map((r) => valueKey(r[targetIndex], targetType));
  const distinctTargets = [...new Set(targetValues)];
  const wholeNumbers = targetType === 'number' && rows.every((r) => Number.isInteger(parseNumber(r[targetIndex])));
  const inferredTask: Task =
    targetType === 'number' && (!wholeNumbers || distinctTargets.length > MAX_NUMERIC_CLASSES) ? 'regression' : distinctTargets.length === 2 ? 'binary' : 'multiclass';
  const task = options.task ?? inferredTask;
  const classNames = task === 'regression' ? [] : distinctTargets.sort(targetType === 'number' ? (a, b) => Number(a) - Number(b) : byCodePoint);
  checkTask(file, targetName, targetType, task, classNames, rows.length);

  const labelIndex = new Map(classNames.map((name, k) => [name, k]));
  const labels = task === 'regression' ? undefined : targetValues.map((v) => labelIndex.get(v)!);
  const fractions = options.split ?? DEFAULT_SPLIT;
  const seed = options.seed ?? DEFAULT_SPLIT_SEED;
  const split = splitIndices(rows.length, fractions, seed, labels);
  const plan = computePlan(columns, types, split.train.map((i) => rows[i]), { index: targetIndex, task, classNames }, missing);

  const summaries: ColumnSummary[] = columns.map((name, c) => ({
    name,
    type: types[c],
    inferredType: inferredTypes[c],
    role: c === targetIndex ? 'target' : 'feature',
    ...columnStats(table.rows, c, types[c]),
  }));
  const classes = classNames.map((name, k) => ({ name, count: labels!.filter((l) => l === k).length }));
  const description = describePlan(plan, options.id ?? file, options.label ?? file);
  const warnings = tableWarnings({ summaries, classes, rows, split, plan, missingTarget, missingFeatures, missing, targetIndex });
  const inspection: TableInspection = {
    file,
    delimiter: table.delimiter,
    hasHeader: table.hasHeader,
    rows: table.rows.length,
    usedRows: rows.length,
    droppedRows: { missingTarget, missingFeatures },
    missingPolicy: missing,
    columns: summaries,
    target: { column: targetName, task, inferredTask, classes },
    split: { seed, fractions, train: split.train.length, validation: split.validation.length, test: split.test.length },
    description,
    warnings,
  };
  if (featureWidth(plan) === 0) throw new TableError(file, 'no input column holds a value in the training split');
  return { inspection, rows, fileRows, split, plan };
}

/** The inferred type of a column set to category: a stray word among numbers is no error then. */
function safeInfer(table: ParsedTable, column: number): ColumnType {
  try {
    return inferColumnType(table, column);
  } catch {
    return 'number';
  }
}

function list(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}

function checkTask(file: string, target: string, type: ColumnType, task: Task, classNames: readonly string[], rows: number): void {
  if (task === 'regression') {
    if (type !== 'number') throw new TableError(file, `the target holds ${type === 'boolean' ? 'true/false values' : 'text'}, so it cannot be a regression target; choose classification`, undefined, target);
    return;
  }
  if (classNames.length < 2) {
    throw new TableError(file, `the target has one class ('${classNames[0]}') in all ${rows} rows; a classifier needs at least two classes. Choose another target column`, undefined, target);
  }
  if (task === 'binary' && classNames.length !== 2) {
    throw new TableError(file, `the target has ${classNames.length} classes, so it cannot be a binary target; choose multiclass`, undefined, target);
  }
}

interface WarningFacts {
  summaries: readonly ColumnSummary[];
  classes: readonly { name: string; count: number }[];
  rows: readonly (readonly string[])[];
  split: SplitIndices;
  plan: TablePlan;
  missingTarget: number;
  missingFeatures: number;
  missing: MissingPolicy;
  targetIndex: number;
}

function tableWarnings(facts: WarningFacts): TableWarning[] {
  const warnings: TableWarning[] = [];
  const { summaries, classes, rows, split, plan } = facts;
  if (classes.length >= 2) {
    const sorted = [...classes].sort((a, b) => a.count - b.count);
    const small = sorted[0];
    const large = sorted[sorted.length - 1];
    if (large.count >= IMBALANCE_RATIO * small.count) {
      warnings.push({ kind: 'class-imbalance', message: `class imbalance: '${large.name}' has ${large.count} rows, '${small.name}' ${small.count} (${(large.count / small.count).toFixed(1)}×); accuracy alone will flatter the model` });
    }
    for (const c of classes) {
      if (c.count < 3) warnings.push({ kind: 'small-class', message: `class '${c.name}' has only ${c.count} row${c.count === 1 ? '' : 's'}; it can hardly appear in validation and test` });
    }
  }
  for (const s of summaries) {
    if (s.role === 'target') continue;
    const present = s.count - s.missing;
    if (s.distinct <= 1) {
      warnings.push({ kind: 'constant-column', column: s.name, message: `column '${s.name}' ${s.distinct === 0 ? 'has no values' : `holds one value ('${s.top[0].value}')`}; it tells the model nothing` });
    } else if (present > 10 && s.distinct === present && (s.type === 'category' || (s.min !== null && s.max !== null && s.max - s.min + 1 === present && Number.isInteger(s.min) && Number.isInteger(s.max)))) {
      warnings.push({ kind: 'id-like-column', column: s.name, message: `column '${s.name}' looks like an ID (a different value in every row${s.type === 'number' ? `, ${s.min} to ${s.max}` : ''}); a model learns nothing general from it` });
    }
    if (s.missing > 0) {
      const feature = plan.features.find((f) => f.column === s.name);
      const how =
        facts.missing === 'drop'
          ? 'their rows are dropped'
          : feature?.type === 'number'
            ? `filled with the training split's mean, ${round(feature.fill)}`
            : `filled with the training split's most frequent value, '${String(feature?.fill)}'`;
      warnings.push({ kind: 'missing-values', column: s.name, message: `column '${s.name}' has ${s.missing} missing cell${s.missing === 1 ? '' : 's'}; ${how}` });
    }
  }
  if (facts.missingTarget > 0) warnings.push({ kind: 'dropped-rows', message: `${facts.missingTarget} row${facts.missingTarget === 1 ? '' : 's'} without a target value ${facts.missingTarget === 1 ? 'is' : 'are'} left out` });
  if (facts.missingFeatures > 0) warnings.push({ kind: 'dropped-rows', message: `${facts.missingFeatures} row${facts.missingFeatures === 1 ? '' : 's'} with missing cells ${facts.missingFeatures === 1 ? 'is' : 'are'} dropped (missing-value policy: drop)` });

  const rowKey = (r: readonly string[]) => JSON.stringify(r.map((cell, c) => valueKey(cell, summaries[c].type)));
  const seen = new Set<string>();
  let duplicates = 0;
  for (const r of rows) {
    const key = rowKey(r);
    if (seen.has(key)) duplicates++;
    else seen.add(key);
  }
  if (duplicates > 0) warnings.push({ kind: 'duplicate-rows', message: `${duplicates} row${duplicates === 1 ? ' repeats' : 's repeat'} an earlier row exactly` });

  const inputKey = (r: readonly string[]) => JSON.stringify(r.filter((_, c) => c !== facts.targetIndex).map((cell, c) => valueKey(cell, summaries[c >= facts.targetIndex ? c + 1 : c].type)));
  const trainInputs = new Set(split.train.map((i) => inputKey(rows[i])));
  const overlap = [...split.validation, ...split.test].filter((i) => trainInputs.has(inputKey(rows[i]))).length;
  if (overlap > 0) {
    warnings.push({ kind: 'train-test-overlap', message: `${overlap} validation or test row${overlap === 1 ? ' has' : 's have'} the same inputs as a training row; the scores on them flatter the model` });
  }
  return warnings;
}

function round(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
