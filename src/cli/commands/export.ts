import { promises as fs } from 'node:fs';
import path from 'node:path';
import { generateModelModule } from '../../core/codegen/modelModule';
import { generateTrainingProgram } from '../../core/codegen/trainingProgram';
import type { GraphDocument } from '../../core/graph/document';
import { generatePytorchProgram } from '../../core/pytorch/program';
import { toKerasFile, toTfjsModelJson } from '../../core/keras/toKeras';
import { activateBackend } from '../../engine/backends';
import { exportOnnxFile, RunWeightsError } from '../../engine/export/onnx';
import { MODEL_FILE, ModelFilesError } from '../../engine/runs/modelFiles';
import { RunError, RunStore } from '../../engine/runs/runStore';
import { defaultRunsDir } from '../../node/userDataDir';
import { CliError, parseArgs, UsageError } from '../args';
import type { CliIO } from '../io';
import { expandOutputFlag, writeUserFile } from '../outputFile';
import type { Command } from './command';
import { openGraphFile } from './openGraph';

/** A trained run to take weights from: its folder, and how to name it. */
interface RunSource {
  readonly folder: string;
  readonly name: string;
}

interface ExportFormat {
  readonly describe: string;
  /** Writes bytes rather than text, so it needs `-o`. */
  readonly binary?: boolean;
  /** Takes `--run`: the weights of a trained run. */
  readonly takesRun?: boolean;
  write(doc: GraphDocument, options: { output: string | undefined; run: RunSource | undefined }): string | Uint8Array | Promise<Uint8Array>;
}

/** What `--format` can be, with what each writes. */
const FORMATS: Record<string, ExportFormat> = {
  ts: {
    describe: 'a TypeScript program that trains the network on MNIST with TensorFlow.js',
    write: (doc, { output }) => generateTrainingProgram(doc, { fileName: output ? path.basename(output) : 'train.ts' }),
  },
  model: { describe: 'a TypeScript module exporting buildModel()', write: (doc) => generateModelModule(doc) },
  keras: { describe: 'Keras model JSON (model.to_json() with its training_config)', write: (doc) => `${JSON.stringify(toKerasFile(doc), null, 2)}\n` },
  tfjs: { describe: 'a TensorFlow.js model.json topology, without weights', write: (doc) => `${JSON.stringify(toTfjsModelJson(doc), null, 2)}\n` },
  onnx: {
    describe: 'an ONNX model (opset 17) with a run’s trained weights (--run), else freshly initialised ones',
    binary: true,
    takesRun: true,
    async write(doc, { run }) {
      // The weights are read in tfjs; the plain JavaScript backend is always there.
      await activateBackend('cpu');
      try {
        return await exportOnnxFile(doc, { runFolder: run?.folder, runName: run?.name, producerVersion: process.env.npm_package_version ?? '0.1.0' });
      } catch (error) {
        if (error instanceof RunWeightsError || error instanceof ModelFilesError) throw new CliError(`${error.message}.`);
        throw error;
      }
    },
  },
  pytorch: {
    describe: 'a Python program that trains the network with PyTorch, on one process or many (torchrun)',
    write: (doc, { output }) => generatePytorchProgram(doc, { fileName: output ? path.basename(output) : 'train.py' }),
  },
};

/** `--run`: a folder holding a trained model (a run's, or `train --out`'s), else a run id in the runs folder. */
async function findRun(io: CliIO, run: string, runsDir: string | undefined): Promise<RunSource> {
  const asFolder = path.resolve(io.cwd, run);
  const stat = await fs.stat(asFolder).catch(() => null);
  if (stat?.isDirectory()) {
    if (!(await fs.stat(path.join(asFolder, MODEL_FILE)).catch(() => null))) throw new CliError(`${run} has no ${MODEL_FILE}; expected a trained run's folder (as \`netcanvas train --out\` writes).`);
    return { folder: asFolder, name: run };
  }
  const dir = runsDir ? path.resolve(io.cwd, runsDir) : defaultRunsDir(io.env);
  let folder: string;
  try {
    folder = new RunStore(dir).folder(run);
  } catch (error) {
    if (error instanceof RunError) throw new CliError(`${run}: no such folder, and ${error.message}.`);
    throw error;
  }
  if (!(await fs.stat(path.join(folder, MODEL_FILE)).catch(() => null))) throw new CliError(`${run}: no such folder, and no run '${run}' in ${dir}.`);
  return { folder, name: run };
}

export const exportCommand: Command = {
  name: 'export',
  usage: 'netcanvas export FILE [--format ts|model|keras|tfjs|onnx|pytorch] [--run RUN [--runs DIR]] [-o OUT]',
  summary: 'Write the graph as a TypeScript training program (ts), a PyTorch training program (pytorch), a buildModel() module, Keras JSON, a tfjs model.json or an ONNX model.',
  async run(argv, io) {
    const { flags, positional } = parseArgs(expandOutputFlag(argv), {
      format: { type: 'string', help: Object.entries(FORMATS).map(([k, f]) => `${k}: ${f.describe}`).join('; ') },
      output: { type: 'string', help: 'the file to write (default: standard output)' },
      run: { type: 'string', help: 'onnx: take the weights of this trained run (its folder, or its id in the runs folder)' },
      runs: { type: 'string', help: "onnx: the folder of runs that --run names (default: the desktop app's)" },
    });
    if (positional.length > 1) throw new UsageError(`export takes one graph file, got ${positional.length}: ${positional.join(' ')}`);
    const format = flags.format ?? 'ts';
    const writer = Object.hasOwn(FORMATS, format) ? FORMATS[format] : undefined;
    if (!writer) throw new UsageError(`unknown format '${format}' (formats: ${Object.keys(FORMATS).join(', ')})`);
    if (!writer.takesRun && (flags.run !== undefined || flags.runs !== undefined)) throw new UsageError(`--run and --runs are for --format onnx, not ${format}`);
    if (flags.runs !== undefined && flags.run === undefined) throw new UsageError('--runs needs --run');
    if (writer.binary && flags.output === undefined) throw new UsageError(`--format ${format} writes a binary file: name it with -o`);
    const { document } = await openGraphFile(io, positional[0]);
    const run = flags.run !== undefined ? await findRun(io, flags.run, flags.runs) : undefined;
    const data = await writer.write(document, { output: flags.output, run });
    if (flags.output === undefined) {
      io.stdout(data as string);
    } else {
      await writeUserFile(io, flags.output, data);
      io.stderr(`Wrote ${flags.output}: ${writer.describe}.\n`);
    }
    return 0;
  },
};
