import { TableError } from './errors';
import { isMissing, parseNumber, type ParsedTable } from './parse';

/** How a column's cells are read: numbers, text categories, or true/false values. */
export type ColumnType = 'number' | 'category' | 'boolean';
export const COLUMN_TYPES: readonly ColumnType[] = ['number', 'category', 'boolean'];

const TRUE_TOKENS = new Set(['true', 'yes']);
const FALSE_TOKENS = new Set(['false', 'no']);

/** A boolean cell's value, or null when the cell is not one (`true`/`false`, `yes`/`no`, any case). */
export function parseBoolean(cell: string): boolean | null {
  const text = cell.trim().toLowerCase();
  if (TRUE_TOKENS.has(text)) return true;
  if (FALSE_TOKENS.has(text)) return false;
  return null;
}

/** A column with a few text cells among numbers is taken as a mistake in the numbers, not as categories. */
const STRAY_TEXT_SHARE = 0.05;

/**
 * A column's type as its cells suggest: boolean when every value is true/false or yes/no;
 * number when every value is a number; category otherwise. A column whose values are numbers
 * but for a few (at most 5%, at least one) is refused, naming the first such cell, since a
 * stray word in a numeric column is usually a typo or an unmarked missing value.
 */
export function inferColumnType(table: ParsedTable, column: number): ColumnType {
  const values: { cell: string; row: number }[] = [];
  table.rows.forEach((r, i) => {
    if (!isMissing(r[column])) values.push({ cell: r[column], row: table.fileRows[i] });
  });
  if (values.length === 0) return 'number';
  if (values.every((v) => parseBoolean(v.cell) !== null)) return 'boolean';
  const text = values.filter((v) => parseNumber(v.cell) === null);
  if (text.length === 0) return 'number';
  if (text.length <= Math.max(1, Math.floor(values.length * STRAY_TEXT_SHARE)) && values.length - text.length >= 2) {
    throw notANumber(table, column, text[0], values.length - text.length);
  }
  return 'category';
}

function notANumber(table: ParsedTable, column: number, at: { cell: string; row: number }, numbers?: number): TableError {
  const others = numbers !== undefined ? `, though the column's other ${numbers} values are numbers` : ' (the column is set to numbers)';
  return new TableError(table.file, `'${at.cell}' is not a number${others}; write a number, mark the cell missing (empty, NA, NaN or ?), or set the column's type to category`, at.row, table.columns[column]);
}

/** Checks that every value of a column can be read as the type chosen for it, naming the first that cannot. */
export function checkColumnType(table: ParsedTable, column: number, type: ColumnType): void {
  if (type === 'category') return;
  table.rows.forEach((r, i) => {
    const cell = r[column];
    if (isMissing(cell)) return;
    if (type === 'number' && parseNumber(cell) === null) throw notANumber(table, column, { cell, row: table.fileRows[i] });
    if (type === 'boolean' && parseBoolean(cell) === null) {
      throw new TableError(table.file, `'${cell}' is not true/false or yes/no (the column is set to boolean)`, table.fileRows[i], table.columns[column]);
    }
  });
}

/** A cell as the key of its value: numbers and booleans normalised (`1.0` and `1` are one value), text trimmed. */
export function valueKey(cell: string, type: ColumnType): string {
  if (type === 'number') return String(parseNumber(cell));
  if (type === 'boolean') return String(parseBoolean(cell));
  return cell.trim();
}

/** What a column holds, over the rows given. */
export interface ColumnStats {
  readonly count: number;
  readonly missing: number;
  readonly distinct: number;
  /** For numbers; null otherwise or when every cell is missing. */
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** The population standard deviation (divided by the count, as a standardiser uses it). */
  readonly std: number | null;
  /** The middle value (the mean of the two middle ones for an even count); null as `mean`. */
  readonly median: number | null;
  /** The most frequent values with their counts, most frequent first (ties by value), at most `TOP_VALUES`. */
  readonly top: readonly { readonly value: string; readonly count: number }[];
}

export const TOP_VALUES = 10;

export function columnStats(rows: readonly (readonly string[])[], column: number, type: ColumnType): ColumnStats {
  const counts = new Map<string, number>();
  let missing = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  const numbers: number[] = [];
  for (const r of rows) {
    const cell = r[column];
    if (isMissing(cell)) {
      missing++;
      continue;
    }
    const key = valueKey(cell, type);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (type === 'number') {
      const x = parseNumber(cell)!;
      numbers.push(x);
      sum += x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
  }
  const top = [...counts.entries()]
    .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, TOP_VALUES)
    .map(([value, count]) => ({ value, count }));
  let mean: number | null = null;
  let std: number | null = null;
  let median: number | null = null;
  if (type === 'number' && numbers.length > 0) {
    const sorted = Float64Array.from(numbers).sort();
    const mid = sorted.length >> 1;
    median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    mean = sum / numbers.length;
    let squares = 0;
    for (const x of numbers) squares += (x - mean) ** 2;
    std = Math.sqrt(squares / numbers.length);
  }
  const hasNumbers = type === 'number' && numbers.length > 0;
  return { count: rows.length, missing, distinct: counts.size, min: hasNumbers ? min : null, max: hasNumbers ? max : null, mean, std, median, top };
}
