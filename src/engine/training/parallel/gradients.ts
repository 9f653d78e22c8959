import * as tf from '@tensorflow/tfjs';
import { lossFunction, type TensorFn } from '../lossFunctions';

/** The loss a compiled model trains with, by its name; throws for one it does not know. */
export function lossOf(model: tf.LayersModel): TensorFn {
  const name = model.loss;
  const fn = lossFunction(name);
  if (!fn) throw new Error(`The parallel training loop does not know the loss ${JSON.stringify(name)}`);
  return fn;
}

/** The accuracy `compile(metrics: ['accuracy'])` picks: binary for one output unit or binary cross-entropy, categorical otherwise. */
export function accuracyOf(model: tf.LayersModel): TensorFn {
  const units = model.outputs[0].shape[model.outputs[0].shape.length - 1];
  return units === 1 || model.loss === 'binaryCrossentropy' ? tf.metrics.binaryAccuracy : tf.metrics.categoricalAccuracy;
}

/** One half batch's gradients, in the order of the model's trainable weights, with its mean loss and its count of right answers. */
export interface HalfStep {
  readonly grads: tf.Tensor[];
  /** The mean loss over the samples plus the regularization penalties, as fit reports it. */
  readonly loss: tf.Scalar;
  /** How many samples the model got right (the sum of the accuracy metric). */
  readonly correct: tf.Scalar;
}

/**
 * The gradients of the loss `fit` minimizes on (x, y): the model run in training mode
 * (Dropout active), the mean of the compiled loss, plus the layers' regularization
 * losses, with respect to every trainable weight.
 */
export function halfStepGradients(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): HalfStep {
  const loss = lossOf(model);
  const accuracy = accuracyOf(model);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return tf.tidy(() => {
    let correct: tf.Scalar | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const out = model.apply(x, { training: true }) as tf.Tensor;
      correct = tf.keep(tf.sum(accuracy(y, out)) as tf.Scalar);
      let total = tf.mean(loss(y, out)) as tf.Scalar;
      for (const penalty of model.calculateLosses()) total = tf.add(total, penalty);
      return total;
    }, variables);
    return { grads: variables.map((v) => grads[v.name]), loss: value, correct: correct! };
  });
}

/** The mean of two gradient sets weighted by their half sizes: the gradient of the whole batch's mean loss. */
export function averageGradients(a: readonly tf.Tensor[], countA: number, b: readonly tf.Tensor[], countB: number): tf.Tensor[] {
  const total = countA + countB;
  return tf.tidy(() => a.map((g, i) => (countB === 0 ? g.clone() : tf.add(tf.mul(g, countA / total), tf.mul(b[i], countB / total)))));
}
