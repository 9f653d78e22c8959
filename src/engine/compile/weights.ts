import * as tf from '@tensorflow/tfjs';
import type { LayerWeights, OnnxWeight } from '../../core/onnx/lowering';
import { loadModelFiles } from '../runs/modelFiles';

/**
 * Each layer's weights, by layer name (the node id), keyed by the Keras name (`kernel`,
 * `bias`, `moving_mean`…), with `forward/` or `backward/` before a Bidirectional layer's.
 * tfjs names weights `layer/kernel`, or for a wrapped layer `layer/forward_lstm_LSTM1/kernel`.
 * The ONNX export's lowering and `applyLayerWeights` read this form.
 */
export function layerWeights(model: tf.LayersModel): Map<string, LayerWeights> {
  const all = new Map<string, LayerWeights>();
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.getWeights();
    const weights = new Map<string, OnnxWeight>();
    layer.weights.forEach((variable, i) => {
      weights.set(weightKey(variable), { shape: [...variable.shape] as number[], values: new Float32Array(values[i].dataSync()) });
    });
    all.set(layer.name, weights);
  }
  return all;
}

function weightKey(variable: tf.LayerVariable): string {
  const parts = variable.originalName.split('/');
  const name = parts[parts.length - 1];
  const wrapper = parts.length > 2 ? /^(forward|backward)_/.exec(parts[parts.length - 2])?.[1] : undefined;
  return wrapper ? `${wrapper}/${name}` : name;
}

export interface ApplyOptions {
  /** Every layer with weights must be given them (a training job's starting weights); else a layer not given keeps its fresh ones. */
  readonly complete?: boolean;
}

/**
 * Sets starting weights (e.g. an ONNX import's, `ImportedOnnx.weights`) into a tfjs model
 * built from the same graph: layer names are node ids, weights go by their Keras names
 * (`kernel`, `bias`, `gamma`, `beta`, `moving_mean`, `moving_variance`). A layer with
 * weights but none given keeps its fresh ones (unless `complete`); a given layer the model
 * lacks, a missing weight or a shape that differs is refused, naming the layer and weight.
 * Every check is made before any weight is set, so a refusal leaves the model as it was.
 */
export function applyLayerWeights(model: tf.LayersModel, weights: ReadonlyMap<string, LayerWeights>, options: ApplyOptions = {}): void {
  const layers = new Map(model.layers.map((l) => [l.name, l]));
  for (const id of weights.keys()) if (!layers.has(id)) throw new Error(`the weights are for a layer '${id}' the graph does not have`);
  if (options.complete) {
    const missing = model.layers.filter((l) => l.weights.length > 0 && !weights.has(l.name)).map((l) => `'${l.name}'`);
    if (missing.length > 0) throw new Error(`the weights have none for the graph's layer${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  const plan: [tf.layers.Layer, OnnxWeight[]][] = [];
  for (const [id, given] of weights) {
    const layer = layers.get(id)!;
    const chosen = layer.weights.map((v) => {
      const key = weightKey(v);
      const w = given.get(key);
      if (!w) throw new Error(`layer '${id}' has no starting weight '${key}'`);
      if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i])) {
        throw new Error(`layer '${id}': weight '${key}' is ${w.shape.join('×')} but the layer needs ${v.shape.join('×')}`);
      }
      return w;
    });
    plan.push([layer, chosen]);
  }
  for (const [layer, chosen] of plan) {
    const tensors = chosen.map((w) => tf.tensor(w.values, [...w.shape]));
    try {
      layer.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
  }
}

/**
 * Starts `model` from the weights of a saved model folder (`model.json` + `weights.bin`, as
 * runs, `train --out` and the CLI's ONNX import write them): every layer with weights must
 * find its own there, of the same shapes. Refusals say which folder and layer.
 */
export async function applyWeightsFolder(model: tf.LayersModel, folder: string): Promise<void> {
  let saved: tf.LayersModel;
  try {
    saved = await loadModelFiles(folder);
  } catch (error) {
    throw new Error(`The starting weights in ${folder} cannot be read: ${(error as Error).message}`);
  }
  try {
    applyLayerWeights(model, layerWeights(saved), { complete: true });
  } catch (error) {
    throw new Error(`The starting weights in ${folder} do not fit the graph: ${(error as Error).message}`);
  } finally {
    saved.dispose();
  }
}
