import { describe, expect, it } from 'vitest';
import { diffView, metricChanges, type DiffStatus, type DiffViewEdge, type RunOutcome } from '../../../src/core/experiments/diffView';
import type { GraphDocument, GraphNode } from '../../../src/core/graph/document';
import { template } from '../../engine/fixtures';

const mlp = template('mlp');
const SIZE = { width: 200, height: 80 };

const withConfig = (doc: GraphDocument, id: string, config: Record<string, unknown>): GraphDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) => (n.id === id ? { ...n, config: { ...n.config, ...config } } : n)),
});
const without = (doc: GraphDocument, id: string): GraphDocument => ({
  ...doc,
  nodes: doc.nodes.filter((n) => n.id !== id),
  edges: doc.edges.filter((e) => e.source !== id && e.target !== id),
});
/** Takes `id` out of its chain, joining its neighbours, as deleting a layer and reconnecting does. */
const bypass = (doc: GraphDocument, id: string): GraphDocument => {
  const into = doc.edges.find((e) => e.target === id)!;
  const out = doc.edges.find((e) => e.source === id)!;
  const left = without(doc, id);
  return { ...left, edges: [...left.edges, { ...out, id: 'bypass', source: into.source }] };
};
/** Puts a new layer after `after`, at `position`. */
const insertAfter = (doc: GraphDocument, after: string, node: GraphNode): GraphDocument => {
  const out = doc.edges.find((e) => e.source === after)!;
  return {
    ...doc,
    nodes: [...doc.nodes, node],
    edges: [...doc.edges.filter((e) => e !== out), { ...out, target: node.id }, { ...out, id: 'inserted', source: node.id }],
  };
};
const rewire = (doc: GraphDocument, source: string, oldTarget: string, newTarget: string): GraphDocument => ({
  ...doc,
  edges: doc.edges.map((e) => (e.source === source && e.target === oldTarget ? { ...e, target: newTarget } : e)),
});

const statuses = (doc: ReturnType<typeof diffView>) => Object.fromEntries(doc.nodes.filter((n) => n.status !== 'same').map((n) => [n.id, n.status]));
const edgeStatuses = (edges: readonly DiffViewEdge[]) => Object.fromEntries(edges.filter((e) => e.status !== 'same').map((e) => [e.id, e.status]));

const extra: GraphNode = { id: 'dropout_3', kind: 'Dropout', config: { rate: 0.1 }, position: { x: 300, y: 1000 } };

// Each case: the change from A to B, the layers not `same` and their status, the changed fields
// written on the layers, and the connections not `same`.
const cases: {
  what: string;
  a: GraphDocument;
  b: GraphDocument;
  nodes: Record<string, DiffStatus>;
  changes?: Record<string, string[]>;
  edges: Record<string, string>;
}[] = [
  { what: 'identical graphs: every layer and connection is the same', a: mlp, b: mlp, nodes: {}, edges: {} },
  {
    what: 'moved layers are layout, not a change',
    a: mlp,
    b: { ...mlp, nodes: mlp.nodes.map((n) => ({ ...n, position: { x: n.position.x + 40, y: n.position.y } })) },
    nodes: {},
    edges: {},
  },
  {
    what: 'a changed field is written `field: before → after` on its layer',
    a: withConfig(mlp, 'dropout_1', { rate: 0.2 }),
    b: mlp,
    nodes: { dropout_1: 'changed' },
    changes: { dropout_1: ['rate: 0.2 → 0.45'] },
    edges: {},
  },
  {
    what: 'two changed fields of a layer, each on its own line, in the layer’s order',
    a: mlp,
    b: withConfig(mlp, 'dense_1', { units: 128, useBias: false }),
    nodes: { dense_1: 'changed' },
    changes: { dense_1: ['units: 256 → 128', 'useBias: true → false'] },
    edges: {},
  },
  {
    what: 'an added layer and the connections into and out of it are added; the one it replaced is removed',
    a: mlp,
    b: insertAfter(mlp, 'dropout_2', extra),
    nodes: { dropout_3: 'added' },
    edges: { 'dropout_2>dropout_3': 'added', 'dropout_3>dense_3': 'added', 'dropout_2>dense_3': 'removed' },
  },
  {
    what: 'a removed layer and its connections are removed; the bypass is added',
    a: mlp,
    b: bypass(mlp, 'dropout_1'),
    nodes: { dropout_1: 'removed' },
    edges: { 'relu_1>dropout_1': 'removed', 'dropout_1>dense_2': 'removed', 'relu_1>dense_2': 'added' },
  },
  {
    what: 'a rewired connection: its old target removed, its new one added, the layers the same',
    a: mlp,
    b: rewire(mlp, 'relu_1', 'dropout_1', 'dense_2'),
    nodes: {},
    edges: { 'relu_1>dropout_1': 'removed', 'relu_1>dense_2': 'added' },
  },
  {
    what: 'a layer whose kind changed keeps its id and is changed',
    a: mlp,
    b: { ...mlp, nodes: mlp.nodes.map((n) => (n.id === 'relu_2' ? { ...n, config: { activation: 'tanh' } } : n)) },
    nodes: { relu_2: 'changed' },
    changes: { relu_2: ['activation: relu → tanh'] },
    edges: {},
  },
];

describe('diffView: the diff as layers and connections with a status', () => {
  it.each(cases)('$what', ({ a, b, nodes, changes, edges }) => {
    const view = diffView(a, b, SIZE);
    expect(statuses(view)).toEqual(nodes);
    const written = Object.fromEntries(view.nodes.filter((n) => n.changes.length > 0).map((n) => [n.id, n.changes]));
    expect(written).toEqual(changes ?? {});
    expect(edgeStatuses(view.edges)).toEqual(edges);
    // Every layer of either graph is drawn exactly once, every connection of either once.
    const ids = view.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set([...a.nodes, ...b.nodes].map((n) => n.id)));
    expect(new Set(view.edges.map((e) => e.id))).toEqual(new Set([...a.edges, ...b.edges].map((e) => `${e.source}>${e.target}`)));
    expect(view.edges.length).toBe(new Set(view.edges.map((e) => e.id)).size);
  });

  it('draws B’s layers at B’s positions and a removed layer at its A position when that is free', () => {
    const b = bypass(mlp, 'dropout_1');
    const view = diffView(mlp, b, SIZE);
    for (const n of b.nodes) expect(view.nodes.find((m) => m.id === n.id)?.position, n.id).toEqual(n.position);
    expect(view.nodes.find((n) => n.id === 'dropout_1')).toMatchObject({ status: 'removed', position: { x: 0, y: 390 }, from: 'a' });
  });

  it('moves a removed layer right, clear of the B layer now at its place', () => {
    // B replaces dropout_1 by a new layer at the same place.
    const b = insertAfter(bypass(mlp, 'dropout_1'), 'relu_1', { ...extra, position: { x: 0, y: 390 } });
    const view = diffView(mlp, b, SIZE);
    const removed = view.nodes.find((n) => n.id === 'dropout_1')!;
    expect(removed.position).toEqual({ x: SIZE.width + 24, y: 390 });
    for (const n of view.nodes) if (n !== removed) expect(Math.abs(n.position.x - removed.position.x) >= SIZE.width || Math.abs(n.position.y - removed.position.y) >= SIZE.height, n.id).toBe(true);
  });
});

const run = (valAccuracy: number | null, valLoss: number | null, test: RunOutcome['test']): RunOutcome => ({ history: [{ valAccuracy: 0, valLoss: 9 }, { valAccuracy, valLoss }], test });

describe('metricChanges: the change in metrics from A to B', () => {
  it.each([
    {
      what: 'the last epoch’s validation figures, then the test figures',
      a: run(0.86, 0.4512, { testAccuracy: 0.85, testLoss: 0.5 }),
      b: run(0.881, 0.39, { testAccuracy: 0.87, testLoss: 0.45 }),
      lines: ['val accuracy: 86.0% → 88.1%', 'val loss: 0.4512 → 0.3900', 'test accuracy: 85.0% → 87.0%', 'test loss: 0.5000 → 0.4500'],
    },
    { what: 'a run without validation or test has none to show', a: run(null, null, null), b: run(null, null, null), lines: [] },
    { what: 'a side without a value reads —', a: run(0.5, null, null), b: run(null, null, { testAccuracy: 0.6, testLoss: 1 }), lines: ['val accuracy: 50.0% → —', 'test accuracy: — → 60.0%', 'test loss: — → 1.0000'] },
    { what: 'a graph file (no run) on one side', a: null, b: run(0.9, 0.3, null), lines: ['val accuracy: — → 90.0%', 'val loss: — → 0.3000'] },
    {
      what: 'a regression target has no test accuracy, only its loss',
      a: run(null, 2, { testAccuracy: 0, testLoss: 2.5, regression: {} as never }),
      b: run(null, 1.5, { testAccuracy: 0, testLoss: 2, regression: {} as never }),
      lines: ['val loss: 2.0000 → 1.5000', 'test loss: 2.5000 → 2.0000'],
    },
    { what: 'two graph files have no metrics', a: null, b: null, lines: [] },
  ])('$what', ({ a, b, lines }) => {
    expect(metricChanges(a, b)).toEqual(lines);
  });
});
