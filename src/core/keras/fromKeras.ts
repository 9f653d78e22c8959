import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, MAX_GRAPH_NODES, type GraphDocument, type GraphEdge, type GraphNode } from '../graph/document';
import { showValue } from './showValue';
import { analyseGraph } from '../graph/analyse';
import { DocumentError } from '../graph/errors';
import { arrangeLayout } from '../graph/layout';
import { loadDocument, refuseDeep } from '../graph/load';
import { layerSpec, layerSpecForKerasClass } from '../layers/catalogue';
import { KerasFieldError } from '../layers/common/kerasReader';
import { datasetSchema } from '../training/config';
import { readFitExtras, readKerasTraining } from './kerasTraining';

/** A setting or layer the import could not carry over, by name. */
export interface ImportNote {
  readonly layer: string;
  readonly what: string;
}

export interface ImportedGraph {
  readonly document: GraphDocument;
  readonly notes: readonly ImportNote[];
  readonly source: 'keras' | 'tfjs';
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a parsed JSON value looks like a Keras topology or a tfjs `model.json`. */
export function isKerasJson(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isObject(value.modelTopology)) return true;
  return typeof value.class_name === 'string' && ('config' in value);
}

interface RawLayer {
  className: string;
  name: string;
  config: Json;
  inbound: string[];
}

function idFor(name: string, used: Set<string>): string {
  let base = name.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z]/.test(base)) base = `l_${base}`;
  base = base.slice(0, 56);
  let id = base;
  for (let i = 2; used.has(id); i++) id = `${base}_${i}`;
  used.add(id);
  return id;
}

/** Source layer names of one call of a layer, in Keras 2 (`[[name, 0, 0, {}]]`) or Keras 3 form. */
function inboundNames(inbound: unknown, layerName: string): string[] {
  if (!Array.isArray(inbound) || inbound.length === 0) return [];
  if (inbound.length > 1) throw new DocumentError(`Layer '${layerName}' is called ${inbound.length} times (a shared layer); NetCanvas graphs use each layer once`);
  const call = inbound[0];
  if (Array.isArray(call)) {
    return call.map((entry) => {
      if (Array.isArray(entry) && typeof entry[0] === 'string') return entry[0];
      throw new DocumentError(`Layer '${layerName}' has an inbound node NetCanvas cannot read`);
    });
  }
  if (isObject(call) && Array.isArray(call.args)) {
    const names: string[] = [];
    const visit = (arg: unknown): void => {
      if (Array.isArray(arg)) arg.forEach(visit);
      else if (isObject(arg) && arg.class_name === '__keras_tensor__' && isObject(arg.config) && Array.isArray(arg.config.keras_history)) {
        names.push(showValue(arg.config.keras_history[0]));
      }
    };
    visit(call.args);
    return names;
  }
  throw new DocumentError(`Layer '${layerName}' has an inbound node NetCanvas cannot read`);
}

function rawLayers(topology: Json): { layers: RawLayer[]; sequential: boolean; name: string } {
  const cls = topology.class_name;
  const config = topology.config;
  if (cls === 'Sequential') {
    const list = Array.isArray(config) ? config : isObject(config) && Array.isArray(config.layers) ? config.layers : null;
    if (!list) throw new DocumentError('This Keras Sequential model has no layer list (config.layers)');
    const name = isObject(config) && typeof config.name === 'string' ? config.name : 'sequential';
    return {
      sequential: true,
      name,
      layers: list.map((l: unknown, i: number) => {
        if (!isObject(l) || typeof l.class_name !== 'string') throw new DocumentError(`Layer ${i} of the Sequential model has no class_name`);
        const c = isObject(l.config) ? l.config : {};
        return { className: l.class_name, name: typeof c.name === 'string' ? c.name : `layer_${i}`, config: c, inbound: [] };
      }),
    };
  }
  if (cls === 'Model' || cls === 'Functional') {
    if (!isObject(config) || !Array.isArray(config.layers)) throw new DocumentError(`This Keras ${cls} has no layer list (config.layers)`);
    return {
      sequential: false,
      name: typeof config.name === 'string' ? config.name : 'model',
      layers: config.layers.map((l: unknown, i: number) => {
        if (!isObject(l) || typeof l.class_name !== 'string') throw new DocumentError(`Layer ${i} of the model has no class_name`);
        const c = isObject(l.config) ? l.config : {};
        const name = typeof l.name === 'string' ? l.name : typeof c.name === 'string' ? c.name : `layer_${i}`;
        return { className: l.class_name, name, config: c, inbound: inboundNames(l.inbound_nodes, name) };
      }),
    };
  }
  throw new DocumentError(`Keras class '${showValue(cls)}' is not a model NetCanvas can import; expected Sequential, Functional or Model`);
}

/** A layer's config read by its kind; invalid values refuse the file, naming the layer and each field. */
function readLayer<T>(layer: RawLayer, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof KerasFieldError)) throw error;
    throw new DocumentError(
      `The Keras layer '${layer.name}' (${layer.className}) holds values NetCanvas cannot import`,
      error.problems.map((p) => ({ path: p.field, message: `${showValue(p.value)}: ${p.reason}` })),
    );
  }
}

/** The notes that stand once the graph is analysed: a kind may find one of its notes no loss (`kerasNoteIsMoot`). */
function withoutMootNotes(document: GraphDocument, notes: readonly ImportNote[]): ImportNote[] {
  const analysis = analyseGraph(document);
  return notes.filter((note) => {
    const node = document.nodes.find((n) => n.id === note.layer || n.label === note.layer);
    const analysed = node && analysis.nodes.get(node.id);
    return !analysed?.spec?.kerasNoteIsMoot?.(note.what, analysed.inputShapes);
  });
}

interface Extras {
  name?: string;
  dataset?: Json;
  fit: Json;
  labels: Map<string, string>;
}

/** Reads the `netcanvas` block an export keeps beside the topology; a bad field is noted and skipped. */
function readExtras(value: unknown, notes: ImportNote[]): Extras {
  const extras: Extras = { fit: {}, labels: new Map() };
  if (!isObject(value)) return extras;
  const skip = (what: string) => notes.push({ layer: '(netcanvas)', what });
  if (typeof value.name === 'string' && value.name.length <= 200) extras.name = value.name;
  else if (value.name !== undefined) skip(`name=${JSON.stringify(value.name)}`);
  if (value.dataset !== undefined) {
    const dataset = datasetSchema.safeParse(value.dataset);
    if (dataset.success) extras.dataset = dataset.data;
    else skip(`dataset=${JSON.stringify(value.dataset)}`);
  }
  const fitNotes: string[] = [];
  extras.fit = readFitExtras(value.fit, fitNotes);
  fitNotes.forEach(skip);
  if (isObject(value.labels)) {
    for (const [id, label] of Object.entries(value.labels)) {
      if (typeof label === 'string' && label.length <= 200) extras.labels.set(id, label);
      else skip(`labels.${id}=${JSON.stringify(label)}`);
    }
  }
  return extras;
}

/**
 * Imports a Keras `model.to_json()` topology, a tfjs `model.toJSON()` or a tfjs
 * `model.json` into a graph, laid out automatically. Layers NetCanvas has no kind for
 * are refused by name; settings it cannot represent are listed in `notes`.
 */
export function importKeras(value: unknown, fallbackName = 'Imported model'): ImportedGraph {
  if (!isObject(value)) throw new DocumentError('This is not a Keras or TensorFlow.js model file: expected a JSON object');
  refuseDeep(value, 'This Keras model');
  const source = isObject(value.modelTopology) ? 'tfjs' : 'keras';
  let topology = isObject(value.modelTopology) ? value.modelTopology : value;
  let training: unknown = isObject(value.modelTopology)
    ? (value.modelTopology.training_config ?? value.trainingConfig)
    : (value.training_config ?? value.compile_config);
  if (isObject(topology.model_config)) {
    training = topology.training_config ?? training;
    topology = topology.model_config;
  }
  const { layers, sequential, name } = rawLayers(topology);
  const nodeCount = layers.length + (sequential && layers.length > 0 && layerSpecForKerasClass(layers[0].className)?.kind !== 'Input' ? 1 : 0);
  if (nodeCount > MAX_GRAPH_NODES) {
    throw new DocumentError(`This Keras model has ${layers.length.toLocaleString('en-US')} layers${nodeCount > layers.length ? ' and an Input to add' : ''}; NetCanvas opens graphs of at most ${MAX_GRAPH_NODES.toLocaleString('en-US')}`);
  }
  const unknown = layers.filter((l) => !layerSpecForKerasClass(l.className));
  if (unknown.length > 0) {
    throw new DocumentError(
      `This model uses layers NetCanvas does not have: ${unknown.map((l) => `'${l.name}' (${l.className})`).join(', ')}`,
    );
  }
  const notes: ImportNote[] = [];
  const used = new Set<string>();
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const idByName = new Map<string, string>();
  const connect = (source: string, target: string) => edges.push({ id: `e${edges.length + 1}`, source, sourcePort: 'out', target, targetPort: 'in' });

  let previous: string | undefined;
  layers.forEach((layer, i) => {
    const spec = layerSpecForKerasClass(layer.className)!;
    // A Sequential model's first layer carries the input shape; it becomes an Input node.
    const shapeKey = Object.hasOwn(layer.config, 'batch_input_shape') ? 'batch_input_shape' : 'batch_shape';
    const shape = Object.hasOwn(layer.config, shapeKey) ? layer.config[shapeKey] : undefined;
    if (sequential && i === 0 && spec.kind !== 'Input') {
      if (!Array.isArray(shape)) throw new DocumentError(`The first layer '${layer.name}' does not say its input shape (batch_input_shape), so NetCanvas cannot make the Input`);
      const input = readLayer(layer, () => layerSpec('Input')!.fromKeras({ className: 'InputLayer', config: { [shapeKey]: shape } }));
      for (const what of input.unsupported) notes.push({ layer: layer.name, what });
      const id = idFor('input', used);
      nodes.push({ id, kind: 'Input', config: input.config, position: { x: 0, y: 0 } });
      previous = id;
    }
    const imported = readLayer(layer, () => spec.fromKeras({ className: layer.className, config: layer.config }));
    for (const what of imported.unsupported) notes.push({ layer: layer.name, what });
    const id = idFor(layer.name, used);
    idByName.set(layer.name, id);
    nodes.push({ id, kind: spec.kind, config: imported.config, position: { x: 0, y: 0 }, ...(id !== layer.name ? { label: layer.name } : {}) });
    if (sequential) {
      if (previous) connect(previous, id);
      previous = id;
    }
  });
  if (!sequential) {
    layers.forEach((layer) => {
      for (const from of layer.inbound) {
        const source = idByName.get(from);
        if (!source) throw new DocumentError(`Layer '${layer.name}' reads from '${from}', which is not in the model`);
        connect(source, idByName.get(layer.name)!);
      }
    });
  }
  const extras = readExtras(source === 'tfjs' ? (isObject(value.userDefinedMetadata) ? value.userDefinedMetadata.netcanvas : undefined) : value.netcanvas, notes);
  const trainingNotes: string[] = [];
  const trainingConfig = { ...readKerasTraining(training, trainingNotes), ...extras.fit };
  for (const what of trainingNotes) notes.push({ layer: '(training)', what });
  const positions = arrangeLayout(nodes.map((n) => n.id), edges);
  const document = loadDocument({
    format: GRAPH_FORMAT,
    version: GRAPH_FORMAT_VERSION,
    name: extras.name ?? (name || fallbackName),
    nodes: nodes.map((n) => ({ ...n, position: positions.get(n.id), ...(extras.labels.has(n.id) ? { label: extras.labels.get(n.id) } : {}) })),
    edges,
    ...(extras.dataset ? { dataset: extras.dataset } : {}),
    training: trainingConfig,
  });
  return { document, notes: withoutMootNotes(document, notes), source };
}
