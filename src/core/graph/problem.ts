import type { Fix } from '../layers/problem';
import { PROBLEM_CODES, type ProblemCode, type ProblemScope, type Severity } from '../problems/codes';
import type { GraphNode } from './document';

/** Something wrong with the graph, tied to a node (and a field of its config) where it can be. */
export interface Problem {
  /** What kind of problem it is, stable across versions (`PROBLEM_CODES`); act on this, never on the message. */
  readonly code: ProblemCode;
  readonly severity: Severity;
  /** `structure`: the graph cannot become a model; `dataset`: it can, but cannot train as set up (data, loss, runtime). */
  readonly scope: ProblemScope;
  readonly nodeId?: string;
  readonly field?: string;
  /** A full sentence that names the node and the field. */
  readonly message: string;
  /** The message without the node's name, as shown beside the node or its field. */
  readonly detail: string;
  readonly fix?: Fix;
}

export function nodeName(node: Pick<GraphNode, 'id' | 'kind' | 'label'>): string {
  return `${node.kind} '${node.label ?? node.id}'`;
}

/** A problem with one node: the message starts with the node's name and the field. */
export function nodeProblem(node: GraphNode, code: ProblemCode, detail: string, extra: { field?: string; fix?: Fix } = {}): Problem {
  const { severity, scope } = PROBLEM_CODES[code];
  const field = extra.field ? ` (${extra.field})` : '';
  return {
    code,
    severity,
    scope,
    nodeId: node.id,
    ...(extra.field ? { field: extra.field } : {}),
    message: `${nodeName(node)}${field}: ${detail}`,
    detail,
    ...(extra.fix ? { fix: extra.fix } : {}),
  };
}

/** A problem with the graph as a whole. */
export function graphProblem(code: ProblemCode, message: string): Problem {
  const { severity, scope } = PROBLEM_CODES[code];
  return { code, severity, scope, message, detail: message };
}
