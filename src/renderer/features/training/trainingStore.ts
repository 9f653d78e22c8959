import { create } from 'zustand';
import { newJobId, type OwnDataRequest, type EngineInfo, type NetCanvasApi, type RunRecord, type RunSummary } from '../../../core/api/contract';
import type { GraphDocument } from '../../../core/graph/document';
import { useUi } from '../../state/uiStore';
import { documentStore } from '../../state/documentStore';
import { pickChoices } from '../../../core/data/choices';
import { isActive, reduceJob, startingJob, type JobState } from './jobState';
import { messageOf } from '../../../core/messageOf';

export interface TrainingState {
  readonly engine: EngineInfo | null;
  readonly engineError: string | null;
  readonly job: JobState | null;
  readonly runs: readonly RunSummary[];
  /** Past runs picked to overlay on the charts (at most two). */
  readonly compare: readonly string[];
  readonly records: Readonly<Record<string, RunRecord>>;
  /** The run the digits panel looks at; the latest when none is picked. */
  readonly selectedRun: string | null;
  connect(api: NetCanvasApi): () => void;
  start(api: NetCanvasApi, doc: GraphDocument): Promise<void>;
  stop(api: NetCanvasApi): Promise<void>;
  refreshRuns(api: NetCanvasApi): Promise<void>;
  toggleCompare(api: NetCanvasApi, runId: string): Promise<void>;
  deleteRun(api: NetCanvasApi, runId: string): Promise<void>;
  selectRun(runId: string | null): void;
}


/**
 * The own data a graph refers to (`dataset.file`), its paths made absolute: a relative path
 * (as `netcanvas new` writes it) is relative to the project file's folder.
 */
export function ownDataOf(doc: GraphDocument, projectPath: string | undefined): OwnDataRequest | null {
  const file = doc.dataset.file;
  if (!file) return null;
  const resolve = (p: string): string => {
    if (/^([A-Za-z]:[\\/]|[\\/])/.test(p)) return p;
    if (!projectPath) throw new Error(`The graph's data ${p} is relative to its project file; save the project beside the data, or pick the data again in the Data view`);
    return `${projectPath.replace(/[\\/][^\\/]*$/, '')}/${p}`;
  };
  return { path: resolve(file.path), ...(file.target !== undefined ? { target: file.target } : {}), ...(file.test !== undefined ? { test: resolve(file.test) } : {}), ...pickChoices(file) };
}

/** The training dashboard's state: the engine, the job under way, past runs. */
export const useTraining = create<TrainingState>()((set, get) => ({
  engine: null,
  engineError: null,
  job: null,
  runs: [],
  compare: [],
  records: {},
  selectedRun: null,

  connect(api) {
    api.engineInfo().then(
      (engine) => set({ engine, engineError: null }),
      (error: unknown) => set({ engineError: messageOf(error) }),
    );
    void get().refreshRuns(api);
    return api.onEvent((event) => {
      const { job } = get();
      if (!job) return;
      const next = reduceJob(job, event);
      if (next === job) return;
      set({ job: next });
      if (event.type === 'done') {
        void get().refreshRuns(api);
        if (event.runId) set({ selectedRun: event.runId });
        useUi.getState().toast(event.status === 'completed' ? 'success' : 'info', event.status === 'completed' ? 'Training finished' : 'Training stopped');
      }
      if (event.type === 'error') useUi.getState().toast('error', 'Training failed', event.message);
    });
  },

  async start(api, doc) {
    if (isActive(get().job)) return;
    // The run's settings are the document's (backend, sample limits and seed included), so a
    // project trains the same way after it is reopened.
    const options = doc.training;
    // The job's id is chosen here, so its events are recognised from the first one, even
    // those that arrive before startTraining answers.
    const jobId = newJobId();
    set({ job: startingJob(jobId) });
    try {
      const data = ownDataOf(doc, documentStore.getState().file?.path);
      await api.startTraining({
        ...(data ? { data } : {}),
        jobId,
        document: doc,
        ...(options.backend ? { backend: options.backend } : {}),
        ...(options.limit ? { limit: options.limit } : {}),
        ...(options.testLimit ? { testLimit: options.testLimit } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      });
    } catch (error) {
      set({ job: { ...startingJob('job-failed'), status: 'error', error: messageOf(error), message: messageOf(error) } });
      useUi.getState().toast('error', 'Training did not start', messageOf(error));
    }
  },

  async stop(api) {
    const { job } = get();
    if (!job || !isActive(job)) return;
    try {
      await api.stopTraining(job.jobId);
    } catch (error) {
      useUi.getState().toast('error', 'Could not stop training', messageOf(error));
    }
  },

  async refreshRuns(api) {
    try {
      const runs = await api.listRuns();
      set({ runs: [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) });
    } catch (error) {
      useUi.getState().toast('error', 'Could not list past runs', messageOf(error));
    }
  },

  async toggleCompare(api, runId) {
    const { compare, records } = get();
    if (compare.includes(runId)) {
      set({ compare: compare.filter((id) => id !== runId) });
      return;
    }
    set({ compare: [...compare, runId].slice(-2) });
    if (!records[runId]) {
      try {
        const record = await api.getRun(runId);
        set({ records: { ...get().records, [runId]: record } });
      } catch (error) {
        useUi.getState().toast('error', `Could not read run ${runId}`, messageOf(error));
        set({ compare: get().compare.filter((id) => id !== runId) });
      }
    }
  },

  async deleteRun(api, runId) {
    try {
      await api.deleteRun(runId);
      set({ compare: get().compare.filter((id) => id !== runId), selectedRun: get().selectedRun === runId ? null : get().selectedRun });
      await get().refreshRuns(api);
    } catch (error) {
      useUi.getState().toast('error', `Could not delete run ${runId}`, messageOf(error));
    }
  },

  selectRun: (selectedRun) => set({ selectedRun }),
}));
