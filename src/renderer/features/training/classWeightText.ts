import { CLASS_WEIGHT_RANGE, classWeightSchema } from '../../../core/training/config';
import { parseNumber, type Parsed } from '../../editor/numbers';

const refuse = (error: string): Parsed<number[]> => ({ ok: false, error });

/**
 * Reads the class weights typed into the Train view, `1, 3, 0.5`: one weight per class in the
 * dataset's class order. A missing or extra weight, or one that is not a number in range, is
 * refused naming the class.
 */
export function parseClassWeightText(text: string, classNames: readonly string[]): Parsed<number[]> {
  const list = classNames.join(', ');
  if (text.trim() === '') return refuse(`Enter one weight per class, in this order: ${list}.`);
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length < classNames.length) {
    return refuse(`No weight for class '${classNames[parts.length]}': give one weight per class (${classNames.length}: ${list}), in that order.`);
  }
  if (parts.length > classNames.length) {
    return refuse(`${parts.length} weights, but the data has ${classNames.length} classes (${list}): give one weight per class, in that order.`);
  }
  const weights: number[] = [];
  for (const [i, part] of parts.entries()) {
    const parsed = parseNumber(part, CLASS_WEIGHT_RANGE);
    if (!parsed.ok) return refuse(`Class '${classNames[i]}': ${parsed.error}`);
    weights.push(parsed.value);
  }
  const checked = classWeightSchema.safeParse(weights);
  if (!checked.success) {
    const message = checked.error.issues[0]?.message ?? 'not valid';
    return refuse(`${message[0].toUpperCase()}${message.slice(1)}.`);
  }
  return { ok: true, value: weights };
}

/** The weights as the field shows them. */
export const formatClassWeights = (weights: readonly number[]): string => weights.join(', ');
