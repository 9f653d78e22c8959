import { MNIST_SIZE } from './preprocess';

/** A model that cannot read a 28×28 digit, or whose output is not ten classes. */
export class DigitModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DigitModelError';
  }
}

const DIGIT_VALUES = MNIST_SIZE * MNIST_SIZE;
const describe = (shape: readonly (number | null)[]) => `[${shape.map((d) => d ?? 'batch').join(', ')}]`;

/**
 * The shape one digit's 784 values take to feed a model whose input shape (batch first) is
 * `inputShape`: a vector [1, 784], an image [1, 28, 28, 1], a sequence [1, 28, 28], or any
 * other shape of 784 values. Throws a DigitModelError saying why when they do not fit.
 */
export function digitBatchShape(inputShape: readonly (number | null)[]): number[] {
  const dims = inputShape.slice(1);
  if (dims.length === 0 || dims.some((d) => d === null)) {
    throw new DigitModelError(`The model's input ${describe(inputShape)} has no fixed size; a digit is ${DIGIT_VALUES} values (28×28).`);
  }
  const values = (dims as number[]).reduce((a, d) => a * d, 1);
  if (values !== DIGIT_VALUES) {
    throw new DigitModelError(`The model's input ${describe(inputShape)} takes ${values} values; a digit is ${DIGIT_VALUES} (28×28), so this model cannot read digits.`);
  }
  return [1, ...(dims as number[])];
}

/** Checks that a model's output (batch first) is ten classes. */
export function checkDigitOutput(outputShape: readonly (number | null)[]): void {
  const dims = outputShape.slice(1);
  if (dims.length !== 1 || dims[0] !== 10) {
    throw new DigitModelError(`The model's output ${describe(outputShape)} is not ten classes; a digit classifier ends in a Dense layer of 10 units.`);
  }
}

/**
 * The model's ten outputs as probabilities: kept when they already are (a softmax), else put
 * through a softmax (logits). Outputs that are not finite numbers (NaN weights, a diverged
 * training) are a DigitModelError, never a prediction.
 */
export function toProbabilities(outputs: ArrayLike<number>): number[] {
  const values = Array.from(outputs);
  if (!values.every(Number.isFinite)) {
    throw new DigitModelError(`The model's outputs are not numbers (${values.map(String).join(', ')}): its weights are damaged or its training diverged, so it predicts nothing.`);
  }
  const sum = values.reduce((a, v) => a + v, 0);
  if (values.every((v) => v >= 0 && v <= 1) && Math.abs(sum - 1) < 1e-3) return values;
  const top = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - top));
  const total = exps.reduce((a, v) => a + v, 0);
  return exps.map((v) => v / total);
}

/** The most probable class. */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
