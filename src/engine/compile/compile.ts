import * as tf from '@tensorflow/tfjs';
import type { GraphDocument } from '../../core/graph/document';
import { toKerasModel } from '../../core/keras/toKeras';
import type { TrainingConfig } from '../../core/training/config';
import { createOptimizer } from './optimizer';
import { registerFastOrthogonal } from './orthogonal';

/**
 * Builds the graph as a tfjs functional model (branches and merges included) from the
 * core's Keras topology. Layer names are the node ids. Throws the core's DocumentError
 * when the graph cannot become a model.
 */
export async function buildModel(doc: GraphDocument): Promise<tf.LayersModel> {
  registerFastOrthogonal();
  const topology = toKerasModel(doc);
  // modelFromJSON reads the topology as plain JSON; a copy keeps the core's object untouched.
  return tf.models.modelFromJSON({ modelTopology: JSON.parse(JSON.stringify(topology)) as tf.io.ModelJSON['modelTopology'] });
}

/** Sets the model's optimizer, loss and metric as the document's training settings say. */
export function compileModel(model: tf.LayersModel, training: TrainingConfig): void {
  model.compile({ optimizer: createOptimizer(training.optimizer), loss: training.loss, metrics: [...training.metrics] });
}

/** The model, built and compiled, ready to fit. */
export async function compileGraph(doc: GraphDocument): Promise<tf.LayersModel> {
  const model = await buildModel(doc);
  compileModel(model, doc.training);
  return model;
}
