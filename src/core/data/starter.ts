import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, documentSchema, type GraphDocument } from '../graph/document';
import { arrangeLayout } from '../graph/layout';
import { LOSS_TABLE } from '../training/losses';
import type { DatasetFile } from '../training/config';
import { outputUnits, type DatasetDescription } from './description';
import { inspectionTarget, type DataInspection } from './inspection';
import { pickChoices, type DataChoices, type DataFingerprint } from './choices';

/**
 * A sensible first network for a dataset, ready to train: an MLP for a table or flat arrays,
 * a small CNN for images, its output and loss fitting the task (softmax and categorical
 * cross-entropy for classes, sigmoid and binary cross-entropy for two, a linear unit and mean
 * squared error for a value). The graph keeps the dataset's facts, so it validates without the data.
 */
export function starterGraph(data: DatasetFile, name = `${data.description.label} starter`): GraphDocument {
  const d = data.description;
  const layers: Layer[] = [{ kind: 'Input', config: { shape: [...d.inputShape] } }];
  const image = d.inputShape.length === 3 && Math.min(d.inputShape[0], d.inputShape[1]) >= 8;
  if (image) {
    layers.push(
      { kind: 'Conv2D', config: { filters: 32, kernelSize: [3, 3], activation: 'relu' } },
      { kind: 'MaxPooling2D', config: { poolSize: [2, 2] } },
      { kind: 'Conv2D', config: { filters: 64, kernelSize: [3, 3], activation: 'relu' } },
      { kind: 'MaxPooling2D', config: { poolSize: [2, 2] } },
      { kind: 'Flatten', config: {} },
      { kind: 'Dropout', config: { rate: 0.25 } },
    );
  } else {
    if (d.inputShape.length > 1) layers.push({ kind: 'Flatten', config: {} });
    layers.push(
      { kind: 'Dense', config: { units: 64, activation: 'relu' } },
      { kind: 'Dropout', config: { rate: 0.1 } },
      { kind: 'Dense', config: { units: 32, activation: 'relu' } },
    );
  }
  const loss = lossFor(d);
  layers.push({ kind: 'Dense', config: { units: outputUnits(d), activation: loss.outputActivation } });
  const ids = new Map<string, number>();
  const nodes = layers.map((layer) => {
    const base = layer.kind === 'Input' ? 'input' : layer.kind.replace(/([a-z])([A-Z0-9])/g, '$1_$2').toLowerCase();
    const n = (ids.get(base) ?? 0) + 1;
    ids.set(base, n);
    return { id: layer.kind === 'Input' ? 'input' : `${base}_${n}`, kind: layer.kind, config: layer.config };
  });
  const edges = nodes.slice(1).map((node, i) => ({ id: `e${i + 1}`, source: nodes[i].id, target: node.id }));
  const at = arrangeLayout(nodes.map((n) => n.id), edges);
  return documentSchema.parse({
    format: GRAPH_FORMAT,
    version: GRAPH_FORMAT_VERSION,
    name,
    nodes: nodes.map((n) => ({ ...n, position: at.get(n.id) })),
    edges,
    dataset: { name: 'mnist', file: data },
    training: {
      optimizer: { type: 'adam', learningRate: 0.001 },
      loss: loss.id,
      metrics: d.task === 'regression' ? [] : ['accuracy'],
      // Tables are small: many short epochs; pictures are many: a few epochs of larger batches.
      batchSize: image ? 64 : 16,
      epochs: image ? 5 : 200,
      validationSplit: 0.1,
      // Small tables overfit within tens of epochs: stop when the validation loss stops falling, keeping the best epoch.
      ...(image ? {} : { earlyStopping: { monitor: 'valLoss', patience: 15, restoreBestWeights: true } }),
    },
  }) as GraphDocument;
}

/**
 * The starter network for an inspected dataset at `path` (as the graph file refers to it),
 * keeping the choices made about it and its fingerprint.
 */
export function starterForData(path: string, data: DataInspection, options: { readonly name?: string; readonly choices?: DataChoices; readonly fingerprint?: DataFingerprint } = {}): GraphDocument {
  const d = data.inspection.description;
  const target = inspectionTarget(data);
  const choices = pickChoices(options.choices ?? {});
  return starterGraph(
    {
      path,
      ...(target !== undefined ? { target } : {}),
      ...choices,
      ...(choices.types ? { types: choices.types.map(([c, t]) => [c, t] as [string, typeof t]) } : {}),
      ...(options.fingerprint ? { fingerprint: { ...options.fingerprint } } : {}),
      description: { ...d, inputShape: [...d.inputShape], classNames: [...d.classNames] },
    },
    options.name,
  );
}

interface Layer {
  readonly kind: string;
  readonly config: Record<string, unknown>;
}

/** The first loss of the table that suits the task. */
function lossFor(d: DatasetDescription): (typeof LOSS_TABLE)[number] {
  const loss = LOSS_TABLE.find((l) => (l.tasks as readonly string[]).includes(d.task));
  if (!loss) throw new Error(`no loss suits a ${d.task} task`);
  return loss;
}
