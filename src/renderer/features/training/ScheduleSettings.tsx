import { scheduleSchema, type ScheduleConfig, type TrainingConfig } from '../../../core/training/config';
import { MONITORED_METRICS, type MonitoredMetric } from '../../../core/training/schedules';
import { MONITORED_METRIC_LABELS, SCHEDULE_TABLE, SCHEDULE_TYPES, learningRateSeries, numberProblem, scheduleFields, startingSchedule, type NumberField, type ScheduleType } from '../../../core/training/settingFields';
import { changeTraining } from './changeTraining';
import { NumberBox } from './NumberBox';
import { sparklinePoints } from './sparkline';

/** One number field of the schedule or early stopping, its range and label from the core's table. */
export function FieldBox({ field, testId, value, onChange }: { field: NumberField; testId: string; value: number; onChange(v: number): void }) {
  return (
    <label className="setting" title={`${field.help} (Keras: ${field.keras})`}>
      <span>{field.label}</span>
      <NumberBox testId={testId} value={value} integer={field.integer} min={field.min} max={field.max ?? Number.MAX_VALUE} check={(v) => numberProblem(field, v)} onChange={onChange} />
    </label>
  );
}

/** Which metric a plateau or early stopping watches. */
export function MonitorPicker({ testId, value, onChange }: { testId: string; value: MonitoredMetric; onChange(m: MonitoredMetric): void }) {
  return (
    <label className="setting">
      <span>Monitor</span>
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value as MonitoredMetric)}>
        {MONITORED_METRICS.map((m) => (
          <option key={m} value={m}>
            {MONITORED_METRIC_LABELS[m]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A note when the watched metric is a validation one and there is no validation split to give it. */
export function NoValidationNote({ monitor, training }: { monitor: MonitoredMetric; training: TrainingConfig }) {
  if (!monitor.startsWith('val') || training.validationSplit > 0) return null;
  return <p className="setting-note">With no validation split there is no {MONITORED_METRIC_LABELS[monitor].toLowerCase()}: nothing is watched.</p>;
}

/** The learning-rate schedule: a picker, the chosen schedule's own fields, and its rate per epoch. */
export function ScheduleSettings({ training }: { training: TrainingConfig }) {
  const schedule = training.schedule;
  const type: ScheduleType = schedule?.type ?? 'constant';
  const set = (next: Record<string, unknown>) => changeTraining({ schedule: scheduleSchema.parse(next) });
  return (
    <fieldset className="settings settings--group">
      <legend>Learning-rate schedule</legend>
      <label className="setting" title={`Keras: ${SCHEDULE_TABLE[type].keras}`}>
        <span>Schedule</span>
        <select
          data-testid="train-schedule"
          value={type}
          onChange={(e) => {
            const next = e.target.value as ScheduleType;
            changeTraining({ schedule: next === 'constant' ? undefined : scheduleSchema.parse(startingSchedule(next, training.epochs, schedule)) });
          }}
        >
          {SCHEDULE_TYPES.map((t) => (
            <option key={t} value={t}>
              {SCHEDULE_TABLE[t].label}
            </option>
          ))}
        </select>
      </label>
      {schedule?.type === 'reduceOnPlateau' && (
        <>
          <MonitorPicker testId="train-schedule-monitor" value={schedule.monitor} onChange={(monitor) => set({ ...schedule, monitor })} />
          <NoValidationNote monitor={schedule.monitor} training={training} />
        </>
      )}
      {schedule &&
        scheduleFields(type).map(([key, field]) => (
          <FieldBox key={`${type}.${key}`} field={field} testId={`train-schedule-${key}`} value={(schedule as Record<string, unknown>)[key] as number} onChange={(v) => set({ ...schedule, [key]: v })} />
        ))}
      <LearningRatePicture schedule={schedule} initial={training.optimizer.learningRate} epochs={training.epochs} />
    </fieldset>
  );
}

const W = 200;
const H = 36;
const fmt = (x: number): string => (x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(2) : Number(x.toPrecision(3)).toString());

/** The learning rate of each epoch under the schedule, as a sparkline from the first epoch to the last. */
function LearningRatePicture({ schedule, initial, epochs }: { schedule: ScheduleConfig | undefined; initial: number; epochs: number }) {
  const rates = learningRateSeries(schedule, initial, epochs);
  if (!rates) {
    return (
      <p className="setting-note" data-testid="lr-picture" data-rates="">
        The rate starts at {fmt(initial)} and depends on the monitored metric: it is multiplied by the factor after each plateau.
      </p>
    );
  }
  return (
    <figure className="lr-picture" data-testid="lr-picture" data-rates={JSON.stringify(rates)}>
      <svg viewBox={`-2 -2 ${W + 4} ${H + 4}`} width={W + 4} height={H + 4} role="img" aria-label={`Learning rate per epoch, ${fmt(rates[0])} to ${fmt(rates[rates.length - 1])}`}>
        <line className="lr-picture__axis" x1={0} y1={H} x2={W} y2={H} />
        <polyline className="lr-picture__line" points={sparklinePoints(rates, W, H)} />
      </svg>
      <figcaption className="muted small">
        Learning rate per epoch: {fmt(rates[0])} → {fmt(rates[rates.length - 1])} over {epochs} epoch{epochs === 1 ? '' : 's'}
      </figcaption>
    </figure>
  );
}
