import type { GraphAnalysis } from '../graph/analyse';
import type { GraphDocument } from '../graph/document';
import { LOSS_LABELS, OPTIMIZER_LABELS } from '../training/config';
import { analyseForExport } from './exportable';
import { modelFunctionLines } from './modelFunction';
import { commentText } from './source';

/** One line saying how NetCanvas trains the graph, for a header comment. */
export function trainingSentence(doc: GraphDocument): string {
  const t = doc.training;
  return `${OPTIMIZER_LABELS[t.optimizer.type]} (learning rate ${t.optimizer.learningRate}), ${LOSS_LABELS[t.loss].toLowerCase()}, batch ${t.batchSize}, ${t.epochs} epoch${t.epochs === 1 ? '' : 's'}`;
}

export function countSentence(analysis: GraphAnalysis): string {
  return `${analysis.nodes.size} layers, ${analysis.totals.total.toLocaleString('en-US')} parameters`;
}

/**
 * A TypeScript module with one export, `buildModel()`, that builds the graph's network
 * with TensorFlow.js's layers API (uncompiled, freshly initialised). Throws a
 * DocumentError naming the problems when the graph cannot become a model.
 */
export function generateModelModule(doc: GraphDocument): string {
  const analysis = analyseForExport(doc, false);
  return [
    '/**',
    ` * ${commentText(doc.name)}: the network of a NetCanvas graph, built with TensorFlow.js.`,
    ' *',
    ` * ${countSentence(analysis)}.`,
    ` * NetCanvas trains it with ${trainingSentence(doc)}.`,
    ' *',
    ' *   import { buildModel } from "./model";',
    ' *   const model = buildModel();',
    ' *   model.compile({ optimizer: "adam", loss: "categoricalCrossentropy", metrics: ["accuracy"] });',
    ' */',
    "import * as tf from '@tensorflow/tfjs';",
    '',
    ...modelFunctionLines(doc, analysis, { exported: true }),
    '',
  ].join('\n');
}
