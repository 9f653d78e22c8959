import { dataChoicesShape, fingerprintSchema } from '../data/choices';
import { z } from 'zod';
import { LOSS_TABLE } from './losses';
import { MONITORED_METRICS } from './schedules';
import { DEFAULT_MONITOR, EARLY_STOPPING_FIELDS, SCHEDULE_TABLE, numberSchema } from './settingFields';

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

const monitorSchema = z.enum(MONITORED_METRICS).default(DEFAULT_MONITOR);

const S = SCHEDULE_TABLE;
const E = EARLY_STOPPING_FIELDS;

/**
 * Learning-rate schedules with Keras's parameters and defaults (`schedules.ts` computes them);
 * counted in epochs. Each number's range and default is in `SCHEDULE_TABLE` (settingFields.ts).
 */
export const scheduleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('constant') }).strict(),
  z.object({ type: z.literal('step'), decaySteps: numberSchema(S.step.fields.decaySteps), decayRate: numberSchema(S.step.fields.decayRate) }).strict(),
  z.object({ type: z.literal('exponential'), decaySteps: numberSchema(S.exponential.fields.decaySteps), decayRate: numberSchema(S.exponential.fields.decayRate) }).strict(),
  z.object({ type: z.literal('cosine'), decaySteps: numberSchema(S.cosine.fields.decaySteps), alpha: numberSchema(S.cosine.fields.alpha).default(S.cosine.fields.alpha.default) }).strict(),
  z
    .object({
      type: z.literal('reduceOnPlateau'),
      monitor: monitorSchema,
      factor: numberSchema(S.reduceOnPlateau.fields.factor).default(S.reduceOnPlateau.fields.factor.default),
      patience: numberSchema(S.reduceOnPlateau.fields.patience).default(S.reduceOnPlateau.fields.patience.default),
      minDelta: numberSchema(S.reduceOnPlateau.fields.minDelta).default(S.reduceOnPlateau.fields.minDelta.default),
      cooldown: numberSchema(S.reduceOnPlateau.fields.cooldown).default(S.reduceOnPlateau.fields.cooldown.default),
      minLearningRate: numberSchema(S.reduceOnPlateau.fields.minLearningRate).default(S.reduceOnPlateau.fields.minLearningRate.default),
    })
    .strict(),
]);
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

/** Keras's EarlyStopping settings and defaults (ranges in `EARLY_STOPPING_FIELDS`). */
export const earlyStoppingSchema = z
  .object({
    monitor: monitorSchema,
    patience: numberSchema(E.patience).default(E.patience.default),
    minDelta: numberSchema(E.minDelta).default(E.minDelta.default),
    restoreBestWeights: z.boolean().default(false),
  })
  .strict();
export type EarlyStoppingSettings = z.infer<typeof earlyStoppingSchema>;

/** What one class's weight may be. */
export const CLASS_WEIGHT_RANGE = { min: 0, max: 1e6 } as const;

/**
 * Keras's `class_weight`: each class's weight in the loss, for imbalanced data. `balanced` is
 * scikit-learn's (samples / (classes × the class's samples), from the training split); a list
 * gives one weight per class, in the dataset's class order.
 */
export const classWeightSchema = z.union([
  z.literal('balanced'),
  z
    .array(z.number().min(CLASS_WEIGHT_RANGE.min).max(CLASS_WEIGHT_RANGE.max))
    .min(2)
    .max(10_000)
    .refine((w) => w.some((x) => x > 0), 'at least one class needs a weight above 0'),
]);
export type ClassWeightSetting = z.infer<typeof classWeightSchema>;

/** The engines a run can train on (`EngineInfo.backends` says which load on this machine). */
export const BACKENDS = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** The most samples a run's limits name. */
export const MAX_SAMPLE_LIMIT = 10_000_000;

/** The run a graph's training starts from, and what its weights came from (an imported model's file name). */
export const startingWeightsSchema = z
  .object({
    run: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,80}$/, 'expected a run id (letters, digits, - and _)'),
    from: z.string().min(1).max(4096),
  })
  .strict();
export type StartingWeights = z.infer<typeof startingWeightsSchema>;

export const trainingSchema = z
  .object({
    optimizer: optimizerSchema.default({ type: 'adam' }),
    loss: z.enum(LOSSES).default('categoricalCrossentropy'),
    metrics: z.array(z.literal('accuracy')).max(1).default(['accuracy']),
    batchSize: z.number().int().min(1).max(65_536).default(128),
    epochs: z.number().int().min(1).max(10_000).default(20),
    validationSplit: z.number().min(0).lt(1).default(0.1),
    /** Absent: the optimizer's learning rate throughout. */
    schedule: scheduleSchema.optional(),
    /** Absent: every epoch is trained. */
    earlyStopping: earlyStoppingSchema.optional(),
    /** Absent: every class weighs the same. */
    classWeight: classWeightSchema.optional(),
    /** How a run is started from the Train view (format version 3). Absent: the engine's fastest. */
    backend: z.enum(BACKENDS).optional(),
    /** Absent: every training sample; else the first `limit`. */
    limit: z.number().int().min(1).max(MAX_SAMPLE_LIMIT).optional(),
    /** Absent: every test sample; else the first `testLimit`. */
    testLimit: z.number().int().min(1).max(MAX_SAMPLE_LIMIT).optional(),
    /** Absent: a fresh random start each run; else the same seed on the same backend repeats a run. */
    seed: z.number().int().min(0).max(2 ** 31).optional(),
    /**
     * Absent: fresh weights. Else a job starts from a saved run's weights: an imported ONNX
     * model's, which the engine keeps as a run (`importModel`); `from` names the file.
     */
    startingWeights: startingWeightsSchema.optional(),
  })
  .strict();
export type TrainingConfig = z.infer<typeof trainingSchema>;

export const DATASETS = ['mnist', 'fashion-mnist'] as const;
export type DatasetName = (typeof DATASETS)[number];

/** An own dataset's facts as the graph file keeps them (`DatasetDescription`), so validation needs no data. */
const descriptionSchema = z
  .object({
    id: z.string().min(1).max(200),
    label: z.string().min(1).max(200),
    kind: z.enum(['images', 'table', 'arrays']),
    inputShape: z.array(z.number().int().min(1).max(1_000_000)).min(1).max(4),
    task: z.enum(['multiclass', 'binary', 'regression']),
    classNames: z.array(z.string().max(200)).max(10_000),
  })
  .strict()
  .superRefine((d, ctx) => {
    const want = d.task === 'regression' ? 0 : d.task === 'binary' ? 2 : -1;
    if (want >= 0 ? d.classNames.length !== want : d.classNames.length < 2) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['classNames'], message: `a ${d.task} dataset has ${want >= 0 ? want : 'at least 2'} class names, got ${d.classNames.length}` });
    }
  });

/** Own data the graph trains on: where it is (relative to the graph file), the choices made, and its facts. */
export const datasetFileSchema = z
  .object({
    path: z.string().min(1).max(4096),
    target: z.string().min(1).max(200).optional(),
    test: z.string().min(1).max(4096).optional(),
    ...dataChoicesShape,
    /** What the data was when the graph was made for it, so a changed or missing file is reported. */
    fingerprint: fingerprintSchema.optional(),
    description: descriptionSchema,
  })
  .strict();
export type DatasetFile = z.infer<typeof datasetFileSchema>;

export const datasetSchema = z.object({ name: z.enum(DATASETS).default('mnist'), file: datasetFileSchema.optional() }).strict();
export type DatasetConfig = z.infer<typeof datasetSchema>;
