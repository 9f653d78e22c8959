import type { Node, NodeChange } from '@xyflow/react';
import type { GraphAnalysis } from '../../../core/graph/analyse';
import type { GraphDocument, GraphGroup } from '../../../core/graph/document';
import { groupById, groupsOf, groupSummary, type GroupSummary } from '../../../core/graph/groups';
import type { Selection } from '../../state/documentStore';
import type { LayerFlowNode, Measured, ShapeFlowEdge } from './flowElements';

/**
 * The canvas's view of groups, laid over the layer nodes and edges flowElements.ts makes:
 * a collapsed group is one node (its name, member count, summed parameters, shapes in and
 * out) standing where its members' top-left corner is, with the edges to and from members
 * drawn to it and those inside hidden; an expanded group is a labelled frame behind its
 * members, which show in place. Derived from the document, never stored; a document
 * without groups gets the very arrays it came with.
 */

export interface GroupNodeData extends Record<string, unknown> {
  readonly group: GraphGroup;
  readonly summary: GroupSummary;
}

/** Not 'group': React Flow styles its own node type of that name. */
export type GroupFlowNode = Node<GroupNodeData, 'layerGroup'>;
export type GroupFrameFlowNode = Node<GroupNodeData, 'groupFrame'>;
export type CanvasFlowNode = LayerFlowNode | GroupFlowNode | GroupFrameFlowNode;

/** Node ids never hold a colon, so these ids cannot meet a layer's. */
const GROUP_PREFIX = 'group:';
const FRAME_PREFIX = 'frame:';
export const groupFlowId = (groupId: string): string => `${GROUP_PREFIX}${groupId}`;
export const frameFlowId = (groupId: string): string => `${FRAME_PREFIX}${groupId}`;

/** The group a collapsed node or a frame stands for; null for a layer's node. */
export function groupIdOfFlowNode(flowId: string): string | null {
  if (flowId.startsWith(GROUP_PREFIX)) return flowId.slice(GROUP_PREFIX.length);
  if (flowId.startsWith(FRAME_PREFIX)) return flowId.slice(FRAME_PREFIX.length);
  return null;
}

/** A layer node's size before React Flow has measured it. */
const LAYER_SIZE = { width: 200, height: 84 };
/** The room a frame leaves around its members, and above them for its title. */
export const FRAME_PAD = 16;
export const FRAME_TITLE = 30;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The area a group's members cover on the canvas. */
function membersBox(doc: GraphDocument, group: GraphGroup, measured: Measured): Box {
  const members = new Set(group.nodes);
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const n of doc.nodes) {
    if (!members.has(n.id)) continue;
    const size = measured.get(n.id) ?? LAYER_SIZE;
    left = Math.min(left, n.position.x);
    top = Math.min(top, n.position.y);
    right = Math.max(right, n.position.x + size.width);
    bottom = Math.max(bottom, n.position.y + size.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** Where a group's own node stands: a collapsed node at its members' top-left, a frame around them. Sizes do not move it. */
function groupPosition(doc: GraphDocument, group: GraphGroup): { x: number; y: number } {
  const box = membersBox(doc, group, new Map());
  return group.collapsed ? { x: box.x, y: box.y } : { x: box.x - FRAME_PAD, y: box.y - FRAME_PAD - FRAME_TITLE };
}

/**
 * The canvas's nodes with groups: the layer nodes of collapsed groups replaced by one node
 * each, frames (first, so they lie behind) around expanded ones. A group's node is selected
 * when all its members are.
 */
export function withGroupNodes(layers: readonly LayerFlowNode[], doc: GraphDocument, analysis: GraphAnalysis, selection: Selection, measured: Measured): CanvasFlowNode[] {
  const groups = groupsOf(doc);
  if (groups.length === 0) return layers as LayerFlowNode[];
  const selected = new Set(selection.nodes);
  const hidden = new Set(groups.filter((g) => g.collapsed).flatMap((g) => g.nodes));
  const frames: GroupFrameFlowNode[] = [];
  const blocks: GroupFlowNode[] = [];
  for (const group of groups) {
    const data = { group, summary: groupSummary(doc, analysis, group) };
    const isSelected = group.nodes.every((id) => selected.has(id));
    if (group.collapsed) {
      const id = groupFlowId(group.id);
      blocks.push({ id, type: 'layerGroup', position: groupPosition(doc, group), selected: isSelected, measured: measured.get(id), data });
    } else {
      const box = membersBox(doc, group, measured);
      const width = box.width + 2 * FRAME_PAD;
      const height = box.height + 2 * FRAME_PAD + FRAME_TITLE;
      frames.push({
        id: frameFlowId(group.id),
        type: 'groupFrame',
        position: groupPosition(doc, group),
        width,
        height,
        measured: { width, height },
        selected: isSelected,
        connectable: false,
        zIndex: -1,
        className: 'group-frame-node',
        data,
      });
    }
  }
  return [...frames, ...layers.filter((n) => !hidden.has(n.id)), ...blocks];
}

/**
 * The canvas's edges with groups: an edge with an end inside a collapsed group is drawn to
 * that group's node, and one with both ends inside the same collapsed group is not drawn.
 * Each keeps its id, so selecting and deleting it act on the document's edge.
 */
export function withGroupEdges(edges: readonly ShapeFlowEdge[], doc: GraphDocument): ShapeFlowEdge[] {
  const collapsedOf = new Map<string, string>();
  for (const g of groupsOf(doc)) if (g.collapsed) for (const id of g.nodes) collapsedOf.set(id, groupFlowId(g.id));
  if (collapsedOf.size === 0) return edges as ShapeFlowEdge[];
  const out: ShapeFlowEdge[] = [];
  for (const edge of edges) {
    const source = collapsedOf.get(edge.source);
    const target = collapsedOf.get(edge.target);
    if (source !== undefined && source === target) continue;
    out.push(source === undefined && target === undefined ? edge : { ...edge, source: source ?? edge.source, target: target ?? edge.target });
  }
  return out;
}

/**
 * The layer a connection drawn to or from a collapsed group's node means: from a group, its
 * last layer (the first member that feeds nothing inside it); into a group, its first (the
 * first member fed by nothing inside it). A layer's id comes back as it is.
 */
export function connectionEnd(doc: GraphDocument, flowId: string | null | undefined, end: 'source' | 'target'): string | null | undefined {
  if (!flowId) return flowId;
  const groupId = groupIdOfFlowNode(flowId);
  const group = groupId === null ? undefined : groupById(doc, groupId);
  if (!group) return flowId;
  const members = new Set(group.nodes);
  const inner = doc.edges.filter((e) => members.has(e.source) && members.has(e.target));
  const busy = new Set(inner.map((e) => (end === 'source' ? e.source : e.target)));
  return group.nodes.find((id) => !busy.has(id)) ?? group.nodes[0];
}

/**
 * React Flow's changes to a group's node or frame as changes to its members: a move moves
 * every member by as much, a (de)selection (de)selects them all. Every other change passes
 * as it is (a group node's measured size too).
 */
export function memberChanges(changes: readonly NodeChange<CanvasFlowNode>[], doc: GraphDocument): NodeChange<LayerFlowNode>[] {
  if (groupsOf(doc).length === 0) return changes as NodeChange<LayerFlowNode>[];
  const out: NodeChange<LayerFlowNode>[] = [];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const change of changes) {
    const groupId = 'id' in change ? groupIdOfFlowNode(change.id) : null;
    const group = groupId === null ? undefined : groupById(doc, groupId);
    if (!group || (change.type !== 'position' && change.type !== 'select')) {
      out.push(change as NodeChange<LayerFlowNode>);
      continue;
    }
    if (change.type === 'select') {
      for (const id of group.nodes) out.push({ type: 'select', id, selected: change.selected });
      continue;
    }
    if (!change.position) continue;
    const from = groupPosition(doc, group);
    const dx = Math.round(change.position.x - from.x);
    const dy = Math.round(change.position.y - from.y);
    for (const id of group.nodes) {
      const node = byId.get(id);
      if (node) out.push({ type: 'position', id, position: { x: node.position.x + dx, y: node.position.y + dy }, dragging: change.dragging });
    }
  }
  return out;
}
