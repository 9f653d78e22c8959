import { analyseGraph } from '../../core/graph/analyse';
import { describeFix } from '../../core/layers/problem';
import { parseArgs } from '../args';
import type { Command } from './command';
import { openGraphFile } from './openGraph';

const FLAGS = { json: { type: 'bool', help: 'print JSON' } } as const;

export const validateCommand: Command = {
  name: 'validate',
  usage: 'netcanvas validate FILE [--json]',
  summary: 'Check a graph: exit 0 when it can train, 1 with every problem, node by node.',
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positional } = parseArgs(argv, FLAGS);
    const { document, notes } = await openGraphFile(io, positional[0], flags.json);
    const analysis = analyseGraph(document);
    if (flags.json) {
      io.stdout(`${JSON.stringify({ valid: analysis.valid, problems: analysis.problems, notes }, null, 2)}\n`);
    } else if (analysis.problems.length === 0) {
      io.stdout(`${positional[0]}: valid (${document.nodes.length} layers, ${analysis.totals.total.toLocaleString('en-US')} parameters)\n`);
    } else {
      const errors = analysis.problems.filter((p) => p.severity === 'error').length;
      const warnings = analysis.problems.length - errors;
      io.stdout(`${positional[0]}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
      for (const p of analysis.problems) {
        const fix = p.fix ? ` [fix: ${describeFix(p.fix).toLowerCase()}]` : '';
        io.stdout(`  ${p.severity}: ${p.message}${fix}\n`);
      }
    }
    return analysis.valid ? 0 : 1;
  },
};
