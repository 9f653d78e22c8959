import { arityRule } from './arity';
import { connectionsRule } from './connections';
import { cycleRule } from './cycle';
import { datasetShapeRule } from './datasetShape';
import { lossActivationRule } from './lossActivation';
import { lossTaskRule } from './lossTask';
import { outputRule } from './output';
import type { ProblemRule } from './rule';
import { sizeRule } from './size';

/** The whole-graph checks, run in this order after the node pass; their problems follow its. */
export const PROBLEM_RULES: readonly ProblemRule[] = [cycleRule, arityRule, connectionsRule, datasetShapeRule, outputRule, lossActivationRule, lossTaskRule, sizeRule];
