import * as tf from '@tensorflow/tfjs';
import type { LayerWeights } from '../../core/onnx/lowering';

/**
 * Sets starting weights (e.g. an ONNX import's, `ImportedOnnx.weights`) into a tfjs model
 * built from the same graph: layer names are node ids, weights go by their Keras names
 * (`kernel`, `bias`, `gamma`, `beta`, `moving_mean`, `moving_variance`). A layer with
 * weights but none given keeps its fresh ones; a given layer the model lacks, a missing
 * weight or a shape that differs is refused, naming the layer and weight.
 */
export function applyLayerWeights(model: tf.LayersModel, weights: ReadonlyMap<string, LayerWeights>): void {
  const layers = new Map(model.layers.map((l) => [l.name, l]));
  for (const id of weights.keys()) if (!layers.has(id)) throw new Error(`the weights are for a layer '${id}' the model does not have`);
  for (const [id, given] of weights) {
    const layer = layers.get(id)!;
    const tensors = layer.weights.map((v) => {
      const key = v.originalName.split('/').pop()!;
      const w = given.get(key);
      if (!w) throw new Error(`layer '${id}' has no starting weight '${key}'`);
      if (w.shape.length !== v.shape.length || w.shape.some((d, i) => d !== v.shape[i])) {
        throw new Error(`layer '${id}': weight '${key}' is ${w.shape.join('×')} but the layer needs ${v.shape.join('×')}`);
      }
      return tf.tensor(w.values, [...w.shape]);
    });
    try {
      layer.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
  }
}
