import type { EpochMetrics, TestResult } from '../api/contract';
import { formatPercent } from '../digits/percent';
import type { GraphDocument } from '../graph/document';
import { diffGraphs, edgeKey, showValue, type FieldChange, type GraphDiff } from './diff';

/**
 * The architecture diff as a picture (issue 13): every layer and connection of two graphs,
 * A and B, with what happened to it from A to B, where to draw it and what to write on it.
 * The canvas's read-only diff mode draws this (`renderer/features/canvas/DiffCanvas.tsx`);
 * the diff itself is `diffGraphs`'s. Pure: two documents in, plain data out.
 */

/** What happened to a layer or connection from A to B. */
export type DiffStatus = 'added' | 'removed' | 'changed' | 'same';

export interface DiffViewNode {
  readonly id: string;
  readonly kind: string;
  readonly label: string | undefined;
  readonly status: DiffStatus;
  /** B's position; a removed layer's is A's, moved right until it covers no other layer. */
  readonly position: { readonly x: number; readonly y: number };
  /** The changed fields as `field: before → after`, in `diffGraphs`'s order; empty unless `changed`. */
  readonly changes: readonly string[];
  /** The graph whose config the layer shows: A for a removed one, else B. */
  readonly from: 'a' | 'b';
}

export interface DiffViewEdge {
  /** `source>target` (ids never hold `>`), unique in the view. */
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** `same` for a connection both graphs have, else `added` (B only) or `removed` (A only). */
  readonly status: Exclude<DiffStatus, 'changed'>;
}

export interface DiffView {
  readonly nodes: readonly DiffViewNode[];
  readonly edges: readonly DiffViewEdge[];
  readonly diff: GraphDiff;
}

/** The box a layer covers on the canvas, for placing removed layers clear of the others. */
export interface NodeSize {
  readonly width: number;
  readonly height: number;
}

/** The gap kept between a removed layer moved aside and the layer it would have covered. */
const GAP = 24;
/** How far a removed layer is moved aside at most (this many widths), so a crowded row stays finite. */
const MAX_SHIFTS = 50;

/** A changed field as the canvas writes it: `rate: 0.2 → 0.45`. */
export function fieldChangeText(change: FieldChange): string {
  return `${change.field}: ${showValue(change.before)} → ${showValue(change.after)}`;
}

function overlaps(p: { x: number; y: number }, q: { x: number; y: number }, size: NodeSize): boolean {
  return Math.abs(p.x - q.x) < size.width && Math.abs(p.y - q.y) < size.height;
}

/**
 * Every layer of A and B once (B's in B's order, then A's removed ones in A's order) and
 * every connection of either once (B's, then A's removed ones), each with its status.
 */
export function diffView(a: GraphDocument, b: GraphDocument, size: NodeSize): DiffView {
  const diff = diffGraphs(a, b);
  const added = new Set(diff.added.map((n) => n.id));
  const changed = new Map(diff.changed.map((n) => [n.id, n.changes.map(fieldChangeText)]));
  const nodes: DiffViewNode[] = b.nodes.map((n) => ({
    id: n.id,
    kind: n.kind,
    label: n.label,
    status: added.has(n.id) ? 'added' : changed.has(n.id) ? 'changed' : 'same',
    position: n.position,
    changes: changed.get(n.id) ?? [],
    from: 'b',
  }));
  const removed = new Set(diff.removed.map((n) => n.id));
  for (const n of a.nodes) {
    if (!removed.has(n.id)) continue;
    let position = n.position;
    for (let i = 0; i < MAX_SHIFTS && nodes.some((m) => overlaps(m.position, position, size)); i++) position = { x: position.x + size.width + GAP, y: position.y };
    nodes.push({ id: n.id, kind: n.kind, label: n.label, status: 'removed', position, changes: [], from: 'a' });
  }
  const addedEdges = new Set(diff.connectionsAdded);
  const removedEdges = new Set(diff.connectionsRemoved);
  const edges: DiffViewEdge[] = [];
  const seen = new Set<string>();
  const push = (e: GraphDocument['edges'][number], status: DiffViewEdge['status']) => {
    const id = `${e.source}>${e.target}`;
    if (seen.has(id)) return;
    seen.add(id);
    edges.push({ id, source: e.source, target: e.target, status });
  };
  for (const e of b.edges) push(e, addedEdges.has(edgeKey(e)) ? 'added' : 'same');
  for (const e of a.edges) if (removedEdges.has(edgeKey(e))) push(e, 'removed');
  return { nodes, edges, diff };
}

/** What the diff banner reads of a run: its last epoch's figures and its test result. */
export interface RunOutcome {
  readonly history: readonly Pick<EpochMetrics, 'valAccuracy' | 'valLoss'>[];
  readonly test: Pick<TestResult, 'testAccuracy' | 'testLoss' | 'regression'> | null;
}

const loss = (x: number): string => x.toFixed(4);

/**
 * The change in metrics from A to B, one line each (`val accuracy: 86.0% → 88.1%`): the
 * last epoch's validation accuracy and loss, then the test accuracy (not for a regression
 * target, which has none) and loss. A metric neither side has is left out; one side's
 * missing value reads `—`. A graph file (no run) has no metrics: pass null.
 */
export function metricChanges(a: RunOutcome | null, b: RunOutcome | null): string[] {
  const rows: [string, (r: RunOutcome) => number | null | undefined, (x: number) => string][] = [
    ['val accuracy', (r) => r.history.at(-1)?.valAccuracy, formatPercent],
    ['val loss', (r) => r.history.at(-1)?.valLoss, loss],
    ['test accuracy', (r) => (r.test && !r.test.regression ? r.test.testAccuracy : null), formatPercent],
    ['test loss', (r) => r.test?.testLoss, loss],
  ];
  return rows.flatMap(([label, read, format]) => {
    const [x, y] = [a ? read(a) : null, b ? read(b) : null];
    if (x == null && y == null) return [];
    return [`${label}: ${x == null ? '—' : format(x)} → ${y == null ? '—' : format(y)}`];
  });
}
