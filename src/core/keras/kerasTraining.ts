import { LOSS_TABLE } from '../training/losses';
import { showValue } from './showValue';
import { optimizerSchema, trainingSchema, type LossName } from '../training/config';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Something a Keras training config holds that NetCanvas does not carry over. */
export type TrainingNote = string;

const LOSS_BY_NAME = new Map<string, LossName>(
  LOSS_TABLE.flatMap((l) => [l.keras, l.id, ...l.kerasAliases].map((name) => [normalise(name), l.id] as const)),
);

/** `categorical_crossentropy`, `CategoricalCrossentropy` and `categoricalCrossentropy` are one loss. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/_/g, '');
}

/** `table[key]` when the table itself has that key: a key from a file never reaches Object.prototype. */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

const METRIC_NAMES = new Set(['accuracy', 'acc', 'categoricalaccuracy']);

/** Keras optimizer settings that NetCanvas leaves at their defaults, and which value is the default. */
const OPTIMIZER_DEFAULTS: Record<string, (v: unknown) => boolean> = {
  name: () => true,
  decay: (v) => v === undefined || v === null || v === 0,
  weight_decay: (v) => v === undefined || v === null || v === 0,
  clipnorm: (v) => v === undefined || v === null,
  clipvalue: (v) => v === undefined || v === null,
  global_clipnorm: (v) => v === undefined || v === null,
  use_ema: (v) => v !== true,
  ema_momentum: () => true,
  ema_overwrite_frequency: () => true,
  loss_scale_factor: (v) => v === undefined || v === null,
  gradient_accumulation_steps: (v) => v === undefined || v === null,
  jit_compile: () => true,
  is_legacy_optimizer: () => true,
  nesterov: (v) => v !== true,
  useNesterov: (v) => v !== true,
  amsgrad: (v) => v !== true,
  centered: (v) => v !== true,
};

/** Our field for each Keras optimizer setting, per optimizer. */
const OPTIMIZER_FIELDS: Record<string, Record<string, string>> = {
  sgd: { learning_rate: 'learningRate', lr: 'learningRate', learningRate: 'learningRate', momentum: 'momentum' },
  adam: { learning_rate: 'learningRate', lr: 'learningRate', learningRate: 'learningRate', beta_1: 'beta1', beta_2: 'beta2', beta1: 'beta1', beta2: 'beta2', epsilon: 'epsilon' },
  rmsprop: { learning_rate: 'learningRate', lr: 'learningRate', learningRate: 'learningRate', rho: 'rho', decay: 'rho', momentum: 'momentum', epsilon: 'epsilon' },
};

/** tfjs's optimizer class names (tfjs saves camelCase settings; its RMSprop calls rho `decay`). */
const OPTIMIZER_TYPES: Record<string, string> = { sgd: 'sgd', momentum: 'sgd', adam: 'adam', rmsprop: 'rmsprop' };

function readLoss(loss: unknown, notes: TrainingNote[]): LossName | undefined {
  const name = typeof loss === 'string' ? loss : isObject(loss) && typeof loss.class_name === 'string' ? loss.class_name : undefined;
  if (name === undefined) {
    if (loss !== undefined && loss !== null) notes.push(`loss ${JSON.stringify(loss)} (one loss by name is supported)`);
    return undefined;
  }
  const ours = LOSS_BY_NAME.get(normalise(name));
  if (!ours) {
    notes.push(`loss '${name}'`);
    return undefined;
  }
  const config = isObject(loss) && isObject(loss.config) ? loss.config : {};
  if (config.from_logits === true) notes.push(`loss ${name}: from_logits=true`);
  if (typeof config.label_smoothing === 'number' && config.label_smoothing !== 0) notes.push(`loss ${name}: label_smoothing=${config.label_smoothing}`);
  return ours;
}

function readMetrics(metrics: unknown, notes: TrainingNote[]): 'accuracy'[] | undefined {
  if (metrics === undefined || metrics === null) return undefined;
  const flat = (Array.isArray(metrics) ? metrics : [metrics]).flat(2);
  let accuracy = false;
  for (const m of flat) {
    const name = typeof m === 'string' ? m : isObject(m) && typeof m.class_name === 'string' ? m.class_name : undefined;
    if (name !== undefined && METRIC_NAMES.has(normalise(name))) accuracy = true;
    else notes.push(`metric ${typeof name === 'string' ? `'${name}'` : JSON.stringify(m)}`);
  }
  return accuracy ? ['accuracy'] : [];
}

function readOptimizer(optimizer: unknown, notes: TrainingNote[]): Json | undefined {
  if (typeof optimizer === 'string') optimizer = { class_name: optimizer, config: {} };
  if (!isObject(optimizer)) return undefined;
  const cls = showValue(optimizer.class_name);
  const type = own(OPTIMIZER_TYPES, cls.toLowerCase());
  const fields = type === undefined ? undefined : own(OPTIMIZER_FIELDS, type);
  if (!fields) {
    notes.push(`optimizer '${cls}' (NetCanvas trains with SGD, Adam or RMSprop)`);
    return undefined;
  }
  const config = isObject(optimizer.config) ? optimizer.config : {};
  const out: Json = { type };
  for (const [key, value] of Object.entries(config)) {
    const field = own(fields, key);
    if (field && typeof value === 'number') out[field] = value;
    else if (!(own(OPTIMIZER_DEFAULTS, key)?.(value) ?? false)) notes.push(`optimizer ${cls}: ${key}=${JSON.stringify(value)}`);
  }
  const parsed = optimizerSchema.safeParse(out);
  if (parsed.success) return parsed.data as Json;
  for (const issue of parsed.error.issues) notes.push(`optimizer ${cls}: ${String(issue.path[0])}=${JSON.stringify(out[String(issue.path[0])])} (${issue.message})`);
  return { type };
}

/**
 * Reads what a Keras `training_config` (Keras 2, tfjs) or `compile_config` (Keras 3)
 * says about training: loss, optimizer with its settings, metrics. What NetCanvas cannot
 * carry over is listed in `notes`, by name.
 */
export function readKerasTraining(training: unknown, notes: TrainingNote[]): Json {
  if (!isObject(training)) return {};
  const out: Json = {};
  const loss = readLoss(training.loss, notes);
  if (loss) out.loss = loss;
  const metrics = readMetrics(training.metrics, notes);
  if (metrics) out.metrics = metrics;
  const optimizer = readOptimizer(training.optimizer_config ?? training.optimizer, notes);
  if (optimizer) out.optimizer = optimizer;
  for (const key of ['loss_weights', 'weighted_metrics', 'sample_weight_mode']) {
    const v = training[key];
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) notes.push(`${key}=${JSON.stringify(v)}`);
  }
  return out;
}

/** The fit settings NetCanvas keeps beside an exported topology, when they pass their checks. */
export function readFitExtras(fit: unknown, notes: TrainingNote[]): Json {
  if (!isObject(fit)) return {};
  const shape = trainingSchema.pick({ epochs: true, batchSize: true, validationSplit: true }).partial();
  const out: Json = {};
  for (const key of ['epochs', 'batchSize', 'validationSplit'] as const) {
    if (fit[key] === undefined) continue;
    const parsed = shape.safeParse({ [key]: fit[key] });
    if (parsed.success) out[key] = fit[key];
    else notes.push(`netcanvas.fit.${key}=${JSON.stringify(fit[key])} (${parsed.error.issues[0].message})`);
  }
  return out;
}
