import { z } from 'zod';
import { LOSS_TABLE } from './losses';

export const LOSSES = LOSS_TABLE.map((l) => l.id) as [LossName, ...LossName[]];
export type LossName = (typeof LOSS_TABLE)[number]['id'];

const byId = <T>(pick: (l: (typeof LOSS_TABLE)[number]) => T) =>
  Object.fromEntries(LOSS_TABLE.map((l) => [l.id, pick(l)])) as Record<LossName, T>;

export const LOSS_LABELS: Record<LossName, string> = byId((l) => l.label);

/** Keras's names, for export and import. */
export const KERAS_LOSS: Record<LossName, string> = byId((l) => l.keras);

/** The optimizers of the reference chapter with tf.keras's defaults. */
export const optimizerSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('sgd'),
      learningRate: z.number().gt(0).max(10).default(0.01),
      momentum: z.number().min(0).lt(1).default(0),
    })
    .strict(),
  z
    .object({
      type: z.literal('adam'),
      learningRate: z.number().gt(0).max(10).default(0.001),
      beta1: z.number().min(0).lt(1).default(0.9),
      beta2: z.number().min(0).lt(1).default(0.999),
      epsilon: z.number().gt(0).max(1).default(1e-7),
    })
    .strict(),
  z
    .object({
      type: z.literal('rmsprop'),
      learningRate: z.number().gt(0).max(10).default(0.001),
      rho: z.number().min(0).lt(1).default(0.9),
      momentum: z.number().min(0).lt(1).default(0),
      epsilon: z.number().gt(0).max(1).default(1e-7),
    })
    .strict(),
]);
export type OptimizerConfig = z.infer<typeof optimizerSchema>;
export type OptimizerType = OptimizerConfig['type'];
export const OPTIMIZER_LABELS: Record<OptimizerType, string> = { sgd: 'SGD', adam: 'Adam', rmsprop: 'RMSprop' };

export function defaultOptimizer(type: OptimizerType): OptimizerConfig {
  return optimizerSchema.parse({ type });
}

export const trainingSchema = z
  .object({
    optimizer: optimizerSchema.default({ type: 'adam' }),
    loss: z.enum(LOSSES).default('categoricalCrossentropy'),
    metrics: z.array(z.literal('accuracy')).max(1).default(['accuracy']),
    batchSize: z.number().int().min(1).max(65_536).default(128),
    epochs: z.number().int().min(1).max(10_000).default(20),
    validationSplit: z.number().min(0).lt(1).default(0.1),
  })
  .strict();
export type TrainingConfig = z.infer<typeof trainingSchema>;

export const DATASETS = ['mnist', 'fashion-mnist'] as const;
export type DatasetName = (typeof DATASETS)[number];

export const datasetSchema = z.object({ name: z.enum(DATASETS).default('mnist') }).strict();
export type DatasetConfig = z.infer<typeof datasetSchema>;
