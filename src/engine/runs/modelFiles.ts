import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../../node/atomicWrite';
import { FileReadError, readBoundedFile } from '../../node/readBounded';

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

/** The largest model.json read (a topology and a manifest; a trained NetCanvas model's is a few KiB). */
export const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;
/** The most weight bytes a model may declare (a graph NetCanvas accepts has far fewer). */
export const MAX_WEIGHT_BYTES = 1024 * 1024 * 1024;

/** Bytes per stored value, for each dtype a weights manifest may name (quantized weights are stored in their quantization's dtype). */
const STORED_BYTES = new Map<string, number>([
  ['float32', 4],
  ['int32', 4],
  ['bool', 1],
  ['uint8', 1],
  ['uint16', 2],
  ['float16', 2],
]);

interface ManifestGroup {
  readonly paths: string[];
  readonly weights: tf.io.WeightsManifestEntry[];
}

/** How many bytes the manifest says weight `entry` takes, or a ModelFilesError saying why it cannot. */
function declaredBytes(file: string, entry: unknown): number {
  if (typeof entry !== 'object' || entry === null) throw new ModelFilesError(`${file}: a weights manifest entry is not an object`);
  const { name, shape, dtype, quantization } = entry as { name?: unknown; shape?: unknown; dtype?: unknown; quantization?: { dtype?: unknown } };
  const label = typeof name === 'string' ? `weight '${name}'` : 'a weight';
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new ModelFilesError(`${file}: ${label} has no valid shape`);
  const stored = quantization !== undefined ? quantization?.dtype : dtype;
  const bytes = typeof stored === 'string' ? STORED_BYTES.get(stored) : undefined;
  if (bytes === undefined) throw new ModelFilesError(`${file}: ${label} has an unknown dtype ${JSON.stringify(stored)}`);
  let size = bytes;
  for (const d of shape as number[]) {
    size *= d;
    if (size > MAX_WEIGHT_BYTES) throw new ModelFilesError(`${file}: ${label} declares more than ${MAX_WEIGHT_BYTES / 2 ** 30} GiB of weights`);
  }
  return size;
}

/**
 * An IOHandler that reads a model saved by saveModelFiles (or any tfjs layers model folder).
 * Before any weights are read, it checks the manifest: each weights file named once and
 * inside the folder, every one a regular file, the bytes its entries declare at most
 * MAX_WEIGHT_BYTES, and equal to the files' sizes (so a model.json beside another run's
 * weights.bin is refused, not loaded with the wrong numbers).
 */
export function folderModelHandler(folder: string): tf.io.IOHandler {
  return {
    async load() {
      const file = path.join(folder, MODEL_FILE);
      let json: { modelTopology?: object; weightsManifest?: unknown; trainingConfig?: tf.io.TrainingConfig };
      try {
        json = JSON.parse((await readBoundedFile(file, MAX_MODEL_JSON_BYTES)).toString('utf8'));
      } catch (error) {
        if (error instanceof FileReadError) throw new ModelFilesError(error.refusal === 'missing' ? `${file}: missing` : error.message);
        throw new ModelFilesError(`${file}: not readable JSON (${(error as Error).message})`);
      }
      if (typeof json !== 'object' || json === null || typeof json.modelTopology !== 'object' || json.modelTopology === null || !Array.isArray(json.weightsManifest)) {
        throw new ModelFilesError(`${file}: not a tfjs layers model (no modelTopology or weightsManifest)`);
      }
      const groups = json.weightsManifest as unknown[];
      const weightSpecs: tf.io.WeightsManifestEntry[] = [];
      const weightFiles: { name: string; full: string }[] = [];
      const seen = new Set<string>();
      let declared = 0;
      for (const group of groups) {
        const { paths, weights } = (group ?? {}) as Partial<ManifestGroup>;
        if (!Array.isArray(paths) || !Array.isArray(weights)) throw new ModelFilesError(`${file}: a weights manifest group has no paths or weights list`);
        for (const name of paths) {
          if (typeof name !== 'string') throw new ModelFilesError(`${file}: a weights path is not a string`);
          const full = path.resolve(folder, name);
          const relative = path.relative(folder, full);
          if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) throw new ModelFilesError(`${file} names a weights file outside its folder: ${name}`);
          if (seen.has(full)) throw new ModelFilesError(`${file} names the weights file ${name} more than once`);
          seen.add(full);
          weightFiles.push({ name, full });
        }
        for (const entry of weights) {
          declared += declaredBytes(file, entry);
          if (declared > MAX_WEIGHT_BYTES) throw new ModelFilesError(`${file} declares more than ${MAX_WEIGHT_BYTES / 2 ** 30} GiB of weights`);
          weightSpecs.push(entry);
        }
      }
      // A weights.bin the manifest does not name is another model's: this model.json is not the folder's.
      const own = path.join(folder, WEIGHTS_FILE);
      if (!seen.has(own) && (await fs.lstat(own).catch(() => null))) {
        throw new ModelFilesError(`${file} does not name the ${WEIGHTS_FILE} beside it: the weights are not this model's (a damaged or mixed-up run folder)`);
      }
      let onDisk = 0;
      const sizes: number[] = [];
      for (const { full } of weightFiles) {
        const stat = await fs.stat(full).catch(() => null);
        if (!stat) throw new ModelFilesError(`${full}: missing (model.json names it)`);
        if (!stat.isFile()) throw new ModelFilesError(`${full}: not a regular file (model.json names it as weights)`);
        sizes.push(stat.size);
        onDisk += stat.size;
      }
      if (onDisk !== declared) {
        throw new ModelFilesError(`${file} declares ${declared} bytes of weights but its weights files hold ${onDisk}: the weights are not this model's (a damaged or mixed-up run folder)`);
      }
      const all = Buffer.alloc(declared);
      let at = 0;
      for (const [i, { full }] of weightFiles.entries()) {
        let bytes: Buffer;
        try {
          bytes = await readBoundedFile(full, sizes[i]);
        } catch (error) {
          throw new ModelFilesError(error instanceof FileReadError ? error.message : `${full}: ${(error as Error).message}`);
        }
        if (bytes.length !== sizes[i]) throw new ModelFilesError(`${full} changed while it was read`);
        bytes.copy(all, at);
        at += bytes.length;
      }
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
      return { modelTopology: json.modelTopology, weightSpecs, weightData, trainingConfig: json.trainingConfig };
    },
  };
}

/**
 * Loads a model saved by saveModelFiles. What tfjs refuses in the topology or the weights
 * (an unknown activation or initializer, a layers list that is not a list, a weight with no
 * layer to go to, a shape that does not fit) is a ModelFilesError naming model.json, as the
 * manifest's refusals are.
 */
export async function loadModelFiles(folder: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(folderModelHandler(folder));
  } catch (error) {
    if (error instanceof ModelFilesError) throw error;
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new ModelFilesError(`${path.join(folder, MODEL_FILE)}: the model does not load (${message})`);
  }
}
