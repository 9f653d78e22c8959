import { promises as fs } from 'node:fs';
import path from 'node:path';
import { problemCodeInfo } from '../core/problems/codes';
import type { ApiEvent, EngineInfo, NetCanvasApi, TrainEvent, TrainRequest } from '../core/api/contract';
import { analyseGraph } from '../core/graph/analyse';
import { DocumentError } from '../core/graph/errors';
import { loadDocument } from '../core/graph/load';
import { DATASETS, type DatasetName } from '../core/training/config';
import { probeBackends } from './backends';
import { loadDataset, locateDataset, sampleDataset, type DatasetOptions } from './data';
import { makeFolders } from '../node/folders';
import { startJobProcess } from './jobs/jobProcess';
import { JobLimitError, JobSlots, jobLimits, type JobLimits } from './jobs/jobSlots';
import { Predictor } from './predict/predictor';
import { newRunId, RunStore, summarizeRun } from './runs/runStore';
import { importOnnx } from '../core/onnx/import';
import { ImportedWeightsError, modelWithImportedWeights } from './import/importedWeights';
import { messageOf } from '../core/messageOf';
import type { GraphDocument } from '../core/graph/document';
import { nextRunName } from '../core/experiments/runNames';
import { createSweepService } from './experiments/sweepService';
import { inspectOwnData, isPicture, listDataEntries, previewData, thumbnail } from './data/own/inspect';
import { fingerprintData } from '../node/fingerprint';
import { UploadStore } from './data/own/uploads';
import { writeEngineFormat } from './export/writers';
import { decodeModel } from '../core/onnx/proto';

export const ENGINE_VERSION = '0.1.0';

export interface EngineOptions {
  /** Saved runs live here, one folder each. */
  readonly runsDir: string;
  /** A dataset folder chosen by the user; see the data module for the search order. */
  readonly dataDir?: string;
  /** The app's cache, where downloaded datasets go. */
  readonly cacheDir?: string;
  /** Environment variables the engine and its jobs read (NETCANVAS_DATA and the like). Defaults to process.env. */
  readonly env?: Record<string, string | undefined>;
  /**
   * Where own data (`TrainRequest.data`) may be read from: absent, anywhere the process may
   * read (the desktop app, the CLI); a list, only inside these folders (the browser host:
   * its data folders; an empty list refuses own data).
   */
  readonly ownDataRoots?: readonly string[];
  /**
   * How many training jobs run at once and how many more wait; by default
   * NETCANVAS_MAX_JOBS and NETCANVAS_MAX_QUEUED_JOBS, else 2 and 16 (see jobSlots.ts).
   */
  readonly jobLimits?: Partial<JobLimits>;
  /** How long a job's process may stay silent before it is killed (default DEFAULT_HEARTBEAT_TIMEOUT_MS, 120 s). */
  readonly heartbeatTimeoutMs?: number;
}

/** The engine's service: the API the UI calls, plus closing it down. */
export interface Engine extends NetCanvasApi {
  /** Stops every running job, waits for them to end and releases loaded models. */
  close(): Promise<void>;
}

/** A training request the engine refuses before any job starts; the message lists every problem. */
export class TrainingRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingRequestError';
  }
}

/**
 * The engine: trains graphs in jobs of their own processes, keeps their runs on disk,
 * predicts with saved models and serves dataset samples. The Electron main process, the
 * browser host and the CLI each create one.
 */
export function createEngine(options: EngineOptions): Engine {
  const env = options.env ?? process.env;
  const dataOptions: DatasetOptions = { dataDir: options.dataDir, cacheDir: options.cacheDir, env };
  const store = new RunStore(options.runsDir);
  const predictor = new Predictor(store);
  // Uploads land in the first data folder; an engine reading paths where they lie takes none.
  const uploads = new UploadStore(options.ownDataRoots?.[0]);
  const listeners = new Set<(event: ApiEvent) => void>();
  const jobs = new JobSlots(jobLimits(options.jobLimits, env));
  /** Default names handed to jobs not yet saved, so two jobs started together get different numbers. */
  const reserved = new Set<string>();
  let naming: Promise<unknown> = Promise.resolve();
  let closed = false;

  /** The project's name and the next number not taken by a saved run or a running job. */
  const defaultName = (project: string): Promise<string> => {
    const next = naming.then(async () => {
      const saved = (await store.list()).map((r) => r.name);
      const name = nextRunName(project, [...saved, ...reserved]);
      reserved.add(name);
      return name;
    });
    naming = next.catch(() => undefined);
    return next;
  };

  const broadcast = (event: TrainEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // One listener's failure must not keep the event from the others.
      }
    }
  };

  // Sweeps run their trials as this engine's own jobs.
  const sweeps = createSweepService(
    { startTraining: (r) => engine.startTraining(r), stopTraining: (id) => engine.stopTraining(id), onEvent: (l) => engine.onEvent(l), listRuns: () => engine.listRuns(), getRun: (id) => engine.getRun(id) },
    options.runsDir,
  );

  const engine: Engine = {
    async engineInfo(): Promise<EngineInfo> {
      const backends = await probeBackends();
      const datasets = await Promise.all(
        DATASETS.map(async (name) => {
          const found = await locateDataset(name, dataOptions);
          return { name, available: found.available, ...(found.location ? { location: found.location } : {}), ...(found.reason ? { reason: found.reason } : {}) };
        }),
      );
      return { version: ENGINE_VERSION, backends, defaultBackend: backends.find((b) => b.available)?.name ?? 'cpu', datasets };
    },

    async startTraining(request: TrainRequest) {
      if (closed) throw new Error('The engine is closed');
      const { jobId } = request;
      const document = checkTrainable(request);
      // The request's own starting weights, else the run the graph starts from (an import's).
      const initialWeights = request.initialWeights ?? (await startingRun(store, document));
      if (request.data && options.ownDataRoots) await checkOwnDataPaths(request.data, options.ownDataRoots);
      if (request.initialWeights && options.ownDataRoots) await checkOwnDataPaths(request.initialWeights, options.ownDataRoots, 'starting weights');
      if (request.initialWeights && !options.ownDataRoots && !(await fs.stat(request.initialWeights.path).catch(() => null))?.isDirectory()) {
        throw new TrainingRequestError(`${request.initialWeights.path}: no such folder (the starting weights are a saved model's folder: model.json and weights.bin)`);
      }
      await makeFolders(options.runsDir);
      if (jobs.has(jobId)) throw new TrainingRequestError(`A training job '${jobId}' is already running; start each job under a new id (newJobId())`);
      const name = request.name?.trim() ?? (await defaultName(document.name));
      if (jobs.has(jobId)) throw new TrainingRequestError(`A training job '${jobId}' is already running; start each job under a new id (newJobId())`);
      const start = () => {
        const handle = startJobProcess({ jobId, request: { ...request, document, name, ...(initialWeights ? { initialWeights } : {}) }, runsDir: options.runsDir, ...dataOptions }, broadcast, { env, heartbeatTimeoutMs: options.heartbeatTimeoutMs });
        void handle.ended.then(() => reserved.delete(name));
        return handle;
      };
      const cancel = (failure?: string) => {
        reserved.delete(name);
        broadcast(failure === undefined ? { type: 'done', jobId, status: 'stopped', runId: null } : { type: 'error', jobId, message: `The training job could not start: ${failure}` });
      };
      let placed;
      try {
        placed = jobs.submit(jobId, start, cancel);
      } catch (error) {
        reserved.delete(name);
        if (error instanceof JobLimitError) throw new TrainingRequestError(error.message);
        throw error;
      }
      if (placed.state === 'queued') {
        const { maxRunning } = jobs.limits;
        broadcast({
          type: 'status',
          jobId,
          stage: 'queued',
          message: `Waiting for a free job slot: ${jobs.runningCount} job${jobs.runningCount === 1 ? ' is' : 's are'} running, at most ${maxRunning} at once (place ${placed.place} in the queue)`,
        });
      }
      return { jobId };
    },

    async stopTraining(jobId: string) {
      if (!jobs.stop(jobId)) throw new Error(`No training job '${jobId}' is running or waiting`);
    },

    listRuns: () => store.list(),
    getRun: (runId) => store.get(runId),
    async deleteRun(runId) {
      predictor.forget(runId);
      await store.delete(runId);
    },
    updateRun: async (runId, changes) => summarizeRun(await store.update(runId, changes)),
    predict: (request) => predictor.predict(request),
    predictSample: (request) => predictor.predictSample(request),

    async exportModel(request) {
      const document = requestDocument(request.document, 'exported');
      // The run is read whole first, so an id that names no run is refused by name.
      const run = request.runId !== undefined ? await store.get(request.runId) : undefined;
      await predictor.ready();
      const bytes = await writeEngineFormat(request.format, document, {
        runFolder: run ? store.folder(run.id) : undefined,
        runName: run ? `${run.name} (${run.id})` : undefined,
        producerVersion: ENGINE_VERSION,
      });
      const metadata = ((decodeModel(bytes).metadata_props ?? []) as { key: string; value: string }[]).map(({ key, value }) => ({ key, value }));
      return { base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), bytes: bytes.byteLength, metadata };
    },

    async importModel(request) {
      const bytes = Buffer.from(request.base64, 'base64');
      let imported;
      try {
        imported = importOnnx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), request.name);
      } catch (error) {
        if (error instanceof DocumentError) throw new TrainingRequestError(error.message);
        throw error;
      }
      await predictor.ready();
      let model;
      try {
        model = await modelWithImportedWeights(imported.document, imported.weights, request.name, 'the graph imported from it');
      } catch (error) {
        if (error instanceof ImportedWeightsError) throw new TrainingRequestError(error.message);
        throw error;
      }
      try {
        // The weights are kept as a run (no epoch trained): prediction and export read them as
        // any run's, and the document's training starts from them.
        const id = newRunId();
        const { document } = imported;
        await store.save(model, {
          id,
          createdAt: new Date().toISOString(),
          name: `${request.name} (imported)`,
          notes: `The weights of ${request.name}, imported; no epoch trained here.`,
          document,
          training: document.training,
          backend: 'cpu',
          device: `imported from ${request.name}`,
          trainSamples: 0,
          seconds: 0,
          status: 'completed',
          history: [],
          test: null,
          totalParams: model.countParams(),
          startedFrom: request.name,
        });
        return { document: { ...document, training: { ...document.training, startingWeights: { run: id, from: request.name } } }, runId: id, notes: [] };
      } finally {
        model.dispose();
      }
    },

    listData: () => listDataEntries(options.ownDataRoots ?? []),
    uploadData: (chunk) => uploads.chunk(chunk),
    finishUpload: (request) => uploads.finish(request),
    async inspectData(data) {
      const full = path.resolve(data.path);
      if (options.ownDataRoots) await checkOwnDataPaths({ path: full }, options.ownDataRoots);
      const inspection = await inspectOwnData(full, data.target, data);
      return { path: full, fingerprint: await fingerprintData(full), data: inspection, preview: await previewData(full, inspection) };
    },
    async previewPicture(file) {
      const full = path.resolve(file);
      if (options.ownDataRoots) await checkOwnDataPaths({ path: full }, options.ownDataRoots);
      if (!isPicture(full)) throw new TrainingRequestError(`${full} is not a picture by its name`);
      const url = await thumbnail(full);
      if (!url) throw new TrainingRequestError(`${full} cannot be read as a picture`);
      return url;
    },
    async fingerprintData(data) {
      const full = path.resolve(data.path);
      if (options.ownDataRoots) await checkOwnDataPaths({ path: full }, options.ownDataRoots);
      else if (!(await fs.stat(full).catch(() => null))) throw new TrainingRequestError(`${full}: no such file or folder`);
      return fingerprintData(full);
    },

    startSweep: (request) => sweeps.startSweep(request),
    listSweeps: () => sweeps.listSweeps(),
    getSweep: (id) => sweeps.getSweep(id),
    pauseSweep: (id) => sweeps.pauseSweep(id),
    stopSweep: (id) => sweeps.stopSweep(id),
    resumeSweep: (id) => sweeps.resumeSweep(id),

    async datasetSample(dataset: DatasetName, split, count, seed, indices) {
      return sampleDataset(await loadDataset(dataset, dataOptions), split, count, seed, indices);
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async close() {
      await sweeps.close();
      closed = true;
      await jobs.close();
      predictor.dispose();
      listeners.clear();
    },
  };
  return engine;
}

/** A call's graph document through the loader; one it refuses is a request error saying what the graph cannot be. */
function requestDocument(json: unknown, purpose: 'trained' | 'exported') {
  try {
    return loadDocument(json);
  } catch (error) {
    if (error instanceof DocumentError) throw new TrainingRequestError(`The graph cannot be ${purpose}: ${error.message}`);
    throw error;
  }
}

/** Loads the request's document and refuses a graph with problems, listing every one. */
function checkTrainable(request: TrainRequest) {
  const document = requestDocument(request.document, 'trained');
  // Own data is checked against its own facts once the job has read it; here only the structure.
  const errors = analyseGraph(document).problems.filter((p) => p.severity === 'error' && (!request.data || problemCodeInfo(p.code).scope === 'structure'));
  if (errors.length > 0) throw new TrainingRequestError(`The graph cannot be trained yet (${errors.length} problem${errors.length > 1 ? 's' : ''}): ${errors.map((p) => p.message).join(' ')}`);
  return document;
}

/**
 * The saved model folder of the run a graph's training starts from (`training.startingWeights`,
 * an import's), read from this engine's own runs; a run it does not hold is refused by name.
 */
async function startingRun(store: RunStore, document: GraphDocument): Promise<{ path: string; from: string } | undefined> {
  const start = document.training.startingWeights;
  if (!start) return undefined;
  try {
    await store.get(start.run);
  } catch (error) {
    throw new TrainingRequestError(`The graph starts from the weights imported from ${start.from}, kept as run '${start.run}', which cannot be read: ${messageOf(error)}. Import ${start.from} again, or start from fresh weights (Use fresh weights in the model summary).`);
  }
  return { path: store.folder(start.run), from: start.from };
}

/** Refuses own data outside the allowed folders, its real path resolved (so a link cannot lead out). */
async function checkOwnDataPaths(data: { path: string; test?: string }, roots: readonly string[], what = 'own data'): Promise<void> {
  if (roots.length === 0) throw new TrainingRequestError(`This NetCanvas host reads no ${what}: start it with --data DIR to let the browser train on the files in DIR`);
  const realRoots = await Promise.all(roots.map((r) => fs.realpath(r).catch(() => path.resolve(r))));
  for (const file of [data.path, ...(data.test !== undefined ? [data.test] : [])]) {
    const real = await fs.realpath(file).catch(() => null);
    if (real === null) throw new TrainingRequestError(`${file}: no such file or folder`);
    if (!realRoots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep))) {
      throw new TrainingRequestError(`${file} lies outside the folders this host reads data from (${roots.join(', ')})`);
    }
  }
}
