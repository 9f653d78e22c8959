import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { API_METHODS, DEFAULT_CALL_BYTES, maxCallBytes } from '../../src/core/api/contract';
import { MAX_FRAME_BYTES } from '../../src/core/api/wire';
import { startHost, type RunningHost } from '../../src/host';
import { conversation, fakeRendererBuild, openSocket } from '../host/hostFixture';
import { recordingApi } from '../host/recordingApi';

let build: Awaited<ReturnType<typeof fakeRendererBuild>>;
let host: RunningHost;
let recorder: ReturnType<typeof recordingApi>;
let ws: WebSocket;

beforeAll(async () => {
  build = await fakeRendererBuild();
  recorder = recordingApi();
  host = await startHost({ port: 0, runsDir: path.join(build.base, 'runs'), rendererDir: build.root, engine: recorder.api });
  ws = await openSocket(`ws://127.0.0.1:${host.port}/api`);
});
afterAll(async () => {
  ws?.close();
  await host?.close();
  await build?.remove();
});

/** A call's JSON with `pad` spaces of whitespace inside: as valid as without, only larger. */
const padded = (id: number, method: string, args: unknown[], pad: number) => `{"id":${id},"method":${JSON.stringify(method)},${' '.repeat(pad)}"args":${JSON.stringify(args)}}`;
const pixels = Array(784).fill(0.5);
const doc = { format: 'netcanvas-graph', name: 'big' };

describe('the host limits each call’s size to what it needs', () => {
  const cases = [
    { what: 'a listRuns call of 20 kB is refused, naming its limit', method: 'listRuns', args: [], pad: 20_000, refused: /listRuns: the call is 20,\d{3} bytes; this host takes at most 16,384 for it/ },
    { what: 'a valid predict call made 100 kB with whitespace is refused before the engine sees it', method: 'predict', args: [{ runId: 'r1', pixels }], pad: 100_000, refused: /predict: the call is 10\d,\d{3} bytes; this host takes at most 65,536/ },
    { what: 'a normal predict call (784 values) reaches the engine', method: 'predict', args: [{ runId: 'r1', pixels }], pad: 0, refused: null },
    { what: 'an updateRun with 10,000 characters of notes, escaped to 60 kB, reaches the engine', method: 'updateRun', args: ['r1', { notes: '\u0001'.repeat(10_000) }], pad: 0, refused: null },
    { what: 'a startTraining call of 2 MB (a large document) reaches the engine', method: 'startTraining', args: [{ jobId: 'job-1', document: doc }], pad: 2_000_000, refused: null },
    { what: 'an unknown method of 20 kB is refused by the default limit', method: 'nosuch', args: [], pad: 20_000, refused: /nosuch: the call is .* at most 16,384/ },
  ];
  it.each(cases.map((c, i) => ({ ...c, id: i + 1 })))('$what', async ({ id, method, args, pad, refused }) => {
    const talk = conversation(ws);
    const before = recorder.calls.length;
    talk.send(padded(id, method, args, pad));
    const [reply] = await talk.until(1);
    expect(reply.id).toBe(id);
    if (refused) {
      expect(reply.error?.message).toMatch(refused);
      expect(recorder.calls.length).toBe(before);
    } else {
      expect(recorder.calls.at(-1)?.method).toBe(method);
    }
  });

  it('gives every method a limit no larger than the frame limit, and only documents (training, sweeps, export), upload chunks, model files to import and pictures more than 1 MiB', () => {
    for (const name of API_METHODS) expect(maxCallBytes(name)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    // Documents, an upload's chunk, an ONNX file to import and a picture to predict are the only large calls.
    expect(API_METHODS.filter((n) => maxCallBytes(n) >= 1024 * 1024).sort()).toEqual(['exportModel', 'importModel', 'predictSample', 'startSweep', 'startTraining', 'uploadData']);
    expect(maxCallBytes('constructor')).toBe(DEFAULT_CALL_BYTES);
  });
});

function csp(hostHeader: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: hostHeader } }, (res) => {
      res.resume();
      resolve(String(res.headers['content-security-policy']));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the page’s connect-src names this host’s own socket, never the request’s Host header', () => {
  it.each(['evil.example', `evil.example:${'1'}`, 'attacker.test:80'])('Host: %s', async (name) => {
    const policy = await csp(name);
    const connect = /connect-src ([^;]*)/.exec(policy)![1].split(' ');
    expect(connect).toContain(`ws://127.0.0.1:${host.port}`);
    expect(connect).toContain(`ws://localhost:${host.port}`);
    expect(connect.filter((s) => /evil|attacker/.test(s))).toEqual([]);
  });
});
