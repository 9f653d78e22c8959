import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent, NetCanvasApi } from '../../src/core/api/contract';
import { startHost, type RunningHost } from '../../src/host';
import { createApiClient } from '../../src/renderer/platform/apiClient';
import { SocketTransport, type WebSocketFactory } from '../../src/renderer/platform/socketTransport';
import { fakeRendererBuild } from './hostFixture';
import { recordingApi } from './recordingApi';

const openWs: WebSocketFactory = (url) => new WebSocket(url) as never;

let build: Awaited<ReturnType<typeof fakeRendererBuild>>;
let host: RunningHost;
const engine = recordingApi();

beforeAll(async () => {
  build = await fakeRendererBuild();
  host = await startHost({ runsDir: path.join(build.base, 'runs'), rendererDir: build.root, engine: engine.api });
});
afterAll(async () => {
  await host?.close();
  await build?.remove();
});

const graph = { format: 'netcanvas-graph', version: 2, name: 'm', nodes: [], edges: [] } as never;

describe('the renderer API client over the host socket', () => {
  const cases: { method: keyof NetCanvasApi; call: (api: NetCanvasApi) => Promise<unknown>; received: unknown[]; result: (r: any) => void }[] = [
    { method: 'engineInfo', call: (api) => api.engineInfo(), received: [], result: (r) => expect(r.defaultBackend).toBe('cpu') },
    { method: 'startTraining', call: (api) => api.startTraining({ jobId: 'job-7', document: graph, epochs: 2, limit: 512 }), received: [{ jobId: 'job-7', document: graph, epochs: 2, limit: 512 }], result: (r) => expect(r).toEqual({ jobId: 'job-7' }) },
    { method: 'stopTraining', call: (api) => api.stopTraining('job-7'), received: ['job-7'], result: (r) => expect(r).toBeUndefined() },
    { method: 'listRuns', call: (api) => api.listRuns(), received: [], result: (r) => expect(r).toEqual([]) },
    { method: 'deleteRun', call: (api) => api.deleteRun('run-1'), received: ['run-1'], result: (r) => expect(r).toBeUndefined() },
    { method: 'predict', call: (api) => api.predict({ runId: 'run-1', pixels: Array(784).fill(0) }), received: [{ runId: 'run-1', pixels: Array(784).fill(0) }], result: (r) => expect(r.predictedClass).toBe(3) },
    { method: 'datasetSample', call: (api) => api.datasetSample('mnist', 'train', 2, 9), received: ['mnist', 'train', 2, 9, undefined], result: (r) => expect(r.images).toHaveLength(2) },
    { method: 'datasetSample', call: (api) => api.datasetSample('mnist', 'test', 2, 9, [5, 6]), received: ['mnist', 'test', 2, 9, [5, 6]], result: (r) => expect(r.indices).toEqual([5, 6]) },
  ];
  it.each(cases)('$method reaches the engine with its arguments and returns its answer', async ({ method, call, received, result }) => {
    const transport = new SocketTransport(`ws://127.0.0.1:${host.port}/api`, openWs);
    const before = engine.calls.length;
    result(await call(createApiClient(transport)));
    expect(engine.calls.slice(before)).toEqual([{ method, args: received }]);
    transport.close();
  });

  it('queues calls made before the socket opens and matches each answer to its call', async () => {
    const transport = new SocketTransport(`ws://127.0.0.1:${host.port}/api`, openWs);
    const api = createApiClient(transport);
    const answers = await Promise.allSettled([api.engineInfo(), api.getRun('run-x'), api.datasetSample('mnist', 'train', 1, 1), api.stopTraining('bad id')]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((answers[1] as PromiseRejectedResult).reason.message).toBe("No run is called 'run-x'");
    expect((answers[3] as PromiseRejectedResult).reason.message).toBe('stopTraining: argument 0: expected a job id such as job-1');
    transport.close();
  });

  it('delivers events to listeners until they stop listening', async () => {
    const transport = new SocketTransport(`ws://127.0.0.1:${host.port}/api`, openWs);
    const api = createApiClient(transport);
    const seen: ApiEvent[] = [];
    const stop = api.onEvent((event) => seen.push(event));
    await api.listRuns(); // the socket is open once a call has been answered
    const event: ApiEvent = { type: 'done', jobId: 'job-2', status: 'stopped', runId: null };
    engine.emit(event);
    await api.listRuns();
    expect(seen).toEqual([event]);
    stop();
    engine.emit(event);
    await api.listRuns();
    expect(seen).toHaveLength(1);
    transport.close();
  });
});

describe('when the host goes away', () => {
  it('fails calls with a message that says so, then reconnects when the host is back', async () => {
    const own = recordingApi();
    const first = await startHost({ runsDir: build.base, rendererDir: build.root, engine: own.api });
    const port = first.port;
    const transport = new SocketTransport(`ws://127.0.0.1:${port}/api?token=s3cr3t-s3cr3t-s3cr3t`, openWs, 50);
    const api = createApiClient(transport);
    const seen: ApiEvent[] = [];
    api.onEvent((event) => seen.push(event));
    await api.listRuns();

    await first.close();
    // A call racing the close may see the old socket drop; the next finds no host.
    await expect(api.listRuns()).rejects.toThrow(/^listRuns: (The connection to the NetCanvas host was lost|Cannot reach)/);
    await expect(api.listRuns()).rejects.toThrow(
      `listRuns: Cannot reach the NetCanvas host at ws://127.0.0.1:${port}/api?token=…; is it running, and did you open the exact address it printed (with its ?token=…)?`,
    );

    const second = await startHost({ port, runsDir: build.base, rendererDir: build.root, engine: own.api });
    try {
      const back = { type: 'status', jobId: 'job-1', stage: 'training', message: 'back' } as const;
      for (let i = 0; i < 100 && own.listenerCount === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await expect(api.engineInfo()).resolves.toMatchObject({ version: 'test' });
      own.emit(back);
      await api.listRuns();
      expect(seen).toEqual([back]);
    } finally {
      transport.close();
      await second.close();
    }
  });

  it('fails a call in flight when the connection drops', async () => {
    const slow = recordingApi();
    const stuck: NetCanvasApi = { ...slow.api, listRuns: () => new Promise(() => undefined) };
    const own = await startHost({ runsDir: build.base, rendererDir: build.root, engine: stuck });
    const transport = new SocketTransport(`ws://127.0.0.1:${own.port}/api`, openWs);
    const api = createApiClient(transport);
    await api.engineInfo();
    const pending = api.listRuns();
    await own.close();
    await expect(pending).rejects.toThrow('listRuns: The connection to the NetCanvas host was lost; is it still running?');
    transport.close();
  });
});
