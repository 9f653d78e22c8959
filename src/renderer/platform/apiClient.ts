import type { ApiEvent, ApiMethod, DatasetSample, EngineInfo, NetCanvasApi, Prediction, RunRecord, RunSummary } from '../../core/api/contract';

/** A way to reach the engine: one call of the API contract, and the stream of its events. */
export interface ApiTransport {
  call(method: ApiMethod, args: readonly unknown[]): Promise<unknown>;
  /** Returns a function that stops listening. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

/** The engine's API over a transport: each method becomes one call with its arguments as a list. */
export function createApiClient(transport: ApiTransport): NetCanvasApi {
  const call = <T>(method: ApiMethod, args: readonly unknown[]) => transport.call(method, args) as Promise<T>;
  return {
    engineInfo: () => call<EngineInfo>('engineInfo', []),
    startTraining: (request) => call<{ jobId: string }>('startTraining', [request]),
    stopTraining: (jobId) => call<void>('stopTraining', [jobId]),
    listRuns: () => call<RunSummary[]>('listRuns', []),
    getRun: (runId) => call<RunRecord>('getRun', [runId]),
    deleteRun: (runId) => call<void>('deleteRun', [runId]),
    predict: (request) => call<Prediction>('predict', [request]),
    datasetSample: (dataset, split, count, seed, indices) =>
      call<DatasetSample>('datasetSample', indices === undefined ? [dataset, split, count, seed] : [dataset, split, count, seed, indices]),
    onEvent: (listener) => transport.subscribe(listener),
  };
}
