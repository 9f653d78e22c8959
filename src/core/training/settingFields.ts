import { z } from 'zod';
import type { ClassWeightSetting, EarlyStoppingSettings, ScheduleConfig } from './config';
import { MONITORED_METRICS, scheduledRate, type MonitoredMetric } from './schedules';

/**
 * The number fields of the learning-rate schedules and early stopping, in one table: what the
 * app calls each, Keras's name for it, the range the schema accepts and Keras's default. The
 * schemas in config.ts are built from this table, so the Train view's fields and the graph
 * file's validation cannot disagree.
 */
export interface NumberField {
  readonly label: string;
  /** Keras's argument name. */
  readonly keras: string;
  readonly help: string;
  readonly integer: boolean;
  readonly min: number;
  /** Whether `min` itself is refused (the value must be above it). */
  readonly aboveMin?: boolean;
  /** Absent: no upper limit. */
  readonly max?: number;
  /** Whether `max` itself is refused. */
  readonly belowMax?: boolean;
  /** Keras's default, which the schema fills in when the field is absent. */
  readonly default?: number;
  /** Where the Train view starts a field Keras has no default for; `epochs`: the run's epochs. */
  readonly start?: number | 'epochs';
}

/** The schema of one number field: its kind and range. */
export function numberSchema(f: NumberField): z.ZodNumber {
  let s = z.number().finite();
  if (f.integer) s = s.int();
  s = f.aboveMin ? s.gt(f.min) : s.min(f.min);
  if (f.max !== undefined) s = f.belowMax ? s.lt(f.max) : s.max(f.max);
  return s;
}

/** Why `value` does not fit the field, in words (`above 0`, `a whole number`), or null when it fits. */
export function numberProblem(f: NumberField, value: number): string | null {
  if (!Number.isFinite(value)) return `${f.label} must be a number`;
  if (f.integer && !Number.isInteger(value)) return `${f.label} must be a whole number`;
  if (f.aboveMin ? value <= f.min : value < f.min) return `${f.label} must be ${f.aboveMin ? 'above' : 'at least'} ${f.min}`;
  if (f.max !== undefined && (f.belowMax ? value >= f.max : value > f.max)) return `${f.label} must be ${f.belowMax ? 'below' : 'at most'} ${f.max}`;
  return null;
}

const DECAY_RATE = { label: 'Decay rate', keras: 'decay_rate', help: 'the rate is multiplied by this once per decay steps', integer: false, min: 0, aboveMin: true, max: 1, start: 0.5 } as const;
const PATIENCE_MAX = 10_000;

/** Each schedule: its name in the app, the Keras class it is, and its number fields in the order shown. */
export const SCHEDULE_TABLE = {
  constant: { label: 'Constant', keras: 'none (the optimizer’s rate)', fields: {} },
  step: {
    label: 'Step decay',
    keras: 'ExponentialDecay(staircase=True)',
    fields: {
      decaySteps: { label: 'Every (epochs)', keras: 'decay_steps', help: 'epochs between two decays', integer: true, min: 1, max: 10_000, start: 10 },
      decayRate: DECAY_RATE,
    },
  },
  exponential: {
    label: 'Exponential decay',
    keras: 'ExponentialDecay',
    fields: {
      decaySteps: { label: 'Decay steps (epochs)', keras: 'decay_steps', help: 'epochs over which the rate is multiplied by the decay rate, smoothly', integer: false, min: 0, aboveMin: true, max: 10_000, start: 10 },
      decayRate: DECAY_RATE,
    },
  },
  cosine: {
    label: 'Cosine decay',
    keras: 'CosineDecay',
    fields: {
      decaySteps: { label: 'Decay steps (epochs)', keras: 'decay_steps', help: 'epochs over which the rate falls along a half cosine; it stays at the floor after', integer: true, min: 1, max: 10_000, start: 'epochs' },
      alpha: { label: 'Floor (alpha)', keras: 'alpha', help: 'the lowest rate, as a fraction of the starting rate', integer: false, min: 0, max: 1, default: 0 },
    },
  },
  reduceOnPlateau: {
    label: 'Reduce on plateau',
    keras: 'ReduceLROnPlateau',
    fields: {
      factor: { label: 'Factor', keras: 'factor', help: 'the rate is multiplied by this when the metric stops improving', integer: false, min: 0, aboveMin: true, max: 1, belowMax: true, default: 0.1 },
      patience: { label: 'Patience (epochs)', keras: 'patience', help: 'epochs without improvement before the rate is reduced', integer: true, min: 0, max: PATIENCE_MAX, default: 10 },
      minDelta: { label: 'Min delta', keras: 'min_delta', help: 'the least change that counts as an improvement', integer: false, min: 0, default: 1e-4 },
      cooldown: { label: 'Cooldown (epochs)', keras: 'cooldown', help: 'epochs to wait after a reduction before counting again', integer: true, min: 0, max: PATIENCE_MAX, default: 0 },
      minLearningRate: { label: 'Min learning rate', keras: 'min_lr', help: 'the rate is never reduced below this', integer: false, min: 0, default: 0 },
    },
  },
} as const satisfies Record<string, { label: string; keras: string; fields: Record<string, NumberField> }>;

export type ScheduleType = keyof typeof SCHEDULE_TABLE;
export const SCHEDULE_TYPES = Object.keys(SCHEDULE_TABLE) as ScheduleType[];

/** Early stopping's number fields (Keras's EarlyStopping). */
export const EARLY_STOPPING_FIELDS = {
  patience: { label: 'Patience (epochs)', keras: 'patience', help: 'epochs without improvement before training stops', integer: true, min: 0, max: PATIENCE_MAX, default: 0 },
  minDelta: { label: 'Min delta', keras: 'min_delta', help: 'the least change that counts as an improvement', integer: false, min: 0, default: 0 },
} as const satisfies Record<string, NumberField>;

/** The metric a plateau or early stopping watches when none is named (Keras's `val_loss`). */
export const DEFAULT_MONITOR: MonitoredMetric = 'valLoss';

export const MONITORED_METRIC_LABELS: Record<MonitoredMetric, string> = {
  loss: 'Training loss',
  accuracy: 'Training accuracy',
  valLoss: 'Validation loss',
  valAccuracy: 'Validation accuracy',
};

/** The number fields of a schedule type, with their keys, in the order shown. */
export function scheduleFields(type: ScheduleType): readonly (readonly [string, NumberField])[] {
  return Object.entries(SCHEDULE_TABLE[type].fields as Record<string, NumberField>);
}

/** A plain object of a schedule's settings; `scheduleSchema` in config.ts checks it. */
export type ScheduleDraft = { readonly type: ScheduleType } & Readonly<Record<string, unknown>>;

/**
 * The schedule the Train view starts from when `type` is picked: each field from the schedule
 * picked before where it has the same field and the value fits, else Keras's default, else the
 * table's start (the run's epochs for `epochs`, within the field's range).
 */
export function startingSchedule(type: ScheduleType, epochs: number, previous?: Readonly<Record<string, unknown>>): ScheduleDraft {
  const out: Record<string, unknown> = { type };
  for (const [key, f] of scheduleFields(type)) {
    const before = previous?.[key];
    if (typeof before === 'number' && numberProblem(f, before) === null) out[key] = before;
    else if (f.default !== undefined) out[key] = f.default;
    else if (f.start === 'epochs') out[key] = Math.min(f.max ?? epochs, Math.max(f.min, epochs));
    else out[key] = f.start;
  }
  if (type === 'reduceOnPlateau') out.monitor = typeof previous?.monitor === 'string' && (MONITORED_METRICS as readonly string[]).includes(previous.monitor) ? previous.monitor : DEFAULT_MONITOR;
  return out as ScheduleDraft;
}

/**
 * The learning rate each of `epochs` epochs trains at (epoch 0 first), from `scheduledRate`;
 * null for reduce-on-plateau, whose rate depends on the metric it watches.
 */
export function learningRateSeries(schedule: ScheduleConfig | undefined, initial: number, epochs: number): number[] | null {
  if (schedule?.type === 'reduceOnPlateau') return null;
  const s = schedule ?? { type: 'constant' as const };
  return Array.from({ length: epochs }, (_, e) => scheduledRate(s, initial, e));
}

const round = (x: number): string => Number(x.toPrecision(4)).toString();
const metricWords = (m: MonitoredMetric): string => MONITORED_METRIC_LABELS[m].toLowerCase();

/** A schedule in a few words, as the run list shows it: `step ×0.5 every 10 epochs`. */
export function describeSchedule(s: ScheduleConfig | undefined): string {
  switch (s?.type) {
    case undefined:
    case 'constant':
      return 'constant rate';
    case 'step':
      return `step ×${round(s.decayRate)} every ${s.decaySteps} epochs`;
    case 'exponential':
      return `exponential ×${round(s.decayRate)} per ${round(s.decaySteps)} epochs`;
    case 'cosine':
      return `cosine over ${s.decaySteps} epochs to ${round(s.alpha)}×`;
    case 'reduceOnPlateau':
      return `×${round(s.factor)} after ${s.patience} epochs of no better ${metricWords(s.monitor)}`;
  }
}

/** Early stopping in a few words: `early stop on validation loss, patience 3`; null when off. */
export function describeEarlyStopping(es: EarlyStoppingSettings | undefined): string | null {
  if (!es) return null;
  return `early stop on ${metricWords(es.monitor)}, patience ${es.patience}${es.minDelta > 0 ? `, min delta ${round(es.minDelta)}` : ''}${es.restoreBestWeights ? ', best weights restored' : ''}`;
}

/** Class weights in a few words: `balanced class weights`, `class weights 1, 3`; null when none. */
export function describeClassWeight(cw: ClassWeightSetting | undefined): string | null {
  if (cw === undefined) return null;
  return cw === 'balanced' ? 'balanced class weights' : `class weights ${cw.map(round).join(', ')}`;
}

/** What a run set beyond a constant rate on every epoch with equal classes, each in a few words (none for a plain run). */
export function describeTrainingExtras(t: { readonly schedule?: ScheduleConfig; readonly earlyStopping?: EarlyStoppingSettings; readonly classWeight?: ClassWeightSetting }): string[] {
  return [t.schedule && t.schedule.type !== 'constant' ? describeSchedule(t.schedule) : null, describeEarlyStopping(t.earlyStopping), describeClassWeight(t.classWeight)].filter((x): x is string => x !== null);
}
