import type { GraphAnalysis } from '../graph/analyse';
import type { GraphDocument } from '../graph/document';
import { layerSpec } from '../layers/catalogue';
import { tfjsReadyConfig } from '../layers/spec';
import { layerCallCode, objectCode } from './layerArgs';
import { code, variableName } from './source';

/** A Keras- and tfjs-safe model name from the graph's name. */
export function modelName(doc: GraphDocument): string {
  return doc.name.replace(/[^A-Za-z0-9_]/g, '_') || 'model';
}

/** Whether the graph is one Input followed by a chain of one-input layers: Keras's Sequential case. */
export function isPlainStack(analysis: GraphAnalysis): boolean {
  const { topology } = analysis;
  return (
    analysis.inputIds.length === 1 &&
    topology.order.every((id) => topology.incoming.get(id)!.length <= 1 && topology.outgoing.get(id)!.length <= 1) &&
    topology.order.every((id) => analysis.nodes.get(id)!.spec?.arity !== 'many')
  );
}

export interface ModelFunctionOptions {
  /** Written instead of the Input's shape literal, e.g. a constant `INPUT_SHAPE` (one Input only). */
  readonly inputShape?: string;
  /** Whether the function is `export`ed. */
  readonly exported: boolean;
}

/**
 * The `buildModel()` function for an analysed, exportable graph: `tf.sequential` for a
 * plain stack, else the functional API with `tf.input` and `apply`. Every layer is named
 * by its node id, so tfjs's summary lines up with NetCanvas's.
 */
export function modelFunctionLines(doc: GraphDocument, analysis: GraphAnalysis, options: ModelFunctionOptions): string[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const config = (id: string) => {
    const node = analysis.nodes.get(id)!;
    return node.spec ? tfjsReadyConfig(node.spec, node.config!, node.outputShape) : node.config!;
  };
  const shapeOf = (id: string) => (options.inputShape && analysis.inputIds.length === 1 ? code(options.inputShape) : config(id).shape);
  const head = `${options.exported ? 'export ' : ''}function buildModel(): tf.LayersModel {`;
  const indent = '  ';

  if (isPlainStack(analysis)) {
    const [inputId] = analysis.inputIds;
    const layers = analysis.topology.order.filter((id) => id !== inputId);
    return [
      `/** Builds the network as a stack of layers, each named by its NetCanvas node id. */`,
      head,
      `${indent}const model = tf.sequential(${objectCode({ name: modelName(doc) }, indent)});`,
      ...layers.map((id, i) => {
        const node = byId.get(id)!;
        const extra = i === 0 ? { inputShape: shapeOf(inputId) } : {};
        return `${indent}model.add(${layerCallCode(node.kind, config(id), id, extra, indent, 'model.add();'.length)});`;
      }),
      `${indent}return model;`,
      '}',
    ];
  }

  const used = new Set<string>();
  const variables = new Map(analysis.topology.order.map((id) => [id, variableName(id, used)]));
  const body = analysis.topology.order.map((id) => {
    const node = byId.get(id)!;
    const name = variables.get(id)!;
    if (layerSpec(node.kind)?.arity === 'none') {
      return `${indent}const ${name} = tf.input(${objectCode({ name: id, shape: shapeOf(id) }, indent)});`;
    }
    const sources = analysis.topology.incoming.get(id)!.map((e) => variables.get(e.source)!);
    const argument = sources.length === 1 ? sources[0] : `[${sources.join(', ')}]`;
    const start = `${indent}const ${name} = `;
    const end = `.apply(${argument}) as tf.SymbolicTensor;`;
    return `${start}${layerCallCode(node.kind, config(id), id, {}, indent, start.length - indent.length + end.length)}${end}`;
  });
  const inputs = analysis.inputIds.map((id) => variables.get(id)!);
  return [
    `/** Builds the network with the functional API, each layer named by its NetCanvas node id. */`,
    head,
    ...body,
    `${indent}return tf.model(${objectCode(
      { name: modelName(doc), inputs: code(inputs.length === 1 ? inputs[0] : `[${inputs.join(', ')}]`), outputs: code(variables.get(analysis.outputId!)!) },
      indent,
    )});`,
    '}',
  ];
}
