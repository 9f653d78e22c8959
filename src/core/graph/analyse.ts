import { BUILTIN_DATASETS, type DatasetDescription } from '../data/description';
import { layerSpec } from '../layers/catalogue';
import { ShapeError } from '../layers/problem';
import type { LayerSpec, ParamCount } from '../layers/spec';
import { formatShape, type Shape } from '../shapes/shape';
import type { GraphDocument, GraphEdge, GraphNode } from './document';
import { nodeProblem, type Problem } from './problem';
import { PROBLEM_RULES } from './rules';
import type { RuleContext } from './rules/rule';
import { topology, type Topology } from './topology';
import { zodIssues } from './zodIssues';

export type { Severity } from '../problems/codes';
export { nodeName, type Problem } from './problem';
export { MAX_TRAINABLE_PARAMS } from './rules/size';

export interface NodeAnalysis {
  readonly id: string;
  readonly kind: string;
  readonly spec?: LayerSpec;
  /** The node's config with defaults filled in, or null when it does not pass its schema. */
  readonly config: Record<string, unknown> | null;
  readonly inputShapes: readonly Shape[];
  readonly outputShape: Shape | null;
  readonly params: ParamCount | null;
  readonly macs: number;
}

export interface GraphAnalysis {
  readonly topology: Topology;
  readonly nodes: ReadonlyMap<string, NodeAnalysis>;
  readonly problems: readonly Problem[];
  readonly inputIds: readonly string[];
  /** The node whose output the network is trained on, when there is exactly one. */
  readonly outputId: string | null;
  readonly totals: { readonly trainable: number; readonly nonTrainable: number; readonly total: number; readonly macs: number };
  readonly valid: boolean;
  /** The dataset the graph was checked against. */
  readonly dataset: DatasetDescription;
}

export interface AnalyseOptions {
  /** The dataset to check the Input and output against; the document's built-in dataset when absent. */
  readonly dataset?: DatasetDescription;
}

/** A document and its analysis, handed to `analyseGraph` so it can reuse what did not change. */
export interface Analysed {
  readonly doc: GraphDocument;
  readonly analysis: GraphAnalysis;
}

/** Each analysis's node-pass problems by node, for the next analysis to reuse. */
const nodePassProblems = new WeakMap<GraphAnalysis, ReadonlyMap<string, readonly Problem[]>>();

/**
 * Derives everything the editor shows from a document: shapes, parameter counts,
 * multiply-adds and problems. A node pass infers each layer's shapes and counts (and
 * reports what stops it: an unknown kind, a setting, a shape); then each rule of
 * `PROBLEM_RULES` checks the whole graph. Pure; the document is never changed.
 *
 * With `previous` (an earlier document and its analysis) the result is the same, but found
 * with less work: when nothing the analysis reads has changed (a node moved) the previous
 * analysis itself is returned; otherwise the node pass recomputes only the nodes whose
 * kind, settings, name or incoming connections changed and the nodes downstream whose
 * input shapes changed with them, keeping every other node's result and problems.
 */
export function analyseGraph(doc: GraphDocument, options: AnalyseOptions = {}, previous?: Analysed): GraphAnalysis {
  const dataset = options.dataset ?? doc.dataset.file?.description ?? BUILTIN_DATASETS[doc.dataset.name];
  const reusable = previous && nodePassProblems.has(previous.analysis) ? previous : undefined;
  if (reusable && reusable.analysis.dataset === dataset && sameAnalysisInputs(reusable.doc, doc)) return reusable.analysis;
  const sameStructure = reusable !== undefined && sameNodeIds(reusable.doc, doc) && sameEdges(reusable.doc, doc);
  const topo = sameStructure ? reusable.analysis.topology : topology(doc.nodes, doc.edges);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const { nodes, problems, byNode } = nodePass(doc, topo, byId, reusable);

  const inputIds = doc.nodes.filter((n) => n.kind === 'Input').map((n) => n.id);
  const sinks = topo.order.filter((id) => topo.outgoing.get(id)!.length === 0 && byId.get(id)!.kind !== 'Input');
  const outputId = sinks.length === 1 ? sinks[0] : null;
  let trainable = 0;
  let nonTrainable = 0;
  let macs = 0;
  for (const r of nodes.values()) {
    trainable += r.params?.trainable ?? 0;
    nonTrainable += r.params?.nonTrainable ?? 0;
    macs += r.macs;
  }
  const totals = { trainable, nonTrainable, total: trainable + nonTrainable, macs };
  const context: RuleContext = { doc, dataset, topology: topo, byId, nodes, inputIds, sinks, outputId, totals };
  for (const rule of PROBLEM_RULES) {
    for (const p of rule.run(context)) {
      if (!rule.codes.includes(p.code)) throw new Error(`The '${rule.name}' rule gave the code '${p.code}', which it does not declare`);
      problems.push(p);
    }
  }
  const analysis = { topology: topo, nodes, problems, inputIds, outputId, totals, valid: !problems.some((p) => p.severity === 'error'), dataset };
  nodePassProblems.set(analysis, byNode);
  return analysis;
}

/** Whether two documents differ only in what the analysis does not read (node positions). */
function sameAnalysisInputs(a: GraphDocument, b: GraphDocument): boolean {
  if (a === b) return true;
  if (a.dataset !== b.dataset || a.training !== b.training || !sameEdges(a, b) || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((n, i) => sameNode(n, b.nodes[i]));
}

/** The same node as far as the node pass goes: id, kind, settings and name. */
function sameNode(a: GraphNode | undefined, b: GraphNode): boolean {
  return a !== undefined && (a === b || (a.id === b.id && a.kind === b.kind && a.config === b.config && a.label === b.label));
}

function sameNodeIds(a: GraphDocument, b: GraphDocument): boolean {
  return a.nodes.length === b.nodes.length && a.nodes.every((n, i) => n.id === b.nodes[i].id);
}

function sameEdges(a: GraphDocument, b: GraphDocument): boolean {
  if (a.edges === b.edges) return true;
  if (a.edges.length !== b.edges.length) return false;
  return a.edges.every((e, i) => {
    const f = b.edges[i];
    return e === f || (e.id === f.id && e.source === f.source && e.target === f.target);
  });
}

function sameShape(a: Shape | null | undefined, b: Shape | null | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((d, i) => d === b[i]);
}

/**
 * Each node's shapes, parameters and multiply-adds, in topological order, with the problems
 * that stop them. With `previous`, a node keeps its previous result and problems when it is
 * the same node with the same incoming connections and every source's output shape is
 * unchanged.
 */
function nodePass(
  doc: GraphDocument,
  topo: Topology,
  byId: ReadonlyMap<string, GraphNode>,
  previous: Analysed | undefined,
): { nodes: Map<string, NodeAnalysis>; problems: Problem[]; byNode: Map<string, readonly Problem[]> } {
  const problems: Problem[] = [];
  const byNode = new Map<string, readonly Problem[]>();
  const results = new Map<string, NodeAnalysis>();
  for (const node of doc.nodes) {
    if (topo.cyclic.has(node.id)) results.set(node.id, blank(node));
  }
  const before = previous && {
    byId: new Map(previous.doc.nodes.map((n) => [n.id, n])),
    nodes: previous.analysis.nodes,
    problems: nodePassProblems.get(previous.analysis)!,
    incoming: previous.analysis.topology.incoming,
  };
  for (const id of topo.order) {
    const node = byId.get(id)!;
    const incoming = topo.incoming.get(id)!;
    if (before) {
      const kept = before.nodes.get(id);
      const keptProblems = before.problems.get(id);
      const wasIncoming = before.incoming.get(id);
      if (
        kept &&
        keptProblems &&
        wasIncoming &&
        sameNode(before.byId.get(id), node) &&
        wasIncoming.length === incoming.length &&
        incoming.every((e, i) => e.source === wasIncoming[i].source && sameShape(results.get(e.source)?.outputShape, before.nodes.get(e.source)?.outputShape))
      ) {
        results.set(id, kept);
        byNode.set(id, keptProblems);
        problems.push(...keptProblems);
        continue;
      }
    }
    const found = analyseNode(node, incoming, results);
    results.set(id, found.result);
    byNode.set(id, found.problems);
    problems.push(...found.problems);
  }
  return { nodes: results, problems, byNode };
}

/** One node's shapes and counts from its sources' results, and the problems that stop them. */
function analyseNode(node: GraphNode, incoming: readonly GraphEdge[], results: ReadonlyMap<string, NodeAnalysis>): { result: NodeAnalysis; problems: Problem[] } {
  const problems: Problem[] = [];
  const id = node.id;
  const spec = layerSpec(node.kind);
  if (!spec) {
    problems.push(nodeProblem(node, 'unknown-kind', `'${node.kind}' is not a layer kind NetCanvas knows.`));
    return { result: blank(node), problems };
  }
  const parsed = spec.schema.safeParse(node.config);
  const config = parsed.success ? (parsed.data as Record<string, unknown>) : null;
  if (!parsed.success) {
    for (const issue of zodIssues(parsed.error, '', node.config)) {
      const field = issue.path.split(/[.[]/)[0] || undefined;
      problems.push(nodeProblem(node, 'invalid-config', `${issue.path ? `${issue.path} ` : ''}${issue.message}.`, { field }));
    }
  } else if (spec.checkConfig) {
    for (const issue of spec.checkConfig(config)) problems.push(nodeProblem(node, issue.code, issue.message, { field: issue.field, fix: issue.fix }));
  }
  const inputShapes = incoming.map((e) => results.get(e.source)?.outputShape ?? null);
  const base = { id, kind: node.kind, spec, config, inputShapes: [] as Shape[], outputShape: null, params: null, macs: 0 };
  // Arity is the arity rule's to report; here it only decides whether shapes can be inferred.
  const ready =
    config !== null &&
    inputShapes.every((s): s is Shape => s !== null) &&
    (spec.arity === 'none' ? incoming.length === 0 : spec.arity === 'one' ? incoming.length === 1 : incoming.length >= 2);
  if (!ready) return { result: { ...base, inputShapes: inputShapes.filter((s): s is Shape => s !== null) }, problems };
  const shapes = inputShapes as Shape[];
  try {
    const outputShape = spec.outputShape(shapes, config);
    if (outputShape.slice(1).some((d) => d !== null && (!Number.isFinite(d) || d < 1))) {
      throw new ShapeError('dimension-below-one', `the output shape ${formatShape(outputShape)} has a dimension below 1.`);
    }
    const params = spec.params(shapes, config);
    const macs = spec.macs(shapes, outputShape, config);
    return { result: { ...base, inputShapes: shapes, outputShape, params, macs }, problems };
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    problems.push(nodeProblem(node, error.code, error.message, { field: error.field, fix: error.fix }));
    return { result: { ...base, inputShapes: shapes }, problems };
  }
}

function blank(node: GraphNode): NodeAnalysis {
  return { id: node.id, kind: node.kind, config: null, inputShapes: [], outputShape: null, params: null, macs: 0 };
}
