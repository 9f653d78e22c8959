import type { SweepState } from '../../src/core/experiments/sweepState';
import { emptyDocument } from '../../src/core/graph/document';
import type { ApiEvent, DatasetSample, NetCanvasApi } from '../../src/core/api/contract';

/**
 * A stand-in engine for transport tests: it records every call that reached it (after the
 * transport's checks) and emits events on demand. The real engine has its own tests; these
 * ask only whether a transport carries calls, answers, errors and events faithfully.
 * `eventsOnStart` gives events it sends from inside startTraining, before answering.
 */
/** The sweep state the stand-in answers (one pending trial). */
export const sweepState: SweepState = {
  format: 'netcanvas-sweep',
  version: 1,
  id: 'sweep-1',
  createdAt: new Date(0).toISOString(),
  name: 'test',
  base: emptyDocument('test'),
  job: {},
  status: 'running',
  trials: [{ trial: 1, settings: [['dropout_1.rate', 0.3]], status: 'pending' }],
};

export function recordingApi(options: { readonly eventsOnStart?: (jobId: string) => ApiEvent[] } = {}) {
  const calls: { method: string; args: unknown[] }[] = [];
  const listeners = new Set<(event: ApiEvent) => void>();
  const record = (method: string, args: unknown[]) => calls.push({ method, args });
  const api: NetCanvasApi = {
    async engineInfo() {
      record('engineInfo', []);
      return { version: 'test', backends: [{ name: 'cpu', available: true, device: 'CPU' }], defaultBackend: 'cpu', datasets: [] };
    },
    async startTraining(request) {
      record('startTraining', [request]);
      // As the real engine may: a job's first events can come before startTraining answers.
      for (const event of options.eventsOnStart?.(request.jobId) ?? []) listeners.forEach((listener) => listener(event));
      return { jobId: request.jobId };
    },
    async stopTraining(jobId) {
      record('stopTraining', [jobId]);
    },
    async listRuns() {
      record('listRuns', []);
      return [];
    },
    async getRun(runId) {
      record('getRun', [runId]);
      throw new Error(`No run is called '${runId}'`);
    },
    async deleteRun(runId) {
      record('deleteRun', [runId]);
    },
    async updateRun(runId, changes) {
      record('updateRun', [runId, changes]);
      throw new Error(`No run is called '${runId}'`);
    },
    async predict(request) {
      record('predict', [request]);
      return { predictedClass: 3, probabilities: Array.from({ length: 10 }, (_, i) => (i === 3 ? 0.91 : 0.01)) };
    },
    async startSweep(request) {
      record('startSweep', [request]);
      return { ...sweepState, base: request.document };
    },
    async listSweeps() {
      record('listSweeps', []);
      return [];
    },
    async getSweep(id) {
      record('getSweep', [id]);
      throw new Error(`There is no sweep '${id}'`);
    },
    async pauseSweep(id) {
      record('pauseSweep', [id]);
      return { ...sweepState, id, status: 'paused' };
    },
    async stopSweep(id) {
      record('stopSweep', [id]);
      return { ...sweepState, id, status: 'stopped' };
    },
    async resumeSweep(id) {
      record('resumeSweep', [id]);
      return { ...sweepState, id };
    },
    async listData() {
      record('listData', []);
      return [{ path: '/data/iris.csv', name: 'iris.csv', root: '/data', kind: 'table', bytes: 4551 }];
    },
    async inspectData(data) {
      record('inspectData', [data]);
      throw new Error(`${data.path}: not found`);
    },
    async uploadData(chunk) {
      record('uploadData', [chunk]);
      return { received: chunk.offset + Math.floor((chunk.chunk.length * 3) / 4) };
    },
    async finishUpload(request) {
      record('finishUpload', [request]);
      return { path: `/data/uploads/${request.name}` };
    },
    async previewPicture(file) {
      record('previewPicture', [file]);
      return 'data:image/png;base64,AAAA';
    },
    async fingerprintData(data) {
      record('fingerprintData', [data]);
      return { bytes: 4551, files: 1, sha256: '0'.repeat(64) };
    },
    async predictSample(request) {
      record('predictSample', [request]);
      return { value: 1.5 };
    },
    async exportModel(request) {
      record('exportModel', [request]);
      return { base64: 'AAAA', bytes: 3, metadata: [{ key: 'netcanvas.graph', value: 'MNIST MLP' }] };
    },
    async importModel(request) {
      record('importModel', [request]);
      return { document: emptyDocument(request.name.replace(/\.onnx$/i, '')), runId: 'run-imported', notes: [] };
    },
    async datasetSample(dataset, split, count, seed, indices) {
      record('datasetSample', [dataset, split, count, seed, indices]);
      const sample: DatasetSample = {
        dataset,
        split,
        images: Array.from({ length: count }, (_, i) => Array.from({ length: 784 }, (_, p) => (p + i + seed) % 256)),
        labels: Array.from({ length: count }, (_, i) => i % 10),
        indices: indices ?? Array.from({ length: count }, (_, i) => i),
        trainCounts: Array(10).fill(6000),
        testCounts: Array(10).fill(1000),
      };
      return sample;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  return {
    api,
    calls,
    emit: (event: ApiEvent) => listeners.forEach((listener) => listener(event)),
    get listenerCount() {
      return listeners.size;
    },
  };
}
