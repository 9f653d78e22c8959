import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { DigitImageError } from '../../core/digits/greyImage';
import { DigitModelError } from '../../core/digits/modelInput';
import { formatPercent } from '../../core/digits/percent';
import { preprocessDigit } from '../../core/digits/preprocess';
import { activateBackend, decodeImage, ImageError, loadModelFiles, MODEL_FILE, ModelFilesError, predictDigit } from '../../engine';
import { CliError, parseArgs, UsageError } from '../args';
import { readUserBytes, type CliIO } from '../io';
import type { Command } from './command';

/** The largest picture file read, in bytes. */
const MAX_IMAGE_BYTES = 64_000_000;

function readPicture(io: CliIO, file: string): Promise<Uint8Array> {
  return readUserBytes(io, file, MAX_IMAGE_BYTES, 'a picture (PNG, JPEG or WebP)');
}

/** Loads the trained model in a run's folder (model.json and weights, as the engine saves them), saying clearly what is missing. */
async function loadModel(io: CliIO, modelDir: string): Promise<tf.LayersModel> {
  const folder = path.resolve(io.cwd, modelDir);
  const stat = await fs.stat(folder).catch(() => null);
  if (!stat) throw new CliError(`${modelDir}: no such folder.`);
  if (!stat.isDirectory()) throw new CliError(`${modelDir} is a file; expected the folder of a trained model (a run's folder, holding ${MODEL_FILE} and its weights).`);
  if (!(await fs.stat(path.join(folder, MODEL_FILE)).catch(() => null))) {
    throw new CliError(`${modelDir} has no ${MODEL_FILE}; expected the folder of a trained model (a run's folder, holding ${MODEL_FILE} and its weights).`);
  }
  try {
    return await loadModelFiles(folder);
  } catch (error) {
    if (error instanceof ModelFilesError) throw new CliError(`${modelDir}: ${error.message}.`);
    throw new CliError(`${modelDir}: the model does not load (${(error as Error).message}).`);
  }
}

/** A picture (PNG, JPEG or WebP) of a digit as the model's 784 values, through the pad's own preprocessing. */
async function pictureToDigit(bytes: Uint8Array, picture: string): Promise<Float32Array> {
  try {
    const image = await decodeImage(bytes);
    return preprocessDigit(image.rgba, image.width, image.height);
  } catch (error) {
    if (error instanceof ImageError) throw new CliError(`${picture}: ${error.message}.`);
    if (error instanceof DigitImageError) throw new CliError(`${picture}: ${error.message}`);
    throw error;
  }
}

function bar(fraction: number, width = 30): string {
  return '█'.repeat(Math.round(fraction * width));
}

const FLAGS = { json: { type: 'bool', help: 'print {"class", "probabilities"} as JSON' } } as const;

export const predictCommand: Command = {
  name: 'predict',
  usage: 'netcanvas predict MODEL_DIR IMAGE [--json]',
  summary: 'Read a picture of a handwritten digit with a trained model (a run folder holding model.json and weights).',
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    if (positional.length !== 2) throw new UsageError(positional.length < 2 ? 'expected a model folder and a picture (PNG, JPEG or WebP)' : `expected two arguments, got ${positional.length}`);
    const [modelDir, picture] = positional;
    const pixels = await pictureToDigit(await readPicture(io, picture), picture);
    tf.enableProdMode();
    // One prediction: the plain JavaScript backend is always there and gives the same numbers everywhere.
    await activateBackend('cpu');
    const model = await loadModel(io, modelDir);
    let result;
    try {
      result = await predictDigit(model, pixels);
    } catch (error) {
      if (error instanceof DigitModelError) throw new CliError(`${modelDir}: ${error.message}`);
      throw error;
    } finally {
      model.dispose();
    }
    if (flags.json) {
      io.stdout(`${JSON.stringify({ class: result.predictedClass, probabilities: result.probabilities })}\n`);
    } else {
      io.stdout(`Predicted digit: ${result.predictedClass} (${formatPercent(result.probabilities[result.predictedClass])})\n\n`);
      result.probabilities.forEach((p, digit) => io.stdout(`  ${digit}  ${formatPercent(p).padStart(6)}  ${bar(p)}\n`));
    }
    return 0;
  },
};
