import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_GLOBAL, type NetCanvasBridge } from '../../src/core/api/bridge';
import { API_METHODS, type ApiEvent, type NetCanvasApi } from '../../src/core/api/contract';
import { startHost, type RunningHost } from '../../src/host';
import { forwardEngineEvents, registerIpcHandlers } from '../../src/main/ipcHandlers';
import { ProjectFiles } from '../../src/main/projectFiles';
import { APP_ORIGIN, createSenderCheck } from '../../src/main/senderCheck';
import { createApiClient } from '../../src/renderer/platform/apiClient';
import { createElectronPlatform } from '../../src/renderer/platform/electronPlatform';
import { SocketTransport } from '../../src/renderer/platform/socketTransport';
import { electron, fakeWindow, ipcEvent } from '../main/fakeElectron';
import { fakeRendererBuild } from './hostFixture';
import { recordingApi, sweepState } from './recordingApi';
import { emptyDocument } from '../../src/core/graph/document';

vi.mock('electron', async () => (await import('../main/fakeElectron')).electron);

/**
 * The transport conformance table: the same calls, made through the renderer's one generic
 * client, must reach the engine with the same arguments and come back with the same answers
 * or the same refusals over both transports of the API — Electron IPC (preload → main, with
 * the stand-in for ipcMain/ipcRenderer, which structured-clones as IPC does) and the browser
 * host's real WebSocket (JSON frames). A refused call must not reach the engine.
 */

interface Transport {
  readonly name: string;
  readonly api: NetCanvasApi;
  /** A raw call by name, for methods the client does not have. */
  call(method: string, args: unknown[]): Promise<unknown>;
  readonly engine: ReturnType<typeof recordingApi>;
}

const graph = { format: 'netcanvas-graph', version: 2, name: 'm', nodes: [], edges: [] };
const sweepSpec = { document: graph, dimensions: [{ path: 'dropout_1.rate', domain: { kind: 'list', values: [0.3, 0.45] } }], search: { kind: 'grid' }, epochs: 1, limit: 600 };
const pixels = Array(784).fill(0.25);

type Expected = { readonly value: unknown } | { readonly error: string };

interface Case {
  readonly name: string;
  readonly method: string;
  readonly args: unknown[];
  readonly expected: Expected;
  /** The arguments the engine receives; null when the call must be refused before it. */
  readonly reached: unknown[] | null;
}

const KNOWN = `engineInfo, startTraining, stopTraining, listRuns, getRun, deleteRun, updateRun, predict, startSweep, listSweeps, getSweep, pauseSweep, stopSweep, resumeSweep, listData, inspectData, uploadData, finishUpload, previewPicture, fingerprintData, predictSample, exportModel, importModel, datasetSample`;

const CASES: Case[] = [
  // Calls that reach the engine, and its answers.
  { name: 'engineInfo answers the engine info', method: 'engineInfo', args: [], expected: { value: { version: 'test', backends: [{ name: 'cpu', available: true, device: 'CPU' }], defaultBackend: 'cpu', datasets: [] } }, reached: [] },
  { name: 'startTraining passes the caller’s job id and answers it', method: 'startTraining', args: [{ jobId: 'job-abc123', document: graph, epochs: 2, limit: 512 }], expected: { value: { jobId: 'job-abc123' } }, reached: [{ jobId: 'job-abc123', document: graph, epochs: 2, limit: 512 }] },
  { name: 'stopTraining answers nothing', method: 'stopTraining', args: ['job-7'], expected: { value: undefined }, reached: ['job-7'] },
  { name: 'listRuns answers a list', method: 'listRuns', args: [], expected: { value: [] }, reached: [] },
  { name: 'an engine error comes back as its message', method: 'getRun', args: ['run-2'], expected: { error: "No run is called 'run-2'" }, reached: ['run-2'] },
  { name: 'deleteRun answers nothing', method: 'deleteRun', args: ['run-1'], expected: { value: undefined }, reached: ['run-1'] },
  { name: 'updateRun passes the changes; the engine’s refusal comes back', method: 'updateRun', args: ['run-3', { name: 'Book CNN #2' }], expected: { error: "No run is called 'run-3'" }, reached: ['run-3', { name: 'Book CNN #2' }] },
  { name: 'startSweep passes the spec and answers the sweep state', method: 'startSweep', args: [sweepSpec], expected: { value: { ...sweepState, base: graph } }, reached: [sweepSpec] },
  { name: 'listSweeps answers a list', method: 'listSweeps', args: [], expected: { value: [] }, reached: [] },
  { name: 'getSweep: the engine’s refusal comes back', method: 'getSweep', args: ['sweep-9'], expected: { error: "There is no sweep 'sweep-9'" }, reached: ['sweep-9'] },
  { name: 'pauseSweep answers the paused state', method: 'pauseSweep', args: ['sweep-2'], expected: { value: { ...sweepState, id: 'sweep-2', status: 'paused' } }, reached: ['sweep-2'] },
  { name: 'stopSweep answers the stopped state', method: 'stopSweep', args: ['sweep-2'], expected: { value: { ...sweepState, id: 'sweep-2', status: 'stopped' } }, reached: ['sweep-2'] },
  { name: 'resumeSweep answers the state', method: 'resumeSweep', args: ['sweep-2'], expected: { value: { ...sweepState, id: 'sweep-2' } }, reached: ['sweep-2'] },
  { name: 'predict answers the prediction', method: 'predict', args: [{ runId: 'run-1', pixels }], expected: { value: { predictedClass: 3, probabilities: Array.from({ length: 10 }, (_, i) => (i === 3 ? 0.91 : 0.01)) } }, reached: [{ runId: 'run-1', pixels }] },
  { name: 'datasetSample without indices: the engine sees them undefined', method: 'datasetSample', args: ['mnist', 'train', 1, 9], expected: { value: expect.objectContaining({ indices: [0], labels: [0] }) }, reached: ['mnist', 'train', 1, 9, undefined] },
  { name: 'datasetSample with indices', method: 'datasetSample', args: ['fashion-mnist', 'test', 2, 9, [5, 6]], expected: { value: expect.objectContaining({ dataset: 'fashion-mnist', indices: [5, 6] }) }, reached: ['fashion-mnist', 'test', 2, 9, [5, 6]] },
  { name: 'a trailing undefined optional argument is left off, not sent as null', method: 'datasetSample', args: ['mnist', 'test', 1, 0, undefined], expected: { value: expect.objectContaining({ indices: [0] }) }, reached: ['mnist', 'test', 1, 0, undefined] },

  // Refusals: each names the method and the bad argument, and the engine sees nothing.
  { name: 'an unknown method', method: 'eval', args: [], expected: { error: `Unknown API method "eval"; known: ${KNOWN}` }, reached: null },
  { name: 'a method inherited from Object', method: 'toString', args: [], expected: { error: `Unknown API method "toString"; known: ${KNOWN}` }, reached: null },
  { name: 'an argument for a method that takes none', method: 'engineInfo', args: ['all'], expected: { error: 'engineInfo: expected 0 arguments, got 1' }, reached: null },
  { name: 'too many arguments', method: 'listRuns', args: [1], expected: { error: 'listRuns: expected 0 arguments, got 1' }, reached: null },
  { name: 'too few arguments', method: 'datasetSample', args: ['mnist', 'train', 1], expected: { error: 'datasetSample: expected 4 to 5 arguments, got 3' }, reached: null },
  { name: 'a training request without a job id', method: 'startTraining', args: [{ document: graph }], expected: { error: 'startTraining: argument 0.jobId: Required' }, reached: null },
  { name: 'a job id that is not one', method: 'startTraining', args: [{ jobId: 'job-../../x', document: graph }], expected: { error: 'startTraining: argument 0.jobId: expected a job id such as job-1' }, reached: null },
  { name: 'a document that is not a graph', method: 'startTraining', args: [{ jobId: 'job-1', document: { format: 'keras' } }], expected: { error: 'startTraining: argument 0.document.format: Invalid literal value, expected "netcanvas-graph"' }, reached: null },
  { name: 'an unknown training setting', method: 'startTraining', args: [{ jobId: 'job-1', document: graph, admin: true }], expected: { error: "startTraining: argument 0: Unrecognized key(s) in object: 'admin'" }, reached: null },
  { name: 'an epoch count out of range', method: 'startTraining', args: [{ jobId: 'job-1', document: graph, epochs: 0 }], expected: { error: 'startTraining: argument 0.epochs: Number must be greater than or equal to 1' }, reached: null },
  { name: 'a bad job id to stop', method: 'stopTraining', args: ['rm -rf /'], expected: { error: 'stopTraining: argument 0: expected a job id such as job-1' }, reached: null },
  { name: 'a run id that is a path', method: 'getRun', args: ['../../etc/passwd'], expected: { error: 'getRun: argument 0: expected a run id (letters, digits, - and _)' }, reached: null },
  { name: 'a run id that is not text', method: 'deleteRun', args: [7], expected: { error: 'deleteRun: argument 0: Expected string, received number' }, reached: null },
  { name: 'a run change the contract does not know', method: 'updateRun', args: ['run-3', { colour: 'red' }], expected: { error: "updateRun: argument 1: Unrecognized key(s) in object: 'colour'" }, reached: null },
  { name: 'a sweep id that is not one', method: 'getSweep', args: ['../etc'], expected: { error: 'getSweep: argument 0: expected a sweep id such as sweep-1' }, reached: null },
  { name: 'a sweep spec with nothing varied', method: 'startSweep', args: [{ ...sweepSpec, dimensions: [] }], expected: { error: 'startSweep: argument 0.dimensions: Array must contain at least 1 element(s)' }, reached: null },
  { name: 'a sweep spec with a key the contract does not know', method: 'startSweep', args: [{ ...sweepSpec, parallel: 2 }], expected: { error: "startSweep: argument 0: Unrecognized key(s) in object: 'parallel'" }, reached: null },
  { name: 'a range with no steps', method: 'startSweep', args: [{ ...sweepSpec, dimensions: [{ path: 'training.learningRate', domain: { kind: 'range', from: 0.1, to: 1, steps: 0, scale: 'log' } }] }], expected: { error: 'startSweep: argument 0.dimensions.0.domain.steps: Number must be greater than or equal to 1' }, reached: null },
  { name: 'an argument for listSweeps, which takes none', method: 'listSweeps', args: ['all'], expected: { error: 'listSweeps: expected 0 arguments, got 1' }, reached: null },
  { name: 'pauseSweep without a sweep id', method: 'pauseSweep', args: [], expected: { error: 'pauseSweep: expected 1 argument, got 0' }, reached: null },
  { name: 'stopSweep with a run id for a sweep id', method: 'stopSweep', args: ['run-1'], expected: { error: 'stopSweep: argument 0: expected a sweep id such as sweep-1' }, reached: null },
  { name: 'resumeSweep with a number', method: 'resumeSweep', args: [3], expected: { error: 'resumeSweep: argument 0: Expected string, received number' }, reached: null },
  { name: 'too few pixels', method: 'predict', args: [{ runId: 'run-1', pixels: [0.5] }], expected: { error: 'predict: argument 0.pixels: Array must contain exactly 784 element(s)' }, reached: null },
  { name: 'a pixel out of range', method: 'predict', args: [{ runId: 'run-1', pixels: [...pixels.slice(1), 2] }], expected: { error: 'predict: argument 0.pixels.783: Number must be less than or equal to 1' }, reached: null },
  { name: 'an unknown dataset', method: 'datasetSample', args: ['cifar', 'train', 1, 0], expected: { error: "datasetSample: argument 0: Invalid enum value. Expected 'mnist' | 'fashion-mnist', received 'cifar'" }, reached: null },
  { name: 'listData answers the entries', method: 'listData', args: [], expected: { value: [{ path: '/data/iris.csv', name: 'iris.csv', root: '/data', kind: 'table', bytes: 4551 }] }, reached: [] },
  { name: 'listData takes no arguments', method: 'listData', args: ['/etc'], expected: { error: expect.stringContaining('listData') }, reached: null },
  { name: 'inspectData passes the path and target; the engine’s refusal comes back', method: 'inspectData', args: [{ path: '/data/x.csv', target: 'y' }], expected: { error: '/data/x.csv: not found' }, reached: [{ path: '/data/x.csv', target: 'y' }] },
  { name: 'inspectData refuses an unknown field', method: 'inspectData', args: [{ path: '/data/x.csv', columns: [] }], expected: { error: expect.stringContaining("Unrecognized key(s) in object: 'columns'") }, reached: null },
  { name: 'fingerprintData passes the path and the choices', method: 'fingerprintData', args: [{ path: '/data/iris.csv', types: [['species', 'category']], missing: 'drop' }], expected: { value: { bytes: 4551, files: 1, sha256: '0'.repeat(64) } }, reached: [{ path: '/data/iris.csv', types: [['species', 'category']], missing: 'drop' }] },
  { name: 'fingerprintData refuses a column type that is not one', method: 'fingerprintData', args: [{ path: '/data/iris.csv', types: [['species', 'text']] }], expected: { error: expect.stringContaining("Invalid enum value. Expected 'number' | 'category' | 'boolean', received 'text'") }, reached: null },
  { name: 'uploadData passes a chunk', method: 'uploadData', args: [{ upload: 'upload-0123abcd', file: 'iris.csv', offset: 0, total: 3, chunk: 'YWJj' }], expected: { value: { received: 3 } }, reached: [{ upload: 'upload-0123abcd', file: 'iris.csv', offset: 0, total: 3, chunk: 'YWJj' }] },
  { name: 'uploadData refuses an upload id that is not one', method: 'uploadData', args: [{ upload: '../x', file: 'iris.csv', offset: 0, total: 3, chunk: 'YWJj' }], expected: { error: expect.stringContaining('expected an upload id') }, reached: null },
  { name: 'finishUpload passes the name', method: 'finishUpload', args: [{ upload: 'upload-0123abcd', name: 'iris.csv' }], expected: { value: { path: '/data/uploads/iris.csv' } }, reached: [{ upload: 'upload-0123abcd', name: 'iris.csv' }] },
  { name: 'finishUpload refuses an unknown field', method: 'finishUpload', args: [{ upload: 'upload-0123abcd', name: 'x', path: '/etc' }], expected: { error: expect.stringContaining('Unrecognized key') }, reached: null },
  { name: 'previewPicture passes the path', method: 'previewPicture', args: ['/data/digits/test/seven/1.png'], expected: { value: 'data:image/png;base64,AAAA' }, reached: ['/data/digits/test/seven/1.png'] },
  { name: 'previewPicture refuses a path with a NUL', method: 'previewPicture', args: ['/data/a\0.png'], expected: { error: expect.stringContaining('a path has no NUL characters') }, reached: null },
  { name: 'predictSample passes a row', method: 'predictSample', args: [{ runId: 'run-1', row: ['5.1', '3.5'] }], expected: { value: { value: 1.5 } }, reached: [{ runId: 'run-1', row: ['5.1', '3.5'] }] },
  { name: 'predictSample refuses both a row and a picture', method: 'predictSample', args: [{ runId: 'run-1', row: ['1'], picture: 'AAAA' }], expected: { error: expect.stringContaining('give either a row or a picture') }, reached: null },
  { name: 'predictSample refuses a picture that is not base64', method: 'predictSample', args: [{ runId: 'run-1', picture: 'not base64!' }], expected: { error: expect.stringContaining('expected base64') }, reached: null },
  { name: 'exportModel passes the graph, format and run', method: 'exportModel', args: [{ document: graph, format: 'onnx', runId: 'run-1' }], expected: { value: { base64: 'AAAA', bytes: 3, metadata: [{ key: 'netcanvas.graph', value: 'MNIST MLP' }] } }, reached: [{ document: graph, format: 'onnx', runId: 'run-1' }] },
  { name: 'exportModel refuses a format the engine does not write', method: 'exportModel', args: [{ document: graph, format: 'ts' }], expected: { error: expect.stringContaining("Expected 'onnx'") }, reached: null },
  { name: 'importModel passes the file and answers the imported graph', method: 'importModel', args: [{ name: 'net.onnx', base64: 'CAc=' }], expected: { value: { document: emptyDocument('net'), runId: 'run-imported', notes: [] } }, reached: [{ name: 'net.onnx', base64: 'CAc=' }] },
  { name: 'importModel refuses a file that is not named .onnx', method: 'importModel', args: [{ name: 'net.h5', base64: 'CAc=' }], expected: { error: expect.stringContaining('expected an .onnx file name') }, reached: null },
  { name: 'importModel refuses a file over 16 MiB', method: 'importModel', args: [{ name: 'big.onnx', base64: 'A'.repeat(Math.ceil((16 * 1024 * 1024) / 3) * 4 + 4) }], expected: { error: expect.stringContaining('a model file of at most 16 MiB') }, reached: null },
  { name: 'importModel refuses bytes that are not base64', method: 'importModel', args: [{ name: 'net.onnx', base64: 'not base64!' }], expected: { error: expect.stringContaining('expected base64') }, reached: null },
  { name: 'exportModel refuses a run id that is not one', method: 'exportModel', args: [{ document: graph, format: 'onnx', runId: '../run' }], expected: { error: expect.stringContaining('expected a run id') }, reached: null },
  { name: 'too many samples', method: 'datasetSample', args: ['mnist', 'train', 401, 0], expected: { error: 'datasetSample: argument 2: Number must be less than or equal to 400' }, reached: null },
  { name: 'indices that are not a list', method: 'datasetSample', args: ['mnist', 'train', 1, 0, 'all'], expected: { error: 'datasetSample: argument 4: Expected array, received string' }, reached: null },
];

async function electronTransport(dir: string): Promise<Transport> {
  const engine = recordingApi();
  const win = fakeWindow();
  (win.window.webContents as { send: unknown }).send = (channel: string, value: unknown) => electron.deliverToPage(channel, value);
  const currentWindow = () => win.window as never;
  registerIpcHandlers({ engine: engine.api, files: new ProjectFiles(dir, currentWindow, () => dir), isTrustedSender: createSenderCheck(currentWindow, APP_ORIGIN) });
  forwardEngineEvents(engine.api, currentWindow);
  electron.state.pageEvent = ipcEvent(win.window.webContents, `${APP_ORIGIN}/index.html`);
  await import('../../src/preload/index');
  const bridge = electron.exposed.get(BRIDGE_GLOBAL) as NetCanvasBridge;
  const platform = createElectronPlatform(bridge);
  return {
    name: 'Electron IPC',
    api: platform.api,
    engine,
    call: async (method, args) => {
      const answer = await bridge.call('engine', method, args);
      if (!answer.ok) throw new Error(answer.message);
      return answer.value;
    },
  };
}

function socketTransport(host: RunningHost, engine: ReturnType<typeof recordingApi>): Transport & { close(): void } {
  const transport = new SocketTransport(`ws://127.0.0.1:${host.port}/api`, (url) => new WebSocket(url) as never);
  return { name: 'WebSocket host', api: createApiClient(transport), engine, call: (method, args) => transport.call(method as never, args), close: () => transport.close() };
}

let dir: string;
let build: Awaited<ReturnType<typeof fakeRendererBuild>>;
let host: RunningHost;
const transports: Transport[] = [];
let socket: ReturnType<typeof socketTransport>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'netcanvas-conformance-'));
  build = await fakeRendererBuild();
  const hostEngine = recordingApi();
  host = await startHost({ runsDir: path.join(build.base, 'runs'), rendererDir: build.root, engine: hostEngine.api });
  socket = socketTransport(host, hostEngine);
  transports.push(await electronTransport(dir), socket);
});
afterAll(async () => {
  socket?.close();
  await host?.close();
  await build?.remove();
  await rm(dir, { recursive: true, force: true });
});

/** Calls through the generic client where it has the method, else raw; settles to the expected shape. */
async function settle(transport: Transport, method: string, args: unknown[]): Promise<Expected> {
  const known = (API_METHODS as readonly string[]).includes(method);
  const run = known ? (transport.api[method as keyof NetCanvasApi] as (...a: unknown[]) => Promise<unknown>)(...args) : transport.call(method, args);
  return run.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
}

describe.each(['Electron IPC', 'WebSocket host'])('the API over %s', (name) => {
  const transport = () => transports.find((t) => t.name === name)!;

  it.each(CASES)('$name', async ({ method, args, expected, reached }) => {
    const { engine } = transport();
    const before = engine.calls.length;
    expect(await settle(transport(), method, args)).toEqual(expected);
    expect(engine.calls.slice(before)).toEqual(reached === null ? [] : [{ method, args: reached }]);
  });

  it('delivers the engine’s events, in order, until the listener stops', async () => {
    const { api, engine } = transport();
    const seen: ApiEvent[] = [];
    const stop = api.onEvent((event) => seen.push(event));
    await api.listRuns(); // the socket is open once a call has been answered
    const events: ApiEvent[] = [
      { type: 'status', jobId: 'job-1', stage: 'compiling', message: 'Compiling' },
      { type: 'epoch', jobId: 'job-1', epoch: 1, loss: 0.3, accuracy: 0.9, valLoss: null, valAccuracy: null, samplesPerSecond: 5000, seconds: 12, elapsed: 12, eta: 0 },
      { type: 'done', jobId: 'job-1', status: 'completed', runId: 'run-1' },
    ];
    events.forEach(engine.emit);
    await api.listRuns();
    stop();
    engine.emit(events[0]);
    await api.listRuns();
    expect(seen).toEqual(events);
  });
});

describe('the table', () => {
  it('covers every method of the API, each with a call that reaches the engine and one that is refused', () => {
    for (const method of API_METHODS) {
      expect(CASES.some((c) => c.method === method && c.reached !== null), `${method} reached`).toBe(true);
      expect(CASES.some((c) => c.method === method && c.reached === null), `${method} refused`).toBe(true);
    }
  });
});
