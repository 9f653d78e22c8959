import { describe, expect, it } from 'vitest';
import { analyseGraph, type GraphAnalysis } from '../../src/core/graph/analyse';
import type { GraphDocument } from '../../src/core/graph/document';
import { loadDocument } from '../../src/core/graph/load';
import { connect, moveNodes, removeElements, setField, setLabel } from '../../src/renderer/editor/edits';
import { flowEdges, flowNodes, type LayerFlowNode, type Measured, type ShapeFlowEdge } from '../../src/renderer/features/canvas/flowElements';
import { graphBounds, minimapStroke, minZoomFor, MIN_ZOOM } from '../../src/renderer/features/canvas/viewport';
import type { Selection } from '../../src/renderer/state/documentStore';
import mlp from '../../resources/templates/mlp.json';

/**
 * flowNodes / flowEdges reuse the previous render's objects (issue 15): a node or edge whose
 * drawing did not change is the same object, so React Flow and the memoized layer node skip
 * it; one that changed is a new object. Each case: an edit, and which nodes and edges must
 * come out new.
 */

const NONE: Selection = { nodes: [], edges: [] };
const NOT_MEASURED: Measured = new Map();
const base = loadDocument(mlp);

interface Render {
  readonly doc: GraphDocument;
  readonly analysis: GraphAnalysis;
  readonly nodes: LayerFlowNode[];
  readonly edges: ShapeFlowEdge[];
}

function render(doc: GraphDocument, selection: Selection, measured: Measured, previous?: Render): Render {
  const analysis = analyseGraph(doc, {}, previous);
  const nodes = flowNodes(doc, analysis, selection, measured, previous?.nodes);
  const edges = flowEdges(doc, analysis, selection, (id) => analysis.nodes.get(id)?.outputShape?.join('×') ?? null, previous?.edges);
  return { doc, analysis, nodes, edges };
}

const CASES: {
  name: string;
  edit: (d: GraphDocument) => GraphDocument;
  selection?: Selection;
  measured?: Measured;
  newNodes: string[];
  newData: string[];
  newEdges: string[];
}[] = [
  { name: 'nothing changed', edit: (d) => d, newNodes: [], newData: [], newEdges: [] },
  { name: 'a node moved: that node only, its data kept', edit: (d) => moveNodes(d, new Map([['dense_2', { x: 50, y: 60 }]])), newNodes: ['dense_2'], newData: [], newEdges: [] },
  { name: 'a node selected: that node only', edit: (d) => d, selection: { nodes: ['relu_1'], edges: [] }, newNodes: ['relu_1'], newData: [], newEdges: [] },
  { name: 'an edge selected: that edge only', edit: (d) => d, selection: { nodes: [], edges: ['e3'] }, newNodes: [], newData: [], newEdges: ['e3'] },
  { name: 'a node measured: that node only', edit: (d) => d, measured: new Map([['dropout_1', { width: 200, height: 76 }]]), newNodes: ['dropout_1'], newData: [], newEdges: [] },
  {
    name: 'units changed: the node, and those whose shapes or counts change with it, and the edges carrying the new shape',
    edit: (d) => setField(d, 'dense_2', 'units', 64),
    newNodes: ['dense_2', 'relu_2', 'dropout_2', 'dense_3'],
    newData: ['dense_2', 'relu_2', 'dropout_2', 'dense_3'],
    newEdges: ['e5', 'e6', 'e7'],
  },
  { name: 'a rate changed: that node only', edit: (d) => setField(d, 'dropout_1', 'rate', 0.3), newNodes: ['dropout_1'], newData: ['dropout_1'], newEdges: [] },
  { name: 'a node renamed: that node only', edit: (d) => setLabel(d, 'relu_1', 'first relu'), newNodes: ['relu_1'], newData: ['relu_1'], newEdges: [] },
  {
    name: 'the last edge removed: the node it left without input (now with a problem, no longer the output)',
    edit: (d) => removeElements(d, [], ['e8']),
    newNodes: ['softmax'],
    newData: ['softmax'],
    newEdges: [],
  },
];

describe('flowNodes and flowEdges keep the objects of what did not change', () => {
  it.each(CASES)('$name', ({ edit, selection, measured, newNodes, newData, newEdges }) => {
    const first = render(base, NONE, NOT_MEASURED);
    const next = render(edit(base), selection ?? NONE, measured ?? NOT_MEASURED, first);
    const before = new Map(first.nodes.map((n) => [n.id, n]));
    const edgesBefore = new Map(first.edges.map((e) => [e.id, e]));
    expect(next.nodes.filter((n) => n !== before.get(n.id)).map((n) => n.id)).toEqual(newNodes);
    expect(next.nodes.filter((n) => n.data !== before.get(n.id)?.data).map((n) => n.id)).toEqual(newData);
    expect(next.edges.filter((e) => e !== edgesBefore.get(e.id)).map((e) => e.id)).toEqual(newEdges);
    // Nothing changed at all: the very same array, so React Flow has nothing to adopt.
    if (newNodes.length === 0) expect(next.nodes).toBe(first.nodes);
    if (newEdges.length === 0 && next.edges.length === first.edges.length) expect(next.edges).toBe(first.edges);
  });

  it('draws what a fresh render draws, whatever it reuses', () => {
    const first = render(base, NONE, NOT_MEASURED);
    const doc = connect(setField(moveNodes(base, new Map([['dense_1', { x: 9, y: 9 }]])), 'dense_1', 'units', 3), 'input', 'dense_3');
    const selection = { nodes: ['dense_1'], edges: ['e2'] };
    const reused = render(doc, selection, NOT_MEASURED, first);
    const fresh = render(doc, selection, NOT_MEASURED);
    expect(reused.nodes).toEqual(fresh.nodes);
    expect(reused.edges).toEqual(fresh.edges);
  });
});

describe('large graphs open fitted, with a minimap that shows them', () => {
  const chain = (n: number) => graphBounds(Array.from({ length: n }, (_, i) => ({ x: 0, y: i * 130 })), { width: 200, height: 80 });
  const pane = { width: 880, height: 580 };

  it.each([
    { name: 'no graph: the usual least zoom', bounds: null, expected: MIN_ZOOM },
    { name: 'a graph that fits at the usual least zoom keeps it', bounds: chain(10), expected: MIN_ZOOM },
    // 500 layers 130 px apart are 64,950 px tall: 580 / (64,950 × 1.2) = 0.00744, rounded down.
    { name: 'a 500-layer chain lowers it to where it fits', bounds: chain(500), expected: 0.007 },
  ])('$name', ({ bounds, expected }) => {
    expect(minZoomFor(bounds, pane, 0.2)).toBe(expected);
  });

  it.each([3, 10, 200, 500, 2000])('draws each node of a chain of %i at 2 to 4 pixels thick in the 100-pixel-high minimap', (n) => {
    const bounds = chain(n)!;
    const px = minimapStroke(bounds) / Math.max(bounds.width / 150, bounds.height / 100);
    expect(px).toBeGreaterThanOrEqual(2);
    expect(px).toBeLessThan(4);
  });
});
