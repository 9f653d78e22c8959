import type { GraphDocument } from '../graph/document';
import { DocumentError } from '../graph/errors';
import { loadDocument } from '../graph/load';
import { layerSpec } from '../layers/catalogue';
import { defaultOptimizer, optimizerSchema, trainingSchema, type OptimizerType } from '../training/config';
import { formatValue, SweepSpecError, type SettingValue, type TrialSettings } from './sweepSpec';

/**
 * Where a setting's path points: the training settings (`optimizer`, `optimizer.learningRate`,
 * `batchSize`, `epochs`, … or with a `training.` prefix), the dataset (`dataset.name`), or a
 * node's field (`dense_1.units`, `dropout_1.rate`).
 */
export type SettingTarget =
  | { readonly kind: 'training'; readonly keys: readonly string[] }
  | { readonly kind: 'dataset'; readonly keys: readonly string[] }
  | { readonly kind: 'node'; readonly nodeId: string; readonly field: string };

const OPTIMIZER_TYPES = optimizerSchema.options.map((o) => o.shape.type.value) as OptimizerType[];

/** The training settings' names, from the schema itself (so settings added there can be swept at once). */
function trainingKeys(): string[] {
  const schema = trainingSchema as unknown as { shape?: Record<string, unknown> };
  return schema.shape ? Object.keys(schema.shape) : [];
}

const own = (object: unknown, key: string) => typeof object === 'object' && object !== null && Object.prototype.hasOwnProperty.call(object, key);

/** Where `path` points in `doc`, or a SweepSpecError naming the path and what it could be. */
export function resolveSetting(doc: GraphDocument, path: string): SettingTarget {
  const parts = path.split('.');
  const training = trainingKeys();
  if (parts[0] === 'training' && parts.length > 1) parts.shift();
  else if (parts[0] === 'dataset') {
    if (parts.length !== 2 || parts[1] !== 'name') throw new SweepSpecError(`'${path}': the dataset has one setting, dataset.name`);
    return { kind: 'dataset', keys: parts.slice(1) };
  } else if (!training.includes(parts[0])) {
    const node = doc.nodes.find((n) => n.id === parts[0]);
    if (!node) {
      const ids = doc.nodes.map((n) => n.id).join(', ');
      throw new SweepSpecError(`'${path}' names no setting: '${parts[0]}' is neither a training setting (${training.join(', ')}) nor a node of the graph (${ids || 'it has none'})`);
    }
    const fields = layerSpec(node.kind)?.fields.map((f) => f.name) ?? [];
    if (parts.length !== 2) throw new SweepSpecError(`'${path}': name one field of ${node.id}, as ${node.id}.${fields[0] ?? 'FIELD'} (its fields: ${fields.join(', ') || 'none'})`);
    if (!fields.includes(parts[1])) throw new SweepSpecError(`'${path}': ${node.id} (${node.kind}) has no field '${parts[1]}' (its fields: ${fields.join(', ') || 'none'})`);
    return { kind: 'node', nodeId: node.id, field: parts[1] };
  }
  if (!training.includes(parts[0])) throw new SweepSpecError(`'${path}': there is no training setting '${parts[0]}' (they are ${training.join(', ')})`);
  return { kind: 'training', keys: parts };
}

function setIn(object: Record<string, unknown>, keys: readonly string[], value: unknown): Record<string, unknown> {
  const [key, ...rest] = keys;
  if (rest.length === 0) return { ...object, [key]: value };
  const inner = own(object, key) && typeof object[key] === 'object' && object[key] !== null ? (object[key] as Record<string, unknown>) : {};
  return { ...object, [key]: setIn(inner, rest, value) };
}

function applyOne(doc: GraphDocument, path: string, value: SettingValue): GraphDocument {
  const target = resolveSetting(doc, path);
  const shown = `${path}=${formatValue(value)}`;
  if (target.kind === 'node') {
    return { ...doc, nodes: doc.nodes.map((n) => (n.id === target.nodeId ? { ...n, config: { ...n.config, [target.field]: value } } : n)) };
  }
  if (target.kind === 'dataset') return { ...doc, dataset: setIn(doc.dataset as Record<string, unknown>, target.keys, value) as GraphDocument['dataset'] };
  const [first, ...rest] = target.keys;
  if (first === 'optimizer') {
    if (rest.length === 0) {
      // A new optimizer starts from its Keras defaults, as the book's tables do.
      if (typeof value !== 'string' || !(OPTIMIZER_TYPES as string[]).includes(value)) throw new SweepSpecError(`${shown}: the optimizer is one of ${OPTIMIZER_TYPES.join(', ')}`);
      return { ...doc, training: { ...doc.training, optimizer: defaultOptimizer(value as OptimizerType) } };
    }
    const optimizer = doc.training.optimizer;
    if (rest.length !== 1 || rest[0] === 'type' || !own(optimizer, rest[0])) {
      const settings = Object.keys(optimizer).filter((k) => k !== 'type');
      throw new SweepSpecError(`${shown}: ${optimizer.type} has no setting '${rest.join('.')}' (its settings: ${settings.join(', ')}; vary the optimizer itself as 'optimizer')`);
    }
  }
  return { ...doc, training: setIn(doc.training as Record<string, unknown>, target.keys, value) as GraphDocument['training'] };
}

/** How deep a path is: `optimizer` before `optimizer.learningRate`, so a new optimizer's rate is the trial's. */
const depth = (path: string) => path.split('.').length;

/**
 * A trial's document: `doc` with each setting applied (a setting's parent first), checked
 * as a graph file is when it opens. Refuses a path that names nothing and a value the
 * setting does not take, with a message naming both.
 */
export function applySettings(doc: GraphDocument, settings: TrialSettings): GraphDocument {
  const ordered = [...settings].sort((a, b) => depth(a[0]) - depth(b[0]));
  let current = doc;
  for (const [path, value] of ordered) {
    current = applyOne(current, path, value);
    try {
      current = loadDocument(current);
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      const detail = error.issues.length ? error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : error.message;
      throw new SweepSpecError(`${path}=${formatValue(value)} is not a value this setting takes (${detail})`);
    }
  }
  return current;
}
