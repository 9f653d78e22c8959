import type { GraphDocument } from '../../core/graph/document';
import { exportOnnx } from '../../core/onnx/export';
import { buildModel } from '../compile/compile';
import { layerWeights } from '../compile/weights';
import { loadModelFiles } from '../runs/modelFiles';

/** A run's weights do not fit the graph being exported. */
export class RunWeightsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunWeightsError';
  }
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
