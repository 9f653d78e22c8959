import { z } from 'zod';
import type { GraphDocument } from '../graph/document';
import type { ModelSummary } from '../summary/summary';
import { DATASETS, type DatasetName, type TrainingConfig } from '../training/config';

/**
 * The one API between the UI and the engine. Electron's IPC (preload + main) and the
 * browser host's WebSocket are two transports of this same contract; both check every
 * call's arguments with `API_ARGUMENTS` before the engine sees them.
 */

export const BACKENDS = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

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

export interface TrainRequest {
  readonly document: GraphDocument;
  readonly backend?: BackendName;
  /** Train on the first N training samples only. */
  readonly limit?: number;
  /** Evaluate on the first N test samples only. */
  readonly testLimit?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly seed?: number;
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
  /** Every misclassified test image, most confident first; absent where the engine did not record them. */
  readonly mistakes?: readonly TestMistake[];
}

export type TrainEvent =
  | { readonly type: 'status'; readonly jobId: string; readonly stage: 'loading-data' | 'downloading' | 'compiling' | 'training' | 'testing' | 'saving'; readonly message: string; readonly fraction?: number }
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
  readonly name: string;
  readonly document: GraphDocument;
  readonly training: TrainingConfig;
  readonly backend: BackendName;
  readonly device: string;
  readonly trainSamples: number;
  readonly seconds: number;
  readonly status: 'completed' | 'stopped';
  readonly history: readonly EpochMetrics[];
  readonly test: TestResult | null;
  readonly totalParams: number;
}

export type RunSummary = Pick<RunRecord, 'id' | 'createdAt' | 'name' | 'backend' | 'seconds' | 'status' | 'totalParams' | 'trainSamples'> & {
  readonly optimizer: string;
  readonly epochs: number;
  readonly testAccuracy: number | null;
};

export interface PredictRequest {
  readonly runId: string;
  /** 784 grey values in [0, 1], row by row, white ink on black as MNIST. */
  readonly pixels: readonly number[];
  /** Also return every layer's output for this sample. */
  readonly activations?: boolean;
}

export interface LayerActivation {
  readonly nodeId: string;
  readonly shape: readonly number[];
  /** Values, at most 16,384 of them (the first ones for larger outputs). */
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

export type ApiEvent = TrainEvent;

/** The engine's service, as the UI sees it. Every method returns a promise. */
export interface NetCanvasApi {
  engineInfo(): Promise<EngineInfo>;
  startTraining(request: TrainRequest): Promise<{ jobId: string }>;
  stopTraining(jobId: string): Promise<void>;
  listRuns(): Promise<RunSummary[]>;
  getRun(runId: string): Promise<RunRecord>;
  deleteRun(runId: string): Promise<void>;
  predict(request: PredictRequest): Promise<Prediction>;
  datasetSample(dataset: DatasetName, split: 'train' | 'test', count: number, seed: number, indices?: number[]): Promise<DatasetSample>;
  /** Listens to training events; returns a function that stops listening. */
  onEvent(listener: (event: ApiEvent) => void): () => void;
}

export type ApiMethod = Exclude<keyof NetCanvasApi, 'onEvent'>;

const jobId = z.string().regex(/^job-[A-Za-z0-9-]{1,64}$/, 'expected a job id such as job-1');
const runId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,80}$/, 'expected a run id (letters, digits, - and _)');
const count = (max: number) => z.number().int().min(1).max(max);

/** The argument checks every transport applies before calling the engine. Documents are checked fully by the engine's loader. */
export const API_ARGUMENTS: Record<ApiMethod, z.ZodTypeAny> = {
  engineInfo: z.tuple([]),
  startTraining: z.tuple([
    z
      .object({
        document: z.object({ format: z.literal('netcanvas-graph') }).passthrough(),
        backend: z.enum(BACKENDS).optional(),
        limit: count(10_000_000).optional(),
        testLimit: count(10_000_000).optional(),
        epochs: count(10_000).optional(),
        batchSize: count(65_536).optional(),
        seed: z.number().int().min(0).max(2 ** 31).optional(),
      })
      .strict(),
  ]),
  stopTraining: z.tuple([jobId]),
  listRuns: z.tuple([]),
  getRun: z.tuple([runId]),
  deleteRun: z.tuple([runId]),
  predict: z.tuple([
    z
      .object({
        runId,
        pixels: z.array(z.number().min(0).max(1)).length(784),
        activations: z.boolean().optional(),
      })
      .strict(),
  ]),
  datasetSample: z.union([
    z.tuple([z.enum(DATASETS), z.enum(['train', 'test']), count(400), z.number().int().min(0).max(2 ** 31)]),
    z.tuple([z.enum(DATASETS), z.enum(['train', 'test']), count(400), z.number().int().min(0).max(2 ** 31), z.array(z.number().int().min(0)).max(400)]),
  ]),
};

export const API_METHODS = Object.keys(API_ARGUMENTS) as ApiMethod[];

export class ApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Checks a call that arrived over a transport and runs it on the engine. Unknown
 * methods and bad arguments are refused with a message that names them.
 */
export async function dispatchApiCall(api: NetCanvasApi, method: unknown, args: unknown): Promise<unknown> {
  if (typeof method !== 'string' || !(API_METHODS as string[]).includes(method)) {
    throw new ApiError(`Unknown API method ${JSON.stringify(method)}; known: ${API_METHODS.join(', ')}`);
  }
  const parsed = API_ARGUMENTS[method as ApiMethod].safeParse(args);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first.path.length ? `argument ${first.path.join('.')}` : 'arguments';
    throw new ApiError(`${method}: ${where}: ${first.message}`);
  }
  const fn = api[method as ApiMethod] as (...a: unknown[]) => Promise<unknown>;
  return fn.apply(api, parsed.data as unknown[]);
}
