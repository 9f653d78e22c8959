import type { GraphDocument, GraphEdge, GraphNode } from '../../core/graph/document';
import { closeCollapsedGaps } from '../../core/graph/groups';
import { arrangeLayout, type ArrangeOptions } from '../../core/graph/layout';
import type { Fix, FixLayer } from '../../core/layers/problem';
import { layerSpec } from '../../core/layers/catalogue';
import { defaultConfig } from '../../core/layers/spec';
import type { TrainingConfig, DatasetName } from '../../core/training/config';

/**
 * The editor's changes to a document, as pure functions: a document in, a new document
 * out. Nothing here knows about React, the store or the history.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** `conv2d`, `max_pooling2d`: Keras's naming of a layer kind. */
export function snakeKind(kind: string): string {
  return kind
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The next free id for a node of `kind`, Keras style: `dense_1`, `dense_2`, … */
export function nextNodeId(doc: GraphDocument, kind: string, taken: ReadonlySet<string> = new Set()): string {
  const base = snakeKind(kind);
  const used = new Set([...doc.nodes.map((n) => n.id), ...taken]);
  for (let i = 1; ; i++) {
    const id = `${base}_${i}`;
    if (!used.has(id)) return id;
  }
}

function nextEdgeId(doc: GraphDocument, source: string, target: string): string {
  const used = new Set(doc.edges.map((e) => e.id));
  const base = `e_${source}_${target}`.slice(0, 60);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** Adds a layer of `kind` with its default settings. */
export function addNode(doc: GraphDocument, kind: string, position: Point): { doc: GraphDocument; id: string } {
  const spec = layerSpec(kind);
  if (!spec) throw new Error(`Unknown layer kind '${kind}'`);
  const id = nextNodeId(doc, kind);
  const node: GraphNode = { id, kind, config: defaultConfig(spec) as Record<string, unknown>, position: { x: Math.round(position.x), y: Math.round(position.y) } };
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, id };
}

export function connect(doc: GraphDocument, source: string, target: string): GraphDocument {
  if (doc.edges.some((e) => e.source === source && e.target === target)) return doc;
  const edge: GraphEdge = { id: nextEdgeId(doc, source, target), source, sourcePort: 'out', target, targetPort: 'in' };
  return { ...doc, edges: [...doc.edges, edge] };
}

/** Removes nodes (with their edges) and edges. */
export function removeElements(doc: GraphDocument, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): GraphDocument {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return doc;
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
    edges: doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

export function moveNodes(doc: GraphDocument, positions: ReadonlyMap<string, Point>): GraphDocument {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    const p = positions.get(n.id);
    if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  return changed ? { ...doc, nodes } : doc;
}

/** Sets one config field; the value may be invalid for a moment while a person types, and analysis reports it. */
export function setField(doc: GraphDocument, nodeId: string, field: string, value: unknown): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === nodeId ? { ...n, config: { ...n.config, [field]: value } } : n)),
  };
}

export function setLabel(doc: GraphDocument, nodeId: string, label: string): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.id !== nodeId) return n;
      const { label: _old, ...rest } = n;
      return label.trim() === '' ? rest : { ...rest, label };
    }),
  };
}

/** Puts a new layer of `kind` between a node and everything that feeds it. */
export function insertBefore(doc: GraphDocument, nodeId: string, kind: string): { doc: GraphDocument; id: string } {
  const target = doc.nodes.find((n) => n.id === nodeId);
  if (!target) throw new Error(`No node '${nodeId}'`);
  const added = addNode(doc, kind, { x: target.position.x, y: target.position.y });
  let next = added.doc;
  const incoming = next.edges.filter((e) => e.target === nodeId);
  next = { ...next, edges: next.edges.filter((e) => e.target !== nodeId) };
  for (const e of incoming) next = connect(next, e.source, added.id);
  next = connect(next, added.id, nodeId);
  // Make room: the node and everything below it move down one row.
  const shift = 110;
  next = { ...next, nodes: next.nodes.map((n) => (n.id !== added.id && n.position.y >= target.position.y ? { ...n, position: { x: n.position.x, y: n.position.y + shift } } : n)) };
  return { doc: next, id: added.id };
}

/** Puts a chain of new layers between a node and everything it feeds; returns the last one's id. */
export function insertAfter(doc: GraphDocument, nodeId: string, layers: readonly FixLayer[]): { doc: GraphDocument; id: string } {
  const source = doc.nodes.find((n) => n.id === nodeId);
  if (!source) throw new Error(`No node '${nodeId}'`);
  const outgoing = doc.edges.filter((e) => e.source === nodeId);
  // Make room: everything below the node moves down one row per added layer.
  const shift = 110;
  let next: GraphDocument = {
    ...doc,
    edges: doc.edges.filter((e) => e.source !== nodeId),
    nodes: doc.nodes.map((n) => (n.position.y > source.position.y ? { ...n, position: { x: n.position.x, y: n.position.y + shift * layers.length } } : n)),
  };
  let last = nodeId;
  layers.forEach((layer, i) => {
    const added = addNode(next, layer.layer, { x: source.position.x, y: source.position.y + shift * (i + 1) });
    next = added.doc;
    for (const [field, value] of Object.entries(layer.config ?? {})) next = setField(next, added.id, field, value);
    next = connect(next, last, added.id);
    last = added.id;
  });
  for (const e of outgoing) next = connect(next, last, e.target);
  return { doc: next, id: last };
}

/** Applies a problem's fix to its node. */
export function applyFix(doc: GraphDocument, nodeId: string, fix: Fix): { doc: GraphDocument; select: string } {
  if (fix.kind === 'set-field') return { doc: setField(doc, nodeId, fix.field, fix.value), select: nodeId };
  const inserted = fix.kind === 'insert-before' ? insertBefore(doc, nodeId, fix.layer) : insertAfter(doc, nodeId, fix.layers);
  let next = inserted.doc;
  if (fix.kind === 'insert-before') for (const [field, value] of Object.entries(fix.config ?? {})) next = setField(next, inserted.id, field, value);
  return { doc: next, select: inserted.id };
}

/**
 * Arranges the graph in rows, top to bottom, a long one wrapped into columns (core's
 * arrangeLayout), every layer in its place as if expanded; then each collapsed group closes
 * the space its members leave, as collapsing it does.
 */
export function autoLayout(doc: GraphDocument, options: ArrangeOptions = {}): GraphDocument {
  const arranged = moveNodes(doc, arrangeLayout(doc.nodes.map((n) => n.id), doc.edges, options));
  return doc.groups?.some((g) => g.collapsed) ? closeCollapsedGaps(arranged) : arranged;
}

/** Nodes and the edges between them, as copied to the clipboard. */
export interface Fragment {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export function copyFragment(doc: GraphDocument, nodeIds: ReadonlySet<string>): Fragment {
  return {
    nodes: doc.nodes.filter((n) => nodeIds.has(n.id)),
    edges: doc.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target)),
  };
}

/** Pastes a fragment with fresh ids, offset from where it was copied; returns the new node ids. */
export function pasteFragment(doc: GraphDocument, fragment: Fragment, offset: Point): { doc: GraphDocument; ids: string[] } {
  const rename = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of fragment.nodes) {
    const id = nextNodeId(doc, n.kind, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const nodes = fragment.nodes.map((n) => ({ ...n, id: rename.get(n.id)!, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } }));
  let next: GraphDocument = { ...doc, nodes: [...doc.nodes, ...nodes] };
  for (const e of fragment.edges) next = connect(next, rename.get(e.source)!, rename.get(e.target)!);
  return { doc: next, ids: nodes.map((n) => n.id) };
}

/** Changes training settings; a setting patched to undefined is removed (an optional one back to its default). */
export function setTraining(doc: GraphDocument, patch: Partial<TrainingConfig>): GraphDocument {
  // Setting what is already there is no edit (and no undo step).
  const current: Record<string, unknown> = doc.training;
  if (Object.entries(patch).every(([key, value]) => JSON.stringify(current[key]) === JSON.stringify(value))) return doc;
  const training: Record<string, unknown> = { ...doc.training, ...patch };
  for (const key of Object.keys(patch)) if (training[key] === undefined) delete training[key];
  return { ...doc, training: training as TrainingConfig };
}

export function setDataset(doc: GraphDocument, name: DatasetName): GraphDocument {
  return doc.dataset.name === name ? doc : { ...doc, dataset: { ...doc.dataset, name } };
}

export function rename(doc: GraphDocument, name: string): GraphDocument {
  return doc.name === name ? doc : { ...doc, name };
}
