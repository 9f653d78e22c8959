import { BUILTIN_DATASETS, type DatasetDescription } from '../data/description';
import { layerSpec } from '../layers/catalogue';
import { ShapeError } from '../layers/problem';
import type { LayerSpec, ParamCount } from '../layers/spec';
import { formatShape, type Shape } from '../shapes/shape';
import type { GraphDocument, GraphNode } from './document';
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

/**
 * Derives everything the editor shows from a document: shapes, parameter counts,
 * multiply-adds and problems. A node pass infers each layer's shapes and counts (and
 * reports what stops it: an unknown kind, a setting, a shape); then each rule of
 * `PROBLEM_RULES` checks the whole graph. Pure; the document is never changed.
 */
export function analyseGraph(doc: GraphDocument, options: AnalyseOptions = {}): GraphAnalysis {
  const topo = topology(doc.nodes, doc.edges);
  const dataset = options.dataset ?? doc.dataset.file?.description ?? BUILTIN_DATASETS[doc.dataset.name];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const { nodes, problems } = nodePass(doc, topo, byId);

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
  return { topology: topo, nodes, problems, inputIds, outputId, totals, valid: !problems.some((p) => p.severity === 'error'), dataset };
}

/** Each node's shapes, parameters and multiply-adds, in topological order, with the problems that stop them. */
function nodePass(doc: GraphDocument, topo: Topology, byId: ReadonlyMap<string, GraphNode>): { nodes: Map<string, NodeAnalysis>; problems: Problem[] } {
  const problems: Problem[] = [];
  const results = new Map<string, NodeAnalysis>();
  for (const node of doc.nodes) {
    if (topo.cyclic.has(node.id)) results.set(node.id, blank(node));
  }
  for (const id of topo.order) {
    const node = byId.get(id)!;
    const spec = layerSpec(node.kind);
    if (!spec) {
      problems.push(nodeProblem(node, 'unknown-kind', `'${node.kind}' is not a layer kind NetCanvas knows.`));
      results.set(id, blank(node));
      continue;
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
    const incoming = topo.incoming.get(id)!;
    const inputShapes = incoming.map((e) => results.get(e.source)?.outputShape ?? null);
    const base = { id, kind: node.kind, spec, config, inputShapes: [] as Shape[], outputShape: null, params: null, macs: 0 };
    // Arity is the arity rule's to report; here it only decides whether shapes can be inferred.
    const ready =
      config !== null &&
      inputShapes.every((s): s is Shape => s !== null) &&
      (spec.arity === 'none' ? incoming.length === 0 : spec.arity === 'one' ? incoming.length === 1 : incoming.length >= 2);
    if (!ready) {
      results.set(id, { ...base, inputShapes: inputShapes.filter((s): s is Shape => s !== null) });
      continue;
    }
    const shapes = inputShapes as Shape[];
    try {
      const outputShape = spec.outputShape(shapes, config);
      if (outputShape.slice(1).some((d) => d !== null && (!Number.isFinite(d) || d < 1))) {
        throw new ShapeError('dimension-below-one', `the output shape ${formatShape(outputShape)} has a dimension below 1.`);
      }
      const params = spec.params(shapes, config);
      const macs = spec.macs(shapes, outputShape, config);
      results.set(id, { ...base, inputShapes: shapes, outputShape, params, macs });
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      problems.push(nodeProblem(node, error.code, error.message, { field: error.field, fix: error.fix }));
      results.set(id, { ...base, inputShapes: shapes });
    }
  }
  return { nodes: results, problems };
}

function blank(node: GraphNode): NodeAnalysis {
  return { id: node.id, kind: node.kind, config: null, inputShapes: [], outputShape: null, params: null, macs: 0 };
}
