import { graphProblem, type Problem } from '../problem';
import type { ProblemRule } from './rule';

/** Models beyond this are refused: tfjs holds every weight in one process's memory. */
export const MAX_TRAINABLE_PARAMS = 500_000_000;

export const sizeRule: ProblemRule = {
  name: 'size',
  codes: ['too-many-params', 'empty-graph'],
  run({ doc, totals }) {
    const problems: Problem[] = [];
    if (totals.trainable > MAX_TRAINABLE_PARAMS) {
      problems.push(
        graphProblem(
          'too-many-params',
          `The network has ${totals.trainable.toLocaleString('en-US')} trainable parameters; NetCanvas trains at most ${MAX_TRAINABLE_PARAMS.toLocaleString('en-US')}.`,
        ),
      );
    }
    if (doc.nodes.length === 0) problems.push(graphProblem('empty-graph', 'The graph is empty; drag an Input and some layers from the palette, or open a template.'));
    return problems;
  },
};
