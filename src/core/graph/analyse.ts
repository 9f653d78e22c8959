import { layerSpec } from '../layers/catalogue';
import { ShapeError, type Fix } from '../layers/problem';
import type { LayerSpec, ParamCount } from '../layers/spec';
import { featureCount, formatShape, formatShapeCompact, type Shape } from '../shapes/shape';
import { DATASET_INFO, sampleValues } from '../training/datasets';
import type { GraphDocument, GraphNode } from './document';
import { reachable, topology, type Topology } from './topology';
import { zodIssues } from './zodIssues';

export type Severity = 'error' | 'warning';

/** Something wrong with the graph, tied to a node (and a field of its config) where it can be. */
export interface Problem {
  readonly severity: Severity;
  /** `structure`: the graph cannot become a model; `dataset`: it can, but cannot train as set up (data, loss, runtime). */
  readonly scope: 'structure' | 'dataset';
  readonly nodeId?: string;
  readonly field?: string;
  /** A full sentence that names the node and the field. */
  readonly message: string;
  readonly fix?: Fix;
}

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
}

/** Models beyond this are refused: tfjs holds every weight in one process's memory. */
export const MAX_TRAINABLE_PARAMS = 500_000_000;

export function nodeName(node: Pick<GraphNode, 'id' | 'kind' | 'label'>): string {
  return `${node.kind} '${node.label ?? node.id}'`;
}

/**
 * Derives everything the editor shows from a document: shapes, parameter counts,
 * multiply-adds and problems. Pure; the document is never changed.
 */
export function analyseGraph(doc: GraphDocument): GraphAnalysis {
  const topo = topology(doc.nodes, doc.edges);
  const problems: Problem[] = [];
  const results = new Map<string, NodeAnalysis>();
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const dataset = DATASET_INFO[doc.dataset.name];

  const problem = (node: GraphNode, message: string, extra: Partial<Problem> = {}): void => {
    const field = extra.field ? ` (${extra.field})` : '';
    problems.push({ severity: 'error', scope: 'structure', nodeId: node.id, ...extra, message: `${nodeName(node)}${field}: ${message}` });
  };

  for (const id of topo.onCycle) {
    problem(byId.get(id)!, 'is part of a cycle; a network must flow one way from its input to its output.');
  }

  for (const node of doc.nodes) {
    if (topo.cyclic.has(node.id)) results.set(node.id, blank(node));
  }

  for (const id of topo.order) {
    const node = byId.get(id)!;
    const spec = layerSpec(node.kind);
    if (!spec) {
      problem(node, `'${node.kind}' is not a layer kind NetCanvas knows.`);
      results.set(id, blank(node));
      continue;
    }
    const parsed = spec.schema.safeParse(node.config);
    const config = parsed.success ? (parsed.data as Record<string, unknown>) : null;
    if (!parsed.success) {
      for (const issue of zodIssues(parsed.error, '', node.config)) {
        const field = issue.path.split(/[.[]/)[0] || undefined;
        problem(node, `${issue.path ? `${issue.path} ` : ''}${issue.message}.`, { field });
      }
    }
    const incoming = topo.incoming.get(id)!;
    const sources = incoming.map((e) => results.get(e.source));
    const inputShapes = sources.map((s) => s?.outputShape ?? null);
    const base = { id, kind: node.kind, spec, config, inputShapes: [] as Shape[], outputShape: null, params: null, macs: 0 };

    if (spec.arity === 'none' && incoming.length > 0) {
      problem(node, `an Input takes no incoming connection, but ${incoming.length} ${incoming.length === 1 ? 'is' : 'are'} connected.`);
    }
    if (spec.arity === 'one' && incoming.length > 1) {
      problem(node, `takes one input, but ${incoming.length} are connected; merge them first with Add or Concatenate.`, {
        fix: { kind: 'insert-before', layer: 'Concatenate' },
      });
    }
    if (spec.arity !== 'none' && incoming.length === 0) {
      problem(node, 'has no input connected; connect it to an Input or another layer.');
    }
    if (spec.arity === 'many' && incoming.length === 1) {
      problem(node, `merges two or more inputs, but only one is connected.`);
    }
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
        throw new ShapeError(`the output shape ${formatShape(outputShape)} has a dimension below 1.`);
      }
      const params = spec.params(shapes, config);
      const macs = spec.macs(shapes, outputShape, config);
      results.set(id, { ...base, inputShapes: shapes, outputShape, params, macs });
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      problem(node, error.message, { field: error.field, fix: error.fix });
      results.set(id, { ...base, inputShapes: shapes });
    }
  }

  // Whole-graph checks: one input kind at the start, one output at the end, everything between.
  const inputIds = doc.nodes.filter((n) => n.kind === 'Input').map((n) => n.id);
  const sinks = topo.order.filter((id) => topo.outgoing.get(id)!.length === 0 && byId.get(id)!.kind !== 'Input');
  if (doc.nodes.length > 0 && inputIds.length === 0) {
    problems.push({ severity: 'error', scope: 'structure', message: 'The graph has no Input layer; add one from the palette (Input) and connect it.' });
  }
  const fromInputs = reachable(inputIds, topo.outgoing, true);
  for (const node of doc.nodes) {
    if (node.kind !== 'Input' && !fromInputs.has(node.id) && !topo.cyclic.has(node.id) && topo.incoming.get(node.id)!.length > 0) {
      problem(node, 'is not connected to an Input.');
    }
  }
  for (const id of inputIds) {
    if (topo.outgoing.get(id)!.length === 0) problem(byId.get(id)!, 'is not connected to any layer.');
  }
  let outputId: string | null = null;
  if (sinks.length > 1) {
    problems.push({
      severity: 'error',
      scope: 'structure',
      message: `The graph has ${sinks.length} ends (${sinks.map((s) => nodeName(byId.get(s)!)).join(', ')}); a network trains one output, so connect them into one or delete the extra ones.`,
    });
  } else if (sinks.length === 1) {
    outputId = sinks[0];
  }
  if (outputId !== null) {
    const toOutput = reachable([outputId], topo.incoming, false);
    for (const id of inputIds) {
      if (!toOutput.has(id) && topo.outgoing.get(id)!.length > 0) problem(byId.get(id)!, 'does not lead to the output.');
    }
  }

  const classes = dataset.classNames.length;
  for (const id of inputIds) {
    const out = results.get(id)?.outputShape;
    if (!out) continue;
    const values = featureCount(out);
    const want = sampleValues(dataset);
    if (values !== want) {
      problem(byId.get(id)!, `${dataset.label} samples have ${want} values (${dataset.imageSize.join('×')}), but this input takes ${values ?? 'an unknown number of'}; use 784, 28×28×1 or 28×28.`, {
        field: 'shape',
        scope: 'dataset',
        fix: { kind: 'set-field', field: 'shape', value: [784] },
      });
    }
  }
  const output = outputId ? results.get(outputId) : undefined;
  if (output?.outputShape && outputId) {
    const outNode = byId.get(outputId)!;
    const shape = output.outputShape;
    if (shape.length > 2) {
      const feeding = reachable([outputId], topo.incoming, false);
      const culprit = topo.order
        .filter((i) => feeding.has(i))
        .map((i) => results.get(i)!)
        .find((r) => r.kind === 'Dense' && (r.inputShapes[0]?.length ?? 0) > 2);
      const target = culprit ? byId.get(culprit.id)! : outNode;
      problem(
        target,
        `${culprit ? `works on the last axis of its ${formatShapeCompact(culprit.inputShapes[0])} input, so the` : 'the'} network's output is ${formatShapeCompact(shape)}, but the labels are ${classes} classes; insert Flatten before it.`,
        { scope: 'dataset', fix: { kind: 'insert-before', layer: 'Flatten' } },
      );
    } else if (shape.length === 2 && shape[1] !== classes) {
      problem(outNode, `the network's output has ${shape[1]} values, but ${dataset.label} has ${classes} classes; the last layer needs ${classes} units.`, {
        scope: 'dataset',
        field: outNode.kind === 'Dense' ? 'units' : undefined,
        fix: outNode.kind === 'Dense' ? { kind: 'set-field', field: 'units', value: classes } : undefined,
      });
    }
    const activation = finalActivation(outputId, results, topo);
    const loss = doc.training.loss;
    if (loss === 'categoricalCrossentropy' && activation !== 'softmax') {
      const dense = outNode.kind === 'Dense';
      problem(outNode, `categorical cross-entropy expects probabilities, but the output activation is ${activation ?? 'unknown'}; use softmax on the last layer.`, {
        severity: 'warning',
        scope: 'dataset',
        field: dense ? 'activation' : undefined,
        fix: dense ? { kind: 'set-field', field: 'activation', value: 'softmax' } : undefined,
      });
    }
    if (loss === 'binaryCrossentropy' && activation !== 'sigmoid') {
      const dense = outNode.kind === 'Dense';
      problem(outNode, `binary cross-entropy expects values in (0, 1), but the output activation is ${activation ?? 'unknown'}; use sigmoid on the last layer.`, {
        severity: 'warning',
        scope: 'dataset',
        field: dense ? 'activation' : undefined,
        fix: dense ? { kind: 'set-field', field: 'activation', value: 'sigmoid' } : undefined,
      });
    }
  }

  // tfjs-layers 4.22 reads gamma and beta unconditionally while training, so it cannot train these.
  for (const node of doc.nodes) {
    const config = results.get(node.id)?.config;
    if (node.kind !== 'BatchNormalization' || !config) continue;
    for (const field of ['center', 'scale'] as const) {
      if (config[field] === false) {
        problem(node, `TensorFlow.js cannot train BatchNormalization with ${field} turned off; turn it on.`, {
          field,
          scope: 'dataset',
          fix: { kind: 'set-field', field, value: true },
        });
      }
    }
  }

  let trainable = 0;
  let nonTrainable = 0;
  let macs = 0;
  for (const r of results.values()) {
    trainable += r.params?.trainable ?? 0;
    nonTrainable += r.params?.nonTrainable ?? 0;
    macs += r.macs;
  }
  if (trainable > MAX_TRAINABLE_PARAMS) {
    problems.push({ severity: 'error', scope: 'structure', message: `The network has ${trainable.toLocaleString('en-US')} trainable parameters; NetCanvas trains at most ${MAX_TRAINABLE_PARAMS.toLocaleString('en-US')}.` });
  }
  if (doc.nodes.length === 0) problems.push({ severity: 'error', scope: 'structure', message: 'The graph is empty; drag an Input and some layers from the palette, or open a template.' });
  return {
    topology: topo,
    nodes: results,
    problems,
    inputIds,
    outputId,
    totals: { trainable, nonTrainable, total: trainable + nonTrainable, macs },
    valid: !problems.some((p) => p.severity === 'error'),
  };
}

function blank(node: GraphNode): NodeAnalysis {
  return { id: node.id, kind: node.kind, config: null, inputShapes: [], outputShape: null, params: null, macs: 0 };
}

/** The activation applied last on the way to the output, looking through Dropout. */
function finalActivation(outputId: string, results: ReadonlyMap<string, NodeAnalysis>, topo: Topology): string | null {
  let id: string | undefined = outputId;
  while (id) {
    const r = results.get(id);
    if (!r?.config) return null;
    if (typeof r.config.activation === 'string') {
      return r.config.activation;
    }
    if (r.kind !== 'Dropout' && r.kind !== 'Flatten' && r.kind !== 'Reshape') return 'linear';
    const inc: readonly { source: string }[] = topo.incoming.get(id) ?? [];
    id = inc.length === 1 ? inc[0].source : undefined;
  }
  return null;
}
