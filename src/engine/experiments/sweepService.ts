import type { NetCanvasApi, SweepRequest } from '../../core/api/contract';
import { applySettings } from '../../core/experiments/applySettings';
import { bookBase, bookTable } from '../../core/experiments/book';
import { expandSweep } from '../../core/experiments/sweepSpec';
import { newSweepState, type SweepState } from '../../core/experiments/sweepState';
import { DocumentError } from '../../core/graph/errors';
import { loadDocument } from '../../core/graph/load';
import { runSweep, type SweepApi, type SweepRun } from './sweepRunner';
import { newSweepId, SweepError, SweepStore } from './sweepStore';

export type SweepMethods = Pick<NetCanvasApi, 'startSweep' | 'listSweeps' | 'getSweep' | 'pauseSweep' | 'stopSweep' | 'resumeSweep'>;

/**
 * The engine's sweep methods: sweeps run in this process by the sweep runner, their
 * state files in `<runsDir>/sweeps/`, so a sweep interrupted by a restart resumes
 * (`resumeSweep`) without losing a finished trial.
 */
export function createSweepService(api: SweepApi, runsDir: string): SweepMethods & { close(): Promise<void> } {
  const store = new SweepStore(runsDir);
  const active = new Map<string, SweepRun>();

  const launch = (state: SweepState): SweepState => {
    const run = runSweep(api, store, state);
    active.set(state.id, run);
    void run.finished
      .catch(() => undefined)
      .finally(() => {
        if (active.get(state.id) === run) active.delete(state.id);
      });
    return run.state();
  };
  const current = async (id: string): Promise<SweepState> => active.get(id)?.state() ?? store.load(id);
  const running = (id: string): SweepRun => {
    const run = active.get(id);
    if (!run) throw new SweepError(`Sweep '${id}' is not running`);
    return run;
  };

  return {
    async startSweep(request: SweepRequest) {
      let base;
      try {
        base = loadDocument(request.document);
      } catch (error) {
        if (error instanceof DocumentError) throw new SweepError(`The sweep's graph cannot be loaded: ${error.message}`);
        throw error;
      }
      const table = request.book !== undefined ? bookTable(request.book) : undefined;
      if (request.book !== undefined && !table) throw new SweepError(`There is no book table '${request.book}'`);
      if (table) {
        try {
          base = bookBase(table, base);
        } catch (error) {
          throw new SweepError(`${table.title} cannot be made from this graph: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (request.epochs !== undefined || request.batchSize !== undefined) {
        base = { ...base, training: { ...base.training, ...(request.epochs !== undefined ? { epochs: request.epochs } : {}), ...(request.batchSize !== undefined ? { batchSize: request.batchSize } : {}) } };
      }
      const trials = table ? table.rows.map((r) => r.settings) : expandSweep({ dimensions: request.dimensions ?? [], search: request.search ?? { kind: 'grid' } });
      // Every trial's graph is made now, so a bad name or value fails before any training.
      for (const t of trials) applySettings(base, t);
      const job = {
        ...(request.backend !== undefined ? { backend: request.backend } : {}),
        ...(request.limit !== undefined ? { limit: request.limit } : {}),
        ...(request.testLimit !== undefined ? { testLimit: request.testLimit } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
      };
      const state = newSweepState({ id: newSweepId(), name: table ? table.title : base.name, base, trials, job, ...(table ? { book: table.id } : {}) });
      await store.save(state);
      return launch(state);
    },
    listSweeps: async () => (await store.list()).map((s) => active.get(s.id)?.state() ?? s),
    getSweep: current,
    async pauseSweep(id) {
      const run = running(id);
      run.pause();
      return run.state();
    },
    async stopSweep(id) {
      const run = running(id);
      run.stop();
      return run.state();
    },
    async resumeSweep(id) {
      const run = active.get(id);
      if (run) return run.state();
      const state = await store.load(id);
      if (state.status === 'done') return state;
      return launch(state);
    },
    /** Stops every sweep (their running trials run again on resume) and waits for their files. */
    async close() {
      const runs = [...active.values()];
      for (const run of runs) run.stop();
      await Promise.all(runs.map((r) => r.finished.catch(() => undefined)));
    },
  };
}
