import path from 'node:path';
import { generateModelModule } from '../../core/codegen/modelModule';
import { generateTrainingProgram } from '../../core/codegen/trainingProgram';
import type { GraphDocument } from '../../core/graph/document';
import { toKerasFile, toTfjsModelJson } from '../../core/keras/toKeras';
import { parseArgs, UsageError } from '../args';
import { expandOutputFlag, writeUserFile } from '../outputFile';
import type { Command } from './command';
import { openGraphFile } from './openGraph';

/** What `--format` can be, with what each writes. */
const FORMATS: Record<string, { describe: string; write: (doc: GraphDocument, output: string | undefined) => string }> = {
  ts: {
    describe: 'a TypeScript program that trains the network on MNIST with TensorFlow.js',
    write: (doc, output) => generateTrainingProgram(doc, { fileName: output ? path.basename(output) : 'train.ts' }),
  },
  model: { describe: 'a TypeScript module exporting buildModel()', write: (doc) => generateModelModule(doc) },
  keras: { describe: 'Keras model JSON (model.to_json() with its training_config)', write: (doc) => `${JSON.stringify(toKerasFile(doc), null, 2)}\n` },
  tfjs: { describe: 'a TensorFlow.js model.json topology, without weights', write: (doc) => `${JSON.stringify(toTfjsModelJson(doc), null, 2)}\n` },
};

export const exportCommand: Command = {
  name: 'export',
  usage: 'netcanvas export FILE [--format ts|model|keras|tfjs] [-o OUT]',
  summary: 'Write the graph as a TypeScript training program (ts), a buildModel() module, Keras JSON or a tfjs model.json.',
  async run(argv, io) {
    const { flags, positional } = parseArgs(expandOutputFlag(argv), {
      format: { type: 'string', help: Object.entries(FORMATS).map(([k, f]) => `${k}: ${f.describe}`).join('; ') },
      output: { type: 'string', help: 'the file to write (default: standard output)' },
    });
    if (positional.length > 1) throw new UsageError(`export takes one graph file, got ${positional.length}: ${positional.join(' ')}`);
    const format = flags.format ?? 'ts';
    const writer = FORMATS[format];
    if (!writer) throw new UsageError(`unknown format '${format}' (formats: ${Object.keys(FORMATS).join(', ')})`);
    const { document } = await openGraphFile(io, positional[0]);
    const text = writer.write(document, flags.output);
    if (flags.output === undefined) {
      io.stdout(text);
    } else {
      await writeUserFile(io, flags.output, text);
      io.stderr(`Wrote ${flags.output}: ${writer.describe}.\n`);
    }
    return 0;
  },
};
