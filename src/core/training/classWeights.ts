import type { ClassWeightSetting } from './config';

/** Class weights that cannot apply to this data: the message says why. */
export class ClassWeightError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClassWeightError';
  }
}

/**
 * The weight of each class in the loss, from the setting and the training split's count of
 * each class. `balanced` gives samples / (classes × count), as scikit-learn's
 * compute_class_weight and Keras's guides do, so every class weighs the same in all; a class
 * with no training samples gets 0 (nothing of it is trained on). A list must name every class.
 */
export function classWeights(setting: ClassWeightSetting, counts: readonly number[], classNames: readonly string[]): number[] {
  if (counts.length < 2) throw new ClassWeightError('class weights need a target with classes; this one has none (a regression target)');
  if (setting === 'balanced') {
    const total = counts.reduce((a, b) => a + b, 0);
    return counts.map((n) => (n > 0 ? total / (counts.length * n) : 0));
  }
  const problem = classWeightProblem(setting, classNames);
  if (problem) throw new ClassWeightError(problem);
  return [...setting];
}

/** Why a setting cannot apply to data with these classes (a list of the wrong length), or null. */
export function classWeightProblem(setting: ClassWeightSetting | readonly number[], classNames: readonly string[]): string | null {
  if (setting === 'balanced' || setting.length === classNames.length) return null;
  return `classWeight lists ${setting.length} weights, but the data has ${classNames.length} classes (${classNames.join(', ')}): give one weight per class, in that order`;
}
