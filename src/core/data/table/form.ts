import type { TablePlan } from './plan';

/** One input of a table model's "Try it" form: a feature column, its kind, and the value it starts with. */
export interface FormField {
  readonly column: string;
  readonly type: 'number' | 'category' | 'boolean';
  /** The training split's median (numbers; its mean in older plans) or most frequent value (categories, booleans), as text. */
  readonly initial: string;
  /** A category's values as training saw them; a boolean's true and false. */
  readonly options: readonly string[];
}

/** A number as a person would type it: at most six significant digits. */
const tidy = (n: number) => String(Number(n.toPrecision(6)));

/** The form for a run's table: one field per feature column, in the table's order, starting at the training statistics. */
export function formFields(plan: TablePlan): FormField[] {
  return [...plan.features]
    .sort((a, b) => a.index - b.index)
    .map((f) => {
      if (f.type === 'number') return { column: f.column, type: 'number', initial: tidy(f.median ?? f.fill), options: [] };
      if (f.type === 'boolean') return { column: f.column, type: 'boolean', initial: String(f.fill), options: ['true', 'false'] };
      return { column: f.column, type: 'category', initial: f.fill, options: [...f.categories] };
    });
}

/**
 * The row the model reads: one cell per column of the table (`plan.columns`), the fields'
 * values in their columns and the target's cell empty. `values` are the fields' texts, in the
 * order `formFields` gave them.
 */
export function formRow(plan: TablePlan, values: readonly string[]): string[] {
  const fields = formFields(plan);
  if (values.length !== fields.length) throw new RangeError(`the form has ${fields.length} fields, got ${values.length} values`);
  const row = plan.columns.map(() => '');
  const position = new Map(plan.features.map((f) => [f.column, f.index]));
  fields.forEach((field, i) => {
    row[position.get(field.column)!] = values[i];
  });
  return row;
}
