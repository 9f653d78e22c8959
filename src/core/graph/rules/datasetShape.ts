import { describeSampleShape, sampleValueCount, type DatasetDescription } from '../../data/description';
import { featureCount } from '../../shapes/shape';
import { nodeProblem, type Problem } from '../problem';
import type { ProblemRule } from './rule';

/** The shapes an Input may take for the dataset's samples: flat, as described, and without trailing 1s. */
export function inputShapesFor(dataset: DatasetDescription): readonly (readonly number[])[] {
  const shapes: (readonly number[])[] = [[sampleValueCount(dataset)], dataset.inputShape];
  let squeezed = dataset.inputShape;
  while (squeezed.length > 1 && squeezed[squeezed.length - 1] === 1) squeezed = squeezed.slice(0, -1);
  shapes.push(squeezed);
  const seen = new Set<string>();
  return shapes.filter((s) => !seen.has(s.join('×')) && (seen.add(s.join('×')), true));
}

function list(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Every Input takes the dataset's samples; the fix keeps the input's rank where a shape of that rank fits. */
export const datasetShapeRule: ProblemRule = {
  name: 'dataset-shape',
  codes: ['dataset-shape'],
  run({ dataset, inputIds, nodes, byId }) {
    const problems: Problem[] = [];
    const want = sampleValueCount(dataset);
    const shapes = inputShapesFor(dataset);
    for (const id of inputIds) {
      const out = nodes.get(id)?.outputShape;
      if (!out) continue;
      const values = featureCount(out);
      if (values === want) continue;
      const rank = out.length - 1;
      const value = shapes.find((s) => s.length === rank) ?? shapes[0];
      problems.push(
        nodeProblem(
          byId.get(id)!,
          'dataset-shape',
          `${dataset.label} samples have ${want} values (${describeSampleShape(dataset)}), but this input takes ${values ?? 'an unknown number of'}; use ${list(shapes.map((s) => s.join('×')))}.`,
          { field: 'shape', fix: { kind: 'set-field', field: 'shape', value: [...value] } },
        ),
      );
    }
    return problems;
  },
};
