import { jsonPath } from './graph/errors';

/**
 * How deeply nested a value from a file or a peer may be. No NetCanvas, Keras or tfjs file
 * comes near it (the deepest in the corpus is 11); the limit keeps every recursive walk
 * over the value (schemas, `JSON.stringify`, the importers) far from the stack's end.
 */
export const MAX_JSON_DEPTH = 64;

interface Visit {
  readonly item: object;
  readonly depth: number;
  readonly key: string | number | null;
  readonly parent: Visit | null;
}

/**
 * The JSON path of the first array or object nested more than `limit` levels deep, or
 * null when there is none. Walked with a stack of its own, so any depth is safe to check.
 */
export function pathPastDepth(value: unknown, limit = MAX_JSON_DEPTH): string | null {
  if (value === null || typeof value !== 'object') return null;
  const stack: Visit[] = [{ item: value, depth: 1, key: null, parent: null }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    if (visit.depth > limit) return pathOf(visit);
    const { item } = visit;
    const keys: (string | number)[] = Array.isArray(item) ? item.map((_, i) => i) : Object.keys(item);
    for (let i = keys.length - 1; i >= 0; i--) {
      const child = (item as Record<string | number, unknown>)[keys[i]];
      if (child !== null && typeof child === 'object') stack.push({ item: child, depth: visit.depth + 1, key: keys[i], parent: visit });
    }
  }
  return null;
}

function pathOf(visit: Visit): string {
  const path: (string | number)[] = [];
  for (let v: Visit | null = visit; v?.key !== null && v !== null; v = v.parent) path.unshift(v.key);
  const text = jsonPath(path);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

/** The sentence that refuses such a value, for every loader's own error: `The file is nested more than 64 levels deep (at …)…`. */
export function tooDeepMessage(what: string, path: string): string {
  return `${what} is nested more than ${MAX_JSON_DEPTH} levels deep (at ${path || 'the top'}); NetCanvas reads at most ${MAX_JSON_DEPTH}`;
}
