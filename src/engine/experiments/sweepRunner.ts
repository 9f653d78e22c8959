import { newJobId, type NetCanvasApi, type TrainEvent } from '../../core/api/contract';
import { applySettings } from '../../core/experiments/applySettings';
import { pendingTrial, trialResult, withTrial, type SweepState, type SweepStatus, type SweepTrial } from '../../core/experiments/sweepState';
import { messageOf } from '../../core/messageOf';
import type { SweepStore } from './sweepStore';

/** What the runner needs of the engine: jobs, their events and the saved runs. */
export type SweepApi = Pick<NetCanvasApi, 'startTraining' | 'stopTraining' | 'onEvent' | 'listRuns' | 'getRun'>;

/**
 * Trials run one at a time unless asked otherwise: one job already trains on both cores
 * of a two-core machine. Measured (issue 13, docs/performance.md "Sweeps"): four MLP trials
 * took a median 20.3 s one at a time and 21.5 s two at once, each trial twice as long.
 */
export const DEFAULT_CONCURRENCY = 1;

export interface SweepRunOptions {
  /** Trials running at once (default DEFAULT_CONCURRENCY). */
  readonly concurrency?: number;
  /** Each trial as it starts (its job id) and ends (done or failed), and every event of its job. */
  readonly onTrialStart?: (trial: SweepTrial, state: SweepState) => void;
  readonly onTrialEnd?: (trial: SweepTrial, state: SweepState) => void;
  readonly onJobEvent?: (trial: SweepTrial, event: TrainEvent) => void;
}

export interface SweepRun {
  /** Settles with the sweep's last state: `done`, or `paused`/`stopped` when asked. */
  readonly finished: Promise<SweepState>;
  /** Starts no new trial; those running finish, and the sweep is `paused`. */
  pause(): void;
  /** Stops the running trials too (they will run again on resume); the sweep is `stopped`. */
  stop(): void;
  /** The latest state. */
  state(): SweepState;
}

/**
 * Runs a sweep's unfinished trials as ordinary training jobs, each a run linked to the
 * sweep (`sweep: {id, trial, settings}`), writing the state file whole after every change
 * of a trial. On (re)start a trial left `running` (its process was killed) is settled
 * first: if a completed run of it was saved, that run is its result; else it runs again.
 * So no finished trial is lost and none runs twice.
 */
export function runSweep(api: SweepApi, store: SweepStore, initial: SweepState, options: SweepRunOptions = {}): SweepRun {
  let state: SweepState = initial;
  let ending: SweepStatus | null = null;
  const running = new Map<number, string>();
  // State writes, one after another, so the file always holds the latest.
  let writing: Promise<void> = Promise.resolve();
  const commit = (next: SweepState) => {
    state = next;
    const snapshot = state;
    writing = writing.then(() => store.save(snapshot));
    return writing;
  };

  const runTrial = async (trial: SweepTrial): Promise<void> => {
    const document = applySettings(state.base, trial.settings);
    const jobId = newJobId();
    const started: SweepTrial = { ...pendingTrial(trial), status: 'running', jobId };
    await commit(withTrial(state, started));
    options.onTrialStart?.(started, state);
    let end!: (e: Extract<TrainEvent, { type: 'done' | 'error' }>) => void;
    const ended = new Promise<Extract<TrainEvent, { type: 'done' | 'error' }>>((resolve) => (end = resolve));
    const off = api.onEvent((e) => {
      if (e.jobId !== jobId) return;
      options.onJobEvent?.(started, e);
      if (e.type === 'done' || e.type === 'error') end(e);
    });
    running.set(trial.trial, jobId);
    let finished: SweepTrial;
    try {
      await api.startTraining({ ...state.job, jobId, document, sweep: { id: state.id, trial: trial.trial, settings: trial.settings } });
      if (ending === 'stopped') void api.stopTraining(jobId).catch(() => undefined);
      const last = await ended;
      if (last.type === 'error') finished = { ...pendingTrial(trial), status: 'failed', error: last.message };
      else if (last.status === 'completed' && last.runId) finished = { ...pendingTrial(trial), status: 'done', result: trialResult(await api.getRun(last.runId)) };
      // Stopped on the user's word: it runs again on resume.
      else finished = pendingTrial(trial);
    } catch (error) {
      finished = { ...pendingTrial(trial), status: 'failed', error: messageOf(error) };
    } finally {
      off();
      running.delete(trial.trial);
    }
    await commit(withTrial(state, finished));
    options.onTrialEnd?.(finished, state);
  };

  const finished = (async (): Promise<SweepState> => {
    // Every trial's settings are checked before any runs: a bad path fails the sweep at once.
    for (const t of state.trials) applySettings(state.base, t.settings);
    await settleInterrupted();
    await commit({ ...state, status: 'running' });
    const queue = state.trials.filter((t) => t.status === 'pending');
    const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, queue.length));
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let next = queue.shift(); next && !ending; next = queue.shift()) await runTrial(next);
      }),
    );
    const left = state.trials.some((t) => t.status === 'pending');
    await commit({ ...state, status: left ? (ending ?? 'stopped') : 'done' });
    return state;
  })();

  /** Trials the file says are running, from a process that is gone: adopt a completed saved run, else run again. */
  async function settleInterrupted(): Promise<void> {
    const interrupted = state.trials.filter((t) => t.status === 'running');
    if (interrupted.length === 0) return;
    const runs = (await api.listRuns()).filter((r) => r.sweep?.id === state.id && r.status === 'completed');
    let next = state;
    for (const t of interrupted) {
      const saved = runs.find((r) => r.sweep?.trial === t.trial);
      next = withTrial(next, saved ? { ...pendingTrial(t), status: 'done', result: trialResult(await api.getRun(saved.id)) } : pendingTrial(t));
    }
    await commit(next);
  }

  return {
    finished,
    pause() {
      ending ??= 'paused';
    },
    stop() {
      ending = 'stopped';
      for (const jobId of running.values()) void api.stopTraining(jobId).catch(() => undefined);
    },
    state: () => state,
  };
}
