import type { Edge, Node } from '@xyflow/react';
import type { GraphAnalysis, NodeAnalysis, Problem } from '../../../core/graph/analyse';
import type { GraphDocument } from '../../../core/graph/document';
import type { Selection } from '../../state/documentStore';

/**
 * What a layer node draws. It holds no position, so a node that moves keeps its data
 * object and its memoized component does not redraw its contents.
 */
export interface LayerNodeData extends Record<string, unknown> {
  readonly kind: string;
  readonly label: string | undefined;
  readonly analysis: NodeAnalysis | undefined;
  readonly problems: readonly Problem[];
  readonly isOutput: boolean;
}

export interface ShapeEdgeData extends Record<string, unknown> {
  /** The tensor shape the edge carries, when it is known. */
  readonly shape: string | null;
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;
export type ShapeFlowEdge = Edge<ShapeEdgeData, 'shape'>;

export type Measured = ReadonlyMap<string, { width: number; height: number }>;

/** A layer node's width (its CSS), and about its height: the size a node counts by before it is drawn and measured. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 80;

const NO_PROBLEMS: readonly Problem[] = [];
const problemsByNode = new WeakMap<GraphAnalysis, ReadonlyMap<string, readonly Problem[]>>();

/** The analysis's problems grouped by node, once per analysis. */
function problemsOf(analysis: GraphAnalysis): ReadonlyMap<string, readonly Problem[]> {
  let grouped = problemsByNode.get(analysis);
  if (!grouped) {
    const map = new Map<string, Problem[]>();
    for (const p of analysis.problems) if (p.nodeId) map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p]);
    grouped = map;
    problemsByNode.set(analysis, grouped);
  }
  return grouped;
}

/** Problems a node draws the same way: the same codes, severities and messages, in order. */
function sameProblems(a: readonly Problem[], b: readonly Problem[]): boolean {
  return a === b || (a.length === b.length && a.every((p, i) => p.code === b[i].code && p.severity === b[i].severity && p.message === b[i].message));
}

/**
 * React Flow's nodes, derived from the document and its analysis (never stored twice).
 * Each node of `previous` is kept, the same object, when nothing it shows changed, and so
 * is its data when only its position or selection did: React Flow and the memoized layer
 * node then skip it, and a drag redraws the moved node only.
 */
export function flowNodes(doc: GraphDocument, analysis: GraphAnalysis, selection: Selection, measured: Measured, previous: readonly LayerFlowNode[] = []): LayerFlowNode[] {
  const selected = new Set(selection.nodes);
  const problems = problemsOf(analysis);
  const before = new Map(previous.map((n) => [n.id, n]));
  let unchanged = previous.length === doc.nodes.length;
  const nodes = doc.nodes.map((node, i): LayerFlowNode => {
    const old = before.get(node.id);
    const nodeAnalysis = analysis.nodes.get(node.id);
    const isOutput = analysis.outputId === node.id;
    const nodeProblems = problems.get(node.id) ?? NO_PROBLEMS;
    const keepData =
      old !== undefined &&
      old.data.kind === node.kind &&
      old.data.label === node.label &&
      old.data.analysis === nodeAnalysis &&
      old.data.isOutput === isOutput &&
      sameProblems(old.data.problems, nodeProblems);
    const data = keepData ? old.data : { kind: node.kind, label: node.label, analysis: nodeAnalysis, problems: nodeProblems, isOutput };
    const isSelected = selected.has(node.id);
    const size = measured.get(node.id);
    if (old && old.data === data && old.position === node.position && old.selected === isSelected && old.measured === size) {
      if (previous[i] !== old) unchanged = false;
      return old;
    }
    unchanged = false;
    return { id: node.id, type: 'layer', position: node.position, selected: isSelected, measured: size, initialWidth: NODE_WIDTH, initialHeight: NODE_HEIGHT, data };
  });
  return unchanged ? (previous as LayerFlowNode[]) : nodes;
}

/** React Flow's edges, each kept from `previous` (the same object) when its ends, selection and shape are unchanged. */
export function flowEdges(
  doc: GraphDocument,
  analysis: GraphAnalysis,
  selection: Selection,
  shapeOf: (nodeId: string) => string | null,
  previous: readonly ShapeFlowEdge[] = [],
): ShapeFlowEdge[] {
  const selected = new Set(selection.edges);
  void analysis;
  const before = new Map(previous.map((e) => [e.id, e]));
  let unchanged = previous.length === doc.edges.length;
  const edges = doc.edges.map((edge, i): ShapeFlowEdge => {
    const old = before.get(edge.id);
    const isSelected = selected.has(edge.id);
    const shape = shapeOf(edge.source);
    if (old && old.source === edge.source && old.target === edge.target && old.selected === isSelected && old.data?.shape === shape) {
      if (previous[i] !== old) unchanged = false;
      return old;
    }
    unchanged = false;
    return { id: edge.id, type: 'shape', source: edge.source, sourceHandle: 'out', target: edge.target, targetHandle: 'in', selected: isSelected, data: { shape } };
  });
  return unchanged ? (previous as ShapeFlowEdge[]) : edges;
}
