import type { Block } from '../../core/graph/blocks';
import type { GraphDocument } from '../../core/graph/document';
import { groupNodes } from '../../core/graph/groups';
import { LAYOUT_COLUMN, LAYOUT_ROW } from '../../core/graph/layout';
import { checkConnection } from './connection';
import { connect, pasteFragment, type Point } from './edits';

/**
 * Adds a saved block ("My blocks") to a graph as palette adds do: a copy with fresh ids,
 * grouped under the block's name, below the selected layer and connected to it when the
 * edge works, else at `at`. Pure, like chain.ts.
 */

export interface AddedBlock {
  readonly doc: GraphDocument;
  /** The new layers' ids, in the block's order. */
  readonly ids: readonly string[];
  /** The group the copy makes; null for a block whose layers are not one run (a hand-edited list), added ungrouped. */
  readonly groupId: string | null;
  /** Why the block was not connected to the anchor; null when it was, or when there was no anchor. */
  readonly refused: string | null;
}

/** The block's first layer: the first fed by no other layer of the block. */
function entryOf(block: Block): string {
  const fed = new Set(block.edges.map((e) => e.target));
  return (block.nodes.find((n) => !fed.has(n.id)) ?? block.nodes[0]).id;
}

function size(block: Block): { width: number; height: number } {
  return { width: Math.max(...block.nodes.map((n) => n.position.x)) + LAYOUT_COLUMN, height: Math.max(...block.nodes.map((n) => n.position.y)) + LAYOUT_ROW };
}

/** Whether no node of `doc` lies in the block's area placed at `p`. */
function clear(doc: GraphDocument, block: Block, p: Point): boolean {
  const { width, height } = size(block);
  return !doc.nodes.some((n) => n.position.x > p.x - LAYOUT_COLUMN * 0.6 && n.position.x < p.x + width - LAYOUT_COLUMN * 0.4 && n.position.y > p.y - LAYOUT_ROW * 0.6 && n.position.y < p.y + height - LAYOUT_ROW * 0.4);
}

export function addBlock(doc: GraphDocument, block: Block, at: Point, anchorId: string | null): AddedBlock {
  if (block.nodes.length === 0) throw new Error(`The block “${block.name}” has no layers`);
  const anchor = anchorId === null ? undefined : doc.nodes.find((n) => n.id === anchorId);
  let place: Point = anchor ? { x: anchor.position.x, y: anchor.position.y + LAYOUT_ROW } : at;
  // The first column, to either side, where the block covers no layer.
  for (let i = 1; !clear(doc, block, place) && i < 200; i++) {
    const base = anchor ? anchor.position.x : at.x;
    place = { x: base + Math.ceil(i / 2) * (i % 2 === 1 ? 1 : -1) * LAYOUT_COLUMN, y: place.y };
  }
  const pasted = pasteFragment(doc, block, place);
  const rename = new Map(block.nodes.map((n, i) => [n.id, pasted.ids[i]]));
  const grouped = groupNodes(pasted.doc, pasted.ids, block.name);
  let next = grouped.ok ? grouped.doc : pasted.doc;
  let refused: string | null = null;
  if (anchor) {
    const entry = rename.get(entryOf(block))!;
    const verdict = checkConnection(next, anchor.id, entry);
    if (verdict.ok) next = connect(next, anchor.id, entry);
    else refused = verdict.reason;
  }
  return { doc: next, ids: pasted.ids, groupId: grouped.ok ? grouped.id : null, refused };
}
