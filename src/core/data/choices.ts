import { z } from 'zod';
import { RESIZE_POLICIES } from './inspection';
import { COLUMN_TYPES, MISSING_POLICIES, type ColumnType, type MissingPolicy, type TableOptions } from './table';
import type { Task } from './description';

/**
 * The choices a person makes about own data, beside its path: a table's column types, task and
 * missing-value policy, a picture folder's resize policy. One schema, used by the graph file's
 * dataset reference, the engine's API and the command line's flags.
 */
export const TASKS: readonly Task[] = ['multiclass', 'binary', 'regression'];

export const dataChoicesShape = {
  /** Column types chosen over the inferred ones: [column, type] pairs (a column's name is never used as a property name). */
  types: z
    .array(z.tuple([z.string().min(1).max(200), z.enum(COLUMN_TYPES as [ColumnType, ...ColumnType[]])]).readonly())
    .max(10_000)
    .readonly()
    .optional(),
  /** The task chosen over the inferred one. */
  task: z.enum(TASKS as [Task, ...Task[]]).optional(),
  /** Missing cells: filled with the training split's mean or most frequent value, or their rows dropped. */
  missing: z.enum(MISSING_POLICIES as [MissingPolicy, ...MissingPolicy[]]).optional(),
  /** How pictures of another size are brought to the Input's. */
  resize: z.enum(RESIZE_POLICIES as ['stretch', 'pad', 'crop']).optional(),
};

export interface DataChoices {
  readonly types?: readonly (readonly [string, ColumnType])[];
  readonly task?: Task;
  readonly missing?: MissingPolicy;
  readonly resize?: 'stretch' | 'pad' | 'crop';
}

/** The table loader's options for these choices. */
export function tableOptionsOf(choices: DataChoices): Pick<TableOptions, 'types' | 'task' | 'missing'> {
  return {
    ...(choices.types?.length ? { types: new Map(choices.types) } : {}),
    ...(choices.task ? { task: choices.task } : {}),
    ...(choices.missing ? { missing: choices.missing } : {}),
  };
}

/** Only the choices made (no undefined fields), to copy into a request or a graph file. */
export function pickChoices(from: DataChoices): DataChoices {
  return {
    ...(from.types?.length ? { types: from.types.map(([c, t]) => [c, t] as const) } : {}),
    ...(from.task ? { task: from.task } : {}),
    ...(from.missing ? { missing: from.missing } : {}),
    ...(from.resize ? { resize: from.resize } : {}),
  };
}

/**
 * Reads `--types name=category,age=number` (the command line's flag): pairs of a column and one
 * of the column types; a clear error names a pair that is not one.
 */
export function parseColumnTypes(text: string): [string, ColumnType][] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.lastIndexOf('=');
      const column = pair.slice(0, at).trim();
      const type = pair.slice(at + 1).trim() as ColumnType;
      if (at <= 0 || !column) throw new RangeError(`'${pair}' is not COLUMN=TYPE`);
      if (!COLUMN_TYPES.includes(type)) throw new RangeError(`'${pair}': the type must be one of ${COLUMN_TYPES.join(', ')}`);
      return [column, type];
    });
}

/**
 * What a dataset was when a graph was made for it: its size and a digest of its bytes (a
 * file), or of its files' names and sizes (a folder). A file that differs on opening is
 * reported, not silently trained on.
 */
export const fingerprintSchema = z
  .object({
    bytes: z.number().int().min(0),
    files: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits'),
  })
  .strict();
export type DataFingerprint = z.infer<typeof fingerprintSchema>;

/** What changed between a graph's fingerprint and the data now, in words; null when nothing did. */
export function fingerprintChange(was: DataFingerprint, now: DataFingerprint): string | null {
  if (was.sha256 === now.sha256) return null;
  if (was.files !== now.files) return `it held ${was.files} files when the graph was made for it and holds ${now.files} now`;
  if (was.bytes !== now.bytes) return `it was ${was.bytes} bytes when the graph was made for it and is ${now.bytes} now`;
  return 'its contents changed since the graph was made for it';
}
