import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseGraph, type Problem } from '../../src/core/graph/analyse';
import type { GraphDocument } from '../../src/core/graph/document';
import { PROBLEM_CODE_NAMES, problemCodesMarkdown, type ProblemCode } from '../../src/core/problems/codes';
import { applyFix } from '../../src/renderer/editor/edits';
import { graph, rawStack, stack, type LayerLine } from '../support/graphs';

/**
 * Problem codes, as tables: each case is a graph that must produce a problem with a given
 * code (on a given node). Every code the analysis knows is produced by at least one case, and
 * every problem that offers a fix is fixed by it: applied as the editor applies it, the graph
 * re-analysed, the problem is gone and no new error appears.
 */
const out10: LayerLine = ['out', 'Dense', { units: 10, activation: 'softmax' }];
const mnistVector: LayerLine = ['in', 'Input', { shape: [784] }];
const mnistImage: LayerLine = ['in', 'Input', { shape: [28, 28, 1] }];

/** A document whose node `id` has a kind NetCanvas does not know, as an editor may hold one read from a newer version. */
function withKind(doc: GraphDocument, id: string, kind: string): GraphDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, kind } : n)) };
}

interface Case {
  readonly name: string;
  readonly doc: () => GraphDocument;
  readonly code: ProblemCode;
  readonly node?: string;
}

const CASES: readonly Case[] = [
  { name: 'an empty graph', doc: () => rawStack([]), code: 'empty-graph' },
  { name: 'no Input', doc: () => graph([['a', 'Dense', { units: 8 }], out10], [['a', 'out']]), code: 'no-input' },
  {
    name: 'a cycle through an Add',
    doc: () => graph([mnistVector, ['a', 'Dense', { units: 8 }], ['b', 'Dense', { units: 8 }], ['j', 'Add'], out10], [['in', 'a'], ['a', 'j'], ['j', 'b'], ['b', 'j'], ['b', 'out']]),
    code: 'cycle',
    node: 'j',
  },
  { name: 'two ends', doc: () => graph([mnistVector, ['a', 'Dense', { units: 10, activation: 'softmax' }], ['b', 'Dense', { units: 10, activation: 'softmax' }]], [['in', 'a'], ['in', 'b']]), code: 'several-ends' },
  { name: 'more parameters than NetCanvas trains', doc: () => stack([mnistVector, ['d', 'Dense', { units: 1_000_000 }], out10]), code: 'too-many-params' },
  { name: 'a layer with no input', doc: () => graph([mnistVector, ['lonely', 'Dense', { units: 8 }], out10], [['in', 'out']]), code: 'not-connected', node: 'lonely' },
  { name: 'an Add with one input', doc: () => stack([mnistVector, ['j', 'Add'], out10]), code: 'merge-one-input', node: 'j' },
  { name: 'an Input with an incoming edge', doc: () => graph([mnistVector, ['a', 'Dense', { units: 8 }], ['in2', 'Input', { shape: [8] }], out10], [['in', 'a'], ['a', 'in2'], ['a', 'out']]), code: 'input-has-incoming', node: 'in2' },
  { name: 'an Input not connected', doc: () => graph([mnistVector, ['spare', 'Input', { shape: [784] }], out10], [['in', 'out']]), code: 'input-unused', node: 'spare' },
  {
    name: 'a single-input layer fed twice',
    doc: () => graph([mnistVector, ['a', 'Dense', { units: 8 }], ['b', 'Dense', { units: 8 }], out10], [['in', 'a'], ['in', 'b'], ['a', 'out'], ['b', 'out']]),
    code: 'too-many-inputs',
    node: 'out',
  },
  { name: 'an unknown kind', doc: () => withKind(stack([mnistVector, ['x', 'Dense', { units: 8 }], out10]), 'x', 'Wormhole'), code: 'unknown-kind', node: 'x' },
  { name: 'a setting out of range', doc: () => rawStack([mnistVector, ['d', 'Dense', { units: -3 }], out10]), code: 'invalid-config', node: 'd' },
  { name: 'Conv2D on a vector', doc: () => stack([mnistVector, ['c', 'Conv2D', { filters: 8 }], ['f', 'Flatten'], out10]), code: 'rank-mismatch', node: 'c' },
  { name: 'an LSTM on a vector', doc: () => stack([mnistVector, ['r', 'LSTM', { units: 8 }], out10]), code: 'rank-mismatch', node: 'r' },
  {
    name: 'an Add of different widths',
    doc: () => graph([mnistVector, ['a', 'Dense', { units: 8 }], ['b', 'Dense', { units: 16 }], ['j', 'Add'], out10], [['in', 'a'], ['in', 'b'], ['a', 'j'], ['b', 'j'], ['j', 'out']]),
    code: 'shape-mismatch',
    node: 'j',
  },
  { name: 'a window larger than the image', doc: () => stack([mnistImage, ['c', 'Conv2D', { filters: 4, kernelSize: [40, 40] }], ['f', 'Flatten'], out10]), code: 'window-too-large', node: 'c' },
  { name: 'a Reshape that does not hold the values', doc: () => stack([mnistVector, ['r', 'Reshape', { targetShape: [10, 10, 1] }], ['f', 'Flatten'], out10]), code: 'reshape-size', node: 'r' },
  {
    name: 'a Concatenate axis outside its inputs',
    doc: () => graph([mnistVector, ['a', 'Dense', { units: 8 }], ['b', 'Dense', { units: 8 }], ['j', 'Concatenate', { axis: 3 }], out10], [['in', 'a'], ['in', 'b'], ['a', 'j'], ['b', 'j'], ['j', 'out']]),
    code: 'axis-out-of-range',
    node: 'j',
  },
  { name: 'BatchNormalization without scale', doc: () => stack([mnistVector, ['bn', 'BatchNormalization', { scale: false }], out10]), code: 'tfjs-cannot-train', node: 'bn' },
  { name: 'an Input of the wrong size', doc: () => stack([['in', 'Input', { shape: [100] }], out10]), code: 'dataset-shape', node: 'in' },
  { name: 'Dense on an image', doc: () => stack([mnistImage, ['c', 'Conv2D', { filters: 4 }], ['d', 'Dense', { units: 10, activation: 'softmax' }]]), code: 'output-rank', node: 'd' },
  { name: 'a Conv2D as the last layer', doc: () => stack([mnistImage, ['c', 'Conv2D', { filters: 4 }]]), code: 'output-rank', node: 'c' },
  { name: 'five output units for ten classes', doc: () => stack([mnistVector, ['out', 'Dense', { units: 5, activation: 'softmax' }]]), code: 'output-units', node: 'out' },
  {
    name: 'categorical cross-entropy for a binary target (own data the graph file describes)',
    doc: () => {
      const d = stack([['in', 'Input', { shape: [4] }], ['out', 'Dense', { units: 1, activation: 'sigmoid' }]]);
      return { ...d, dataset: { ...d.dataset, file: { path: 'yes-no.csv', description: { id: 'yes-no', label: 'yes-no.csv', kind: 'table', inputShape: [4], task: 'binary', classNames: ['no', 'yes'] } } } };
    },
    code: 'loss-task',
  },
  { name: 'a linear output for categorical cross-entropy', doc: () => stack([mnistVector, ['out', 'Dense', { units: 10, activation: 'linear' }]]), code: 'loss-activation', node: 'out' },
];

const errorKeys = (problems: readonly Problem[]) => new Set(problems.filter((p) => p.severity === 'error').map((p) => `${p.code}@${p.nodeId ?? ''}`));

describe('problem codes', () => {
  it.each(CASES)('$name gives $code', ({ doc, code, node }) => {
    const { problems } = analyseGraph(doc());
    const match = problems.find((p) => p.code === code && (node === undefined || p.nodeId === node));
    expect(match, `expected ${code} on ${node ?? 'the graph'}; got ${problems.map((p) => `${p.code}@${p.nodeId}: ${p.message}`).join('; ')}`).toBeDefined();
  });

  // Codes no graph in the table can reach on the built-in datasets; each says why.
  const UNREACHED: Partial<Record<ProblemCode, string>> = {
    'not-from-input': 'needs a layer fed only from a cycle with no Input, which the cycle rule reports first',
    'input-not-to-output': 'needs a second Input whose branch ends elsewhere, which several-ends reports',
    'unknown-dimension': 'needs a dimension left unknown, which no Input of a built-in dataset has',
    'dimension-below-one': 'needs a stride/shape pair that window-too-large reports first',
  };

  it('every code is produced by a case, or says why not', () => {
    const produced = new Set(CASES.map((c) => c.code));
    const missing = PROBLEM_CODE_NAMES.filter((c) => !produced.has(c) && !(c in UNREACHED));
    expect(missing).toEqual([]);
  });

  const fixable = CASES.flatMap((c) => {
    const doc = c.doc();
    return analyseGraph(doc)
      .problems.filter((p) => p.fix && p.nodeId && p.code === c.code)
      .map((p) => ({ name: `${c.name}: ${p.fix!.kind}`, doc, problem: p }));
  });

  it('the table holds fixes of every kind', () => {
    expect(new Set(fixable.map((f) => f.problem.fix!.kind))).toEqual(new Set(['insert-before', 'insert-after', 'set-field']));
  });

  it.each(fixable)('$name: applying the fix removes the problem and adds no error', ({ doc, problem }) => {
    const before = analyseGraph(doc);
    const { doc: fixed } = applyFix(doc, problem.nodeId!, problem.fix!);
    const after = analyseGraph(fixed);
    expect(after.problems.filter((p) => p.code === problem.code && p.nodeId === problem.nodeId)).toEqual([]);
    const old = errorKeys(before.problems);
    const added = [...errorKeys(after.problems)].filter((k) => !old.has(k));
    expect(added, after.problems.map((p) => p.message).join('\n')).toEqual([]);
  });

  it('a Conv2D as the last layer is fixed by a classifier after it, not a Flatten before it', () => {
    const doc = stack([mnistImage, ['c', 'Conv2D', { filters: 4 }]]);
    const problem = analyseGraph(doc).problems.find((p) => p.code === 'output-rank')!;
    const { doc: fixed } = applyFix(doc, 'c', problem.fix!);
    const after = analyseGraph(fixed);
    expect(after.valid, after.problems.map((p) => p.message).join('\n')).toBe(true);
    // The Input still feeds the Conv2D directly.
    expect(fixed.edges.some((e) => e.source === 'in' && e.target === 'c')).toBe(true);
  });

  it('docs/graph-format.md lists exactly the codes, as the code table says', () => {
    const text = readFileSync(path.resolve(__dirname, '../../docs/graph-format.md'), 'utf8');
    expect(text).toContain(problemCodesMarkdown());
  });
});
