import { analyseGraph, type GraphAnalysis } from '../graph/analyse';
import type { GraphDocument } from '../graph/document';
import { DocumentError } from '../graph/errors';

/**
 * Analyses a graph that is about to become code, refusing one that cannot: a cycle, no
 * single output, or a structural error. With `forTraining`, problems with the dataset
 * (an input that does not take MNIST's 784 values, an output without one unit per class,
 * a layer tfjs cannot train) and more than one Input are refused too, since the program trains.
 */
export function analyseForExport(doc: GraphDocument, forTraining: boolean): GraphAnalysis {
  const analysis = analyseGraph(doc);
  const blocking = analysis.problems.filter((p) => p.severity === 'error' && (forTraining || p.scope === 'structure'));
  if (blocking.length > 0 || analysis.outputId === null || analysis.topology.cyclic.size > 0) {
    const issues = (blocking.length > 0 ? blocking : analysis.problems).map((p) => ({ path: p.nodeId ?? '', message: p.message.replace(/\.$/, '') }));
    throw new DocumentError(`'${doc.name}' cannot be exported as code yet`, issues);
  }
  if (forTraining && analysis.inputIds.length !== 1) {
    throw new DocumentError(
      `'${doc.name}' has ${analysis.inputIds.length} Input layers; the training program feeds the images to one Input (export the model module instead)`,
    );
  }
  return analysis;
}
