import { describe, expect, it } from 'vitest';
import { diffGraphs, formatDiff, type GraphDiff } from '../../../src/core/experiments/diff';
import type { GraphDocument } from '../../../src/core/graph/document';
import { template } from '../../engine/fixtures';

const mlp = template('mlp');
const nodeIds = mlp.nodes.map((n) => n.id);
const dense = mlp.nodes.find((n) => n.kind === 'Dense')!;
const dropout = mlp.nodes.find((n) => n.kind === 'Dropout')!;

const withNode = (doc: GraphDocument, id: string, config: Record<string, unknown>): GraphDocument => ({
  ...doc,
  nodes: doc.nodes.map((n) => (n.id === id ? { ...n, config: { ...n.config, ...config } } : n)),
});

const empty: GraphDiff = { added: [], removed: [], changed: [], connectionsAdded: [], connectionsRemoved: [], training: [], dataset: [] };

// Each case: what the change is, the second graph, and the whole diff it must give (the first graph is the MLP template).
const cases: { what: string; after: () => GraphDocument; diff: Partial<GraphDiff> }[] = [
  { what: 'the same graph gives an empty diff', after: () => mlp, diff: {} },
  { what: 'moving a node is layout, not a change', after: () => ({ ...mlp, nodes: mlp.nodes.map((n) => ({ ...n, position: { x: n.position.x + 50, y: n.position.y } })) }), diff: {} },
  {
    what: 'a changed field is listed by node id with its old and new value',
    after: () => withNode(mlp, dropout.id, { rate: 0.3 }),
    diff: { changed: [{ id: dropout.id, kind: 'Dropout', changes: [{ field: 'rate', before: dropout.config.rate, after: 0.3 }] }] },
  },
  {
    what: 'two fields of one node, and an object-valued field compared whole',
    after: () => withNode(mlp, dense.id, { units: 7, kernelRegularizer: { type: 'l2', factor: 0.01 } }),
    diff: {
      changed: [
        {
          id: dense.id,
          kind: 'Dense',
          changes: [
            { field: 'units', before: dense.config.units, after: 7 },
            { field: 'kernelRegularizer', before: dense.config.kernelRegularizer, after: { type: 'l2', factor: 0.01 } },
          ].sort((a, b) => Object.keys(dense.config).indexOf(a.field) - Object.keys(dense.config).indexOf(b.field)),
        },
      ],
    },
  },
  {
    what: 'a removed node and its connections',
    after: () => ({ ...mlp, nodes: mlp.nodes.filter((n) => n.id !== dropout.id), edges: mlp.edges.filter((e) => e.source !== dropout.id && e.target !== dropout.id) }),
    diff: {
      removed: [{ id: dropout.id, kind: 'Dropout' }],
      connectionsRemoved: mlp.edges.filter((e) => e.source === dropout.id || e.target === dropout.id).map((e) => `${e.source} → ${e.target}`),
    },
  },
  {
    what: 'an added node',
    after: () => ({ ...mlp, nodes: [...mlp.nodes, { id: 'extra_1', kind: 'Dropout', config: { rate: 0.1 }, position: { x: 0, y: 0 } }] }),
    diff: { added: [{ id: 'extra_1', kind: 'Dropout' }] },
  },
  {
    what: 'training settings by path, a field only one optimizer has shown against none',
    after: () => ({ ...mlp, training: { ...mlp.training, batchSize: 32, optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.9 } } }),
    diff: {
      training: [
        ...(['type', 'learningRate', 'beta1', 'beta2', 'epsilon', 'momentum'] as const)
          .map((k) => ({ field: `optimizer.${k}`, before: (mlp.training.optimizer as Record<string, unknown>)[k], after: ({ type: 'sgd', learningRate: 0.1, momentum: 0.9 } as Record<string, unknown>)[k] }))
          .filter((c) => c.before !== c.after),
        { field: 'batchSize', before: mlp.training.batchSize, after: 32 },
      ].sort((a, b) => order(a.field) - order(b.field)),
    },
  },
];

/** A training path's place in the MLP's own settings (new paths last). */
function order(field: string): number {
  const paths = [...Object.keys(mlp.training.optimizer).map((k) => `optimizer.${k}`)];
  const flat: string[] = [];
  for (const k of Object.keys(mlp.training)) {
    if (k === 'optimizer') flat.push(...paths);
    else flat.push(k);
  }
  const i = flat.indexOf(field);
  return i === -1 ? 1000 : i;
}

describe('diffGraphs', () => {
  it('starts from the MLP template, a Dense and a Dropout in it', () => {
    expect(nodeIds).toContain(dense.id);
    expect(mlp.training.optimizer.type).toBe('adam');
  });
  it.each(cases)('$what', ({ after, diff }) => {
    expect(diffGraphs(mlp, after())).toEqual({ ...empty, ...diff });
  });
  it('formats a changed field as old → new, and no change as the same', () => {
    const text = formatDiff(diffGraphs(mlp, withNode(mlp, dropout.id, { rate: 0.3 })));
    expect(text).toEqual([`~ ${dropout.id}.rate: ${String(dropout.config.rate)} → 0.3`]);
    expect(formatDiff(diffGraphs(mlp, mlp))).toEqual(['The graphs and their settings are the same.']);
  });
  it('MLP → CNN: every MLP-only layer removed, every CNN-only layer added, by the files', () => {
    const cnn = template('cnn');
    const d = diffGraphs(mlp, cnn);
    const cnnIds = new Set(cnn.nodes.map((n) => n.id));
    const mlpIds = new Set(nodeIds);
    expect(d.removed.map((n) => n.id)).toEqual(nodeIds.filter((id) => !cnnIds.has(id)));
    expect(d.added.map((n) => n.id)).toEqual(cnn.nodes.map((n) => n.id).filter((id) => !mlpIds.has(id)));
  });
});
