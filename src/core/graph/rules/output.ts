import { outputUnits, type DatasetDescription } from '../../data/description';
import { formatShapeCompact } from '../../shapes/shape';
import { nodeProblem, type Problem } from '../problem';
import { reachable } from '../topology';
import { outputActivation } from './lossActivation';
import type { ProblemRule } from './rule';

/** The labels as a phrase: `10 classes`, `one value per sample`. */
function labels(dataset: DatasetDescription): string {
  return dataset.task === 'multiclass' ? `${dataset.classNames.length} classes` : 'one value per sample';
}

/** The network's output matches the labels: one vector per sample, one unit per class. */
export const outputRule: ProblemRule = {
  name: 'output',
  codes: ['output-rank', 'output-units'],
  run({ doc, dataset, outputId, nodes, topology, byId }) {
    const output = outputId ? nodes.get(outputId) : undefined;
    if (!outputId || !output?.outputShape) return [];
    const node = byId.get(outputId)!;
    const shape = output.outputShape;
    const units = outputUnits(dataset);
    const problems: Problem[] = [];
    if (shape.length > 2) {
      // A Dense on an image works on its last axis; Flatten before the first such Dense is what was meant.
      const feeding = reachable([outputId], topology.incoming, false);
      const culprit = topology.order
        .filter((i) => feeding.has(i))
        .map((i) => nodes.get(i)!)
        .find((r) => r.kind === 'Dense' && (r.inputShapes[0]?.length ?? 0) > 2);
      if (culprit) {
        problems.push(
          nodeProblem(
            byId.get(culprit.id)!,
            'output-rank',
            `works on the last axis of its ${formatShapeCompact(culprit.inputShapes[0])} input, so the network's output is ${formatShapeCompact(shape)}, but the labels are ${labels(dataset)}; insert Flatten before it.`,
            { fix: { kind: 'insert-before', layer: 'Flatten' } },
          ),
        );
      } else {
        // The network ends in an image or a sequence: it lacks its classifier, a Flatten and a Dense after the last layer.
        const activation = outputActivation(doc.training.loss);
        problems.push(
          nodeProblem(
            node,
            'output-rank',
            `the network's output is ${formatShapeCompact(shape)}, but the labels are ${labels(dataset)}; add Flatten and a Dense layer of ${units} unit${units === 1 ? '' : 's'} after it.`,
            { fix: { kind: 'insert-after', layers: [{ layer: 'Flatten' }, { layer: 'Dense', config: { units, activation } }] } },
          ),
        );
      }
    } else if (shape.length === 2 && shape[1] !== units) {
      const has = dataset.task === 'multiclass' ? `${dataset.label} has ${units} classes` : `${dataset.label} has one target value per sample`;
      const dense = node.kind === 'Dense';
      problems.push(
        nodeProblem(node, 'output-units', `the network's output has ${shape[1]} values, but ${has}; the last layer needs ${units} unit${units === 1 ? '' : 's'}.`, {
          field: dense ? 'units' : undefined,
          fix: dense ? { kind: 'set-field', field: 'units', value: units } : undefined,
        }),
      );
    }
    return problems;
  },
};
