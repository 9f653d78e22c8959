import type { Task } from '../data/description';

/** What one loss is, everywhere NetCanvas names it: the one table the UI, Keras import/export and the engine derive from. */
export interface LossInfo {
  /** Our id, also tfjs-layers' name for it in `compile({ loss })`. */
  readonly id: string;
  readonly label: string;
  /** The name Keras writes in `training_config.loss`. */
  readonly keras: string;
  /** Other names Keras accepts for it (besides the class name, which normalises to the id). */
  readonly kerasAliases: readonly string[];
  /** The tasks it suits. */
  readonly tasks: readonly Task[];
  /** The activation of the output layer it expects. */
  readonly outputActivation: 'softmax' | 'sigmoid' | 'linear';
}

export const LOSS_TABLE = [
  {
    id: 'categoricalCrossentropy',
    label: 'Categorical cross-entropy',
    keras: 'categorical_crossentropy',
    kerasAliases: [],
    tasks: ['multiclass'],
    outputActivation: 'softmax',
  },
  {
    id: 'binaryCrossentropy',
    label: 'Binary cross-entropy',
    keras: 'binary_crossentropy',
    kerasAliases: [],
    tasks: ['binary'],
    outputActivation: 'sigmoid',
  },
  {
    id: 'meanSquaredError',
    label: 'Mean squared error',
    keras: 'mean_squared_error',
    kerasAliases: ['mse'],
    tasks: ['regression'],
    outputActivation: 'linear',
  },
  {
    id: 'meanAbsoluteError',
    label: 'Mean absolute error',
    keras: 'mean_absolute_error',
    kerasAliases: ['mae'],
    tasks: ['regression'],
    outputActivation: 'linear',
  },
] as const satisfies readonly LossInfo[];
