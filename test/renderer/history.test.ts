import { describe, expect, it } from 'vitest';
import { beginTransaction, canRedo, canUndo, commit, createHistory, endTransaction, redo, undo, HISTORY_LIMIT } from '../../src/renderer/state/history';

describe('history', () => {
  it('records steps and walks back and forth', () => {
    let h = createHistory('a');
    h = commit(h, 'b', 'record');
    h = commit(h, 'c', 'record');
    expect(h.present).toBe('c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h.present).toBe('b');
    h = commit(h, 'd', 'record');
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe('b');
  });

  it('does not record a skipped change', () => {
    let h = createHistory('a');
    h = commit(h, 'b', 'skip');
    expect(h.present).toBe('b');
    expect(canUndo(h)).toBe(false);
  });

  it('folds a transaction into one step, and none when nothing changed', () => {
    let h = beginTransaction(createHistory(1));
    for (const x of [2, 3, 4]) h = commit(h, x, 'skip');
    h = endTransaction(h);
    expect(h.past).toEqual([1]);
    expect(undo(h).present).toBe(1);
    const idle = endTransaction(beginTransaction(h));
    expect(idle.past).toEqual([1]);
  });

  it('keeps at most HISTORY_LIMIT steps', () => {
    let h = createHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) h = commit(h, i, 'record');
    expect(h.past.length).toBe(HISTORY_LIMIT);
  });
});

describe('history transactions with an equality', () => {
  it('records no step when the value comes back to what it was', () => {
    let h = beginTransaction(createHistory({ units: 32 }));
    h = commit(h, { units: 0 }, 'record');
    h = commit(h, { units: 32 }, 'record');
    h = endTransaction(h, (a, b) => a.units === b.units);
    expect(canUndo(h)).toBe(false);
  });
});
