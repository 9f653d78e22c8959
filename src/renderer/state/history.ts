/**
 * An undo history over immutable values. Every change says how the history captures
 * it: `record` makes it one undo step, `skip` changes the present without a step (a
 * node following the pointer), and a transaction folds everything between `begin` and
 * `end` into one step (a whole drag).
 */
export interface History<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
  /** The value when a transaction began; null outside one. */
  readonly pending: T | null;
}

export type Capture = 'record' | 'skip';

/** How many steps back undo can go. */
export const HISTORY_LIMIT = 200;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], pending: null };
}

export function commit<T>(h: History<T>, next: T, capture: Capture): History<T> {
  if (next === h.present) return h;
  if (capture === 'skip' || h.pending !== null) return { ...h, present: next };
  return { past: [...h.past, h.present].slice(-HISTORY_LIMIT), present: next, future: [], pending: null };
}

export function beginTransaction<T>(h: History<T>): History<T> {
  return h.pending !== null ? h : { ...h, pending: h.present };
}

/**
 * Ends a transaction: one undo step when the value changed during it, none otherwise
 * (`same` says when two values are equal though not identical: typed and typed back).
 */
export function endTransaction<T>(h: History<T>, same: (a: T, b: T) => boolean = Object.is): History<T> {
  if (h.pending === null) return h;
  if (h.pending === h.present || same(h.pending, h.present)) return { ...h, present: h.pending, pending: null };
  return { past: [...h.past, h.pending].slice(-HISTORY_LIMIT), present: h.present, future: [], pending: null };
}

export function undo<T>(h: History<T>): History<T> {
  const settled = endTransaction(h);
  if (settled.past.length === 0) return settled;
  const previous = settled.past[settled.past.length - 1];
  return { past: settled.past.slice(0, -1), present: previous, future: [settled.present, ...settled.future], pending: null };
}

export function redo<T>(h: History<T>): History<T> {
  const settled = endTransaction(h);
  if (settled.future.length === 0) return settled;
  const [next, ...rest] = settled.future;
  return { past: [...settled.past, settled.present], present: next, future: rest, pending: null };
}

export const canUndo = (h: History<unknown>): boolean => h.past.length > 0 || (h.pending !== null && h.pending !== h.present);
export const canRedo = (h: History<unknown>): boolean => h.future.length > 0;
