import { z } from 'zod';
import type { GraphDocument } from '../graph/document';
import { BOOK_TABLE_IDS } from '../experiments/book';
import type { SettingValue } from '../experiments/sweepSpec';
import type { SweepState } from '../experiments/sweepState';
import type { ModelSummary } from '../summary/summary';
import type { DatasetDescription } from '../data/description';
import type { Preprocessing } from '../data/samples';
import type { RegressionMetrics } from '../metrics/regression';
import type { ClassificationMetrics } from '../metrics/classification';
import type { DataInspection } from '../data/inspection';
import { dataChoicesShape, type DataFingerprint } from '../data/choices';
import { BACKENDS, DATASETS, type BackendName, type DatasetName, type TrainingConfig } from '../training/config';
import { ENGINE_EXPORT_FORMAT_IDS } from '../export/formats';
import { ApiError, DEFAULT_CALL_BYTES, defineService, dispatchServiceCall, method, returns, serviceCallBytes, type ServiceApi } from './service';

/**
 * The one API between the UI and the engine: the types it speaks, and `ENGINE_SERVICE`, its
 * methods (see service.ts for the machinery every transport shares).
 */

/** What a job id looks like: `job-` and up to 64 letters, digits and dashes. */
export const JOB_ID_PATTERN = /^job-[A-Za-z0-9-]{1,64}$/;

export { BACKENDS, type BackendName } from '../training/config';

export interface BackendInfo {
  readonly name: BackendName;
  readonly available: boolean;
  /** What it runs on, e.g. `CPU (2 threads)` or the GPU's name. */
  readonly device?: string;
  /** Why it is not available. */
  readonly reason?: string;
}

export interface EngineInfo {
  readonly version: string;
  readonly backends: readonly BackendInfo[];
  /** The backend a job uses when the request names none: the fastest that loads. */
  readonly defaultBackend: BackendName;
  readonly datasets: readonly { readonly name: DatasetName; readonly available: boolean; readonly location?: string; readonly reason?: string }[];
}

export interface EpochMetrics {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
  readonly samplesPerSecond: number;
  readonly seconds: number;
}

export interface BatchMetrics {
  readonly epoch: number;
  readonly batch: number;
  /** Steps done across all epochs, for a per-batch chart. */
  readonly step: number;
  readonly loss: number;
  readonly accuracy: number;
}

/** One misclassified test image: its index in the test set, its true and predicted classes, and the predicted class's probability. */
export interface TestMistake {
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
  readonly confidence: number;
}

export interface TestResult {
  readonly testLoss: number;
  readonly testAccuracy: number;
  /** confusion[true][predicted] */
  readonly confusion: readonly (readonly number[])[];
  readonly perClassAccuracy: readonly number[];
  readonly samples: number;
  /** Classes: precision, recall and F1 per class and macro, top-k accuracy over more than k classes, ROC AUC for a binary target. */
  readonly classification?: ClassificationMetrics;
  /** Every misclassified test image, most confident first; absent where the engine did not record them. */
  readonly mistakes?: readonly TestMistake[];
  /** A regression target's scores in its own units; `testAccuracy`, `confusion` and the per-class figures are then empty. */
  readonly regression?: RegressionMetrics;
  /** Own data: each test sample's source (a table's row, a picture's path) with its true and predicted class, for drill-down; the first MAX_TEST_OUTCOMES. */
  readonly outcomes?: readonly TestOutcome[];
  /** Own data, regression: each test sample's actual and predicted value in the target's units; the first MAX_TEST_OUTCOMES. */
  readonly points?: readonly RegressionPoint[];
}

/** The most test samples a run records one by one (outcomes, points). */
export const MAX_TEST_OUTCOMES = 20_000;

export interface TestOutcome {
  readonly source: string;
  readonly label: number;
  readonly predicted: number;
  readonly confidence: number;
}

export interface RegressionPoint {
  readonly source: string;
  readonly actual: number;
  readonly predicted: number;
}

/**
 * What a job is doing, in its `status` events. `queued`: every job slot of the engine is
 * taken (it runs a limited number of jobs at once); the job starts when one is free.
 */
export const JOB_STAGES = ['queued', 'loading-data', 'downloading', 'compiling', 'training', 'testing', 'saving'] as const;
export type JobStage = (typeof JOB_STAGES)[number];

export type TrainEvent =
  | { readonly type: 'status'; readonly jobId: string; readonly stage: JobStage; readonly message: string; readonly fraction?: number }
  | {
      readonly type: 'started';
      readonly jobId: string;
      readonly backend: BackendName;
      readonly device: string;
      readonly epochs: number;
      readonly stepsPerEpoch: number;
      readonly trainSamples: number;
      readonly validationSamples: number;
      readonly summary: ModelSummary;
    }
  | ({ readonly type: 'batch'; readonly jobId: string; readonly samplesPerSecond: number; readonly elapsed: number; readonly eta: number; readonly fraction: number } & BatchMetrics)
  | ({ readonly type: 'epoch'; readonly jobId: string; readonly elapsed: number; readonly eta: number } & EpochMetrics)
  | ({ readonly type: 'test'; readonly jobId: string } & TestResult)
  | { readonly type: 'done'; readonly jobId: string; readonly status: 'completed' | 'stopped'; readonly runId: string | null }
  | { readonly type: 'error'; readonly jobId: string; readonly message: string };

/** What a saved run records, next to its trained model. */
export interface RunRecord {
  readonly id: string;
  readonly createdAt: string;
  /** The project's name and a number by default (`MNIST MLP #3`); the user may rename it. */
  readonly name: string;
  /** The user's notes on the run. */
  readonly notes?: string;
  /** The sweep this run is a trial of, where it is one. */
  readonly sweep?: RunSweepLink;
  readonly document: GraphDocument;
  readonly training: TrainingConfig;
  readonly backend: BackendName;
  readonly device: string;
  readonly trainSamples: number;
  readonly seconds: number;
  readonly status: 'completed' | 'stopped';
  readonly history: readonly EpochMetrics[];
  /** The learning rate each epoch of `history` trained at, where a schedule (`training.schedule`) set it. */
  readonly learningRates?: readonly number[];
  /** With early stopping (`training.earlyStopping`): the epoch (from 1) training stopped after, when it stopped before `training.epochs`. */
  readonly stoppedEarlyAfter?: number;
  /** With early stopping's restoreBestWeights: the epoch (from 1) whose weights the saved model holds. */
  readonly restoredEpoch?: number;
  readonly test: TestResult | null;
  readonly totalParams: number;
  /** Own data the run trained on: where it was, what it holds and how a new sample is prepared the same way. */
  readonly data?: RunData;
  /** Where the starting weights came from (`TrainRequest.initialWeights`), when the run did not start from fresh ones. */
  readonly startedFrom?: string;
}

/** A run's own dataset, saved with it so prediction and export apply the same preprocessing. */
export interface RunData {
  readonly path: string;
  readonly test?: string;
  readonly description: DatasetDescription;
  readonly preprocessing: Preprocessing;
}

/** A run's place in a sweep: the sweep's id, the trial's number (from 1) and the settings the trial varied. */
export interface RunSweepLink {
  readonly id: string;
  readonly trial: number;
  readonly settings: readonly (readonly [string, unknown])[];
}

export type RunSummary = Pick<RunRecord, 'id' | 'createdAt' | 'name' | 'notes' | 'sweep' | 'backend' | 'seconds' | 'status' | 'totalParams' | 'trainSamples' | 'stoppedEarlyAfter'> & {
  readonly optimizer: string;
  /** The epochs trained. */
  readonly epochs: number;
  readonly testAccuracy: number | null;
  /** What it trained on: a built-in dataset (`own: false`, its name as id) or own data (`own: true`, the data's id and label). */
  readonly data: RunDataSummary;
} & Partial<Pick<TrainingConfig, 'schedule' | 'earlyStopping' | 'classWeight'>>;

/** A run's dataset as the run list and the run choosers read it. */
export interface RunDataSummary {
  readonly own: boolean;
  readonly id: string;
  readonly label: string;
}

export interface LayerActivation {
  readonly nodeId: string;
  readonly shape: readonly number[];
  /** The values the view draws, as core/digits/activations' selectActivation picks them from the whole output. */
  readonly values: readonly number[];
}

export interface Prediction {
  readonly predictedClass: number;
  readonly probabilities: readonly number[];
  readonly activations?: readonly LayerActivation[];
}

export interface DatasetSample {
  readonly dataset: DatasetName;
  readonly split: 'train' | 'test';
  /** Each image as 784 bytes (0–255), row by row. */
  readonly images: readonly (readonly number[])[];
  readonly labels: readonly number[];
  readonly indices: readonly number[];
  readonly trainCounts: readonly number[];
  readonly testCounts: readonly number[];
}

/** One sample's prediction for own data: a class with every class's probability, or a value in the target's own units. */
export type OwnPrediction =
  | { readonly class: string; readonly index: number; readonly probability: number; readonly probabilities: Readonly<Record<string, number>> }
  | { readonly value: number };

/** A dataset the engine may read, as the Data view lists it: a file or folder inside the engine's data folders. */
export interface DataEntry {
  readonly path: string;
  /** The path inside its data folder, with / between names. */
  readonly name: string;
  /** The data folder it lies in. */
  readonly root: string;
  readonly kind: 'table' | 'arrays' | 'folder';
  readonly bytes: number;
}

/** What the Data view shows of a dataset beside its inspection: the first rows of a table, a few pictures per class. */
export interface DataPreview {
  readonly table?: { readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] };
  /** Small PNG pictures as data: URLs, a few per class. */
  readonly pictures?: readonly { readonly className: string; readonly urls: readonly string[] }[];
}

/** A dataset as the engine sees it: its inspection (as `netcanvas data --json` prints it) and a preview. */
export interface DataReport {
  readonly path: string;
  readonly fingerprint: DataFingerprint;
  readonly data: DataInspection;
  readonly preview: DataPreview;
}

export type ApiEvent = TrainEvent;

const jobId = z.string().regex(JOB_ID_PATTERN, 'expected a job id such as job-1');
const runId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,80}$/, 'expected a run id (letters, digits, - and _)');
const count = (max: number) => z.number().int().min(1).max(max);
const seed = z.number().int().min(0).max(2 ** 31);
const runName = z.string().max(200).regex(/\S/, 'a run needs a name');
const runNotes = z.string().max(10_000);
const sweepLink = z
  .object({
    id: z.string().regex(/^sweep-[A-Za-z0-9-]{1,64}$/, 'expected a sweep id such as sweep-1'),
    trial: z.number().int().min(1),
    settings: z.array(z.tuple([z.string().max(200), z.unknown()]).readonly()).max(100).readonly(),
  })
  .strict()
  .readonly();
/** What `updateRun` may change. */
const runChanges = z.object({ name: runName.optional(), notes: runNotes.optional() }).strict().readonly();
export type RunChanges = z.infer<typeof runChanges>;
const dataPath = z.string().min(1).max(4096).regex(/^[^\0]*$/, 'a path has no NUL characters');
/** Own data: a table, arrays or an image folder, with the choices made about it. */
const ownData = z
  .object({
    path: dataPath,
    /** The table's target column; its last by default. */
    target: z.string().min(1).max(200).optional(),
    /** A separate test table or folder. */
    test: dataPath.optional(),
    ...dataChoicesShape,
  })
  .strict()
  .readonly();
export type OwnDataRequest = z.infer<typeof ownData>;
/** A graph document's envelope; the engine's loader checks the rest. */
const graphDocument = z.object({ format: z.literal('netcanvas-graph') }).passthrough().pipe(z.custom<GraphDocument>());

/** A graph written as a model file in a format the engine writes (core/export/formats: ONNX). */
const exportModelRequest = z
  .object({
    document: graphDocument,
    format: z.enum(ENGINE_EXPORT_FORMAT_IDS),
    /** The saved run whose trained weights go into the file; without it, freshly initialised ones. */
    runId: runId.optional(),
  })
  .strict()
  .readonly();
export type ExportModelRequest = z.infer<typeof exportModelRequest>;

/** A model file written by the engine. */
export interface ExportedModel {
  /** The file's bytes, in base64: the transports carry JSON. */
  readonly base64: string;
  readonly bytes: number;
  /** What the file says of itself (ONNX's metadata_props): its weights, inputs, their layout and preprocessing. */
  readonly metadata: readonly { readonly key: string; readonly value: string }[];
}

/** The largest model file `importModel` takes: its base64 must fit a transport's frame (MAX_FRAME_BYTES); `netcanvas train model.onnx` reads larger ones. */
export const MAX_IMPORT_MODEL_BYTES = 16 * 1024 * 1024;
const MAX_IMPORT_MODEL_CHARS = Math.ceil(MAX_IMPORT_MODEL_BYTES / 3) * 4;
const importModelRequest = z
  .object({
    /** The file's name (`model.onnx`): it says the format and names the graph and the refusals. */
    name: z.string().min(1).max(200).regex(/\.onnx$/i, 'expected an .onnx file name (the one format imported from bytes)'),
    /** The file's bytes, in base64: the transports carry JSON. */
    base64: z.string().max(MAX_IMPORT_MODEL_CHARS, `a model file of at most ${MAX_IMPORT_MODEL_BYTES / (1024 * 1024)} MiB`).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
  })
  .strict()
  .readonly();
export type ImportModelRequest = z.infer<typeof importModelRequest>;

/**
 * A model file imported as a graph: the document, whose `training.startingWeights` names the
 * run the engine saved the file's weights as (so training and prediction start from them),
 * and what the import could not carry over. A file that cannot be imported is refused with
 * one message naming every operator that does not map.
 */
export interface ImportedModel {
  readonly document: GraphDocument;
  /** The run holding the imported weights (no epochs trained), which the document starts from. */
  readonly runId: string;
  /** Settings the file's layers have that NetCanvas sets to its defaults, one sentence each. */
  readonly notes: readonly string[];
}

const trainRequest = z
  .object({
    /** Chosen by the caller (`newJobId()`), so it knows the job's events from the first one. */
    jobId,
    document: graphDocument,
    backend: z.enum(BACKENDS).optional(),
    /** Train on the first N training samples only. */
    limit: count(10_000_000).optional(),
    /** Evaluate on the first N test samples only. */
    testLimit: count(10_000_000).optional(),
    epochs: count(10_000).optional(),
    batchSize: count(65_536).optional(),
    seed: seed.optional(),
    /** The run's name; by default the project's name and the next number (`MNIST MLP #3`). */
    name: runName.optional(),
    notes: runNotes.optional(),
    /** The sweep this job is a trial of. */
    sweep: sweepLink.optional(),
    /** Own data to train on instead of the document's built-in dataset. */
    data: ownData.optional(),
    /**
     * Start from these weights instead of fresh ones (fine-tuning, an imported ONNX model's):
     * a saved model's folder (`model.json` + `weights.bin`, as a run, `train --out` or the
     * CLI's ONNX import write it) with weights for every layer of the graph, of its shapes.
     * A path, not the numbers: weights can be hundreds of MB; a host checks it against its
     * data folders as it checks own data.
     */
    initialWeights: z
      .object({
        path: dataPath,
        /** What the run record names as its start (the ONNX file the folder was made from); the path by default. */
        from: z.string().min(1).max(4096).optional(),
      })
      .strict()
      .readonly()
      .optional(),
  })
  .strict()
  .readonly();
export type TrainRequest = z.infer<typeof trainRequest>;

const predictRequest = z
  .object({
    runId,
    /** 784 grey values in [0, 1], row by row, white ink on black as MNIST. */
    pixels: z.array(z.number().min(0).max(1)).length(784).readonly(),
    /** Also return every layer's output for this sample. */
    activations: z.boolean().optional(),
  })
  .strict()
  .readonly();
export type PredictRequest = z.infer<typeof predictRequest>;

/** The largest picture sent to `predictSample`, base64-encoded. */
export const MAX_SAMPLE_PICTURE_CHARS = 22_000_000;
const predictSampleRequest = z
  .object({
    runId,
    /** A table row: one cell per column of the run's table (the target's cell is ignored), as text. */
    row: z.array(z.string().max(10_000)).max(10_000).readonly().optional(),
    /** A picture (PNG, JPEG or WebP) as base64, for an image-folder run. */
    picture: z.string().max(MAX_SAMPLE_PICTURE_CHARS, 'a picture of at most 16 MB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64').optional(),
  })
  .strict()
  .refine((r) => (r.row === undefined) !== (r.picture === undefined), 'give either a row or a picture')
  .readonly();
export type PredictSampleRequest = z.infer<typeof predictSampleRequest>;

/** The largest chunk of an upload, base64-encoded (3 MiB of bytes). */
export const MAX_UPLOAD_CHUNK_CHARS = 4 * 1024 * 1024;
const uploadId = z.string().regex(/^upload-[0-9a-f]{8,64}$/, 'expected an upload id such as upload-1f2e3d4c');
const uploadChunk = z
  .object({
    upload: uploadId,
    /** The file's path inside the upload, / between names: `iris.csv`, or `digits/seven/1.png` for a folder. */
    file: z.string().min(1).max(1000),
    /** Where this chunk starts in the file, and the file's whole size. */
    offset: z.number().int().min(0),
    total: z.number().int().min(0),
    chunk: z.string().max(MAX_UPLOAD_CHUNK_CHARS, 'a chunk of at most 3 MiB').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64'),
  })
  .strict()
  .readonly();
export type UploadChunk = z.infer<typeof uploadChunk>;
const uploadFinish = z.object({ upload: uploadId, name: z.string().min(1).max(200) }).strict().readonly();
export type UploadFinish = z.infer<typeof uploadFinish>;

const sweepId = z.string().regex(/^sweep-[A-Za-z0-9-]{1,64}$/, 'expected a sweep id such as sweep-1');
const settingValue: z.ZodType<SettingValue> = z.lazy(() => z.union([z.number(), z.string().max(200), z.boolean(), z.null(), z.record(settingValue)]));
/** A setting's values, as sweepSpec's Domain: a list, or a range in steps. */
const sweepDomain = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('list'), values: z.array(settingValue).min(1).max(1000).readonly() }).strict(),
  z.object({ kind: z.literal('range'), from: z.number().finite(), to: z.number().finite(), steps: count(1000), scale: z.enum(['linear', 'log']) }).strict(),
]);
const sweepRequest = z
  .object({
    document: graphDocument,
    /** The settings varied (`dropout_1.rate`, `training.learningRate`), as sweepSpec's Dimension; none for a book table. */
    dimensions: z
      .array(z.object({ path: z.string().min(1).max(200), domain: sweepDomain }).strict().readonly())
      .min(1)
      .max(20)
      .readonly()
      .optional(),
    /** A grid by default. */
    search: z.discriminatedUnion('kind', [z.object({ kind: z.literal('grid') }).strict(), z.object({ kind: z.literal('random'), trials: count(10_000), seed }).strict()]).optional(),
    /** One of the book's tables (core/experiments/book.ts): its rows are the trials, on the document made as the table needs it (`bookBase`). */
    book: z.enum(BOOK_TABLE_IDS as [string, ...string[]]).optional(),
    /** Every trial's epochs and batch size (else the graph's own). */
    epochs: count(10_000).optional(),
    batchSize: count(65_536).optional(),
    limit: count(10_000_000).optional(),
    testLimit: count(10_000_000).optional(),
    backend: z.enum(BACKENDS).optional(),
    seed: seed.optional(),
  })
  .strict()
  .readonly()
  .superRefine((r, ctx) => {
    if (r.book === undefined && r.dimensions === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['dimensions'], message: 'say what to vary (dimensions), or name a book table (book)' });
    if (r.book !== undefined && (r.dimensions !== undefined || r.search !== undefined)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['book'], message: 'a book table sweeps its own rows; leave out dimensions and search' });
  });
export type SweepRequest = z.infer<typeof sweepRequest>;

const split = z.enum(['train', 'test']);
const datasetName = z.enum(DATASETS);
const sampleCount = count(400);

const KiB = 1024;
/** A call carrying a graph document (at most 20 MB of nodes), the largest a transport takes. */
export const DOCUMENT_CALL_BYTES = 32 * KiB * KiB;
export { DEFAULT_CALL_BYTES } from './service';

/**
 * The engine's service, as the UI sees it: one entry per method, its argument schema and
 * what it answers. Electron's IPC (preload + main) and the browser host's WebSocket are two
 * transports of it; both check every call with these schemas before the engine sees it.
 * Documents are checked fully by the engine's loader.
 */
export const ENGINE_SERVICE = defineService('API', {
  engineInfo: method(z.tuple([]), returns<EngineInfo>()),
  /** Starts a job under the caller's job id; its events carry that id. */
  startTraining: method(z.tuple([trainRequest]), returns<{ jobId: string }>(), { maxCallBytes: DOCUMENT_CALL_BYTES }),
  stopTraining: method(z.tuple([jobId]), returns<void>()),
  listRuns: method(z.tuple([]), returns<RunSummary[]>()),
  getRun: method(z.tuple([runId]), returns<RunRecord>()),
  deleteRun: method(z.tuple([runId]), returns<void>()),
  /** Renames a run or changes its notes; answers its new summary. */
  updateRun: method(z.tuple([runId, runChanges]), returns<RunSummary>(), { maxCallBytes: 128 * KiB }),
  predict: method(z.tuple([predictRequest]), returns<Prediction>(), { maxCallBytes: 64 * KiB }),
  /** Sets up a sweep (every trial's graph checked first) and starts its trials one after another; answers its state. */
  startSweep: method(z.tuple([sweepRequest]), returns<SweepState>(), { maxCallBytes: DOCUMENT_CALL_BYTES }),
  /** Every saved sweep, newest first, as it stands now. */
  listSweeps: method(z.tuple([]), returns<SweepState[]>()),
  getSweep: method(z.tuple([sweepId]), returns<SweepState>()),
  /** Starts no new trial; the running one finishes. */
  pauseSweep: method(z.tuple([sweepId]), returns<SweepState>()),
  /** Stops the running trial too; it runs again on resume. */
  stopSweep: method(z.tuple([sweepId]), returns<SweepState>()),
  /** Runs a paused, stopped or interrupted sweep's trials not yet done (after a restart too). */
  resumeSweep: method(z.tuple([sweepId]), returns<SweepState>()),
  /** The datasets in the engine's data folders (empty where it reads any path it is given). */
  listData: method(z.tuple([]), returns<DataEntry[]>()),
  /** What NetCanvas sees in a dataset (as `netcanvas data`), with a preview; a clear error for data it cannot read. */
  inspectData: method(z.tuple([ownData]), returns<DataReport>(), { maxCallBytes: 256 * KiB }),
  /** One chunk of a dataset sent from a browser to the host, staged until `finishUpload`; answers the bytes of its file received so far. */
  uploadData: method(z.tuple([uploadChunk]), returns<{ received: number }>(), { maxCallBytes: MAX_UPLOAD_CHUNK_CHARS + 16 * KiB }),
  /** Moves a whole upload into the host's data folder (uploads/NAME) in one step; answers its path. */
  finishUpload: method(z.tuple([uploadFinish]), returns<{ path: string }>()),
  /** A picture of own data (a test sample behind a confusion-matrix cell) as a small PNG data: URL. */
  previewPicture: method(z.tuple([dataPath]), returns<string>()),
  /** A dataset's fingerprint now, to compare with the one its graph keeps; a clear error for one that is missing. */
  fingerprintData: method(z.tuple([ownData]), returns<DataFingerprint>(), { maxCallBytes: 256 * KiB }),
  /** Predicts one own-data sample (a table row or a picture) with a run trained on own data. */
  predictSample: method(z.tuple([predictSampleRequest]), returns<OwnPrediction>(), { maxCallBytes: MAX_SAMPLE_PICTURE_CHARS + 64 * KiB }),
  /** The graph as a model file (ONNX) with a run's trained weights, checked against the graph, or fresh ones. */
  exportModel: method(z.tuple([exportModelRequest]), returns<ExportedModel>(), { maxCallBytes: DOCUMENT_CALL_BYTES }),
  /** A model file (ONNX) as a graph whose training starts from the file's weights, kept as a run; a refusal names every operator that does not map. */
  importModel: method(z.tuple([importModelRequest]), returns<ImportedModel>(), { maxCallBytes: MAX_IMPORT_MODEL_CHARS + DEFAULT_CALL_BYTES }),
  /** `count` images of a split, drawn with `seed`, or the ones at `indices`. */
  datasetSample: method(
    z.tuple([datasetName, split, sampleCount, seed, z.array(z.number().int().min(0)).max(400).readonly().optional()]),
    returns<DatasetSample>(),
  ),
});

export type ApiMethod = (typeof ENGINE_SERVICE.names)[number];

/** The engine's service, as the UI sees it. Every method returns a promise. */
export type NetCanvasApi = ServiceApi<typeof ENGINE_SERVICE.methods> & {
  /** Listens to training events; returns a function that stops listening. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
};

export const API_METHODS = ENGINE_SERVICE.names;

export { ApiError };

/** Checks a call that arrived over a transport and runs it on the engine (see `dispatchServiceCall`). */
export function dispatchApiCall(api: NetCanvasApi, name: unknown, args: unknown): Promise<unknown> {
  return dispatchServiceCall(ENGINE_SERVICE, api, name, args);
}

/**
 * The largest call to `name` a byte-counting transport accepts (see `maxCallBytes` in the
 * service's entries); an unknown name gets the default, and dispatch refuses it by name.
 */
export function maxCallBytes(name: string): number {
  return serviceCallBytes(ENGINE_SERVICE, name);
}

/** A fresh job id for `startTraining`: `job-` and 24 random hex digits. */
export function newJobId(): string {
  // Web Crypto: in browsers (secure context or not) and in Node 20 as a global.
  const { crypto } = globalThis as unknown as { crypto: { getRandomValues(bytes: Uint8Array): Uint8Array } };
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `job-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
