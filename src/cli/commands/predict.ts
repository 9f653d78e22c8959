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
import type { RunData } from '../../core/api/contract';
import { TableError } from '../../core/data/table';
import { alignRows, encodePicture, encodeRows, predictEncoded, readBoundedFile, readTableFile, RUN_FILE, type OwnPrediction } from '../../engine';
import { messageOf } from '../../core/messageOf';

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
  usage: 'netcanvas predict MODEL_DIR INPUT… [--json]',
  summary: 'Predict with a trained model (a run folder holding model.json, weights and run.json): a picture of a digit, pictures for an image-folder model, or a CSV of rows for a table model (one prediction per row).',
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    if (positional.length < 2) throw new UsageError('expected a model folder and what to predict (a picture, or a CSV of rows)');
    const [modelDir, ...inputs] = positional;
    const data = await runData(io, modelDir);
    if (data) return predictOwn(io, modelDir, data, inputs, Boolean(flags.json));
    if (inputs.length !== 1) throw new UsageError(`a digit model reads one picture at a time, got ${inputs.length}`);
    const picture = inputs[0];
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

/** The run's own data (its facts and preprocessing) from its run.json; null for a run of a built-in dataset or a bare model folder. */
async function runData(io: CliIO, modelDir: string): Promise<RunData | null> {
  const file = path.join(path.resolve(io.cwd, modelDir), RUN_FILE);
  if (!(await fs.stat(file).catch(() => null))) return null;
  let record: unknown;
  try {
    record = JSON.parse(new TextDecoder().decode(await readBoundedFile(file, 16 * 1024 * 1024)));
  } catch (error) {
    throw new CliError(`${modelDir}: ${RUN_FILE} does not read (${messageOf(error)})`);
  }
  const data = record !== null && typeof record === 'object' && Object.hasOwn(record, 'data') ? (record as { data: unknown }).data : undefined;
  if (data === undefined) return null;
  const ok = (v: unknown): v is RunData => {
    if (v === null || typeof v !== 'object') return false;
    const d = v as Record<string, unknown>;
    const pre = d.preprocessing as Record<string, unknown> | undefined;
    const desc = d.description as Record<string, unknown> | undefined;
    return !!pre && !!desc && Array.isArray(desc.classNames) && ((pre.kind === 'table' && (pre.plan as { format?: unknown } | undefined)?.format === 'netcanvas-table-plan') || pre.kind === 'image' || pre.kind === 'arrays');
  };
  if (!ok(data)) throw new CliError(`${modelDir}: ${RUN_FILE}'s data is not as NetCanvas writes it (a description and a preprocessing)`);
  return data;
}

/** Predictions for own data: rows of a CSV through the run's table plan, or pictures through its image preprocessing. */
async function predictOwn(io: CliIO, modelDir: string, data: RunData, inputs: readonly string[], json: boolean): Promise<number> {
  const { description, preprocessing } = data;
  const labelled: { source: string; x: Float32Array; count: number; names: string[] }[] = [];
  if (preprocessing.kind === 'table') {
    for (const input of inputs) {
      const file = path.resolve(io.cwd, input);
      try {
        const table = await readTableFile(file, { header: true });
        const rows = alignRows(preprocessing.plan, table.columns, table.rows, input, false);
        if (rows.length === 0) throw new TableError(input, 'has no rows to predict');
        labelled.push({ source: input, x: encodeRows(preprocessing.plan, rows, input, table.fileRows), count: rows.length, names: table.fileRows.map((r: number) => `${input}: row ${r}`) });
      } catch (error) {
        if (error instanceof TableError || error instanceof Error) throw new CliError(messageOf(error));
        throw error;
      }
    }
  } else if (preprocessing.kind === 'image') {
    for (const input of inputs) {
      try {
        labelled.push({ source: input, x: await encodePicture(await readPicture(io, input), preprocessing), count: 1, names: [input] });
      } catch (error) {
        if (error instanceof ImageError) throw new CliError(`${input}: ${error.message}.`);
        throw error;
      }
    }
  } else {
    throw new CliError(`${modelDir} was trained on arrays; predict reads pictures and tables (use the exported model for arrays)`);
  }
  tf.enableProdMode();
  await activateBackend('cpu');
  const model = await loadModel(io, modelDir);
  const results: { source: string; prediction: OwnPrediction }[] = [];
  try {
    for (const item of labelled) {
      let predictions: OwnPrediction[];
      try {
        predictions = predictEncoded(model, item.x, item.count, description, preprocessing);
      } catch (error) {
        throw new CliError(`${modelDir}: ${messageOf(error)}`);
      }
      predictions.forEach((prediction, i) => results.push({ source: item.names[i], prediction }));
    }
  } finally {
    model.dispose();
  }
  for (const { source, prediction } of results) {
    if (json) io.stdout(`${JSON.stringify({ input: source, ...prediction })}\n`);
    else if ('value' in prediction) io.stdout(`${source}: ${Number(prediction.value.toPrecision(6))}\n`);
    else io.stdout(`${source}: ${prediction.class} (${formatPercent(prediction.probability)})\n`);
  }
  return 0;
}
