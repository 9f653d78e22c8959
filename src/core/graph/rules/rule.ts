import type { DatasetDescription } from '../../data/description';
import type { ProblemCode } from '../../problems/codes';
import type { NodeAnalysis } from '../analyse';
import type { GraphDocument, GraphNode } from '../document';
import type { Problem } from '../problem';
import type { Topology } from '../topology';

/** What every rule reads: the document, its topology, the node pass's results and the dataset. */
export interface RuleContext {
  readonly doc: GraphDocument;
  readonly dataset: DatasetDescription;
  readonly topology: Topology;
  readonly byId: ReadonlyMap<string, GraphNode>;
  /** Each node's shapes and counts from the node pass. */
  readonly nodes: ReadonlyMap<string, NodeAnalysis>;
  readonly inputIds: readonly string[];
  /** Nodes without outgoing edges, other than Inputs, in topological order. */
  readonly sinks: readonly string[];
  /** The node whose output the network is trained on, when there is exactly one. */
  readonly outputId: string | null;
  readonly totals: { readonly trainable: number; readonly nonTrainable: number; readonly total: number; readonly macs: number };
}

/**
 * One check over the whole graph. `codes` lists every code `run` can give (the analysis
 * refuses any other), so the codes a rule emits are known without running it.
 */
export interface ProblemRule {
  readonly name: string;
  readonly codes: readonly ProblemCode[];
  run(context: RuleContext): readonly Problem[];
}
