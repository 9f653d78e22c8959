import Papa from 'papaparse';
import { TableError } from './errors';

/** The delimiters NetCanvas recognises, in the order they are tried. */
export const TABLE_DELIMITERS = [',', ';', '\t'] as const;
export type TableDelimiter = (typeof TABLE_DELIMITERS)[number];

/** A table as text: its column names and its rows of cells, every row as long as the header. */
export interface ParsedTable {
  readonly file: string;
  readonly delimiter: TableDelimiter;
  /** Whether the first row held the column names (otherwise they are `column_1`, `column_2`, …). */
  readonly hasHeader: boolean;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The file row (from 1, the header included) of each entry of `rows`, for messages. */
  readonly fileRows: readonly number[];
}

export interface ParseOptions {
  /** `auto` (the default) decides from the first row; see `looksLikeHeader`. */
  readonly header?: boolean | 'auto';
  /** Forces a delimiter instead of detecting one. */
  readonly delimiter?: TableDelimiter;
}

/** Cells that mean "no value": counted as missing, never read as text or numbers. */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?']);

export function isMissing(cell: string): boolean {
  return MISSING_TOKENS.has(cell.trim());
}

/** A cell as a number when the whole of it is one (`1e3`, `-0.5`, ` 7 `), else null. */
export function parseNumber(cell: string): number | null {
  const text = cell.trim();
  if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Parses CSV or TSV text with papaparse: the delimiter (comma, semicolon or tab) is detected,
 * quoted fields may hold delimiters, quotes and line breaks, lines end in LF or CRLF, and a
 * UTF-8 byte-order mark is dropped. Blank lines are skipped. Refuses, naming the row, a table
 * with no rows, a header and nothing else, or a row whose cell count differs from the first row's.
 */
export function parseTable(text: string, file: string, options: ParseOptions = {}): ParsedTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new TableError(file, 'the file is empty; expected a header row and rows of values');
  const result = Papa.parse<string[]>(body, {
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    delimiter: options.delimiter ?? '',
    delimitersToGuess: [...TABLE_DELIMITERS],
  });
  const quoteError = result.errors.find((e) => e.type === 'Quotes');
  if (quoteError) throw new TableError(file, `${quoteError.message.toLowerCase()} (a quoted field is not closed)`, (quoteError.row ?? 0) + 1);
  const delimiter = (TABLE_DELIMITERS as readonly string[]).includes(result.meta.delimiter) ? (result.meta.delimiter as TableDelimiter) : ',';

  const records: string[][] = [];
  const fileRows: number[] = [];
  result.data.forEach((cells, i) => {
    if (cells.length === 1 && cells[0].trim() === '') return; // a blank line
    records.push(cells);
    fileRows.push(i + 1);
  });
  if (records.length === 0) throw new TableError(file, 'the file is empty; expected a header row and rows of values');

  const width = records[0].length;
  records.forEach((cells, i) => {
    if (cells.length !== width) {
      throw new TableError(file, `has ${cells.length} cell${cells.length === 1 ? '' : 's'} but row ${fileRows[0]} has ${width}; every row needs the same number (delimiter '${printable(delimiter)}')`, fileRows[i]);
    }
  });

  const hasHeader = options.header === undefined || options.header === 'auto' ? looksLikeHeader(records) : options.header;
  const columns = hasHeader ? records[0].map((name) => name.trim()) : records[0].map((_, i) => `column_${i + 1}`);
  if (hasHeader) checkColumnNames(columns, file, fileRows[0]);
  const rows = hasHeader ? records.slice(1) : records;
  if (rows.length === 0) throw new TableError(file, 'has a header row but no rows of values');
  return { file, delimiter, hasHeader, columns, rows, fileRows: hasHeader ? fileRows.slice(1) : fileRows };
}

function printable(delimiter: string): string {
  return delimiter === '\t' ? '\\t' : delimiter;
}

function checkColumnNames(columns: readonly string[], file: string, row: number): void {
  const seen = new Set<string>();
  columns.forEach((name, i) => {
    if (name === '') throw new TableError(file, `column ${i + 1} of the header row has no name`, row);
    if (seen.has(name)) throw new TableError(file, `the header row names column '${name}' twice`, row);
    seen.add(name);
  });
}

/**
 * Whether the first record holds column names rather than values: it does when some column
 * has a first cell that is not a number while the cells below it are all numbers or missing,
 * or, in a table with no numbers at all, when no first cell appears again in its column.
 */
export function looksLikeHeader(records: readonly (readonly string[])[]): boolean {
  if (records.length < 2) return true;
  const [first, ...rest] = records;
  const columnIsNumeric = (c: number) => rest.some((r) => !isMissing(r[c])) && rest.every((r) => isMissing(r[c]) || parseNumber(r[c]) !== null);
  let sawNumericColumn = false;
  for (let c = 0; c < first.length; c++) {
    if (!columnIsNumeric(c)) continue;
    sawNumericColumn = true;
    if (parseNumber(first[c]) === null && !isMissing(first[c])) return true;
  }
  if (sawNumericColumn) return false;
  return first.every((cell, c) => cell.trim() !== '' && !rest.some((r) => r[c] === cell));
}
