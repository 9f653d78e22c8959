import { useEffect, useState } from 'react';
import type { RunRecord } from '../../../core/api/contract';
import { diffGraphs, formatDiff } from '../../../core/experiments/diff';
import { runsToCsv } from '../../../core/experiments/runExport';
import { formatValue } from '../../../core/experiments/sweepSpec';
import { sweepProgress, type SweepState, type SweepTrial } from '../../../core/experiments/sweepState';
import { messageOf } from '../../../core/messageOf';
import { usePlatform } from '../../app/PlatformContext';
import { useDocumentStore } from '../../state/documentStore';
import { useUi } from '../../state/uiStore';
import { Icon } from '../../ui/icons';
import { newProject } from '../project/projectActions';
import { formatPercent } from '../training/jobState';
import { runSide, useDiffMode } from '../diff/diffStore';
import { useTraining } from '../training/trainingStore';
import { useExperiments, watchSweeps } from './experimentsStore';
import { ParallelChart } from './ParallelChart';
import { TradeOffChart } from './TradeOffChart';
import { SweepForm } from './SweepForm';
import { starterSetup, sweepRequest } from './sweepSetup';
import { TrialsTable } from './TrialsTable';

/** The Experiments view: the setup form beside the chosen sweep's progress, picture, trials table and diff; an explanation and a one-click sweep before the first. */
export function ExperimentsPanel() {
  const platform = usePlatform();
  const doc = useDocumentStore((s) => s.doc);
  const sweeps = useExperiments((s) => s.sweeps);
  const current = useExperiments((s) => s.current);
  const select = useExperiments((s) => s.select);
  const error = useExperiments((s) => s.error);
  useEffect(() => watchSweeps(platform.api), [platform]);
  const sweep = sweeps?.find((s) => s.id === current) ?? null;
  return (
    <div className="training experiments">
      <div className="training__side">
        <SweepForm doc={doc} />
      </div>
      <div className="training__main">
        {error && <p className="training__blocked">The engine’s sweeps cannot be read: {error}</p>}
        {sweeps === null ? (
          <p className="muted">Asking the engine for its sweeps…</p>
        ) : sweeps.length === 0 || !sweep ? (
          <EmptyState />
        ) : (
          <>
            <label className="setting experiments__pick">
              <span>Sweep</span>
              <select data-testid="sweep-pick" value={sweep.id} onChange={(e) => select(e.target.value)}>
                {sweeps.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} · {new Date(s.createdAt).toLocaleString()} · {s.trials.length} trials · {s.status}
                  </option>
                ))}
              </select>
            </label>
            <SweepView key={sweep.id} sweep={sweep} />
          </>
        )}
      </div>
    </div>
  );
}

function EmptyState() {
  const platform = usePlatform();
  const doc = useDocumentStore((s) => s.doc);
  const busy = useExperiments((s) => s.busy);
  const start = useExperiments((s) => s.start);
  const starter = starterSetup(doc);
  const request = sweepRequest(doc, starter);
  return (
    <section className="progress experiments__empty" data-testid="experiments-empty">
      <h3>What is a sweep?</h3>
      <p>
        A sweep trains the open graph several times, changing a few settings each time (a dropout rate, the layer widths, the optimizer or its learning rate), and puts the results side by side: a table of trials you can sort, and a
        picture of which settings gave the best accuracy. Each trial is an ordinary run, kept in the Train view’s list.
      </p>
      <p className="muted">Pick the settings and their values on the left, or try a small one now:</p>
      <button
        type="button"
        className="button button--primary"
        data-testid="sweep-quick-start"
        disabled={busy || 'error' in request}
        title={'error' in request ? request.error : undefined}
        onClick={() => {
          if (!('error' in request)) void start(platform.api, request);
        }}
      >
        <Icon name="play" /> Sweep {starter.rows.map((r) => `${r.path} over ${r.values}`).join(', ')} ({starter.epochs} epoch, {starter.limit?.toLocaleString('en-US')} samples)
      </button>
    </section>
  );
}

/** Reads the runs of trials, in order; a toast names any that cannot be read. */
async function trialRuns(api: ReturnType<typeof usePlatform>['api'], trials: readonly SweepTrial[]): Promise<RunRecord[] | null> {
  try {
    return await Promise.all(trials.map((t) => api.getRun(t.result!.runId)));
  } catch (error) {
    useUi.getState().toast('error', 'Could not read the trials’ runs', messageOf(error));
    return null;
  }
}

function SweepView({ sweep }: { sweep: SweepState }) {
  const platform = usePlatform();
  const control = useExperiments((s) => s.control);
  const [selected, setSelected] = useState<number | null>(null);
  const [compared, setCompared] = useState<readonly number[]>([]);
  const counts = sweepProgress(sweep);
  const total = sweep.trials.length;
  const finished = counts.done + counts.failed;
  const fraction = total > 0 ? finished / total : 0;
  const resumable = sweep.status !== 'running' && sweep.status !== 'done' ? true : sweep.status === 'done' && counts.pending > 0;
  const done = sweep.trials.filter((t) => t.status === 'done' && t.result);

  const openTrial = async (t: SweepTrial) => {
    if (!t.result) return;
    const training = useTraining.getState();
    await training.refreshRuns(platform.api);
    training.selectRun(t.result.runId);
    if (!useTraining.getState().compare.includes(t.result.runId)) await training.toggleCompare(platform.api, t.result.runId);
    useUi.getState().setView('train');
  };
  const openGraph = async (t: SweepTrial) => {
    const runs = await trialRuns(platform.api, [t]);
    if (runs) await newProject(platform, { ...runs[0].document, name: runs[0].name });
  };
  const exportCsv = async () => {
    const runs = await trialRuns(platform.api, done);
    if (!runs) return;
    try {
      await platform.exportFile(runsToCsv(runs), `${sweep.id}.csv`, 'text/csv');
    } catch (error) {
      useUi.getState().toast('error', 'The CSV was not saved', messageOf(error));
    }
  };
  const selectedTrial = sweep.trials.find((t) => t.trial === selected);

  return (
    <>
      <section className={`progress progress--${sweep.status === 'done' ? 'completed' : 'running'}`} data-testid="sweep-status" data-status={sweep.status}>
        <div className="progress__line">
          <span className="progress__stage">
            {sweep.name}: {sweep.status}
          </span>
          <span className="muted" data-testid="sweep-counts">
            {counts.done} done · {counts.running} running · {counts.pending} waiting{counts.failed ? ` · ${counts.failed} failed` : ''}
          </span>
        </div>
        <div className="progress__bar" data-testid="sweep-progress" data-fraction={fraction.toFixed(3)} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
          <div style={{ width: `${Math.round(fraction * 1000) / 10}%` }} />
        </div>
        <div className="training__actions">
          <button type="button" className="button button--small" data-testid="sweep-pause" disabled={sweep.status !== 'running'} onClick={() => void control(platform.api, 'pause', sweep.id)} title="Start no new trial; the running one finishes">
            Pause
          </button>
          <button type="button" className="button button--small" data-testid="sweep-stop" disabled={sweep.status !== 'running'} onClick={() => void control(platform.api, 'stop', sweep.id)} title="Stop the running trial too; it runs again on resume">
            <Icon name="stop" /> Stop
          </button>
          <button type="button" className="button button--small" data-testid="sweep-resume" disabled={!resumable} onClick={() => void control(platform.api, 'resume', sweep.id)} title="Run the trials not yet done">
            <Icon name="play" /> Resume
          </button>
          <span className="toolbar__sep" />
          <button type="button" className="button button--small" data-testid="sweep-export-csv" disabled={done.length === 0} onClick={() => void exportCsv()} title="A row per finished trial: its settings and final metrics">
            <Icon name="download" /> Export CSV
          </button>
        </div>
      </section>
      <ParallelChart sweep={sweep} selected={selected} onPick={setSelected} />
      <TradeOffChart sweep={sweep} selected={selected} onPick={setSelected} />
      <TrialsTable
        sweep={sweep}
        selected={selected}
        compared={compared}
        onSelect={setSelected}
        onCompare={(trial) => setCompared(compared.includes(trial) ? compared.filter((x) => x !== trial) : [...compared, trial].slice(-2))}
        onOpen={(t) => void openTrial(t)}
      />
      {selectedTrial?.result && (
        <section className="runs" data-testid="trial-detail">
          <header>
            <h3>
              Trial {selectedTrial.trial}: {selectedTrial.settings.map(([p, v]) => `${p}=${formatValue(v)}`).join(' ')}
            </h3>
            <button type="button" className="button button--small" data-testid="open-trial-graph" onClick={() => void openGraph(selectedTrial)}>
              Open its graph on the canvas
            </button>
          </header>
          {selectedTrial.error && <p className="training__blocked">{selectedTrial.error}</p>}
        </section>
      )}
      <TrialDiff sweep={sweep} compared={compared} />
    </>
  );
}

/** What changed between the two trials picked: the graph diff (core/experiments/diff.ts) beside the change in accuracy. */
function TrialDiff({ sweep, compared }: { sweep: SweepState; compared: readonly number[] }) {
  const platform = usePlatform();
  const [lines, setLines] = useState<{ key: string; lines: string[]; runs: readonly [RunRecord, RunRecord] } | null>(null);
  const pair = compared.map((n) => sweep.trials.find((t) => t.trial === n)).filter((t): t is SweepTrial => Boolean(t?.result));
  const key = pair.map((t) => t.result!.runId).join(' ');
  useEffect(() => {
    if (pair.length !== 2) return;
    let live = true;
    void trialRuns(platform.api, pair).then((runs) => {
      if (!live || !runs) return;
      const [a, b] = runs;
      const metric = (label: string, x: number | null | undefined, y: number | null | undefined) => `${label}: ${x == null ? '—' : formatPercent(x)} → ${y == null ? '—' : formatPercent(y)}`;
      const va = a.history.at(-1)?.valAccuracy;
      const vb = b.history.at(-1)?.valAccuracy;
      setLines({ key, runs: [a, b], lines: [...formatDiff(diffGraphs(a.document, b.document)), metric('val accuracy', va, vb), metric('test accuracy', a.test?.testAccuracy, b.test?.testAccuracy)] });
    });
    return () => {
      live = false;
    };
    // The pair is named by its run ids (`key`).
  }, [key, platform]);
  if (pair.length !== 2) return <p className="muted small">Tick two finished trials to see what changed between them.</p>;
  return (
    <section className="runs" data-testid="trial-diff">
      <header>
        <h3>
          Trial {pair[0].trial} → trial {pair[1].trial}
        </h3>
        <button
          type="button"
          className="button button--small"
          data-testid="trial-diff-canvas"
          disabled={lines?.key !== key}
          title="Draw the two trials’ graphs on the canvas, what changed coloured; Esc goes back"
          onClick={() => {
            if (lines?.key !== key) return;
            const [a, b] = lines.runs;
            useDiffMode.getState().show(runSide(a, `trial ${pair[0].trial} (${a.name})`), runSide(b, `trial ${pair[1].trial} (${b.name})`));
          }}
        >
          Show on canvas
        </button>
      </header>
      {lines?.key === key ? (
        <ul className="experiments__diff">
          {lines.lines.map((l, i) => (
            <li key={i} className={l.startsWith('+') ? 'added' : l.startsWith('-') ? 'removed' : l.startsWith('~') ? 'changed' : undefined}>
              {l}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Reading the two runs…</p>
      )}
    </section>
  );
}
