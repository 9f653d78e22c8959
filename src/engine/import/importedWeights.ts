import type * as tf from '@tensorflow/tfjs';
import type { GraphDocument } from '../../core/graph/document';
import type { LayerWeights } from '../../core/onnx/lowering';
import { buildModel } from '../compile/compile';
import { applyLayerWeights } from '../compile/weights';

/** Imported weights that do not fit the graph they are for; the message names the layer and weight. */
export class ImportedWeightsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportedWeightsError';
  }
}

/**
 * The tfjs model of `document` holding an import's weights (`ImportedOnnx.weights`, by node
 * id), every layer with weights given its own (the check a training job's starting weights
 * get). The caller saves it (a run, a saved model's folder) and disposes it. The refusal
 * says `SOURCE's weights do not fit TARGET: …` (the file, the graph).
 */
export async function modelWithImportedWeights(document: GraphDocument, weights: ReadonlyMap<string, LayerWeights>, source: string, target = 'the graph'): Promise<tf.LayersModel> {
  const model = await buildModel(document);
  try {
    applyLayerWeights(model, weights, { complete: true });
    return model;
  } catch (error) {
    model.dispose();
    throw new ImportedWeightsError(`${source}'s weights do not fit ${target}: ${(error as Error).message}`);
  }
}
