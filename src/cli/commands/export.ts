import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EXPORT_FORMATS, exportFormat, type EngineExportFormatId, type ExportFormat, type ExportFormatId } from '../../core/export/formats';
import type { GraphDocument } from '../../core/graph/document';
import { defaultRunsDir } from '../../node/userDataDir';
import { CliError, parseArgs, UsageError } from '../args';
import type { CliIO } from '../io';
import { writeUserFile } from '../outputFile';
import type { Command } from './command';
import { openGraphFile } from './openGraph';
import { activateBackend, writeEngineFormat, MODEL_FILE, ModelFilesError, RunError, RunStore, RunWeightsError } from '../../engine';

/** A trained run to take weights from: its folder, and how to name it. */
interface RunSource {
  readonly folder: string;
  readonly name: string;
}

/** An engine format's file (core/export/formats says which formats those are; the engine writes them). */
async function writeWithEngine(format: EngineExportFormatId, doc: GraphDocument, run: RunSource | undefined): Promise<Uint8Array> {
  // The weights are read in tfjs; the plain JavaScript backend is always there.
  await activateBackend('cpu');
  try {
    return await writeEngineFormat(format, doc, { runFolder: run?.folder, runName: run?.name, producerVersion: process.env.npm_package_version ?? '0.1.0' });
  } catch (error) {
    if (error instanceof RunWeightsError || error instanceof ModelFilesError) throw new CliError(`${error.message}.`);
    throw error;
  }
}

/** The default format, and the ids of those that take `--run`. */
const DEFAULT_FORMAT: ExportFormatId = 'ts';
const RUN_FORMATS = EXPORT_FORMATS.filter((f: ExportFormat) => f.takesRun).map((f) => f.id);

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

const FLAGS = {
  format: { type: 'string', help: `${EXPORT_FORMATS.map((f) => `${f.id}: ${f.describe}`).join('; ')} (default: ${DEFAULT_FORMAT})` },
  output: { type: 'string', short: 'o', help: 'the file to write (default: standard output)' },
  run: { type: 'string', help: `${RUN_FORMATS.join(', ')}: take the weights of this trained run (its folder, or its id in the runs folder)` },
  runs: { type: 'string', help: `${RUN_FORMATS.join(', ')}: the folder of runs that --run names (default: the desktop app's)` },
} as const;

export const exportCommand: Command = {
  name: 'export',
  usage: `netcanvas export FILE [--format ${EXPORT_FORMATS.map((f) => f.id).join('|')}] [--run RUN [--runs DIR]] [-o OUT]`,
  summary: `Write the graph as one of: ${EXPORT_FORMATS.map((f) => `${f.label} (${f.id})`).join(', ')}.`,
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    if (positional.length > 1) throw new UsageError(`export takes one graph file, got ${positional.length}: ${positional.join(' ')}`);
    const format = flags.format ?? DEFAULT_FORMAT;
    const writer = exportFormat(format);
    if (!writer) throw new UsageError(`unknown format '${format}' (formats: ${EXPORT_FORMATS.map((f) => f.id).join(', ')})`);
    if (!writer.takesRun && (flags.run !== undefined || flags.runs !== undefined)) throw new UsageError(`--run and --runs are for --format ${RUN_FORMATS.join(' or ')}, not ${format}`);
    if (flags.runs !== undefined && flags.run === undefined) throw new UsageError('--runs needs --run');
    if (writer.binary && flags.output === undefined) throw new UsageError(`--format ${format} writes a binary file: name it with -o`);
    const { document } = await openGraphFile(io, positional[0]);
    const run = flags.run !== undefined ? await findRun(io, flags.run, flags.runs) : undefined;
    const data = writer.engine
      ? await writeWithEngine(writer.id as EngineExportFormatId, document, run)
      : writer.write(document, { fileName: flags.output ? path.basename(flags.output) : undefined });
    if (flags.output === undefined) {
      io.stdout(data as string);
    } else {
      await writeUserFile(io, flags.output, data);
      io.stderr(`Wrote ${flags.output}: ${writer.describe}.\n`);
    }
    return 0;
  },
};
