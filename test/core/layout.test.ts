import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { arrangeLayout, isLongLine, LAYOUT_NODE, SCREEN_ASPECT } from '../../src/core/graph/layout';
import { openGraphText } from '../../src/core/graph/open';

/**
 * The one layout NetCanvas arranges graphs with (`arrangeLayout`), checked by what a person
 * reading the canvas needs: boxes that do not overlap, every edge pointing forward in reading
 * order (down a column, or on to a later column), a long graph wrapped to about the screen's
 * shape rather than a thin line, and parallel branches side by side.
 */

interface Graph {
  readonly ids: string[];
  readonly edges: { source: string; target: string }[];
}

function chain(n: number): Graph {
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  return { ids, edges: ids.slice(1).map((id, i) => ({ source: ids[i], target: id })) };
}

/** `blocks` residual blocks in a row: each splits into a two-layer branch and a skip, joined by an Add. */
function residual(blocks: number): Graph & { splits: [string[], string[]][] } {
  const ids = ['in'];
  const edges: { source: string; target: string }[] = [];
  const splits: [string[], string[]][] = [];
  let last = 'in';
  for (let b = 0; b < blocks; b++) {
    const [a1, a2, skip, add] = [`b${b}_a1`, `b${b}_a2`, `b${b}_skip`, `b${b}_add`];
    ids.push(a1, a2, skip, add);
    edges.push({ source: last, target: a1 }, { source: a1, target: a2 }, { source: a2, target: add }, { source: last, target: skip }, { source: skip, target: add });
    splits.push([[a1, a2], [skip]]);
    last = add;
  }
  return { ids, edges, splits };
}

function fixture(name: string): Graph {
  const { document } = openGraphText(readFileSync(path.resolve(__dirname, '../fixtures/keras', `${name}.json`), 'utf8'), `${name}.json`);
  return { ids: document.nodes.map((n) => n.id), edges: document.edges.map((e) => ({ source: e.source, target: e.target })) };
}

type At = Map<string, { x: number; y: number }>;

/** The columns the layout made: node boxes across, merged where they overlap or nearly touch (neighbours in a row). */
function columnOf(at: At): Map<string, number> {
  const spans = [...at.entries()].map(([id, p]) => ({ id, left: p.x, right: p.x + LAYOUT_NODE.width })).sort((a, b) => a.left - b.left);
  const out = new Map<string, number>();
  let column = -1;
  let reach = -Infinity;
  for (const s of spans) {
    // Neighbours in a row stand 60 px apart; wrapped columns 120.
    if (s.left > reach + 100) column++;
    reach = Math.max(reach, s.right);
    out.set(s.id, column);
  }
  return out;
}

function bounds(at: At): { width: number; height: number } {
  const ps = [...at.values()];
  return {
    width: Math.max(...ps.map((p) => p.x)) + LAYOUT_NODE.width - Math.min(...ps.map((p) => p.x)),
    height: Math.max(...ps.map((p) => p.y)) + LAYOUT_NODE.height - Math.min(...ps.map((p) => p.y)),
  };
}

const cases: { name: string; graph: Graph; columns: [number, number]; aspect?: [number, number] }[] = [
  { name: 'a 3-layer chain stays one column', graph: chain(3), columns: [1, 1] },
  { name: 'a 12-layer chain (a screenful) stays one column', graph: chain(12), columns: [1, 1] },
  { name: 'a 500-layer chain wraps into columns near the screen’s shape', graph: chain(500), columns: [10, 40], aspect: [0.5, 3] },
  { name: 'a 2,000-layer chain wraps too', graph: chain(2000), columns: [20, 80], aspect: [0.5, 3] },
  { name: 'the Keras residual fixture (Add) stays one column of rows', graph: fixture('keras2-functional-residual'), columns: [1, 1] },
  { name: 'the Keras concatenate fixture stays one column of rows', graph: fixture('keras3-functional-concat'), columns: [1, 1] },
  { name: '40 residual blocks wrap into columns', graph: residual(40), columns: [4, 30], aspect: [0.5, 3] },
];

describe('arrangeLayout', () => {
  it.each(cases)('$name: no overlaps, edges forward, the expected columns', ({ graph, columns, aspect }) => {
    const at = arrangeLayout(graph.ids, graph.edges);
    expect([...at.keys()].sort()).toEqual([...graph.ids].sort());
    for (const p of at.values()) expect(Number.isInteger(p.x) && Number.isInteger(p.y)).toBe(true);
    // No two boxes overlap: sorted by row then x, neighbours in a row are a box apart, and rows are a box apart.
    const boxes = [...at.values()].sort((a, b) => a.y - b.y || a.x - b.x);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length && boxes[j].y < boxes[i].y + LAYOUT_NODE.height; j++) {
        expect(boxes[j].x >= boxes[i].x + LAYOUT_NODE.width || boxes[i].x >= boxes[j].x + LAYOUT_NODE.width).toBe(true);
      }
    }
    const column = columnOf(at);
    for (const e of graph.edges) {
      const [s, t] = [at.get(e.source)!, at.get(e.target)!];
      const [cs, ct] = [column.get(e.source)!, column.get(e.target)!];
      // Forward in reading order: a later column, or further down the same one.
      expect(ct > cs || (ct === cs && t.y > s.y), `${e.source} → ${e.target}`).toBe(true);
    }
    const count = new Set(column.values()).size;
    expect(count).toBeGreaterThanOrEqual(columns[0]);
    expect(count).toBeLessThanOrEqual(columns[1]);
    if (aspect) {
      const box = bounds(at);
      expect(box.width / box.height).toBeGreaterThanOrEqual(aspect[0]);
      expect(box.width / box.height).toBeLessThanOrEqual(aspect[1]);
    }
  });

  it.each([
    { name: 'the residual fixture: the Dense branch beside the skip', graph: fixture('keras2-functional-residual'), pairs: [[['hidden', 'norm'], ['skip']]] },
    { name: 'the concatenate fixture: the two towers side by side', graph: fixture('keras3-functional-concat'), pairs: [[['tower_a'], ['tower_b']]] },
    { name: '40 residual blocks, wrapped: each block’s branch beside its skip', graph: residual(40), pairs: residual(40).splits },
  ])('branches stay side by side: $name', ({ graph, pairs }) => {
    const at = arrangeLayout(graph.ids, graph.edges);
    const column = columnOf(at);
    for (const [a, b] of pairs) {
      const what = `${a.join('+')} beside ${b.join('+')}`;
      const rows = (ids: string[]) => ids.map((id) => at.get(id)!.y);
      // The two branches share rows (one is not stacked above the other) …
      expect(Math.min(...rows(a)) <= Math.max(...rows(b)) && Math.min(...rows(b)) <= Math.max(...rows(a)), what).toBe(true);
      // … in one column, each at its own place across.
      expect(new Set([...a, ...b].map((id) => column.get(id))).size, what).toBe(1);
      const xs = (ids: string[]) => ids.map((id) => at.get(id)!.x);
      const apart = Math.max(...xs(a)) + LAYOUT_NODE.width <= Math.min(...xs(b)) || Math.max(...xs(b)) + LAYOUT_NODE.width <= Math.min(...xs(a));
      expect(apart, what).toBe(true);
    }
  });

  it('aims for the shape asked for: a wider screen gets a wider layout', () => {
    const { ids, edges } = chain(500);
    const shape = (aspect: number) => {
      const box = bounds(arrangeLayout(ids, edges, { aspect }));
      return box.width / box.height;
    };
    expect(shape(3)).toBeGreaterThan(shape(SCREEN_ASPECT));
    expect(shape(SCREEN_ASPECT)).toBeGreaterThan(shape(0.7));
    expect(Math.abs(Math.log(shape(SCREEN_ASPECT) / SCREEN_ASPECT))).toBeLessThan(Math.log(1.5));
  });

  it('starts at (0, 0), ignores edges to unknown nodes and self-loops, and lays out nothing as nothing', () => {
    const at = arrangeLayout(['a', 'b'], [{ source: 'a', target: 'b' }, { source: 'a', target: 'ghost' }, { source: 'b', target: 'b' }]);
    expect(at.get('a')).toEqual({ x: 0, y: 0 });
    expect(at.get('b')!.y).toBeGreaterThan(0);
    expect(arrangeLayout([], []).size).toBe(0);
  });

  it.each([
    { options: { aspect: 0 }, error: /aspect must be a positive number, not 0/ },
    { options: { aspect: Number.NaN }, error: /aspect must be a positive number, not NaN/ },
    { options: { maxRows: 0 }, error: /rows before wrapping must be a whole number of at least 1, not 0/ },
  ])('refuses $options', ({ options, error }) => {
    expect(() => arrangeLayout(['a'], [], options)).toThrow(error);
  });
});

describe('isLongLine', () => {
  it.each([
    { name: 'a 500-layer column', at: chainColumn(500), long: true },
    { name: 'a 500-layer row', at: chainColumn(500).map((p) => ({ x: p.y * 2, y: 0 })), long: true },
    { name: 'a 12-layer column (a screenful)', at: chainColumn(12), long: false },
    { name: 'the 500-layer chain arranged', at: [...arrangeLayout(chain(500).ids, chain(500).edges).values()], long: false },
  ])('$name: $long', ({ at, long }) => {
    expect(isLongLine(at)).toBe(long);
  });
});

function chainColumn(n: number): { x: number; y: number }[] {
  return Array.from({ length: n }, (_, i) => ({ x: 0, y: i * 130 }));
}
