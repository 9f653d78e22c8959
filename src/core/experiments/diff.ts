import type { GraphDocument, GraphNode } from '../graph/document';

/**
 * What changed from one graph to another (issue 13's architecture diff): layers added and
 * removed, each kept layer's changed fields (by node id, old → new), connections added and
 * removed, and the training and dataset settings that changed. Positions on the canvas are
 * layout, not architecture, and are left out. Pure: two documents in, plain data out.
 */

/** A value before and after; `undefined` where a side has none (a field the other kind lacks). */
export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface LayerRef {
  readonly id: string;
  readonly kind: string;
}

export interface LayerChange extends LayerRef {
  readonly changes: readonly FieldChange[];
}

export interface GraphDiff {
  readonly added: readonly LayerRef[];
  readonly removed: readonly LayerRef[];
  readonly changed: readonly LayerChange[];
  /** Connections as `source → target`. */
  readonly connectionsAdded: readonly string[];
  readonly connectionsRemoved: readonly string[];
  /** Training settings by path (`optimizer.type`, `optimizer.learningRate`, `batchSize`). */
  readonly training: readonly FieldChange[];
  /** Dataset settings by path (`name`). */
  readonly dataset: readonly FieldChange[];
}

/** Whether two plain JSON values are equal, key order aside. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const bo = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as Record<string, unknown>)[k], bo[k]));
}

/** Flattens nested plain objects into `[path, value]` pairs (arrays are values). */
function flatten(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [[prefix, value]];
  const entries = Object.keys(value).flatMap((k) => flatten((value as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
  return entries.length > 0 ? entries : [[prefix, value]];
}

/** The changed entries of two records of settings, by path, in `a`'s order then `b`'s new ones. */
export function diffFields(a: unknown, b: unknown): FieldChange[] {
  const before = new Map(flatten(a));
  const after = new Map(flatten(b));
  const paths = [...before.keys(), ...[...after.keys()].filter((k) => !before.has(k))];
  return paths.filter((p) => !sameValue(before.get(p), after.get(p))).map((field) => ({ field, before: before.get(field), after: after.get(field) }));
}

function layerChanges(a: GraphNode, b: GraphNode): FieldChange[] {
  const changes: FieldChange[] = [];
  if (a.kind !== b.kind) changes.push({ field: 'kind', before: a.kind, after: b.kind });
  if ((a.label ?? '') !== (b.label ?? '')) changes.push({ field: 'label', before: a.label, after: b.label });
  // Fields by name, one level: a field's value (a regularizer object) is compared whole.
  const keys = [...Object.keys(a.config), ...Object.keys(b.config).filter((k) => !Object.prototype.hasOwnProperty.call(a.config, k))];
  for (const field of keys) {
    const before = Object.prototype.hasOwnProperty.call(a.config, field) ? a.config[field] : undefined;
    const after = Object.prototype.hasOwnProperty.call(b.config, field) ? b.config[field] : undefined;
    if (!sameValue(before, after)) changes.push({ field, before, after });
  }
  return changes;
}

/** A connection as the diff names it: `source → target`. */
export function edgeKey(e: Pick<GraphDocument['edges'][number], 'source' | 'target'>): string {
  return `${e.source} → ${e.target}`;
}

export function diffGraphs(a: GraphDocument, b: GraphDocument): GraphDiff {
  const inA = new Map(a.nodes.map((n) => [n.id, n]));
  const inB = new Map(b.nodes.map((n) => [n.id, n]));
  const ref = (n: GraphNode): LayerRef => ({ id: n.id, kind: n.kind });
  const edgesA = new Set(a.edges.map(edgeKey));
  const edgesB = new Set(b.edges.map(edgeKey));
  return {
    added: b.nodes.filter((n) => !inA.has(n.id)).map(ref),
    removed: a.nodes.filter((n) => !inB.has(n.id)).map(ref),
    changed: a.nodes.flatMap((n) => {
      const other = inB.get(n.id);
      const changes = other ? layerChanges(n, other) : [];
      return changes.length > 0 ? [{ id: n.id, kind: other!.kind, changes }] : [];
    }),
    connectionsAdded: [...edgesB].filter((e) => !edgesA.has(e)),
    connectionsRemoved: [...edgesA].filter((e) => !edgesB.has(e)),
    training: diffFields(a.training, b.training),
    dataset: diffFields(a.dataset, b.dataset),
  };
}

export function isEmptyDiff(d: GraphDiff): boolean {
  return [d.added, d.removed, d.changed, d.connectionsAdded, d.connectionsRemoved, d.training, d.dataset].every((xs) => xs.length === 0);
}

/** A value as the diff prints it: JSON for objects, `—` for none. */
export function showValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The diff as lines of text (`+ dense_3 (dense)`, `~ dropout_1.rate: 0.3 → 0.45`). */
export function formatDiff(d: GraphDiff): string[] {
  if (isEmptyDiff(d)) return ['The graphs and their settings are the same.'];
  const lines: string[] = [];
  const change = (prefix: string, c: FieldChange) => `~ ${prefix}${c.field}: ${showValue(c.before)} → ${showValue(c.after)}`;
  for (const n of d.added) lines.push(`+ ${n.id} (${n.kind})`);
  for (const n of d.removed) lines.push(`- ${n.id} (${n.kind})`);
  for (const n of d.changed) for (const c of n.changes) lines.push(change(`${n.id}.`, c));
  for (const e of d.connectionsAdded) lines.push(`+ connection ${e}`);
  for (const e of d.connectionsRemoved) lines.push(`- connection ${e}`);
  for (const c of d.training) lines.push(change('training.', c));
  for (const c of d.dataset) lines.push(change('dataset.', c));
  return lines;
}
