import * as tf from '@tensorflow/tfjs';
import { LOSSES, type LossName } from '../../core/training/config';

export type TensorFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/**
 * The per-sample tfjs function of each loss in the core's table, the ones `compile`
 * uses for these names. A `Record` over the ids, so a loss added to the table without
 * its function here does not compile.
 */
export const LOSS_FUNCTIONS: Record<LossName, TensorFn> = {
  categoricalCrossentropy: tf.metrics.categoricalCrossentropy,
  binaryCrossentropy: tf.metrics.binaryCrossentropy,
  meanSquaredError: tf.metrics.meanSquaredError,
  meanAbsoluteError: tf.metrics.meanAbsoluteError,
};

/** The function of a loss by a name from outside (a compiled model's `loss`); undefined for one not in the table. */
export function lossFunction(name: unknown): TensorFn | undefined {
  return typeof name === 'string' && (LOSSES as readonly string[]).includes(name) ? LOSS_FUNCTIONS[name as LossName] : undefined;
}
