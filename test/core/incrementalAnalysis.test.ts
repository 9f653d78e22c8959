import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseGraph, type Analysed, type GraphAnalysis } from '../../src/core/graph/analyse';
import type { GraphDocument } from '../../src/core/graph/document';
import { loadDocument } from '../../src/core/graph/load';
import { LAYER_KINDS, layerSpec } from '../../src/core/layers/catalogue';
import type { FieldSpec } from '../../src/core/layers/spec';
import { addNode, connect, moveNodes, removeElements, setDataset, setField, setLabel, setTraining } from '../../src/renderer/editor/edits';
import { removeRejoining, spliceIntoEdge } from '../../src/renderer/editor/chain';
import cnn from '../../resources/templates/cnn.json';
import mlp from '../../resources/templates/mlp.json';
import rnn from '../../resources/templates/rnn.json';

/**
 * Incremental analysis (issue 15): `analyseGraph(doc, {}, previous)` reuses what did not
 * change, and must give exactly what a full `analyseGraph(doc)` gives, after every edit of
 * every sequence. The full analysis is the oracle.
 */

type Edit = (doc: GraphDocument) => GraphDocument;

const TEMPLATES: Record<string, GraphDocument> = { mlp: loadDocument(mlp), cnn: loadDocument(cnn), rnn: loadDocument(rnn) };

const move = (id: string, x: number, y: number): Edit => (d) => moveNodes(d, new Map([[id, { x, y }]]));
const field = (id: string, name: string, value: unknown): Edit => (d) => setField(d, id, name, value);
const firstEdge = (d: GraphDocument): string => d.edges[0].id;

/** Each sequence: a template and the edits made to it, one after another. */
const SEQUENCES: { name: string; template: keyof typeof TEMPLATES; edits: Edit[] }[] = [
  { name: 'moves only', template: 'cnn', edits: [move('conv2d_1', 40, 10), move('conv2d_1', 80, 20), move('flatten', -30, 400)] },
  { name: 'units typed key by key, through an invalid value', template: 'mlp', edits: [field('dense_1', 'units', 1), field('dense_1', 'units', 12), field('dense_1', 'units', 0), field('dense_1', 'units', 128)] },
  { name: 'a kernel that no longer fits, and back', template: 'cnn', edits: [field('conv2d_2', 'kernelSize', [30, 30]), field('conv2d_2', 'kernelSize', [3, 3])] },
  { name: 'the input shape changed: every shape downstream', template: 'cnn', edits: [field('input', 'shape', [32, 32, 1]), field('input', 'shape', [784]), field('input', 'shape', [28, 28, 1])] },
  { name: 'a setting that changes no shape', template: 'mlp', edits: [field('dropout_1', 'rate', 0.2), field('dense_2', 'activation', 'tanh'), field('dense_3', 'activation', 'relu')] },
  { name: 'renamed layers', template: 'rnn', edits: [(d) => setLabel(d, d.nodes[1].id, 'first'), field(TEMPLATES.rnn.nodes[1].id, 'units', 0), (d) => setLabel(d, d.nodes[1].id, '')] },
  { name: 'an edge removed and put back', template: 'mlp', edits: [(d) => removeElements(d, [], [d.edges[2].id]), (d) => connect(d, TEMPLATES.mlp.edges[2].source, TEMPLATES.mlp.edges[2].target)] },
  { name: 'a layer spliced in, then deleted', template: 'cnn', edits: [(d) => spliceIntoEdge(d, firstEdge(d), 'Dropout', { x: 0, y: 0 }).doc, (d) => removeRejoining(d, ['dropout_1']).doc] },
  { name: 'a cycle made and broken', template: 'mlp', edits: [(d) => connect(d, 'dense_2', 'dense_1'), move('dense_1', 5, 5), (d) => removeElements(d, [], [d.edges[d.edges.length - 1].id])] },
  { name: 'an unknown kind', template: 'mlp', edits: [(d) => ({ ...d, nodes: d.nodes.map((n) => (n.id === 'dense_2' ? { ...n, kind: 'Dense3000' } : n)) }), (d) => ({ ...d, nodes: d.nodes.map((n) => (n.id === 'dense_2' ? { ...n, kind: 'Dense' } : n)) })] },
  { name: 'dataset and loss changed (rules only)', template: 'cnn', edits: [(d) => setDataset(d, 'fashion-mnist'), (d) => setTraining(d, { loss: 'meanSquaredError' }), move('input', 1, 1)] },
  { name: 'a layer added unconnected, then connected', template: 'mlp', edits: [(d) => addNode(d, 'Dense', { x: 0, y: 0 }).doc, (d) => connect(d, d.nodes[d.nodes.length - 2].id, d.nodes[d.nodes.length - 1].id)] },
];

/** Applies the edits, analysing each document from the one before, and checks each result against a full analysis. */
function checkSequence(start: GraphDocument, edits: readonly Edit[]): GraphAnalysis[] {
  let previous: Analysed = { doc: start, analysis: analyseGraph(start) };
  const results = [previous.analysis];
  for (const edit of edits) {
    const doc = edit(previous.doc);
    const analysis = analyseGraph(doc, {}, previous);
    expect(analysis).toEqual(analyseGraph(doc));
    previous = { doc, analysis };
    results.push(analysis);
  }
  return results;
}

describe('incremental analysis equals full analysis', () => {
  it.each(SEQUENCES)('$name ($template)', ({ template, edits }) => {
    checkSequence(TEMPLATES[template], edits);
  });

  it('returns the previous analysis itself when only positions changed (a drag recomputes nothing)', () => {
    const doc = TEMPLATES.cnn;
    const before = analyseGraph(doc);
    const moved = moveNodes(doc, new Map([['conv2d_1', { x: 123, y: 45 }]]));
    expect(analyseGraph(moved, {}, { doc, analysis: before })).toBe(before);
  });

  it('keeps the results of the nodes upstream of an edit and of those whose inputs did not change', () => {
    const doc = TEMPLATES.mlp;
    const before = analyseGraph(doc);
    const edited = setField(doc, 'dense_2', 'units', 64);
    const after = analyseGraph(edited, {}, { doc, analysis: before });
    const ids = doc.nodes.map((n) => n.id);
    // dense_2 and the layers whose input shape changed with it are new; the rest are the same objects.
    const changed = ids.filter((id) => after.nodes.get(id) !== before.nodes.get(id));
    expect(changed).toEqual(['dense_2', 'relu_2', 'dropout_2', 'dense_3']);
    expect(after.nodes.get('dense_3')!.params).toEqual({ trainable: 650, nonTrainable: 0 });
  });

  it('a setting that changes no shape recomputes that node alone', () => {
    const doc = TEMPLATES.mlp;
    const before = analyseGraph(doc);
    const after = analyseGraph(setField(doc, 'dropout_1', 'rate', 0.3), {}, { doc, analysis: before });
    expect(doc.nodes.map((n) => n.id).filter((id) => after.nodes.get(id) !== before.nodes.get(id))).toEqual(['dropout_1']);
  });
});

/** A value for a field: mostly sensible, sometimes out of range or of the wrong type. */
function fieldValue(spec: FieldSpec): fc.Arbitrary<unknown> {
  const wrong = fc.constantFrom<unknown>(null, 'x', -1, 0, [0]);
  switch (spec.type) {
    case 'int':
      return fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 64 }) }, { weight: 1, arbitrary: wrong });
    case 'float':
      return fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0, max: 0.9, noNaN: true }) }, { weight: 1, arbitrary: wrong });
    case 'enum':
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom<unknown>(...spec.options) }, { weight: 1, arbitrary: wrong });
    case 'bool':
      return fc.boolean();
    case 'pair':
      return fc.oneof({ weight: 4, arbitrary: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })) }, { weight: 1, arbitrary: wrong });
    case 'dims':
      return fc.oneof(fc.constantFrom<unknown>([784], [28, 28, 1], [28, 28], [7, 7, 16]), wrong);
    case 'regularizer':
      return fc.constantFrom<unknown>(null, { type: 'l2', factor: 0.01 });
  }
}

const KINDS = LAYER_KINDS.map((s) => s.kind);

/** A random edit, chosen against the document as it is when it is applied. */
type RandomEdit = { what: 'move' | 'field' | 'connect' | 'remove-edge' | 'remove-node' | 'add' | 'label'; pick: number; other: number; kind: string; value: number };

function applyRandom(doc: GraphDocument, e: RandomEdit): GraphDocument {
  const node = doc.nodes.length > 0 ? doc.nodes[e.pick % doc.nodes.length] : undefined;
  switch (e.what) {
    case 'move':
      return node ? moveNodes(doc, new Map([[node.id, { x: e.value, y: e.other }]])) : doc;
    case 'field': {
      const spec = node && layerSpec(node.kind);
      if (!spec || spec.fields.length === 0) return doc;
      const f = spec.fields[e.other % spec.fields.length];
      return setField(doc, node.id, f.name, fc.sample(fieldValue(f), { numRuns: 1, seed: e.value })[0]);
    }
    case 'connect': {
      const target = doc.nodes[e.other % Math.max(1, doc.nodes.length)];
      return node && target && node.id !== target.id ? connect(doc, node.id, target.id) : doc;
    }
    case 'remove-edge':
      return doc.edges.length > 0 ? removeElements(doc, [], [doc.edges[e.pick % doc.edges.length].id]) : doc;
    case 'remove-node':
      return node ? removeRejoining(doc, [node.id]).doc : doc;
    case 'add':
      return addNode(doc, e.kind, { x: e.value, y: e.other }).doc;
    case 'label':
      return node ? setLabel(doc, node.id, e.value % 3 === 0 ? '' : `layer ${e.value}`) : doc;
  }
}

describe('incremental analysis equals full analysis on random graphs and edits', () => {
  const edit = fc.record({
    what: fc.constantFrom<RandomEdit['what']>('move', 'move', 'field', 'field', 'field', 'connect', 'remove-edge', 'remove-node', 'add', 'label'),
    pick: fc.nat(),
    other: fc.nat(400),
    kind: fc.constantFrom(...KINDS),
    value: fc.nat(400),
  });

  it('from a template or from empty, through up to 25 random edits', () => {
    fc.assert(
      fc.property(fc.constantFrom('mlp', 'cnn', 'rnn', 'empty'), fc.array(edit, { minLength: 1, maxLength: 25 }), (start, edits) => {
        const doc = start === 'empty' ? { ...TEMPLATES.mlp, nodes: [], edges: [] } : TEMPLATES[start];
        checkSequence(
          doc,
          edits.map((e) => (d: GraphDocument) => applyRandom(d, e)),
        );
      }),
      { numRuns: 150, seed: 15 },
    );
  });
});
