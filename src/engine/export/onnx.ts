import * as tf from '@tensorflow/tfjs';
import type { GraphDocument } from '../../core/graph/document';
import { exportOnnx } from '../../core/onnx/export';
import type { LayerWeights, OnnxWeight } from '../../core/onnx/lowering';
import { buildModel } from '../compile/compile';
import { loadModelFiles } from '../runs/modelFiles';

/** A run's weights do not fit the graph being exported. */
export class RunWeightsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunWeightsError';
  }
}

/**
 * Each layer's weights, by layer name (the node id), keyed as the core's ONNX lowering reads
 * them: the Keras name (`kernel`, `bias`, `moving_mean`…), with `forward/` or `backward/`
 * before a Bidirectional layer's. tfjs names weights `layer/kernel`, or for a wrapped layer
 * `layer/forward_lstm_LSTM1/kernel`.
 */
export function layerWeights(model: tf.LayersModel): Map<string, LayerWeights> {
  const all = new Map<string, LayerWeights>();
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.getWeights();
    const weights = new Map<string, OnnxWeight>();
    layer.weights.forEach((variable, i) => {
      const parts = variable.originalName.split('/');
      const name = parts[parts.length - 1];
      const wrapper = parts.length > 2 ? /^(forward|backward)_/.exec(parts[parts.length - 2])?.[1] : undefined;
      weights.set(wrapper ? `${wrapper}/${name}` : name, { shape: [...variable.shape] as number[], values: new Float32Array(values[i].dataSync()) });
    });
    all.set(layer.name, weights);
  }
  return all;
}

export interface OnnxExportSource {
  /** A trained model's folder (a run's, as saved by the engine or `train --out`); without it the weights are freshly initialised. */
  readonly runFolder?: string;
  /** How the metadata names the run, e.g. its id. */
  readonly runName?: string;
  readonly producerVersion: string;
}

/**
 * The graph as an ONNX file: with a run's trained weights, checked layer by layer against
 * the graph, or else with weights initialised as tfjs builds the model for training.
 */
export async function exportOnnxFile(doc: GraphDocument, source: OnnxExportSource): Promise<Uint8Array> {
  const fresh = await buildModel(doc);
  try {
    let weights = layerWeights(fresh);
    if (source.runFolder !== undefined) {
      const trained = await loadModelFiles(source.runFolder);
      try {
        const run = layerWeights(trained);
        const runLabel = source.runName ?? source.runFolder;
        for (const [layer, expected] of weights) {
          const got = run.get(layer);
          if (!got) throw new RunWeightsError(`the run ${runLabel} has no layer '${layer}' with weights: it was trained from another graph`);
          for (const [name, w] of expected) {
            const g = got.get(name);
            if (!g || g.shape.join('×') !== w.shape.join('×')) {
              throw new RunWeightsError(`the run ${runLabel}'s layer '${layer}' has ${g ? `a ${g.shape.join('×')}` : 'no'} '${name}' where the graph needs ${w.shape.join('×')}: it was trained from another graph`);
            }
          }
        }
        weights = run;
      } finally {
        trained.dispose();
      }
    }
    return exportOnnx(doc, {
      weights,
      weightsSource: source.runFolder !== undefined ? `trained: run ${source.runName ?? source.runFolder}` : 'freshly initialised, as TensorFlow.js builds the model for training (untrained)',
      producerVersion: source.producerVersion,
    });
  } finally {
    fresh.dispose();
  }
}
