import { analyseGraph } from '../../core/graph/analyse';
import { printSummary, summarize } from '../../core/summary/summary';
import { parseArgs } from '../args';
import type { Command } from './command';
import { openGraphFile } from './openGraph';

const FLAGS = { json: { type: 'bool', help: 'print JSON' } } as const;

export const summaryCommand: Command = {
  name: 'summary',
  usage: 'netcanvas summary FILE [--json]',
  summary: "Print the model's layers, output shapes and parameter counts, as Keras's model.summary().",
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    const { document, notes } = await openGraphFile(io, positional[0], flags.json);
    const analysis = analyseGraph(document);
    const summary = summarize(document, analysis);
    if (flags.json) {
      io.stdout(
        `${JSON.stringify({
          name: summary.name,
          totalParams: summary.totalParams,
          trainableParams: summary.trainableParams,
          nonTrainableParams: summary.nonTrainableParams,
          multiplyAdds: summary.macs,
          outputShape: summary.outputShape,
          valid: analysis.valid,
          layers: summary.rows.map((r) => ({ name: r.name, type: r.type, outputShape: r.outputShape, params: r.params, trainableParams: r.trainable, multiplyAdds: r.macs, connectedTo: r.connectedTo })),
          notes,
        }, null, 2)}\n`,
      );
    } else {
      printSummary(summary, (line) => io.stdout(`${line}\n`));
      const errors = analysis.problems.filter((p) => p.severity === 'error');
      if (errors.length > 0) io.stderr(`\n${errors.length} problem${errors.length > 1 ? 's' : ''}: run 'netcanvas validate ${positional[0]}' for details.\n`);
    }
    return 0;
  },
};
