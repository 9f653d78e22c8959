import { analyseGraph } from '../graph/analyse';
import type { GraphDocument } from '../graph/document';
import { DocumentError } from '../graph/errors';
import { layerSpec } from '../layers/catalogue';
import { tfjsReadyConfig } from '../layers/spec';
import { KERAS_LOSS, type OptimizerConfig } from '../training/config';

export interface KerasModelJson {
  readonly class_name: 'Functional';
  readonly config: {
    readonly name: string;
    readonly layers: readonly KerasLayerJson[];
    readonly input_layers: readonly [string, number, number][];
    readonly output_layers: readonly [string, number, number][];
  };
  readonly keras_version: string;
  readonly backend: string;
}

export interface KerasLayerJson {
  readonly class_name: string;
  readonly name: string;
  readonly config: Record<string, unknown>;
  readonly inbound_nodes: readonly (readonly [string, number, number, Record<string, never>][])[];
}

/** A Keras layer name for a node: its id, which the format keeps Keras-safe. */
export const kerasName = (nodeId: string): string => nodeId;

/**
 * The graph as a Keras functional model topology (`model.to_json()`), which tfjs's
 * `tf.models.modelFromJSON` and Keras's `model_from_json` both read. Layer names are
 * the node ids, so weights, metrics and errors map back to nodes.
 */
export function toKerasModel(doc: GraphDocument): KerasModelJson {
  const analysis = analyseGraph(doc);
  const blocking = analysis.problems.filter((p) => p.severity === 'error' && p.scope === 'structure');
  if (analysis.topology.cyclic.size > 0 || analysis.outputId === null || blocking.length > 0) {
    throw new DocumentError('The graph cannot be turned into a model yet', (blocking.length ? blocking : analysis.problems).map((p) => ({ path: p.nodeId ?? '', message: p.message })));
  }
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const layers = analysis.topology.order.map((id): KerasLayerJson => {
    const node = byId.get(id)!;
    const spec = layerSpec(node.kind)!;
    const analysed = analysis.nodes.get(id)!;
    const keras = spec.toKeras(tfjsReadyConfig(spec, analysed.config!, analysed.outputShape));
    const name = kerasName(id);
    const incoming = analysis.topology.incoming.get(id)!;
    return {
      class_name: keras.className,
      name,
      config: { name, trainable: true, dtype: 'float32', ...keras.config },
      inbound_nodes: incoming.length === 0 ? [] : [incoming.map((e) => [kerasName(e.source), 0, 0, {}] as [string, number, number, Record<string, never>])],
    };
  });
  return {
    class_name: 'Functional',
    config: {
      name: doc.name.replace(/[^A-Za-z0-9_]/g, '_') || 'model',
      layers,
      input_layers: analysis.inputIds.map((id) => [kerasName(id), 0, 0]),
      output_layers: [[kerasName(analysis.outputId), 0, 0]],
    },
    keras_version: '2.15.0',
    backend: 'tensorflow',
  };
}

/**
 * What a Keras or tfjs file cannot say about a graph, kept beside the topology so an
 * export opens again as the same graph: its name, dataset, fit settings and node labels.
 * Keras and tfjs ignore it.
 */
export interface NetCanvasExtras {
  readonly name: string;
  readonly dataset: GraphDocument['dataset'];
  readonly fit: Pick<GraphDocument['training'], 'epochs' | 'batchSize' | 'validationSplit'>;
  readonly labels?: Readonly<Record<string, string>>;
}

export function netCanvasExtras(doc: GraphDocument): NetCanvasExtras {
  const labelled = doc.nodes.filter((n) => n.label !== undefined);
  return {
    name: doc.name,
    dataset: doc.dataset,
    fit: { epochs: doc.training.epochs, batchSize: doc.training.batchSize, validationSplit: doc.training.validationSplit },
    ...(labelled.length > 0 ? { labels: Object.fromEntries(labelled.map((n) => [n.id, n.label!])) } : {}),
  };
}

/**
 * The file `netcanvas export --format keras` writes: the `model.to_json()` topology with
 * the `training_config` Keras saves beside it, and NetCanvas's extras.
 */
export function toKerasFile(doc: GraphDocument): KerasModelJson & { training_config: Record<string, unknown>; netcanvas: NetCanvasExtras } {
  return { ...toKerasModel(doc), training_config: kerasTrainingConfig(doc), netcanvas: netCanvasExtras(doc) };
}

/**
 * A TensorFlow.js `model.json` (the layers-model format) with the topology and training
 * config but no weights: `weightsManifest` is empty, so tfjs builds it freshly initialised.
 */
export function toTfjsModelJson(doc: GraphDocument): Record<string, unknown> {
  return {
    format: 'layers-model',
    generatedBy: 'NetCanvas',
    convertedBy: null,
    modelTopology: toKerasModel(doc),
    trainingConfig: kerasTrainingConfig(doc),
    weightsManifest: [],
    userDefinedMetadata: { netcanvas: netCanvasExtras(doc) },
  };
}

/** Keras's `training_config`, as tfjs's `model.json` and Keras's saved models carry it. */
export function kerasTrainingConfig(doc: GraphDocument): Record<string, unknown> {
  return {
    loss: KERAS_LOSS[doc.training.loss],
    metrics: doc.training.metrics,
    optimizer_config: kerasOptimizer(doc.training.optimizer),
  };
}

export function kerasOptimizer(o: OptimizerConfig): { class_name: string; config: Record<string, unknown> } {
  switch (o.type) {
    case 'sgd':
      return { class_name: 'SGD', config: { learning_rate: o.learningRate, momentum: o.momentum, nesterov: false } };
    case 'adam':
      return { class_name: 'Adam', config: { learning_rate: o.learningRate, beta_1: o.beta1, beta_2: o.beta2, epsilon: o.epsilon, amsgrad: false } };
    case 'rmsprop':
      return { class_name: 'RMSprop', config: { learning_rate: o.learningRate, rho: o.rho, momentum: o.momentum, epsilon: o.epsilon, centered: false } };
  }
}
