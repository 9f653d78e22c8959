import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../../core/training/config';
import { FusedAdamOptimizer } from './fusedAdam';

/** A tfjs optimizer with the document's settings (tf.keras's defaults where it leaves them out). */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  switch (config.type) {
    case 'sgd':
      // tfjs splits Keras's SGD in two: plain SGD, and SGD with (non-Nesterov) momentum.
      return config.momentum > 0 ? tf.train.momentum(config.learningRate, config.momentum, false) : tf.train.sgd(config.learningRate);
    case 'adam':
      return new FusedAdamOptimizer(config.learningRate, config.beta1, config.beta2, config.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(config.learningRate, config.rho, config.momentum, config.epsilon, false);
  }
}
