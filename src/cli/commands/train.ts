import { classWeightSchema, type ClassWeightSetting } from '../../core/training/config';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BACKENDS, newJobId, type BackendName, type TrainEvent, type TrainRequest } from '../../core/api/contract';
import { createEngine, ImportedWeightsError, MODEL_FILE, modelWithImportedWeights, RUN_FILE, saveModelFiles, WEIGHTS_FILE } from '../../engine';
import type { LayerWeights } from '../../core/onnx/lowering';
import type { GraphDocument } from '../../core/graph/document';
import { FolderWriteError, stageFolder, writeFileAtomic, type StagedFolder } from '../../node/atomicWrite';
import { removeDeadOwners } from '../../node/folders';
import { CliError, parseArgs, UsageError } from '../args';
import type { CliIO } from '../io';
import type { Command } from './command';
import { openGraphFile, openOnnxFile } from './openGraph';
import { batchLine, epochLine } from './progressBar';
import { messageOf } from '../../core/messageOf';
import { isOwnDataFolder } from '../../engine';
import { DATA_CHOICE_FLAGS, dataChoicesOf } from '../dataFlags';
import { fingerprintChange, pickChoices } from '../../core/data/choices';
import { fingerprintData } from '../../node/fingerprint';

const FLAGS = {
  data: { type: 'string', help: 'the dataset: a folder of the MNIST/Fashion-MNIST IDX files (else NETCANVAS_DATA, the app cache, a download), or own data: a CSV/TSV table, .npz/.npy arrays, an image folder' },
  target: { type: 'string', help: 'own table data: the column to predict (default: the last)' },
  test: { type: 'string', help: 'own data: a separate test table (encoded with the training file’s statistics)' },
  epochs: { type: 'int', help: 'epochs (default: the graph file’s)', min: 1, max: 10_000 },
  'batch-size': { type: 'int', help: 'batch size (default: the graph file’s)', min: 1, max: 65_536 },
  limit: { type: 'int', help: 'train on the first N training samples', min: 1 },
  'test-limit': { type: 'int', help: 'test on the first N test samples', min: 1 },
  seed: { type: 'int', help: 'make the run repeatable: the same seed gives the same run on the same backend', min: 0, max: 2 ** 31 },
  backend: { type: 'string', help: `${BACKENDS.join(', ')} (default: the fastest that loads)` },
  'class-weight': { type: 'string', help: 'each class\'s weight in the loss (Keras class_weight): balanced, or one weight per class W1,W2,… in the data\'s class order (default: the graph file\'s, else none)' },
  weights: { type: 'string', help: 'start from these weights, not fresh ones: an .onnx model (imported as FILE was) or a saved model folder (a run\'s, `train --out`); an .onnx FILE starts from its own' },
  'fresh-weights': { type: 'bool', help: 'start an .onnx FILE from fresh weights instead of its own' },
  out: { type: 'string', help: 'write the trained model (model.json, weights.bin) and run.json to this folder' },
  json: { type: 'bool', help: 'print one JSON object per epoch, then the test result' },
  ...DATA_CHOICE_FLAGS,
} as const;

export const trainCommand: Command = {
  name: 'train',
  usage: 'netcanvas train FILE [--data PATH [--target COLUMN] [--test PATH] [--types COL=TYPE,…] [--task TASK] [--missing fill|drop] [--resize POLICY]] [--epochs N] [--batch-size N] [--limit N] [--test-limit N] [--seed N] [--class-weight balanced|W1,W2,…] [--backend NAME] [--weights ONNX|DIR | --fresh-weights] [--out DIR] [--json]',
  summary: 'Train the graph on its dataset, with a progress bar per epoch, and print the test accuracy.',
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    if (positional.length > 1) throw new UsageError(`expected one graph file, got ${positional.length} arguments`);
    if (flags.backend !== undefined && !(BACKENDS as readonly string[]).includes(flags.backend)) {
      throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got '${flags.backend}'`);
    }
    const file = positional[0];
    const opened = await openGraphFile(io, file, flags.json);
    const { document } = withoutAppStart(io, opened.document, file, flags.weights);
    if (flags.weights !== undefined && flags['fresh-weights']) throw new UsageError('--weights and --fresh-weights exclude each other');
    // Where training starts: an ONNX model's own weights, --weights, or fresh ones.
    const start = flags['fresh-weights'] ? undefined : await startingWeights(io, flags.weights, opened.weights, file);
    // Without --data, a graph that refers to its own data trains on it (its path relative to the graph file).
    const fileData = flags.data === undefined ? document.dataset.file : undefined;
    const graphFolder = file ? path.dirname(path.resolve(io.cwd, file)) : io.cwd;
    const dataPath = flags.data ? path.resolve(io.cwd, flags.data) : fileData ? path.resolve(graphFolder, fileData.path) : undefined;
    const own = fileData ? true : dataPath ? await isOwnData(dataPath) : false;
    const target = flags.target ?? fileData?.target;
    const testPath = flags.test !== undefined ? path.resolve(io.cwd, flags.test) : fileData?.test !== undefined ? path.resolve(graphFolder, fileData.test) : undefined;
    const flagChoices = dataChoicesOf(flags);
    if (!own && (flags.target !== undefined || flags.test !== undefined || Object.keys(flagChoices).length > 0)) throw new UsageError('--target, --test, --types, --task, --missing and --resize are for own data (--data naming a table, arrays or an image folder)');
    // The flags' choices over the graph file's.
    const choices = pickChoices({ ...(fileData ?? {}), ...flagChoices });
    const data = own && dataPath ? { path: dataPath, ...(target !== undefined ? { target } : {}), ...(testPath !== undefined ? { test: testPath } : {}), ...choices } : undefined;
    if (fileData?.fingerprint && dataPath) {
      const now = await fingerprintData(dataPath).catch(() => null);
      const change = now ? fingerprintChange(fileData.fingerprint, now) : null;
      if (change) io.stderr(`Note: ${fileData.path} is not the data the graph was made for: ${change}. Training on it as it is now.\n`);
    }
    // The output is checked (and its staging folder made) before any training, so a path
    // that cannot be written fails now and not after the work.
    const out = flags.out === undefined ? undefined : await stageRunFolder(path.resolve(io.cwd, flags.out), flags.out);
    // The temporary runs folder carries this process's id, so a later run can tell a dead
    // owner's leftover (a killed CLI) from a live one's and remove it.
    await removeDeadOwners(os.tmpdir(), TRAIN_TEMP_PATTERN);
    const runsDir = await fs.mkdtemp(path.join(os.tmpdir(), `${TRAIN_TEMP_PREFIX}${process.pid}-`));
    const engine = createEngine({ runsDir, dataDir: own ? undefined : dataPath, env: { ...io.env } });
    try {
      const initialWeights = start && (await writeStartingWeights(start, document, runsDir, file));
      const classWeight = flags['class-weight'] !== undefined ? parseClassWeight(flags['class-weight']) : undefined;
      const done = await train(engine, io, {
        document: classWeight ? { ...document, training: { ...document.training, classWeight } } : document,
        backend: flags.backend as BackendName | undefined,
        epochs: flags.epochs,
        batchSize: flags['batch-size'],
        limit: flags.limit,
        testLimit: flags['test-limit'],
        seed: flags.seed,
        ...(data ? { data } : {}),
        ...(initialWeights ? { initialWeights } : {}),
      }, Boolean(flags.json));
      if (out && done.runId) {
        for (const file of await fs.readdir(path.join(runsDir, done.runId))) {
          await writeFileAtomic(path.join(out.folder, file), await fs.readFile(path.join(runsDir, done.runId, file)));
        }
        try {
          await out.commit();
        } catch (error) {
          throw new CliError(`cannot write ${flags.out}: ${messageOf(error)}`);
        }
        if (!flags.json) io.stdout(`Saved the model and run.json to ${flags.out}\n`);
      }
      return done.status === 'completed' ? 0 : 130;
    } finally {
      await out?.discard();
      await engine.close();
      await fs.rm(runsDir, { recursive: true, force: true });
    }
  },
};

/**
 * A graph saved by the app after an ONNX import starts from a run in the app's runs folder
 * (`training.startingWeights`), which this process cannot reach: it trains from --weights,
 * else from fresh weights, and says so.
 */
function withoutAppStart(io: CliIO, document: GraphDocument, file: string | undefined, weightsFlag: string | undefined): { document: GraphDocument } {
  const start = document.training.startingWeights;
  if (!start) return { document };
  const { startingWeights: _, ...training } = document.training;
  if (weightsFlag === undefined) {
    io.stderr(`Note: ${file ?? 'the graph'} starts from the weights imported from ${start.from} (the app's run ${start.run}); \`netcanvas train\` does not read the app's runs, so it trains from fresh weights (--weights ${start.from} starts from the file's).\n`);
  }
  return { document: { ...document, training } };
}

/** Weights to start from: imported ones by node id (from an ONNX file), or a saved model folder the job reads itself. */
type Start = { readonly weights: ReadonlyMap<string, LayerWeights>; readonly from: string } | { readonly folder: string };

async function startingWeights(io: CliIO, flag: string | undefined, own: ReadonlyMap<string, LayerWeights> | undefined, file: string | undefined): Promise<Start | undefined> {
  if (flag === undefined) return own && file ? { weights: own, from: path.resolve(io.cwd, file) } : undefined;
  if (/\.onnx$/i.test(flag)) return { weights: (await openOnnxFile(io, flag)).weights, from: path.resolve(io.cwd, flag) };
  const folder = path.resolve(io.cwd, flag);
  const stat = await fs.stat(folder).catch(() => null);
  if (!stat?.isDirectory()) throw new CliError(`--weights ${flag}: neither an .onnx model nor a saved model's folder (model.json and weights.bin)`);
  return { folder };
}

/**
 * Imported weights are checked against the graph here (every layer, every shape) and written
 * as a saved model's folder in this process's runs folder, where the job reads them; a
 * folder given with --weights is the job's to check.
 */
async function writeStartingWeights(start: Start, document: GraphDocument, runsDir: string, file: string | undefined): Promise<{ path: string; from?: string }> {
  if ('folder' in start) return { path: start.folder };
  let model;
  try {
    model = await modelWithImportedWeights(document, start.weights, start.from, file ?? 'the graph');
  } catch (error) {
    if (error instanceof ImportedWeightsError) throw new CliError(error.message);
    throw error;
  }
  try {
    // Not a run id (it starts with a dot), so the runs folder's listing leaves it out.
    const folder = path.join(runsDir, '.starting-weights');
    await fs.mkdir(folder);
    await saveModelFiles(model, folder);
    return { path: folder, from: start.from };
  } finally {
    model.dispose();
  }
}

/** The system temp folder's runs folder of a `train` process: `netcanvas-train-PID-XXXXXX`. */
const TRAIN_TEMP_PREFIX = 'netcanvas-train-';
const TRAIN_TEMP_PATTERN = /^netcanvas-train-(\d+)-[A-Za-z0-9]{6}$/;
/** What a folder `--out` may replace holds: a previous run's files (and temporary files beside them). */
const RUN_FOLDER_FILES = new Set([MODEL_FILE, WEIGHTS_FILE, RUN_FILE]);

/** Checks `--out` can be written and makes its staging folder; a folder holding anything but a run is not replaced. */
async function stageRunFolder(full: string, asGiven: string): Promise<StagedFolder> {
  try {
    return await stageFolder(full, (names) => {
      const foreign = names.filter((n) => !RUN_FOLDER_FILES.has(n) && !/^\..*\.tmp$/.test(n));
      return foreign.length === 0 ? null : `it is a folder holding more than a saved run (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); --out replaces only an empty folder or a previous run's`;
    });
  } catch (error) {
    if (error instanceof FolderWriteError) throw new CliError(`--out ${asGiven}: ${error.message}`);
    throw error;
  }
}

type Engine = ReturnType<typeof createEngine>;
type Done = Extract<TrainEvent, { type: 'done' }>;

/** Runs one job, printing its progress; resolves with its `done` event, rejects with its error. */
function train(engine: Engine, io: CliIO, options: Omit<TrainRequest, 'jobId'>, json: boolean): Promise<Done> {
  // The job's id is ours, so its events are known from the first one on.
  const request: TrainRequest = { ...options, jobId: newJobId() };
  const { jobId } = request;
  return new Promise<Done>((resolve, reject) => {
    let steps = 0;
    let epochs = 0;
    let lineOpen = false;
    const endLine = () => {
      if (lineOpen) io.stdout('\n');
      lineOpen = false;
    };
    const interrupt = () => {
      void engine.stopTraining(jobId).catch(() => undefined);
    };
    process.once('SIGINT', interrupt);
    const finish = (fn: () => void) => {
      process.off('SIGINT', interrupt);
      unsubscribe();
      fn();
    };
    const handle = (e: TrainEvent) => {
      if (e.jobId !== jobId) return;
      switch (e.type) {
        case 'started':
          steps = e.stepsPerEpoch;
          epochs = e.epochs;
          if (!json) io.stdout(`Training '${request.document.name}' on ${e.backend}, ${e.device}: ${e.trainSamples} samples, ${e.validationSamples} for validation\n`);
          break;
        case 'batch':
          if (json) break;
          if (e.batch === 1 || !lineOpen) {
            endLine();
            io.stdout(`Epoch ${e.epoch}/${epochs}\n`);
          }
          if (io.isTTY) {
            io.stdout(`\r${batchLine(e.batch, steps, e.eta, e.loss, e.accuracy)}\x1b[K`);
            lineOpen = true;
          } else lineOpen = true;
          break;
        case 'epoch':
          if (json) {
            const { epoch, loss, accuracy, valLoss, valAccuracy, samplesPerSecond, seconds } = e;
            io.stdout(`${JSON.stringify({ event: 'epoch', epoch, loss, accuracy, valLoss, valAccuracy, samplesPerSecond, seconds })}\n`);
          } else {
            io.stdout(`${io.isTTY ? '\r' : ''}${epochLine(steps, e)}${io.isTTY ? '\x1b[K' : ''}\n`);
            lineOpen = false;
          }
          break;
        case 'test':
          if (json) {
            const c = e.classification;
            const classScores = c ? { macroF1: c.macroF1, ...(c.topK ? { topK: c.topK } : {}), ...(c.rocAuc !== undefined ? { rocAuc: c.rocAuc } : {}) } : {};
            const scores = e.regression ? { mae: e.regression.mae, rmse: e.regression.rmse, r2: e.regression.r2 } : { testAccuracy: e.testAccuracy, ...classScores };
            io.stdout(`${JSON.stringify({ event: 'test', testLoss: e.testLoss, ...scores })}\n`);
          } else {
            endLine();
            io.stdout(`Test loss: ${e.testLoss.toFixed(4)}\n`);
            if (e.regression) io.stdout(`Test MAE: ${fixed(e.regression.mae)}\nTest RMSE: ${fixed(e.regression.rmse)}\nTest R²: ${e.regression.r2.toFixed(3)}\n`);
            else {
              io.stdout(`Test accuracy: ${(100 * e.testAccuracy).toFixed(1)}%\n`);
              const c = e.classification;
              if (c) {
                io.stdout(`Test macro F1: ${c.macroF1.toFixed(3)} (precision ${c.macroPrecision.toFixed(3)}, recall ${c.macroRecall.toFixed(3)})\n`);
                if (c.topK) io.stdout(`Test top-${c.topK.k} accuracy: ${(100 * c.topK.accuracy).toFixed(1)}%\n`);
                if (c.rocAuc !== undefined) io.stdout(`Test ROC AUC: ${c.rocAuc.toFixed(3)}\n`);
              }
            }
          }
          break;
        case 'done':
          endLine();
          if (!json && e.status === 'stopped') io.stdout('Stopped.\n');
          finish(() => resolve(e));
          break;
        case 'error':
          endLine();
          finish(() => reject(new CliError(e.message)));
          break;
        case 'status':
          if (!json && (e.stage === 'queued' || e.stage === 'downloading' || e.stage === 'testing')) io.stderr(`${e.message}\n`);
          break;
      }
    };
    const unsubscribe = engine.onEvent(handle);
    engine.startTraining(request).catch((error: unknown) => finish(() => reject(new CliError(messageOf(error)))));
  });
}

/** A score in the target's own units, to four significant figures. */
function fixed(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** Own data rather than an IDX folder: a file, or a folder that is not one of the built-in layouts. */
async function isOwnData(p: string): Promise<boolean> {
  const stat = await fs.stat(p).catch(() => null);
  if (!stat) throw new CliError(`--data ${p}: no such file or folder`);
  if (!stat.isDirectory()) return true;
  return isOwnDataFolder(p);
}

/** `--class-weight`: `balanced`, or one weight per class separated by commas. */
function parseClassWeight(text: string): ClassWeightSetting {
  const value = text.trim() === 'balanced' ? 'balanced' : text.split(',').map((w) => (w.trim() === '' ? NaN : Number(w)));
  const parsed = classWeightSchema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(`--class-weight must be balanced or one weight (0 or more) per class such as 1,3, got '${text}': ${parsed.error.issues[0]?.message ?? 'not valid'}`);
  }
  return parsed.data;
}
