import { outputUnits, type DatasetDescription } from '../../data/description';
import { LOSS_TABLE } from '../../training/losses';
import { graphProblem } from '../problem';
import type { ProblemRule } from './rule';

/** What suits a task, as a sentence: the losses of the table for it, and their output. */
function advice(dataset: DatasetDescription): string {
  const losses = LOSS_TABLE.filter((l) => (l.tasks as readonly string[]).includes(dataset.task));
  const names = losses.map((l) => l.label.toLowerCase()).join(' or ');
  const units = outputUnits(dataset);
  const what = dataset.task === 'binary' ? 'a binary target' : dataset.task === 'multiclass' ? `${units} classes` : 'a numeric target';
  return `${dataset.label} has ${what}: use ${units === 1 ? 'one' : units} ${losses[0]?.outputActivation ?? 'linear'} output unit${units === 1 ? '' : 's'} with ${names}`;
}

/** The loss suits the dataset's task (a warning: the loss table says which losses suit which task). */
export const lossTaskRule: ProblemRule = {
  name: 'loss-task',
  codes: ['loss-task'],
  run({ doc, dataset }) {
    const loss = LOSS_TABLE.find((l) => l.id === doc.training.loss);
    if (!loss || (loss.tasks as readonly string[]).includes(dataset.task)) return [];
    return [graphProblem('loss-task', `${advice(dataset)}; the loss is ${loss.label.toLowerCase()}. Set the loss in the training settings.`)];
  },
};
