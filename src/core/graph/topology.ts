import type { GraphEdge, GraphNode } from './document';

export interface Topology {
  /** Incoming edges of each node, in document order (the order a merge reads its inputs). */
  readonly incoming: ReadonlyMap<string, readonly GraphEdge[]>;
  readonly outgoing: ReadonlyMap<string, readonly GraphEdge[]>;
  /** Nodes in an order where every edge points forward; nodes on a cycle are left out. */
  readonly order: readonly string[];
  /** Nodes left out of `order`: those on a cycle and those downstream of one. */
  readonly cyclic: ReadonlySet<string>;
  /** Nodes that lie on a cycle themselves. */
  readonly onCycle: ReadonlySet<string>;
}

export function topology(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Topology {
  const incoming = new Map<string, GraphEdge[]>(nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, GraphEdge[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    if (!incoming.has(e.target) || !outgoing.has(e.source)) continue;
    incoming.get(e.target)!.push(e);
    outgoing.get(e.source)!.push(e);
  }
  // Kahn's algorithm, taking ready nodes in document order so the result is stable.
  const remaining = new Map(nodes.map((n) => [n.id, incoming.get(n.id)!.length]));
  const ready = nodes.filter((n) => remaining.get(n.id) === 0).map((n) => n.id);
  const position = new Map(nodes.map((n, i) => [n.id, i]));
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(id);
    for (const e of outgoing.get(id)!) {
      const left = remaining.get(e.target)! - 1;
      remaining.set(e.target, left);
      if (left === 0) ready.push(e.target);
    }
  }
  const placed = new Set(order);
  const cyclic = new Set(nodes.map((n) => n.id).filter((id) => !placed.has(id)));
  // A node left out lies on a cycle when it can reach itself again.
  const onCycle = new Set([...cyclic].filter((id) => (outgoing.get(id) ?? []).some((e) => reachable([e.target], outgoing, true).has(id))));
  return { incoming, outgoing, order, cyclic, onCycle };
}

/** Whether adding an edge source → target would close a cycle. */
export function wouldCycle(edges: readonly { source: string; target: string }[], source: string, target: string): boolean {
  if (source === target) return true;
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const stack = [target];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === source) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

/** Every node reachable from `starts` following `links`. */
export function reachable(starts: readonly string[], links: ReadonlyMap<string, readonly GraphEdge[]>, forward: boolean): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of links.get(id) ?? []) stack.push(forward ? e.target : e.source);
  }
  return seen;
}
