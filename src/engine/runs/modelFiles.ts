import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../../node/atomicWrite';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

/** A saved model's folder is missing a file, or a file is not what it should be. */
export class ModelFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFilesError';
  }
}

/**
 * Saves a model in tfjs's layers format into `folder`: `model.json` (topology, weights
 * manifest, training config) and one `weights.bin`, each written atomically.
 */
export async function saveModelFiles(model: tf.LayersModel, folder: string): Promise<void> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.modelTopology || !artifacts.weightSpecs) throw new ModelFilesError('tfjs gave no model to save');
  const weights = weightBytes(artifacts.weightData);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
  };
  await writeFileAtomic(path.join(folder, WEIGHTS_FILE), weights);
  await writeFileAtomic(path.join(folder, MODEL_FILE), JSON.stringify(modelJson));
}

function weightBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  return Buffer.concat(parts.map((b) => new Uint8Array(b)));
}

/** An IOHandler that reads a model saved by saveModelFiles (or any tfjs layers model folder). */
export function folderModelHandler(folder: string): tf.io.IOHandler {
  return {
    async load() {
      const file = path.join(folder, MODEL_FILE);
      let json: { modelTopology?: object; weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]; trainingConfig?: tf.io.TrainingConfig };
      try {
        json = JSON.parse(await fs.readFile(file, 'utf8'));
      } catch (error) {
        throw new ModelFilesError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : `not readable JSON (${(error as Error).message})`}`);
      }
      if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new ModelFilesError(`${file}: not a tfjs layers model (no modelTopology or weightsManifest)`);
      const buffers: Buffer[] = [];
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      for (const group of json.weightsManifest) {
        for (const name of group.paths) {
          const weightsFile = path.resolve(folder, name);
          if (path.relative(folder, weightsFile).startsWith('..')) throw new ModelFilesError(`${file} names a weights file outside its folder: ${name}`);
          buffers.push(await fs.readFile(weightsFile).catch(() => Promise.reject(new ModelFilesError(`${weightsFile}: missing (model.json names it)`))));
        }
        weightSpecs.push(...group.weights);
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
      return { modelTopology: json.modelTopology, weightSpecs, weightData, trainingConfig: json.trainingConfig };
    },
  };
}

/** Loads a model saved by saveModelFiles. */
export async function loadModelFiles(folder: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(folderModelHandler(folder));
}
