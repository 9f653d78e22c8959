import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formFields, formRow, parseTable, prepareTable } from '../../src/core/data/table';

/**
 * The Try it form of a table model: one field per input column in the file's order, starting
 * at the training statistics; the row it makes is the file's row (target cell aside), whatever
 * column the target is. Oracle: the table file's own header and rows.
 */
const TABLES = '../shared/datasets/tables';

const CASES = [
  { file: 'iris.csv', target: undefined, says: 'target last' },
  { file: 'diabetes.csv', target: 'age', says: 'target first, so features are not in plan order by accident' },
  { file: 'wine.csv', target: undefined, says: 'thirteen numbers' },
];

describe('formFields and formRow', () => {
  it.each(CASES)('$file ($says): fields are the input columns, a file row goes back to the same cells', ({ file, target }) => {
    const text = readFileSync(join(TABLES, file), 'utf8');
    const table = parseTable(text, file);
    const { plan } = prepareTable(table, target ? { target } : {});
    const targetColumn = target ?? table.columns.at(-1)!;
    const fields = formFields(plan);
    expect(fields.map((f) => f.column)).toEqual(table.columns.filter((c) => c !== targetColumn));
    for (const f of fields) expect(Number.isFinite(Number(f.initial)), `${f.column} starts at a number`).toBe(true);
    const row = table.rows[3];
    const values = fields.map((f) => row[table.columns.indexOf(f.column)]);
    const made = formRow(plan, values);
    expect(made).toEqual(table.columns.map((c, i) => (c === targetColumn ? '' : row[i])));
  });

  it('refuses values that do not match the fields', () => {
    const table = parseTable(readFileSync(join(TABLES, 'iris.csv'), 'utf8'), 'iris.csv');
    const { plan } = prepareTable(table);
    expect(() => formRow(plan, ['1'])).toThrow(/the form has 4 fields, got 1 values/);
  });
});
