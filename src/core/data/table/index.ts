/**
 * Tables (CSV, TSV) as NetCanvas reads them: parsing, column types, statistics, the target and
 * task, splits, and the preprocessing plan that travels with a run. Pure: text in, JSON out.
 */
export { TableError } from './errors';
export { isMissing, looksLikeHeader, MISSING_TOKENS, parseNumber, parseTable, TABLE_DELIMITERS } from './parse';
export type { ParsedTable, ParseOptions, TableDelimiter } from './parse';
export { COLUMN_TYPES, columnStats, inferColumnType, parseBoolean } from './columns';
export type { ColumnStats, ColumnType } from './columns';
export { applyPlan, computePlan, describePlan, encodeTargets, featureNames, featureWidth, MISSING_POLICIES, scaleTarget, unscaleTarget } from './plan';
export type { FeaturePlan, MissingPolicy, TablePlan, TargetPlan } from './plan';
export { formFields, formRow } from './form';
export type { FormField } from './form';
export { IMBALANCE_RATIO, MAX_NUMERIC_CLASSES, prepareTable } from './prepare';
export type { ColumnSummary, PreparedTable, TableInspection, TableOptions, TableWarning, TableWarningKind } from './prepare';
