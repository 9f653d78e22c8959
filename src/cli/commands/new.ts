import path from 'node:path';
import { starterForData } from '../../core/data/starter';
import { inspectionProblems } from '../../core/data/inspection';
import { serializeDocument } from '../../core/graph/load';
import { parseArgs, UsageError, CliError } from '../args';
import { writeUserFile } from '../outputFile';
import type { Command } from './command';
import { inspectData } from './data';
import { DATA_CHOICE_FLAGS, dataChoicesOf } from '../dataFlags';
import { fingerprintData } from '../../node/fingerprint';

const FLAGS = {
  data: { type: 'string', help: 'the dataset: a CSV/TSV table, .npz/.npy arrays, an image folder or a folder of IDX files' },
  target: { type: 'string', help: "a table's column to predict (default: the last)" },
  name: { type: 'string', help: 'the project’s name (default: the data’s name and “starter”)' },
  output: { type: 'string', short: 'o', help: 'the graph file to write (*.netcanvas.json)' },
  ...DATA_CHOICE_FLAGS,
} as const;

export const newCommand: Command = {
  name: 'new',
  usage: 'netcanvas new --data PATH [--target COLUMN] [--types COL=TYPE,…] [--task TASK] [--missing fill|drop] [--resize stretch|pad|crop] [--name NAME] -o FILE',
  summary: 'Write a starter network for a dataset (an MLP for a table, a small CNN for pictures; output and loss fitting the task), ready to train.',
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    if (positional.length > 0) throw new UsageError(`takes no positional arguments, got ${positional.join(' ')}`);
    if (!flags.data) throw new UsageError('name the data with --data PATH');
    if (!flags.output) throw new UsageError('name the graph file to write with -o FILE');
    const dataPath = path.resolve(io.cwd, flags.data);
    const out = path.resolve(io.cwd, flags.output);
    const choices = dataChoicesOf(flags);
    const result = await inspectData(dataPath, flags.target, path.basename(dataPath), choices);
    const problems = inspectionProblems(result);
    if (problems.length > 0) throw new CliError(`${flags.data} cannot be trained on: ${problems.join('; ')}`);
    const description = result.inspection.description;
    // The graph file refers to its data relative to itself, so the two can move together.
    const relative = path.relative(path.dirname(out), dataPath) || '.';
    const doc = starterForData(relative.split(path.sep).join('/'), result, { name: flags.name, choices, fingerprint: await fingerprintData(dataPath) });
    await writeUserFile(io, flags.output, serializeDocument(doc));
    io.stdout(`Wrote ${flags.output}: ${doc.nodes.length} layers for ${description.label} (${description.task}, input [${description.inputShape.join(', ')}]${description.task === 'regression' ? '' : `, ${description.classNames.length} classes`}). Train it with: netcanvas train ${flags.output}\n`);
    return 0;
  },
};
