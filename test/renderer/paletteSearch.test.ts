import { describe, expect, it } from 'vitest';
import { LAYER_KINDS } from '../../src/core/layers/catalogue';
import { LAYER_GROUPS } from '../../src/core/layers/spec';
import { DESCRIPTION_MIN_LENGTH, searchLayers } from '../../src/renderer/features/palette/search';

const kinds = (query: string): string[] => searchLayers(LAYER_KINDS, LAYER_GROUPS, query).map((m) => m.spec.kind);
const byGroup = (group: string): string[] => LAYER_KINDS.filter((s) => s.group === group).map((s) => s.kind);

/** Each case: a query typed in the palette and what the list must (or must not) hold. */
const CASES: readonly { query: string; asserts: string; first?: string; exactly?: string[]; excludes?: string[]; includes?: string[] }[] = [
  { query: 'inp', asserts: 'a short query matches names, not descriptions that mention inputs', exactly: ['Input'], excludes: ['Dense', 'Dropout'] },
  { query: ' INP ', asserts: 'case and surrounding spaces do not matter', exactly: ['Input'] },
  { query: 'pool', asserts: 'a name fragment finds every pooling kind and only those', exactly: byGroup('pooling') },
  { query: 'dense', asserts: 'a whole name finds that kind', first: 'Dense', exactly: ['Dense'] },
  { query: 'conv', asserts: 'the name that starts with the query comes first', first: 'Conv2D' },
  { query: 'merge', asserts: 'a group name finds the kinds in the group, before the description that says "merges"', first: 'Add', includes: [...byGroup('merge'), 'Bidirectional'] },
  { query: 'lstm', asserts: 'the name match ranks before a description that mentions it', first: 'LSTM' },
  { query: 'overfitting', asserts: 'a long query also searches descriptions', exactly: ['Dropout'] },
  { query: 'residual', asserts: 'a description match when no name matches', exactly: ['Add'] },
  { query: 'zzz', asserts: 'nothing matches nonsense', exactly: [] },
];

describe('palette search', () => {
  it.each(CASES)("'$query': $asserts", ({ query, first, exactly, excludes, includes }) => {
    const found = kinds(query);
    if (first) expect(found[0]).toBe(first);
    if (exactly) expect([...found].sort()).toEqual([...exactly].sort());
    for (const k of excludes ?? []) expect(found).not.toContain(k);
    for (const k of includes ?? []) expect(found).toContain(k);
  });

  it('lists every kind in catalogue order for an empty query', () => {
    expect(kinds('')).toEqual(LAYER_KINDS.map((s) => s.kind));
  });

  it('ranks every name match before every description match', () => {
    const matches = searchLayers(LAYER_KINDS, LAYER_GROUPS, 'image');
    expect(matches.length).toBeGreaterThan(0);
    expect(matches.map((m) => m.rank)).toEqual([...matches.map((m) => m.rank)].sort());
    expect('image'.length).toBeGreaterThanOrEqual(DESCRIPTION_MIN_LENGTH);
    expect(matches.some((m) => m.rank === 3)).toBe(true);
  });
});
