import { earlyStoppingSchema, type EarlyStoppingSettings as Settings, type TrainingConfig } from '../../../core/training/config';
import { EARLY_STOPPING_FIELDS } from '../../../core/training/settingFields';
import { changeTraining } from './changeTraining';
import { FieldBox, MonitorPicker, NoValidationNote } from './ScheduleSettings';

/** Keras's EarlyStopping: off, or on with its monitored metric, patience, min delta and whether the best weights are restored. */
export function EarlyStoppingSettings({ training }: { training: TrainingConfig }) {
  const es = training.earlyStopping;
  const set = (patch: Partial<Settings>) => es && changeTraining({ earlyStopping: earlyStoppingSchema.parse({ ...es, ...patch }) });
  return (
    <fieldset className="settings settings--group">
      <legend>Early stopping</legend>
      <label className="setting" title="Stop when the monitored metric has not improved for the patience's epochs (Keras: EarlyStopping)">
        <span>Stop early</span>
        <input type="checkbox" data-testid="train-early-stopping" checked={es !== undefined} onChange={(e) => changeTraining({ earlyStopping: e.target.checked ? earlyStoppingSchema.parse({}) : undefined })} />
      </label>
      {es && (
        <>
          <MonitorPicker testId="train-early-monitor" value={es.monitor} onChange={(monitor) => set({ monitor })} />
          <NoValidationNote monitor={es.monitor} training={training} />
          {(Object.keys(EARLY_STOPPING_FIELDS) as (keyof typeof EARLY_STOPPING_FIELDS)[]).map((key) => (
            <FieldBox key={key} field={EARLY_STOPPING_FIELDS[key]} testId={`train-early-${key}`} value={es[key]} onChange={(v) => set({ [key]: v })} />
          ))}
          <label className="setting" title="At the end, put back the weights of the best epoch (Keras: restore_best_weights)">
            <span>Restore best weights</span>
            <input type="checkbox" data-testid="train-early-restore" checked={es.restoreBestWeights} onChange={(e) => set({ restoreBestWeights: e.target.checked })} />
          </label>
        </>
      )}
    </fieldset>
  );
}
