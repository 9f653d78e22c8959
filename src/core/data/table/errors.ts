/**
 * A table that cannot be used as it is. `where` names the file and, when it is known, the row
 * (counted from 1, the header row included, as a spreadsheet shows it) and the column, so a
 * message always says where to look: `iris.csv, row 12, column 'sepal_length': 'abc' is not a number`.
 */
export class TableError extends Error {
  constructor(
    readonly file: string,
    /** What is wrong, without the file name. */
    readonly problem: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(`${[file, row !== undefined ? `row ${row}` : null, column !== undefined ? `column '${column}'` : null].filter(Boolean).join(', ')}: ${problem}`);
    this.name = 'TableError';
  }
}
