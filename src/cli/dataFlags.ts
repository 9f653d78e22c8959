import { parseColumnTypes, TASKS, type DataChoices } from '../core/data/choices';
import { RESIZE_POLICIES } from '../core/data/inspection';
import { MISSING_POLICIES } from '../core/data/table';
import type { Task } from '../core/data/description';
import { UsageError } from './args';

/** The flags that say what to make of own data, the same for `data`, `new` and `train`. */
export const DATA_CHOICE_FLAGS = {
  types: { type: 'string', help: "a table's column types over the inferred ones: COLUMN=number|category|boolean, comma-separated" },
  task: { type: 'string', help: `the task over the inferred one: ${TASKS.join(', ')}` },
  missing: { type: 'string', help: `missing cells: ${MISSING_POLICIES.join(' (with the training mean or most frequent value) or ')} (their rows)` },
  resize: { type: 'string', help: `pictures of another size: ${RESIZE_POLICIES.join(', ')}` },
} as const;

/** The choices the flags make; a UsageError names a value that is not one. */
export function dataChoicesOf(flags: { types?: string; task?: string; missing?: string; resize?: string }): DataChoices {
  const oneOf = <T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined => {
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
    return value as T;
  };
  let types;
  try {
    types = flags.types === undefined ? undefined : parseColumnTypes(flags.types);
  } catch (error) {
    throw new UsageError(`--types: ${(error as Error).message}`);
  }
  const task = oneOf<Task>('task', flags.task, TASKS);
  const missing = oneOf('missing', flags.missing, MISSING_POLICIES);
  const resize = oneOf('resize', flags.resize, RESIZE_POLICIES);
  return { ...(types ? { types } : {}), ...(task ? { task } : {}), ...(missing ? { missing } : {}), ...(resize ? { resize } : {}) };
}
