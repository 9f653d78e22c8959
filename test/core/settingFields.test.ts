import { describe, expect, it } from 'vitest';
import { earlyStoppingSchema, scheduleSchema, type ScheduleConfig } from '../../src/core/training/config';
import { scheduledRate } from '../../src/core/training/schedules';
import {
  EARLY_STOPPING_FIELDS,
  SCHEDULE_TYPES,
  describeTrainingExtras,
  learningRateSeries,
  numberProblem,
  numberSchema,
  scheduleFields,
  startingSchedule,
  type NumberField,
} from '../../src/core/training/settingFields';

/**
 * The Train view's schedule and early-stopping fields: their defaults are Keras's (from its
 * documentation), the field check the app runs agrees with the schema the graph file is read
 * with at every edge of every range, a picked schedule starts valid, and the per-epoch rates
 * the picture draws are Keras's formulas worked out by hand.
 */
describe('schedule and early-stopping fields', () => {
  it.each([
    { what: 'ReduceLROnPlateau: factor 0.1, patience 10, min_delta 1e-4, cooldown 0, min_lr 0, monitor val_loss', parse: () => scheduleSchema.parse({ type: 'reduceOnPlateau' }), want: { type: 'reduceOnPlateau', monitor: 'valLoss', factor: 0.1, patience: 10, minDelta: 1e-4, cooldown: 0, minLearningRate: 0 } },
    { what: 'CosineDecay: alpha 0', parse: () => scheduleSchema.parse({ type: 'cosine', decaySteps: 5 }), want: { type: 'cosine', decaySteps: 5, alpha: 0 } },
    { what: 'EarlyStopping: monitor val_loss, patience 0, min_delta 0, restore_best_weights False', parse: () => earlyStoppingSchema.parse({}), want: { monitor: 'valLoss', patience: 0, minDelta: 0, restoreBestWeights: false } },
  ])('defaults are Keras’s: $what', ({ parse, want }) => {
    expect(parse()).toEqual(want);
  });

  // Every number field with the values at and beside its limits.
  const fields: { name: string; where: string; key: string; field: NumberField }[] = [
    ...SCHEDULE_TYPES.flatMap((type) => scheduleFields(type).map(([key, field]) => ({ name: `${type}.${key}`, where: type, key, field }))),
    ...Object.entries(EARLY_STOPPING_FIELDS).map(([key, field]) => ({ name: `earlyStopping.${key}`, where: 'earlyStopping', key, field: field as NumberField })),
  ];
  const probes = (f: NumberField) => [f.min - 1, f.min, f.min + 1e-9, f.min + 0.5, ...(f.max !== undefined ? [f.max - 1e-9, f.max, f.max + 1] : [1e12]), Number.NaN, Infinity];
  it.each(fields)('$name: the field check refuses exactly what the schema refuses', ({ field }) => {
    for (const v of probes(field)) {
      expect(numberProblem(field, v) === null, `${v}`).toBe(numberSchema(field).safeParse(v).success);
    }
  });

  it.each(fields)('$name: the graph file’s schema holds the same range as the field', ({ where, key, field }) => {
    const base = where === 'earlyStopping' ? {} : startingSchedule(where as (typeof SCHEDULE_TYPES)[number], 20);
    const schema = where === 'earlyStopping' ? earlyStoppingSchema : scheduleSchema;
    for (const v of probes(field)) {
      expect(schema.safeParse({ ...base, [key]: v }).success, `${key} = ${v}`).toBe(numberProblem(field, v) === null);
    }
  });

  it.each([
    { what: 'step from nothing: the table’s start values', type: 'step', epochs: 20, previous: undefined, want: { type: 'step', decaySteps: 10, decayRate: 0.5 } },
    { what: 'cosine decays over the run’s epochs', type: 'cosine', epochs: 30, previous: undefined, want: { type: 'cosine', decaySteps: 30, alpha: 0 } },
    { what: 'cosine over more epochs than decaySteps allows: its largest', type: 'cosine', epochs: 20_000, previous: undefined, want: { type: 'cosine', decaySteps: 10_000, alpha: 0 } },
    { what: 'exponential from step keeps the shared fields', type: 'exponential', epochs: 20, previous: { type: 'step', decaySteps: 3, decayRate: 0.2 }, want: { type: 'exponential', decaySteps: 3, decayRate: 0.2 } },
    { what: 'step from exponential drops a fractional decaySteps, keeps the rate', type: 'step', epochs: 20, previous: { type: 'exponential', decaySteps: 2.5, decayRate: 0.2 }, want: { type: 'step', decaySteps: 10, decayRate: 0.2 } },
    { what: 'reduce on plateau: Keras’s defaults', type: 'reduceOnPlateau', epochs: 20, previous: { type: 'step', decaySteps: 3, decayRate: 0.2 }, want: { type: 'reduceOnPlateau', monitor: 'valLoss', factor: 0.1, patience: 10, minDelta: 1e-4, cooldown: 0, minLearningRate: 0 } },
  ] as const)('a picked schedule starts valid: $what', ({ type, epochs, previous, want }) => {
    const start = startingSchedule(type, epochs, previous);
    expect(start).toEqual(want);
    expect(scheduleSchema.parse(start)).toEqual(want);
  });

  const cos = (t: number) => 0.5 * (1 + Math.cos(Math.PI * t));
  it.each<{ what: string; schedule: ScheduleConfig | undefined; lr: number; epochs: number; want: number[] | null }>([
    { what: 'no schedule: the optimizer’s rate', schedule: undefined, lr: 0.01, epochs: 3, want: [0.01, 0.01, 0.01] },
    { what: 'constant', schedule: { type: 'constant' }, lr: 0.01, epochs: 2, want: [0.01, 0.01] },
    { what: 'step ×0.5 every 2 epochs: lr · 0.5^floor(e / 2)', schedule: { type: 'step', decaySteps: 2, decayRate: 0.5 }, lr: 0.1, epochs: 5, want: [0.1, 0.1, 0.05, 0.05, 0.025] },
    { what: 'exponential ×0.25 per 2 epochs: lr · 0.25^(e / 2)', schedule: { type: 'exponential', decaySteps: 2, decayRate: 0.25 }, lr: 1, epochs: 4, want: [1, 0.5, 0.25, 0.125] },
    { what: 'cosine over 4 epochs to 0, then 0', schedule: { type: 'cosine', decaySteps: 4, alpha: 0 }, lr: 1, epochs: 6, want: [1, cos(0.25), 0.5, cos(0.75), 0, 0] },
    { what: 'cosine over 2 epochs to a floor of 0.2', schedule: { type: 'cosine', decaySteps: 2, alpha: 0.2 }, lr: 1, epochs: 4, want: [1, 0.6, 0.2, 0.2] },
    { what: 'reduce on plateau: no series, it depends on the metric', schedule: scheduleSchema.parse({ type: 'reduceOnPlateau' }), lr: 0.1, epochs: 4, want: null },
  ])('the rate per epoch is Keras’s: $what', ({ schedule, lr, epochs, want }) => {
    const got = learningRateSeries(schedule, lr, epochs);
    if (want === null) {
      expect(got).toBeNull();
      return;
    }
    expect(got).toHaveLength(epochs);
    got!.forEach((r, e) => {
      expect(r).toBeCloseTo(want[e], 12);
      // And the very value the training loop sets at that epoch.
      expect(r).toBe(scheduledRate((schedule ?? { type: 'constant' }) as Parameters<typeof scheduledRate>[0], lr, e));
    });
  });

  it.each([
    { what: 'a plain run: nothing', t: {}, want: [] },
    { what: 'a constant schedule is the plain rate', t: { schedule: { type: 'constant' as const } }, want: [] },
    {
      what: 'each set, in a few words',
      t: { schedule: { type: 'step' as const, decaySteps: 2, decayRate: 0.5 }, earlyStopping: { monitor: 'valLoss' as const, patience: 3, minDelta: 0.01, restoreBestWeights: true }, classWeight: 'balanced' as const },
      want: ['step ×0.5 every 2 epochs', 'early stop on validation loss, patience 3, min delta 0.01, best weights restored', 'balanced class weights'],
    },
    { what: 'a plateau and a weight list', t: { schedule: scheduleSchema.parse({ type: 'reduceOnPlateau', monitor: 'accuracy', patience: 2 }), classWeight: [1, 2.5] }, want: ['×0.1 after 2 epochs of no better training accuracy', 'class weights 1, 2.5'] },
  ])('a run’s settings described: $what', ({ t, want }) => {
    expect(describeTrainingExtras(t)).toEqual(want);
  });
});
