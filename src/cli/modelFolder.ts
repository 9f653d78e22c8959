import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CliError } from './args';

interface ModelJson {
  readonly modelTopology: unknown;
  readonly weightsManifest: readonly { readonly paths: readonly string[]; readonly weights: tf.io.WeightsManifestEntry[] }[];
}

async function readModelJson(file: string, shown: string): Promise<ModelJson> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new CliError(`${shown} has no model.json; expected a folder with a trained model (model.json and its weights), such as a saved run's folder.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${shown}: model.json is not valid JSON (${(error as Error).message}).`);
  }
  const model = json as Partial<ModelJson>;
  if (!model || typeof model !== 'object' || !model.modelTopology || !Array.isArray(model.weightsManifest)) {
    throw new CliError(`${shown}: model.json is not a TensorFlow.js layers model (it needs modelTopology and weightsManifest).`);
  }
  return model as ModelJson;
}

/**
 * Loads a TensorFlow.js layers model saved as files: `model.json` and the weight files its
 * manifest names, all inside the folder (a path that leaves it is refused). `location` is the
 * folder, or the model.json itself.
 */
export async function loadModelFolder(location: string, shown = location): Promise<tf.LayersModel> {
  const stat = await fs.stat(location).catch(() => null);
  if (!stat) throw new CliError(`${shown}: no such folder.`);
  const folder = stat.isDirectory() ? location : path.dirname(location);
  const model = await readModelJson(stat.isDirectory() ? path.join(folder, 'model.json') : location, shown);
  const buffers: Buffer[] = [];
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  for (const group of model.weightsManifest) {
    for (const name of group.paths) {
      const file = path.resolve(folder, name);
      if (path.relative(folder, file).startsWith('..')) throw new CliError(`${shown}: model.json names a weight file outside its folder (${name}).`);
      buffers.push(await fs.readFile(file).catch(() => {
        throw new CliError(`${shown}: the weight file ${name} that model.json names is missing.`);
      }));
    }
    weightSpecs.push(...group.weights);
  }
  const weights = Buffer.concat(buffers);
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: model.modelTopology as object, weightSpecs, weightData }));
  } catch (error) {
    throw new CliError(`${shown}: the model does not load (${(error as Error).message}).`);
  }
}
