import type { Edge, Node } from '@xyflow/react';
import type { GraphAnalysis, NodeAnalysis, Problem } from '../../../core/graph/analyse';
import type { GraphDocument, GraphNode } from '../../../core/graph/document';
import type { Selection } from '../../state/documentStore';

export interface LayerNodeData extends Record<string, unknown> {
  readonly node: GraphNode;
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

/** React Flow's nodes, derived from the document and its analysis (never stored twice). */
export function flowNodes(doc: GraphDocument, analysis: GraphAnalysis, selection: Selection, measured: Measured): LayerFlowNode[] {
  const selected = new Set(selection.nodes);
  const problems = new Map<string, Problem[]>();
  for (const p of analysis.problems) if (p.nodeId) problems.set(p.nodeId, [...(problems.get(p.nodeId) ?? []), p]);
  return doc.nodes.map((node) => ({
    id: node.id,
    type: 'layer',
    position: node.position,
    selected: selected.has(node.id),
    measured: measured.get(node.id),
    data: { node, analysis: analysis.nodes.get(node.id), problems: problems.get(node.id) ?? [], isOutput: analysis.outputId === node.id },
  }));
}

export function flowEdges(doc: GraphDocument, analysis: GraphAnalysis, selection: Selection, shapeOf: (nodeId: string) => string | null): ShapeFlowEdge[] {
  const selected = new Set(selection.edges);
  void analysis;
  return doc.edges.map((edge) => ({
    id: edge.id,
    type: 'shape',
    source: edge.source,
    sourceHandle: 'out',
    target: edge.target,
    targetHandle: 'in',
    selected: selected.has(edge.id),
    data: { shape: shapeOf(edge.source) },
  }));
}
