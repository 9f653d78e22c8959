import { layerSpec } from '../../layers/catalogue';
import { nodeProblem, type Problem } from '../problem';
import type { ProblemRule } from './rule';

/** Each layer has as many incoming connections as its kind takes: none for an Input, one, or two or more for a merge. */
export const arityRule: ProblemRule = {
  name: 'arity',
  codes: ['input-has-incoming', 'too-many-inputs', 'not-connected', 'merge-one-input'],
  run({ doc, topology }) {
    const problems: Problem[] = [];
    for (const node of doc.nodes) {
      const spec = layerSpec(node.kind);
      if (!spec || topology.cyclic.has(node.id)) continue;
      const n = topology.incoming.get(node.id)!.length;
      if (spec.arity === 'none' && n > 0) {
        problems.push(nodeProblem(node, 'input-has-incoming', `an Input takes no incoming connection, but ${n} ${n === 1 ? 'is' : 'are'} connected.`));
      }
      if (spec.arity === 'one' && n > 1) {
        problems.push(
          nodeProblem(node, 'too-many-inputs', `takes one input, but ${n} are connected; merge them first with Add or Concatenate.`, {
            fix: { kind: 'insert-before', layer: 'Concatenate' },
          }),
        );
      }
      if (spec.arity !== 'none' && n === 0) problems.push(nodeProblem(node, 'not-connected', 'has no input connected; connect it to an Input or another layer.'));
      if (spec.arity === 'many' && n === 1) problems.push(nodeProblem(node, 'merge-one-input', 'merges two or more inputs, but only one is connected.'));
    }
    return problems;
  },
};
