import { describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import { emptyDocument, type GraphDocument } from '../../src/core/graph/document';
import { LAYOUT_ROW } from '../../src/core/graph/layout';
import { addBelow, freeSpotNear, removeRejoining, spliceIntoEdge } from '../../src/renderer/editor/chain';
import { addNode, connect, setField } from '../../src/renderer/editor/edits';

/** A chain of `kinds` from the top, each connected to the next, with its ids. */
function chain(kinds: readonly string[], doc: GraphDocument = emptyDocument()): { doc: GraphDocument; ids: string[] } {
  const ids: string[] = [];
  for (const [i, kind] of kinds.entries()) {
    const added = addNode(doc, kind, { x: 0, y: i * LAYOUT_ROW });
    doc = i === 0 ? added.doc : connect(added.doc, ids[i - 1], added.id);
    ids.push(added.id);
  }
  return { doc, ids };
}

const edgesOf = (doc: GraphDocument): string[] => doc.edges.map((e) => `${e.source}->${e.target}`).sort();

describe('adding a layer below the selected one', () => {
  it("types the book's reference CNN as a chain, each layer connected as it is added, to Keras's 80,266 parameters", () => {
    // Listing 1.4.1 of the book; model.summary() in Keras reports 80,266 parameters.
    const steps: [string, Record<string, unknown>][] = [
      ['Conv2D', { filters: 64, activation: 'relu' }],
      ['MaxPooling2D', {}],
      ['Conv2D', { filters: 64, activation: 'relu' }],
      ['MaxPooling2D', {}],
      ['Conv2D', { filters: 64, activation: 'relu' }],
      ['Flatten', {}],
      ['Dropout', { rate: 0.2 }],
      ['Dense', { units: 10, activation: 'softmax' }],
    ];
    let { doc } = addNode(emptyDocument(), 'Input', { x: 0, y: 0 });
    doc = setField(doc, 'input_1', 'shape', [28, 28, 1]);
    let selected = 'input_1';
    for (const [kind, fields] of steps) {
      const added = addBelow(doc, selected, kind);
      expect(added.refused, `${kind} below ${selected}`).toBeNull();
      doc = Object.entries(fields).reduce((d, [f, v]) => setField(d, added.id, f, v), added.doc);
      const [anchor, node] = [doc.nodes.find((n) => n.id === selected)!, doc.nodes.find((n) => n.id === added.id)!];
      expect(node.position).toEqual({ x: anchor.position.x, y: anchor.position.y + LAYOUT_ROW });
      selected = added.id;
    }
    expect(doc.edges).toHaveLength(steps.length);
    const analysis = analyseGraph(doc);
    expect(analysis.valid).toBe(true);
    expect(analysis.totals.total).toBe(80_266);
  });

  it("adds the layer unconnected, with checkConnection's reason, when the edge cannot work", () => {
    const { doc, ids } = chain(['Input', 'Dense']);
    const added = addBelow(doc, ids[1], 'Conv2D');
    expect(added.refused).toMatch(/needs an image/);
    expect(added.doc.nodes.map((n) => n.id)).toContain(added.id);
    expect(edgesOf(added.doc)).toEqual(edgesOf(doc));
  });

  it('does not connect into an Input (it takes no incoming edge)', () => {
    const { doc, ids } = chain(['Input']);
    const added = addBelow(doc, ids[0], 'Input');
    expect(added.refused).toMatch(/An Input takes no incoming connection/);
  });

  it('places the layer beside a node already below the anchor, never on it, and still connects it', () => {
    const { doc, ids } = chain(['Input', 'Dense']);
    const first = addBelow(doc, ids[0], 'Dropout');
    const second = addBelow(first.doc, ids[0], 'Dropout');
    const positions = second.doc.nodes.map((n) => `${n.position.x},${n.position.y}`);
    expect(new Set(positions).size).toBe(positions.length);
    for (const added of [first, second]) expect(added.refused).toBeNull();
    expect(edgesOf(second.doc)).toEqual(['input_1->dense_1', 'input_1->dropout_1', 'input_1->dropout_2']);
  });

  it('refuses an anchor that is not on the canvas', () => {
    expect(() => addBelow(emptyDocument(), 'dense_9', 'Dense')).toThrow(/No node 'dense_9'/);
  });
});

describe('deleting a link of a chain rejoins its neighbours', () => {
  /** Each case: a chain, the ids removed (by position in the chain), and the edges left. */
  const CASES: readonly { asserts: string; kinds: string[]; remove: number[]; edges: string[] }[] = [
    { asserts: 'one link removed: its input feeds its output', kinds: ['Input', 'Dense', 'Dropout', 'Dense'], remove: [2], edges: ['dense_1->dense_2', 'input_1->dense_1'] },
    { asserts: 'a run of two links removed: the run is bridged once', kinds: ['Input', 'Dense', 'Dropout', 'Dense'], remove: [1, 2], edges: ['input_1->dense_2'] },
    { asserts: 'the chain end removed: nothing to join', kinds: ['Input', 'Dense', 'Dense'], remove: [2], edges: ['input_1->dense_1'] },
    { asserts: 'the Input removed: nothing to join', kinds: ['Input', 'Dense', 'Dense'], remove: [0], edges: ['dense_1->dense_2'] },
    { asserts: 'a gap the core refuses is left open (a vector into Conv2D)', kinds: ['Input', 'Reshape', 'Conv2D'], remove: [1], edges: [] },
  ];
  it.each(CASES)('$asserts', ({ kinds, remove, edges }) => {
    const { doc, ids } = chain(kinds);
    const removed = removeRejoining(doc, remove.map((i) => ids[i]));
    expect(edgesOf(removed.doc)).toEqual(edges);
    expect(removed.doc.nodes.map((n) => n.id)).toEqual(ids.filter((_, i) => !remove.includes(i)));
  });

  it('keeps a rejoined chain whole: the analysis of the MLP without its middle Dropout is valid', () => {
    const { doc, ids } = chain(['Input', 'Dense', 'Dropout', 'Dense']);
    const removed = removeRejoining(setField(doc, ids[3], 'units', 10), [ids[2]]);
    expect(removed.rejoined).toEqual([['dense_1', 'dense_2']]);
    expect(analyseGraph(removed.doc).valid).toBe(true);
  });

  it('does not join across a node with two inputs (a merge) or two outputs (a branch)', () => {
    let { doc } = chain(['Input', 'Dense']);
    doc = addNode(doc, 'Dense', { x: 300, y: LAYOUT_ROW }).doc;
    doc = connect(doc, 'input_1', 'dense_2');
    doc = addNode(doc, 'Add', { x: 0, y: 2 * LAYOUT_ROW }).doc;
    doc = connect(connect(doc, 'dense_1', 'add_1'), 'dense_2', 'add_1');
    doc = addNode(doc, 'Dense', { x: 0, y: 3 * LAYOUT_ROW }).doc;
    doc = connect(doc, 'add_1', 'dense_3');
    expect(removeRejoining(doc, ['add_1']).rejoined).toEqual([]);
    expect(removeRejoining(doc, ['input_1']).rejoined).toEqual([]);
  });

  it('does not rejoin through an edge that is removed with the node', () => {
    const { doc, ids } = chain(['Input', 'Dense', 'Dense']);
    const edge = doc.edges.find((e) => e.target === ids[1])!;
    expect(edgesOf(removeRejoining(doc, [ids[1]], [edge.id]).doc)).toEqual([]);
  });
});

describe('dropping a layer onto an edge splices it in', () => {
  it('puts a Dropout between two Dense layers: source → Dropout → target, and the count is unchanged', () => {
    const { doc: built, ids } = chain(['Input', 'Dense', 'Dense']);
    const doc = setField(built, ids[2], 'units', 10);
    const edge = doc.edges.find((e) => e.source === ids[1])!;
    const spliced = spliceIntoEdge(doc, edge.id, 'Dropout', { x: 0, y: 200 });
    expect(spliced.refused).toBeNull();
    expect(edgesOf(spliced.doc)).toEqual(['dense_1->dropout_1', 'dropout_1->dense_2', 'input_1->dense_1']);
    // Dropout has no weights: 784·32+32 + 32·10+10 parameters, as Keras counts them.
    expect(analyseGraph(spliced.doc).totals.total).toBe(784 * 32 + 32 + 32 * 10 + 10);
    expect(spliced.doc.nodes.find((n) => n.id === spliced.id)!.position).toEqual({ x: 0, y: 200 });
  });

  it('leaves the edge alone and adds the layer unconnected when it cannot sit there (a Conv2D on a vector)', () => {
    const { doc } = chain(['Input', 'Dense', 'Dense']);
    const edge = doc.edges[1];
    const spliced = spliceIntoEdge(doc, edge.id, 'Conv2D', { x: 0, y: 200 });
    expect(spliced.refused).toMatch(/needs an image/);
    expect(edgesOf(spliced.doc)).toEqual(edgesOf(doc));
  });

  it('refuses an edge that is not there', () => {
    expect(() => spliceIntoEdge(emptyDocument(), 'e_x', 'Dense', { x: 0, y: 0 })).toThrow(/No edge 'e_x'/);
  });
});

describe('placing a new unconnected layer in the middle of the view', () => {
  const { doc } = chain(['Input', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense']);
  // Each case: where the middle of the view is, and the spot the new layer must get.
  const cases: { name: string; at: { x: number; y: number }; expected: { x: number; y: number } }[] = [
    { name: 'empty space is taken as it is', at: { x: 1000, y: 0 }, expected: { x: 1000, y: 0 } },
    { name: 'a point on a node moves a column beside it', at: { x: 0, y: 2 * LAYOUT_ROW }, expected: { x: -260, y: 2 * LAYOUT_ROW } },
    { name: 'a point between two rows of the chain still moves off both', at: { x: 30, y: 1.5 * LAYOUT_ROW }, expected: { x: -230, y: 1.5 * LAYOUT_ROW } },
  ];
  it.each(cases)('$name', ({ at, expected }) => {
    const spot = freeSpotNear(doc, at);
    expect(spot).toEqual(expected);
    // No node of the chain is within a node's size of it (nodes are 200 wide and under 100 tall).
    for (const n of doc.nodes) expect(Math.abs(n.position.x - spot.x) >= 200 || Math.abs(n.position.y - spot.y) >= 100, n.id).toBe(true);
  });
});
