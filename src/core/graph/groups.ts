import type { Shape } from '../shapes/shape';
import type { GraphAnalysis } from './analyse';
import { MAX_GROUP_NAME, type GraphDocument, type GraphGroup, type GraphNode } from './document';
import { LAYOUT_NODE, LAYOUT_ROW } from './layout';

/**
 * Groups: a named run of layers drawn as one block (collapsed) or as its members inside a
 * labelled frame (expanded). Pure functions over the document, a document in and a new one
 * out; a group is presentation only, so nothing that builds, exports or trains a network
 * reads it. A refusal comes back as a sentence saying what is wrong, never as a throw.
 *
 * Collapsing closes the space the members leave: the layers in the group's column below it
 * move up by the members' extent, the nearest no nearer than one row below the block
 * (`lifted` says how far), and expanding moves them down by as much, so collapse then
 * expand puts every layer back where it was.
 */

export type GroupEdit = { readonly ok: true; readonly doc: GraphDocument; readonly id: string } | { readonly ok: false; readonly reason: string };

/** The document's groups; none for a document from before groups. */
export function groupsOf(doc: GraphDocument): readonly GraphGroup[] {
  return doc.groups ?? [];
}

export function groupById(doc: GraphDocument, groupId: string): GraphGroup | undefined {
  return groupsOf(doc).find((g) => g.id === groupId);
}

/** The group a node belongs to, if any. */
export function groupOfNode(doc: GraphDocument, nodeId: string): GraphGroup | undefined {
  return groupsOf(doc).find((g) => g.nodes.includes(nodeId));
}

/**
 * The group whose members are exactly `nodeIds`, in any order (what selecting a collapsed
 * group's block, or an expanded one's frame, selects); undefined for any other selection.
 */
export function groupSelected(doc: GraphDocument, nodeIds: readonly string[]): GraphGroup | undefined {
  const wanted = new Set(nodeIds);
  if (wanted.size === 0) return undefined;
  return groupsOf(doc).find((g) => g.nodes.length === wanted.size && g.nodes.every((id) => wanted.has(id)));
}

/** The groups that hold any of `nodeIds`, in the document's order. */
export function groupsTouching(doc: GraphDocument, nodeIds: Iterable<string>): GraphGroup[] {
  const wanted = new Set(nodeIds);
  return groupsOf(doc).filter((g) => g.nodes.some((id) => wanted.has(id)));
}

function withGroups(doc: GraphDocument, groups: readonly GraphGroup[]): GraphDocument {
  if (groups.length > 0) return { ...doc, groups };
  const { groups: _none, ...rest } = doc;
  return rest;
}

function nextGroupId(doc: GraphDocument): string {
  const used = new Set(groupsOf(doc).map((g) => g.id));
  for (let i = 1; ; i++) if (!used.has(`group_${i}`)) return `group_${i}`;
}

/** `Block 1`, `Block 2`, …: the first name no group has. */
export function nextGroupName(doc: GraphDocument, base = 'Block'): string {
  const used = new Set(groupsOf(doc).map((g) => g.name));
  if (base !== 'Block' && !used.has(base)) return base;
  for (let i = 1; ; i++) if (!used.has(`${base} ${i}`)) return `${base} ${i}`;
}

/** Why a name cannot be a group's; null when it can. */
export function groupNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'A group needs a name';
  if (trimmed.length > MAX_GROUP_NAME) return `A group's name is at most ${MAX_GROUP_NAME} characters (this one has ${trimmed.length})`;
  return null;
}

/**
 * Why the nodes cannot become one group; null when they can. They must be at least one,
 * exist, be in no group yet, and be connected among themselves as one piece (a run: each
 * reaches the others through edges between members, whichever way the edges point).
 */
export function groupingProblem(doc: GraphDocument, nodeIds: readonly string[]): string | null {
  const ids = [...new Set(nodeIds)];
  if (ids.length === 0) return 'Select the layers to group first';
  const existing = new Set(doc.nodes.map((n) => n.id));
  const missing = ids.filter((id) => !existing.has(id));
  if (missing.length > 0) return `No node has the id ${missing.map((id) => `'${id}'`).join(', ')}`;
  for (const id of ids) {
    const group = groupOfNode(doc, id);
    if (group) return `${id} is already in the group “${group.name}”; ungroup it first`;
  }
  const members = new Set(ids);
  const neighbours = new Map(ids.map((id) => [id, [] as string[]]));
  for (const e of doc.edges) {
    if (members.has(e.source) && members.has(e.target)) {
      neighbours.get(e.source)!.push(e.target);
      neighbours.get(e.target)!.push(e.source);
    }
  }
  const reached = new Set([ids[0]]);
  const stack = [ids[0]];
  while (stack.length > 0) {
    for (const next of neighbours.get(stack.pop()!)!) {
      if (!reached.has(next)) {
        reached.add(next);
        stack.push(next);
      }
    }
  }
  const apart = ids.filter((id) => !reached.has(id));
  if (apart.length > 0) {
    return `The selected layers are not connected as one run: ${apart.join(', ')} ${apart.length === 1 ? 'is' : 'are'} not joined to ${ids[0]} through the selection. Select the layers in between too`;
  }
  return null;
}

/** Makes the nodes one new group, collapsed, named `name` or the next free `Block N`. */
export function groupNodes(doc: GraphDocument, nodeIds: readonly string[], name?: string): GroupEdit {
  const problem = groupingProblem(doc, nodeIds);
  if (problem !== null) return { ok: false, reason: problem };
  const wanted = name ?? nextGroupName(doc);
  const nameProblem = groupNameProblem(wanted);
  if (nameProblem !== null) return { ok: false, reason: nameProblem };
  const members = new Set(nodeIds);
  // Members in the document's order, so the same selection always makes the same group.
  const group: GraphGroup = { id: nextGroupId(doc), name: wanted.trim(), nodes: doc.nodes.filter((n) => members.has(n.id)).map((n) => n.id), collapsed: false };
  const made = withGroups(doc, [...groupsOf(doc), group]);
  return { ok: true, doc: collapse(made, group), id: group.id };
}

function editGroup(doc: GraphDocument, groupId: string, edit: (g: GraphGroup) => GraphGroup | null): GroupEdit {
  const group = groupById(doc, groupId);
  if (!group) return { ok: false, reason: `No group has the id '${groupId}'` };
  const next = edit(group);
  if (next === group) return { ok: true, doc, id: groupId };
  const groups = next === null ? groupsOf(doc).filter((g) => g !== group) : groupsOf(doc).map((g) => (g === group ? next : g));
  return { ok: true, doc: withGroups(doc, groups), id: groupId };
}

/** Removes a group; its members stay where they are, and the layers it lifted move back down to make room for them. */
export function ungroup(doc: GraphDocument, groupId: string): GroupEdit {
  const group = groupById(doc, groupId);
  const open = group?.collapsed ? expand(doc, group) : doc;
  return editGroup(open, groupId, () => null);
}

/**
 * Collapses or expands a group. Collapsing moves the layers in its column below it up by
 * the members' extent (the nearest no nearer than one row below the block), closing the
 * members' space (unless a layer not in
 * the group stands beside its members, which would then be covered); expanding moves them
 * down again by as much, making room for the members in place.
 */
export function setCollapsed(doc: GraphDocument, groupId: string, collapsed: boolean): GroupEdit {
  const group = groupById(doc, groupId);
  if (!group) return { ok: false, reason: `No group has the id '${groupId}'` };
  if (group.collapsed === collapsed) return { ok: true, doc, id: groupId };
  return { ok: true, doc: collapsed ? collapse(doc, group) : expand(doc, group), id: groupId };
}

interface Span {
  readonly left: number;
  readonly right: number;
  /** The first row's top and the last row's top (positions are top-left corners). */
  readonly top: number;
  readonly bottom: number;
}

/** Where a group's members lie, each layer its nominal size (LAYOUT_NODE). */
function spanOf(doc: GraphDocument, group: GraphGroup): Span | null {
  const members = new Set(group.nodes);
  const at = doc.nodes.filter((n) => members.has(n.id)).map((n) => n.position);
  if (at.length === 0) return null;
  const xs = at.map((p) => p.x);
  const ys = at.map((p) => p.y);
  return { left: Math.min(...xs), right: Math.max(...xs) + LAYOUT_NODE.width, top: Math.min(...ys), bottom: Math.max(...ys) };
}

/**
 * The layers below `from` in the group's column: those not in the group whose box overlaps
 * the members' extent across, or that of a layer already found (so a row below that is wider
 * than the group moves whole), and how far across the column then reaches.
 */
function columnBelow(doc: GraphDocument, group: GraphGroup, span: Span, from: number): { ids: Set<string>; left: number; right: number } {
  const members = new Set(group.nodes);
  const candidates = doc.nodes.filter((n) => !members.has(n.id) && n.position.y > from);
  const ids = new Set<string>();
  let { left, right } = span;
  for (let grew = true; grew; ) {
    grew = false;
    for (const n of candidates) {
      if (ids.has(n.id) || n.position.x >= right || n.position.x + LAYOUT_NODE.width <= left) continue;
      ids.add(n.id);
      left = Math.min(left, n.position.x);
      right = Math.max(right, n.position.x + LAYOUT_NODE.width);
      grew = true;
    }
  }
  return { ids, left, right };
}

function shifted(doc: GraphDocument, ids: ReadonlySet<string>, dy: number): GraphNode[] {
  return doc.nodes.map((n) => (ids.has(n.id) ? { ...n, position: { x: n.position.x, y: n.position.y + dy } } : n));
}

function replaceGroup(doc: GraphDocument, group: GraphGroup, next: GraphGroup, nodes: readonly GraphNode[] = doc.nodes): GraphDocument {
  return withGroups({ ...doc, nodes }, groupsOf(doc).map((g) => (g.id === group.id ? next : g)));
}

/** The group collapsed, the layers below it lifted into its members' space when nothing stands beside them. */
function collapse(doc: GraphDocument, group: GraphGroup): GraphDocument {
  const { lifted: _stale, ...rest } = group;
  const closed: GraphGroup = { ...rest, collapsed: true };
  const span = spanOf(doc, group);
  if (!span) return replaceGroup(doc, group, closed);
  const below = columnBelow(doc, group, span, span.bottom);
  const members = new Set(group.nodes);
  const beside = doc.nodes.some((n) => !members.has(n.id) && n.position.y > span.top && n.position.y <= span.bottom && n.position.x < below.right && n.position.x + LAYOUT_NODE.width > below.left);
  // Up by the members' extent (in a laid-out column, their rows but one), the nearest layer
  // below coming no nearer than one row under the block; a wider gap below stays as it was.
  const nearest = Math.min(...doc.nodes.filter((n) => below.ids.has(n.id)).map((n) => n.position.y));
  const lift = Math.min(span.bottom - span.top, nearest - span.top - LAYOUT_ROW);
  if (beside || below.ids.size === 0 || lift <= 0) return replaceGroup(doc, group, closed);
  return replaceGroup(doc, group, { ...closed, lifted: lift }, shifted(doc, below.ids, -lift));
}

/** The group expanded, the layers it lifted moved down again to make room for its members. */
function expand(doc: GraphDocument, group: GraphGroup): GraphDocument {
  const { lifted, ...rest } = group;
  const open: GraphGroup = { ...rest, collapsed: false };
  const span = spanOf(doc, group);
  if (!span || lifted === undefined) return replaceGroup(doc, group, open);
  return replaceGroup(doc, group, open, shifted(doc, columnBelow(doc, group, span, span.top).ids, lifted));
}

/**
 * After the layout has moved every layer (Arrange layout), the space collapsed groups
 * leave closed again: each collapsed group as if collapsed now.
 */
export function closeCollapsedGaps(doc: GraphDocument): GraphDocument {
  let out = doc;
  for (const g of groupsOf(doc)) {
    if (!g.collapsed) continue;
    const current = groupById(out, g.id)!;
    const { lifted: _old, ...open } = current;
    out = collapse(replaceGroup(out, current, { ...open, collapsed: false }), { ...open, collapsed: false });
  }
  return out;
}

export function toggleCollapsed(doc: GraphDocument, groupId: string): GroupEdit {
  const group = groupById(doc, groupId);
  return setCollapsed(doc, groupId, !(group?.collapsed ?? false));
}

export function renameGroup(doc: GraphDocument, groupId: string, name: string): GroupEdit {
  const problem = groupNameProblem(name);
  if (problem !== null) return { ok: false, reason: problem };
  return editGroup(doc, groupId, (g) => (g.name === name.trim() ? g : { ...g, name: name.trim() }));
}

/**
 * The document with every group's vanished members dropped, and groups left empty removed
 * (after a delete or a cut). The same document when nothing changed.
 */
export function pruneGroups(doc: GraphDocument): GraphDocument {
  const groups = groupsOf(doc);
  if (groups.length === 0) return doc;
  const existing = new Set(doc.nodes.map((n) => n.id));
  let changed = false;
  const kept: GraphGroup[] = [];
  for (const g of groups) {
    const nodes = g.nodes.filter((id) => existing.has(id));
    if (nodes.length !== g.nodes.length) changed = true;
    if (nodes.length > 0) kept.push(nodes.length === g.nodes.length ? g : { ...g, nodes });
  }
  return changed ? withGroups(doc, kept) : doc;
}

/** What a group's one node shows: its size, its summed parameters and the shapes that cross its border. */
export interface GroupSummary {
  readonly id: string;
  readonly name: string;
  readonly members: number;
  readonly trainable: number;
  readonly nonTrainable: number;
  readonly params: number;
  /** Whether every member's count is known (a member with a bad setting has none). */
  readonly complete: boolean;
  /**
   * The shapes that enter the group: one per edge from outside (null where unknown), and
   * the shape of each Input layer inside it.
   */
  readonly inputShapes: readonly (Shape | null)[];
  /** The shapes that leave it: each member feeding a node outside, or feeding nothing (an output of the network). */
  readonly outputShapes: readonly (Shape | null)[];
}

/** A group's summary from the document's analysis: the parameters the model summary counts for its members, summed. */
export function groupSummary(doc: GraphDocument, analysis: GraphAnalysis, group: GraphGroup): GroupSummary {
  const members = new Set(group.nodes);
  let trainable = 0;
  let nonTrainable = 0;
  let complete = true;
  for (const id of group.nodes) {
    const params = analysis.nodes.get(id)?.params;
    if (!params) {
      complete = false;
      continue;
    }
    trainable += params.trainable;
    nonTrainable += params.nonTrainable;
  }
  const shapeOf = (id: string): Shape | null => analysis.nodes.get(id)?.outputShape ?? null;
  const inputShapes: (Shape | null)[] = [];
  const leaving = new Set<string>();
  const feeding = new Set<string>();
  for (const e of doc.edges) {
    const fromInside = members.has(e.source);
    const toInside = members.has(e.target);
    if (fromInside) feeding.add(e.source);
    if (!fromInside && toInside) inputShapes.push(shapeOf(e.source));
    if (fromInside && !toInside) leaving.add(e.source);
  }
  for (const n of doc.nodes) if (members.has(n.id) && n.kind === 'Input') inputShapes.push(shapeOf(n.id));
  const outputShapes = group.nodes.filter((id) => leaving.has(id) || !feeding.has(id)).map(shapeOf);
  return { id: group.id, name: group.name, members: group.nodes.length, trainable, nonTrainable, params: trainable + nonTrainable, complete, inputShapes, outputShapes };
}
