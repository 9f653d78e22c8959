import { graphProblem, nodeName, nodeProblem, type Problem } from '../problem';
import { reachable } from '../topology';
import type { ProblemRule } from './rule';

/** One input kind at the start, one output at the end, everything between. */
export const connectionsRule: ProblemRule = {
  name: 'connections',
  codes: ['no-input', 'not-from-input', 'input-unused', 'several-ends', 'input-not-to-output'],
  run({ doc, topology, byId, inputIds, sinks, outputId }) {
    const problems: Problem[] = [];
    if (doc.nodes.length > 0 && inputIds.length === 0) {
      problems.push(graphProblem('no-input', 'The graph has no Input layer; add one from the palette (Input) and connect it.'));
    }
    const fromInputs = reachable(inputIds, topology.outgoing, true);
    for (const node of doc.nodes) {
      if (node.kind !== 'Input' && !fromInputs.has(node.id) && !topology.cyclic.has(node.id) && topology.incoming.get(node.id)!.length > 0) {
        problems.push(nodeProblem(node, 'not-from-input', 'is not connected to an Input.'));
      }
    }
    for (const id of inputIds) {
      if (topology.outgoing.get(id)!.length === 0) problems.push(nodeProblem(byId.get(id)!, 'input-unused', 'is not connected to any layer.'));
    }
    if (sinks.length > 1) {
      const names = sinks.map((s) => nodeName(byId.get(s)!)).join(', ');
      problems.push(graphProblem('several-ends', `The graph has ${sinks.length} ends (${names}); a network trains one output, so connect them into one or delete the extra ones.`));
    }
    if (outputId !== null) {
      const toOutput = reachable([outputId], topology.incoming, false);
      for (const id of inputIds) {
        if (!toOutput.has(id) && topology.outgoing.get(id)!.length > 0) problems.push(nodeProblem(byId.get(id)!, 'input-not-to-output', 'does not lead to the output.'));
      }
    }
    return problems;
  },
};
