import type { z } from 'zod';
import { jsonPath, type DocumentIssue } from './errors';

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value}`;
}

/** Turns zod's issues into plain sentences with JSON paths. */
export function zodIssues(error: z.ZodError, prefix = '', input?: unknown): DocumentIssue[] {
  return error.issues.map((issue) => {
    const path = jsonPath(issue.path, prefix);
    switch (issue.code) {
      case 'invalid_type':
        return {
          path,
          message:
            issue.received === 'undefined' ? `is missing (expected ${issue.expected})` : `expected ${issue.expected}, got ${issue.received}`,
        };
      case 'unrecognized_keys':
        return { path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}` };
      case 'invalid_enum_value':
        return { path, message: `expected one of ${issue.options.map((o) => `'${String(o)}'`).join(', ')}, got '${String(issue.received)}'` };
      case 'invalid_literal':
        return { path, message: `expected ${JSON.stringify(issue.expected)}, got ${JSON.stringify(valueAt(input, issue.path)) ?? 'nothing'}` };
      case 'invalid_union_discriminator':
        return { path, message: `expected one of ${issue.options.map((o) => `'${String(o)}'`).join(', ')}` };
      case 'too_small':
        return { path, message: issue.type === 'array' ? `needs at least ${String(issue.minimum)} items` : `must be ${issue.inclusive ? 'at least' : 'above'} ${String(issue.minimum)}` };
      case 'too_big':
        return { path, message: issue.type === 'array' ? `holds more than ${String(issue.maximum)} items` : issue.type === 'string' ? `is longer than ${String(issue.maximum)} characters` : `must be ${issue.inclusive ? 'at most' : 'below'} ${String(issue.maximum)}` };
      default:
        return { path, message: issue.message === 'Invalid input' ? `is not valid (${describeType(valueAt(input, issue.path))})` : issue.message };
    }
  });
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let v = input;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}
