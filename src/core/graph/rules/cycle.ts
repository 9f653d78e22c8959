import { nodeProblem } from '../problem';
import type { ProblemRule } from './rule';

export const cycleRule: ProblemRule = {
  name: 'cycle',
  codes: ['cycle'],
  run: ({ topology, byId }) =>
    [...topology.onCycle].map((id) => nodeProblem(byId.get(id)!, 'cycle', 'is part of a cycle; a network must flow one way from its input to its output.')),
};
