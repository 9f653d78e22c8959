import * as tf from '@tensorflow/tfjs';
import type { GraphDocument } from '../../src/core/graph/document';
import { toKerasModel } from '../../src/core/keras/toKeras';

export interface OracleLayer {
  name: string;
  className: string;
  outputShape: (number | null)[];
  trainable: number;
  nonTrainable: number;
}

const count = (weights: tf.LayerVariable[]) => weights.reduce((n, w) => n + w.shape.reduce<number>((a, d) => a * (d ?? 1), 1), 0);

/**
 * What tfjs-layers itself says of a graph: the model is rebuilt by tfjs from the Keras
 * topology, and shapes and counts are read off tfjs's own layers. Recurrent kernels use
 * a fast initializer here: their shape, not their values, is under test.
 */
export async function tfjsLayers(doc: GraphDocument): Promise<OracleLayer[]> {
  tf.setBackend('cpu');
  const topology = JSON.parse(JSON.stringify(toKerasModel(doc)));
  for (const layer of topology.config.layers) {
    const inner = layer.class_name === 'Bidirectional' ? layer.config.layer.config : layer.config;
    if ('units' in inner && ['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'].includes(layer.class_name)) {
      inner.recurrent_initializer = { class_name: 'GlorotUniform', config: {} };
    }
  }
  const model = await tf.models.modelFromJSON(topology);
  // Shapes are taken from running the model on a batch of two, so they are what tfjs computes, not only what it declares.
  const probe = tf.model({ inputs: model.inputs, outputs: model.layers.map((l) => l.output as tf.SymbolicTensor) });
  const feeds = model.inputs.map((input) => tf.zeros([2, ...(input.shape.slice(1) as number[])]));
  const results = probe.predict(feeds) as tf.Tensor | tf.Tensor[];
  const tensors = Array.isArray(results) ? results : [results];
  const out = model.layers.map((l, i) => {
    const declared = l.outputShape as (number | null)[];
    const ran = [null, ...tensors[i].shape.slice(1)];
    if (declared.some((d, j) => d !== null && d !== ran[j])) throw new Error(`tfjs declares ${JSON.stringify(declared)} for ${l.name} but computes ${JSON.stringify(ran)}`);
    return { name: l.name, className: l.getClassName(), outputShape: ran, trainable: count(l.trainableWeights), nonTrainable: count(l.nonTrainableWeights) };
  });
  tf.dispose([...feeds, ...tensors]);
  model.dispose();
  return out;
}
