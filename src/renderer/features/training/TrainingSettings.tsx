import { BUILTIN_DATASETS } from '../../../core/data/description';
import { LOSSES, LOSS_LABELS, MAX_SAMPLE_LIMIT, OPTIMIZER_LABELS, defaultOptimizer, type OptimizerType, type TrainingConfig } from '../../../core/training/config';
import { setDataset } from '../../editor/edits';
import { documentStore, useDocumentStore } from '../../state/documentStore';
import { changeTraining as change } from './changeTraining';
import { ClassWeightSettings } from './ClassWeightSettings';
import { EarlyStoppingSettings } from './EarlyStoppingSettings';
import { NumberBox } from './NumberBox';
import { ScheduleSettings } from './ScheduleSettings';
import { useTraining } from './trainingStore';

/**
 * The run's settings, every one kept in the document (so saved with the project, and each
 * change an undo step): the dataset, optimizer, loss, sizes, the learning-rate schedule, early
 * stopping, class weights, and how to run it (backend, sample limits, seed).
 */
export function TrainingSettings({ disabled }: { disabled: boolean }) {
  const doc = useDocumentStore((s) => s.doc);
  const engine = useTraining((s) => s.engine);
  const { training } = doc;
  const datasets = engine?.datasets ?? [{ name: 'mnist' as const, available: true }];
  const backends = engine?.backends ?? [];
  return (
    <fieldset className="settings" disabled={disabled}>
      <legend>Settings</legend>
      <label className="setting">
        <span>Dataset</span>
        <select data-testid="train-dataset" value={doc.dataset.name} onChange={(e) => documentStore.getState().change((d) => setDataset(d, e.target.value as typeof doc.dataset.name), 'record')}>
          {datasets.map((d) => (
            <option key={d.name} value={d.name} disabled={!d.available} title={d.reason}>
              {BUILTIN_DATASETS[d.name].label}
              {d.available ? '' : ' (not available)'}
            </option>
          ))}
        </select>
      </label>
      <label className="setting">
        <span>Optimizer</span>
        <select data-testid="train-optimizer" value={training.optimizer.type} onChange={(e) => change({ optimizer: defaultOptimizer(e.target.value as OptimizerType) })}>
          {Object.entries(OPTIMIZER_LABELS).map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="setting">
        <span>Learning rate</span>
        <NumberBox testId="train-lr" value={training.optimizer.learningRate} min={1e-7} max={10} onChange={(v) => change({ optimizer: { ...training.optimizer, learningRate: v } })} />
      </label>
      <label className="setting">
        <span>Loss</span>
        <select data-testid="train-loss" value={training.loss} onChange={(e) => change({ loss: e.target.value as TrainingConfig['loss'] })}>
          {LOSSES.map((l) => (
            <option key={l} value={l}>
              {LOSS_LABELS[l]}
            </option>
          ))}
        </select>
      </label>
      <label className="setting">
        <span>Batch size</span>
        <NumberBox testId="train-batch" value={training.batchSize} integer min={1} max={65536} onChange={(v) => change({ batchSize: v })} />
      </label>
      <label className="setting">
        <span>Epochs</span>
        <NumberBox testId="train-epochs" value={training.epochs} integer min={1} max={10000} onChange={(v) => change({ epochs: v })} />
      </label>
      <label className="setting">
        <span>Validation split</span>
        <NumberBox testId="train-validation" value={training.validationSplit} min={0} max={0.95} onChange={(v) => change({ validationSplit: v })} />
      </label>
      <label className="setting">
        <span>Backend</span>
        <select data-testid="train-backend" value={training.backend ?? ''} onChange={(e) => change({ backend: (e.target.value || undefined) as TrainingConfig['backend'] })}>
          <option value="">Auto{engine ? ` (${engine.defaultBackend})` : ''}</option>
          {backends.map((b) => (
            <option key={b.name} value={b.name} disabled={!b.available} title={b.reason ?? b.device}>
              {b.name}
              {b.available ? (b.device ? ` — ${b.device}` : '') : ' — not available'}
            </option>
          ))}
        </select>
      </label>
      <label className="setting">
        <span>Limit training samples</span>
        <NumberBox testId="train-limit" value={training.limit ?? null} integer min={1} max={MAX_SAMPLE_LIMIT} optional placeholder="all 60,000" onChange={(v) => change({ limit: v ?? undefined })} />
      </label>
      <label className="setting">
        <span>Limit test samples</span>
        <NumberBox testId="train-test-limit" value={training.testLimit ?? null} integer min={1} max={MAX_SAMPLE_LIMIT} optional placeholder="all 10,000" onChange={(v) => change({ testLimit: v ?? undefined })} />
      </label>
      <label className="setting" title="The same seed on the same backend repeats a run exactly: initial weights, shuffling and dropout">
        <span>Seed</span>
        <NumberBox testId="train-seed" value={training.seed ?? null} integer min={0} max={2 ** 31} optional placeholder="random" onChange={(v) => change({ seed: v ?? undefined })} />
      </label>
      <ScheduleSettings training={training} />
      <EarlyStoppingSettings training={training} />
      <ClassWeightSettings training={training} dataset={doc.dataset.file?.description ?? BUILTIN_DATASETS[doc.dataset.name]} />
    </fieldset>
  );
}
