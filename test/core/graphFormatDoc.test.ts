import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAYER_KINDS } from '../../src/core/layers/catalogue';

/**
 * docs/graph-format.md's table of layer kinds against the catalogue: every kind NetCanvas
 * reads has a row, and every row names kinds NetCanvas has, so the format's readers are
 * told of a new kind in the same change that adds it.
 */
const doc = readFileSync(path.resolve(__dirname, '../../docs/graph-format.md'), 'utf8');
const lines = doc.split('\n');
const start = lines.findIndex((line) => line.startsWith('| kind | field'));
const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
const rows = lines
  .slice(start + 2, end)
  .map((line) => ({ kinds: [...line.split('|')[1].matchAll(/`([A-Za-z0-9]+)`/g)].map((m) => m[1]), line }));
if (start === -1) throw new Error('docs/graph-format.md has no table of layer kinds (| kind | field: type = default |)');
const documented = new Set(rows.flatMap((r) => r.kinds));

describe('the graph format document lists the layer kinds', () => {
  it.each(LAYER_KINDS.map((k) => k.kind))('%s has a row', (kind) => {
    expect(documented.has(kind)).toBe(true);
  });

  it('names no kind the catalogue lacks', () => {
    const known = new Set(LAYER_KINDS.map((k) => k.kind));
    expect([...documented].filter((k) => !known.has(k))).toEqual([]);
  });
});
