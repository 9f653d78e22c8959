import { useEffect, useState } from 'react';
import type { DatasetDescription } from '../../../core/data/description';
import type { TrainingConfig } from '../../../core/training/config';
import { classWeightProblem } from '../../../core/training/classWeights';
import { changeTraining } from './changeTraining';
import { formatClassWeights, parseClassWeightText } from './classWeightText';

type Mode = 'none' | 'balanced' | 'list';
const MODES: readonly { id: Mode; label: string }[] = [
  { id: 'none', label: 'None (all the same)' },
  { id: 'balanced', label: 'Balanced' },
  { id: 'list', label: 'One per class' },
];

/** Keras's class_weight: none, balanced (from the training split), or one weight per class of the dataset. */
export function ClassWeightSettings({ training, dataset }: { training: TrainingConfig; dataset: DatasetDescription }) {
  const cw = training.classWeight;
  const mode: Mode = cw === undefined ? 'none' : cw === 'balanced' ? 'balanced' : 'list';
  const classes = dataset.classNames;
  const regression = dataset.task === 'regression';
  return (
    <fieldset className="settings settings--group">
      <legend>Class weights</legend>
      <label className="setting" title={regression ? 'A regression target has no classes to weigh' : 'Each class’s weight in the loss, for imbalanced data (Keras: class_weight)'}>
        <span>Weigh classes</span>
        <select
          data-testid="train-class-weight"
          value={mode}
          disabled={regression && cw === undefined}
          onChange={(e) => {
            const next = e.target.value as Mode;
            changeTraining({ classWeight: next === 'none' ? undefined : next === 'balanced' ? 'balanced' : classes.map(() => 1) });
          }}
        >
          {MODES.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      {regression && cw !== undefined && <p className="setting-note setting-note--error">{dataset.label} has a regression target, with no classes to weigh: choose None.</p>}
      {Array.isArray(cw) && !regression && <WeightList weights={cw} classes={classes} />}
    </fieldset>
  );
}

/** The weights as one list, `1, 3, 0.5`, in the dataset's class order; what does not read is refused naming the class. */
function WeightList({ weights, classes }: { weights: readonly number[]; classes: readonly string[] }) {
  const [text, setText] = useState(formatClassWeights(weights));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // A change from outside (undo, another file) shows the document's weights; what the user typed for them stays as typed.
    setText((t) => {
      const typed = parseClassWeightText(t, classes);
      return typed.ok && typed.value.length === weights.length && typed.value.every((w, i) => w === weights[i]) ? t : formatClassWeights(weights);
    });
    setError(null);
  }, [weights, classes]);
  const mismatch = classWeightProblem(weights, classes);
  return (
    <>
      <label className="setting">
        <span>Per class</span>
        <span className="number-box">
          <input
            data-testid="train-class-weights"
            className={error || mismatch ? 'invalid' : undefined}
            value={text}
            placeholder={classes.join(', ')}
            onChange={(e) => {
              setText(e.target.value);
              const parsed = parseClassWeightText(e.target.value, classes);
              if (!parsed.ok) {
                setError(parsed.error);
                return;
              }
              setError(null);
              changeTraining({ classWeight: parsed.value });
            }}
          />
          {(error ?? mismatch) && (
            <span className="number-box__error" data-testid="train-class-weights-error">
              {error ?? mismatch}
            </span>
          )}
        </span>
      </label>
      {!error && !mismatch && (
        <p className="setting-note" data-testid="train-class-weight-pairs">
          {classes.map((c, i) => `${c}: ${weights[i]}`).join(' · ')}
        </p>
      )}
    </>
  );
}
