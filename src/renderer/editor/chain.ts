import type { GraphDocument } from '../../core/graph/document';
import { LAYOUT_COLUMN, LAYOUT_ROW } from '../../core/graph/layout';
import { checkConnection } from './connection';
import { addNode, connect, removeElements, type Point } from './edits';

/**
 * Edits that keep a chain of layers joined as it is typed: add a layer below the selected
 * one already connected, and delete a link of a chain without breaking it. Pure, like
 * edits.ts; they live apart because they ask connection.ts, which builds on edits.ts,
 * whether an edge can work.
 */

/** How close two node positions may be before one covers the other. */
const CLEAR = { x: LAYOUT_COLUMN * 0.6, y: LAYOUT_ROW * 0.6 };

function isFree(doc: GraphDocument, p: Point): boolean {
  return !doc.nodes.some((n) => Math.abs(n.position.x - p.x) < CLEAR.x && Math.abs(n.position.y - p.y) < CLEAR.y);
}

/**
 * The free place nearest `p` for a new, unconnected layer: `p` itself when nothing covers
 * it, else the nearest point of the layout grid around it (a column or a row away) that
 * no node covers.
 */
export function freeSpotNear(doc: GraphDocument, p: Point): Point {
  if (isFree(doc, p)) return p;
  for (let ring = 1; ; ring++) {
    const around: Point[] = [];
    for (let dx = -ring; dx <= ring; dx++) {
      for (let dy = -ring; dy <= ring; dy++) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) === ring) around.push({ x: p.x + dx * LAYOUT_COLUMN, y: p.y + dy * LAYOUT_ROW });
      }
    }
    const distance = (q: Point): number => Math.hypot(q.x - p.x, q.y - p.y);
    const free = around.filter((q) => isFree(doc, q)).sort((a, b) => distance(a) - distance(b));
    if (free.length > 0) return free[0];
  }
}

export interface AddedBelow {
  readonly doc: GraphDocument;
  readonly id: string;
  /** Why the new layer was not connected to the anchor; null when it was. */
  readonly refused: string | null;
}

/**
 * Adds a layer of `kind` one row below `anchorId` (beside it in that row when the place
 * is taken) and connects anchor → new layer when checkConnection says the edge works.
 */
export function addBelow(doc: GraphDocument, anchorId: string, kind: string): AddedBelow {
  const anchor = doc.nodes.find((n) => n.id === anchorId);
  if (!anchor) throw new Error(`No node '${anchorId}'`);
  const y = anchor.position.y + LAYOUT_ROW;
  let at: Point = { x: anchor.position.x, y };
  for (let i = 1; !isFree(doc, at); i++) at = { x: anchor.position.x + Math.ceil(i / 2) * (i % 2 === 1 ? 1 : -1) * LAYOUT_COLUMN, y };
  const added = addNode(doc, kind, at);
  const verdict = checkConnection(added.doc, anchorId, added.id);
  return verdict.ok ? { doc: connect(added.doc, anchorId, added.id), id: added.id, refused: null } : { ...added, refused: verdict.reason };
}

export interface Removed {
  readonly doc: GraphDocument;
  /** The edges made to close the gaps, source → target. */
  readonly rejoined: readonly (readonly [string, string])[];
}

/**
 * Removes nodes and edges like removeElements, and joins the neighbours of each removed
 * run of chain links (a node with one edge in and one edge out): a → b → c with b
 * removed becomes a → c, and a → b → c → d with b and c removed becomes a → d. A gap is
 * joined only when checkConnection says the edge works there.
 */
export function removeRejoining(doc: GraphDocument, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): Removed {
  const gone = new Set(nodeIds);
  const edgesGone = new Set(edgeIds);
  const link = (id: string): { from: string; to: string } | null => {
    const incoming = doc.edges.filter((e) => e.target === id);
    const outgoing = doc.edges.filter((e) => e.source === id);
    if (incoming.length !== 1 || outgoing.length !== 1) return null;
    if (edgesGone.has(incoming[0].id) || edgesGone.has(outgoing[0].id)) return null;
    return { from: incoming[0].source, to: outgoing[0].target };
  };
  /** Follows removed chain links from `id` upstream or downstream to the first node that stays; null where the run is not a chain. */
  const surviving = (id: string, way: 'from' | 'to'): string | null => {
    const seen = new Set<string>();
    let at = id;
    while (gone.has(at)) {
      if (seen.has(at)) return null;
      seen.add(at);
      const l = link(at);
      if (!l) return null;
      at = l[way];
    }
    return at;
  };
  const pairs = new Map<string, [string, string]>();
  for (const id of gone) {
    if (!link(id)) continue;
    const source = surviving(id, 'from');
    const target = surviving(id, 'to');
    if (source !== null && target !== null) pairs.set(`${source}\u0000${target}`, [source, target]);
  }
  let next = removeElements(doc, gone, edgesGone);
  const rejoined: [string, string][] = [];
  for (const [source, target] of pairs.values()) {
    if (!checkConnection(next, source, target).ok) continue;
    next = connect(next, source, target);
    rejoined.push([source, target]);
  }
  return { doc: next, rejoined };
}

/**
 * Adds a layer of `kind` at `at` and splices it into edge `edgeId` (source → new → target)
 * when checkConnection allows both new edges; otherwise the layer is added unconnected,
 * the edge left as it was, with the reason.
 */
export function spliceIntoEdge(doc: GraphDocument, edgeId: string, kind: string, at: Point): AddedBelow {
  const edge = doc.edges.find((e) => e.id === edgeId);
  if (!edge) throw new Error(`No edge '${edgeId}'`);
  const added = addNode(doc, kind, at);
  let next = removeElements(added.doc, [], [edgeId]);
  for (const [source, target] of [
    [edge.source, added.id],
    [added.id, edge.target],
  ] as const) {
    const verdict = checkConnection(next, source, target);
    if (!verdict.ok) return { ...added, refused: verdict.reason };
    next = connect(next, source, target);
  }
  return { doc: next, id: added.id, refused: null };
}
