import { describe, expect, it } from 'vitest';
import { analyseGraph } from '../../src/core/graph/analyse';
import type { GraphDocument } from '../../src/core/graph/document';
import { openGraphText } from '../../src/core/graph/open';
import { toKerasFile, toTfjsModelJson } from '../../src/core/keras/toKeras';
import { graph } from '../support/graphs';
import { EXPORT_GRAPHS } from './graphs';

/**
 * Export then import gives back the same graph, positions aside: every node's id, kind,
 * label and full config, every node's inputs in order, the dataset and all training
 * settings, through Keras JSON and through a tfjs model.json.
 */
const FORMATS = [
  { format: 'keras', write: (doc: GraphDocument) => JSON.stringify(toKerasFile(doc)), source: 'keras' },
  { format: 'tfjs', write: (doc: GraphDocument) => JSON.stringify(toTfjsModelJson(doc)), source: 'tfjs' },
] as const;

const GRAPHS = [
  ...EXPORT_GRAPHS,
  {
    name: 'labels, Fashion-MNIST and fit settings',
    doc: () =>
      graph(
        [
          ['in', 'Input', { shape: [28, 28] }],
          ['gru', 'GRU', { units: 12, returnSequences: true, kernelRegularizer: { type: 'l1', factor: 0.01 }, biasRegularizer: { type: 'l2', factor: 0.02 } }],
          ['flat', 'Flatten'],
          ['out', 'Dense', { units: 10, activation: 'softmax' }],
        ],
        [['in', 'gru'], ['gru', 'flat'], ['flat', 'out']],
        {
          name: 'Fashion GRU (v2)',
          dataset: { name: 'fashion-mnist' },
          training: { epochs: 7, batchSize: 32, validationSplit: 0.2, optimizer: { type: 'sgd', learningRate: 0.1, momentum: 0.5 } },
        },
      ),
    labels: { gru: 'Recurrent block', out: 'Classifier' },
  },
];

/** What a graph is, without where its nodes sit: each node's inputs in the order a merge reads them. */
function essence(doc: GraphDocument) {
  return {
    name: doc.name,
    dataset: doc.dataset,
    training: doc.training,
    nodes: [...doc.nodes]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((n) => ({ id: n.id, kind: n.kind, label: n.label, config: n.config, inputs: doc.edges.filter((e) => e.target === n.id).map((e) => e.source) })),
  };
}

/** The one deliberate change: a Reshape's -1 is written as the dimension it stands for, since tfjs cannot build the layer after it. */
function resolveReshapes(doc: GraphDocument): GraphDocument {
  const analysis = analyseGraph(doc);
  return {
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.kind === 'Reshape' ? { ...n, config: { ...n.config, targetShape: analysis.nodes.get(n.id)!.outputShape!.slice(1) } } : n,
    ),
  };
}

describe('export then import gives back the graph', () => {
  const cases = FORMATS.flatMap((f) => GRAPHS.map((g) => ({ ...f, ...g, title: `${f.format}: ${g.name}` })));
  it.each(cases)('$title', ({ doc: make, write, source, ...rest }) => {
    const labels = 'labels' in rest ? (rest.labels as Record<string, string>) : {};
    const base = make();
    const doc = { ...base, nodes: base.nodes.map((n) => (labels[n.id] ? { ...n, label: labels[n.id] } : n)) };
    const opened = openGraphText(write(doc), 'model.json');
    expect(opened.source).toBe(source);
    expect(opened.notes).toEqual([]);
    expect(essence(opened.document)).toEqual(essence(resolveReshapes(doc)));
  });
});
