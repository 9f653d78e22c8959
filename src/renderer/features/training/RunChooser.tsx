import type { RunSummary } from '../../../core/api/contract';
import { useUi, viewLabel } from '../../state/uiStore';
import { runChoiceLabel } from './runChoice';
import { useTraining } from './trainingStore';

/**
 * Which run's model a Try-it view uses, and a choice of the others that fit it (issue 13).
 * Bound to the training store's selected run, so the pad, Try it and the Train view's run
 * list agree on it. Without a run that fits: say so, with the way to the Train view.
 */
export function RunChooser({ runs, current }: { readonly runs: readonly RunSummary[]; readonly current: RunSummary | null }) {
  const selectRun = useTraining((s) => s.selectRun);
  const setView = useUi((s) => s.setView);
  if (!current || runs.length === 0) {
    return (
      <div className="run-chooser run-chooser--empty" data-testid="run-chooser-empty">
        <span>Train a model first: its run’s model is the one used here.</span>
        <button type="button" className="button button--small button--primary" onClick={() => setView('train')} data-testid="run-chooser-train">
          {viewLabel('train')}
        </button>
      </div>
    );
  }
  return (
    <label className="run-chooser" data-testid="run-chooser">
      <span>Model:</span>
      <select value={current.id} onChange={(e) => selectRun(e.target.value)} data-testid="run-chooser-select" data-run={current.id}>
        {runs.map((run) => (
          <option key={run.id} value={run.id}>
            {runChoiceLabel(run)}
          </option>
        ))}
      </select>
    </label>
  );
}
