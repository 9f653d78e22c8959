import { analyseGraph } from '../../core/graph/analyse';
import type { GraphDocument } from '../../core/graph/document';
import { wouldCycle } from '../../core/graph/topology';
import { layerSpec } from '../../core/layers/catalogue';
import { PROBLEM_CODES } from '../../core/problems/codes';
import { connect } from './edits';

export type ConnectionVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): ConnectionVerdict => ({ ok: false, reason });

/**
 * Whether an edge source → target can work, and why not. Pure: checks the graph's
 * rules (no cycles, one input for single-input layers, nothing into an Input) and then
 * analyses the graph with the edge added, refusing it when the target gets a new
 * structural error (a shape or rank mismatch).
 */
export function checkConnection(doc: GraphDocument, source: string | null | undefined, target: string | null | undefined): ConnectionVerdict {
  if (!source || !target) return refuse('Connect an output handle (bottom) to an input handle (top).');
  const from = doc.nodes.find((n) => n.id === source);
  const to = doc.nodes.find((n) => n.id === target);
  if (!from || !to) return refuse('That layer is no longer on the canvas.');
  if (source === target) return refuse(`${to.kind} '${to.id}' cannot feed itself.`);
  const spec = layerSpec(to.kind);
  if (!spec) return refuse(`'${to.kind}' is not a layer kind NetCanvas knows.`);
  if (doc.edges.some((e) => e.source === source && e.target === target)) return refuse(`'${source}' is already connected to '${target}'.`);
  if (spec.arity === 'none') return refuse(`An Input takes no incoming connection; '${target}' is where samples enter the network.`);
  const incoming = doc.edges.filter((e) => e.target === target);
  if (spec.arity === 'one' && incoming.length > 0) {
    return refuse(`${to.kind} '${target}' takes one input and already has one (from '${incoming[0].source}'); merge inputs with Add or Concatenate first.`);
  }
  if (wouldCycle(doc.edges, source, target)) {
    return refuse(`Connecting '${source}' to '${target}' would make a cycle; a network must flow one way from its input to its output.`);
  }
  const before = new Set(structureErrors(doc, target));
  const added = structureErrors(connect(doc, source, target), target).filter((m) => !before.has(m));
  return added.length > 0 ? refuse(added[0]) : { ok: true };
}

/**
 * The target's structural errors, leaving out those whose code only says the graph is
 * unfinished (a merge with one input so far, a branch not yet joined to an Input): a graph
 * is built one edge at a time, so these never refuse a connection.
 */
function structureErrors(doc: GraphDocument, nodeId: string): string[] {
  return analyseGraph(doc)
    .problems.filter((p) => p.nodeId === nodeId && p.scope === 'structure' && p.severity === 'error' && !('unfinished' in PROBLEM_CODES[p.code]))
    .map((p) => p.message);
}

/** The layers `source` can be connected to now (checkConnection says yes), in document order: what a keyboard connect offers. */
export function connectableTargets(doc: GraphDocument, source: string): string[] {
  return doc.nodes.filter((n) => checkConnection(doc, source, n.id).ok).map((n) => n.id);
}
