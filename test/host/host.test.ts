import { request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../src/core/api/contract';
import { HostError, startHost, type RunningHost } from '../../src/host';
import { conversation, fakeRendererBuild, openSocket } from './hostFixture';
import { recordingApi } from './recordingApi';

/** A raw GET, so paths reach the server exactly as written (no client-side `..` folding). */
function get(port: number, rawPath: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

let build: Awaited<ReturnType<typeof fakeRendererBuild>>;
let host: RunningHost;
const engine = recordingApi();

beforeAll(async () => {
  build = await fakeRendererBuild();
  host = await startHost({ port: 0, runsDir: path.join(build.base, 'runs'), rendererDir: build.root, engine: engine.api });
});
afterAll(async () => {
  await host?.close();
  await build?.remove();
});

describe('startHost', () => {
  it('listens on 127.0.0.1 with an OS-assigned port, and says where', () => {
    expect(host.port).toBeGreaterThan(0);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect(host.token).toBeNull();
  });

  const refusals: { name: string; options: () => Parameters<typeof startHost>[0]; message: RegExp }[] = [
    { name: 'a port in use', options: () => ({ port: host.port, runsDir: build.base, rendererDir: build.root, engine: engine.api }), message: new RegExp(`^Port \\d+ on 127.0.0.1 is in use; choose another with --port`) },
    { name: 'a missing renderer build', options: () => ({ runsDir: build.base, rendererDir: path.join(build.base, 'nowhere'), engine: engine.api }), message: /index.html is missing. Run 'npm run build:renderer' first/ },
    { name: 'a port out of range', options: () => ({ port: 70000, runsDir: build.base, rendererDir: build.root, engine: engine.api }), message: /^The port must be a whole number from 0 to 65535, got 70000$/ },
    { name: 'an address not on this machine', options: () => ({ host: '203.0.113.7', runsDir: build.base, rendererDir: build.root, engine: engine.api }), message: /^203.0.113.7 is not an address of this machine$/ },
    { name: 'a short token', options: () => ({ token: 'abc', runsDir: build.base, rendererDir: build.root, engine: engine.api }), message: /access token must be 16 to 128/ },
  ];
  it.each(refusals)('refuses $name with a clear message', async ({ options, message }) => {
    const error = await startHost(options()).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as Error).message).toMatch(message);
  });

  it('frees its port and stops listening to the engine when closed', async () => {
    const probe = recordingApi();
    const second = await startHost({ runsDir: build.base, rendererDir: build.root, engine: probe.api });
    const ws = await openSocket(`ws://127.0.0.1:${second.port}/api`);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    expect(probe.listenerCount).toBe(1);
    await second.close();
    await closed;
    expect(probe.listenerCount).toBe(0);
    await new Promise<void>((resolve, reject) => {
      const server = createServer().once('error', reject).listen(second.port, '127.0.0.1', () => server.close(() => resolve()));
    });
  });
});

describe('static files', () => {
  const files: { path: string; type: string; cache: string; body?: string }[] = [
    { path: '/', type: 'text/html; charset=utf-8', cache: 'no-cache', body: '<!doctype html><title>NetCanvas</title><p>hello</p>\n' },
    { path: '/index.html', type: 'text/html; charset=utf-8', cache: 'no-cache' },
    { path: '/index.html?token=abc#x', type: 'text/html; charset=utf-8', cache: 'no-cache' },
    { path: '/assets/index-4f2a9c.js', type: 'text/javascript; charset=utf-8', cache: 'public, max-age=31536000, immutable', body: 'console.log("app");\n' },
    { path: '/assets/style.css', type: 'text/css; charset=utf-8', cache: 'public, max-age=31536000, immutable' },
    { path: '/tfjs-backend-wasm.wasm', type: 'application/wasm', cache: 'no-cache' },
    { path: '/assets/%69ndex-4f2a9c.js', type: 'text/javascript; charset=utf-8', cache: 'public, max-age=31536000, immutable' },
  ];
  it.each(files)('GET $path → $type, Cache-Control $cache', async ({ path: urlPath, type, cache, body }) => {
    const res = await get(host.port, urlPath);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toBe(cache);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self';");
    expect(res.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    if (body !== undefined) expect(res.body.toString()).toBe(body);
  });

  const outside = [
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets/../../secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/link-out.txt',
    '/.env',
    '/index.html%00.js',
    '/%E0%A4%A',
    '/assets',
    '/missing.js',
  ].map((p) => [p, 404] as const);
  it.each([...outside, ['relative.html', 400] as const])('GET %s → %i, nothing outside the build', async (urlPath, status) => {
    const res = await get(host.port, urlPath);
    expect(res.status).toBe(status);
    expect(res.body.toString()).not.toContain('outside the root');
    expect(res.body.toString()).not.toContain('SECRET');
  });

  it('answers HEAD without a body, 304 to a matching ETag, and 405 to other methods', async () => {
    const head = await get(host.port, '/assets/style.css', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('7');
    expect(head.body.length).toBe(0);
    const again = await get(host.port, '/assets/style.css', { 'If-None-Match': String(head.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const post = await get(host.port, '/index.html', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});

describe('the API over the WebSocket', () => {
  const calls: { name: string; frame: unknown; answer: unknown }[] = [
    { name: 'a call', frame: { id: 1, method: 'engineInfo', args: [] }, answer: { id: 1, result: { version: 'test', backends: [{ name: 'cpu', available: true, device: 'CPU' }], defaultBackend: 'cpu', datasets: [] } } },
    { name: 'a void call', frame: { id: 'a-2', method: 'stopTraining', args: ['job-3'] }, answer: { id: 'a-2' } },
    { name: 'an engine error', frame: { id: 3, method: 'getRun', args: ['run-9'] }, answer: { id: 3, error: { message: "No run is called 'run-9'" } } },
    { name: 'an unknown method', frame: { id: 4, method: 'eval', args: [] }, answer: { id: 4, error: { message: expect.stringMatching(/^Unknown API method "eval"; known: engineInfo, startTraining/) } } },
    { name: 'bad arguments', frame: { id: 5, method: 'stopTraining', args: ['../x'] }, answer: { id: 5, error: { message: 'stopTraining: argument 0: expected a job id such as job-1' } } },
    { name: 'too many arguments', frame: { id: 6, method: 'listRuns', args: [1] }, answer: { id: 6, error: { message: 'listRuns: expected 0 arguments, got 1' } } },
    { name: 'a frame without args', frame: { id: 7, method: 'listRuns' }, answer: { id: 7, error: { message: expect.stringMatching(/^Bad request frame: field 'args': Required/) } } },
    { name: 'a frame with extra fields', frame: { id: 8, method: 'listRuns', args: [], admin: true }, answer: { id: 8, error: { message: expect.stringMatching(/^Bad request frame: message: Unrecognized key/) } } },
    { name: 'a frame that is not JSON', frame: '{"id": 9, "method": ', answer: { id: null, error: { message: 'The message is not valid JSON; expected {"id", "method", "args"}' } } },
    { name: 'a frame with a bad id', frame: { id: { x: 1 }, method: 'listRuns', args: [] }, answer: { id: null, error: { message: expect.stringMatching(/^Bad request frame: field 'id'/) } } },
  ];
  it.each(calls)('answers $name', async ({ frame, answer }) => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api`);
    const talk = conversation(ws);
    talk.send(frame);
    expect((await talk.until(1))[0]).toEqual(answer);
    ws.close();
  });

  it('validates before the engine sees anything', async () => {
    const before = engine.calls.length;
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api`);
    const talk = conversation(ws);
    talk.send({ id: 1, method: 'predict', args: [{ runId: 'r', pixels: [2] }] });
    talk.send({ id: 2, method: 'datasetSample', args: ['cifar', 'train', 1, 0] });
    await talk.until(2);
    expect(talk.received.every((f) => 'error' in f)).toBe(true);
    expect(engine.calls.length).toBe(before);
    ws.close();
  });

  it('sends every engine event to every page', async () => {
    const pages = await Promise.all([openSocket(`ws://127.0.0.1:${host.port}/api`), openSocket(`ws://127.0.0.1:${host.port}/api`)]);
    const talks = pages.map(conversation);
    const events: ApiEvent[] = [
      { type: 'started', jobId: 'job-1', backend: 'cpu', device: 'CPU', epochs: 1, stepsPerEpoch: 2, trainSamples: 64, validationSamples: 0, summary: { name: 'm', rows: [], totalParams: 0, trainableParams: 0, nonTrainableParams: 0, macs: 0, outputShape: [10] } as never },
      { type: 'batch', jobId: 'job-1', epoch: 1, batch: 1, step: 1, loss: 2.3, accuracy: 0.1, samplesPerSecond: 100, elapsed: 0.3, eta: 0.3, fraction: 0.5 },
      { type: 'error', jobId: 'job-1', message: 'out of memory' },
    ];
    events.forEach(engine.emit);
    for (const talk of talks) expect(await talk.until(3)).toEqual(events.map((event) => ({ event })));
    pages.forEach((ws) => ws.close());
  });
});

describe('who may open the API socket', () => {
  const attempts: { name: string; path: string; headers: (port: number) => Record<string, string>; status: number | null }[] = [
    { name: 'a local tool (no Origin)', path: '/api', headers: () => ({}), status: null },
    { name: 'the page this host served', path: '/api', headers: (port) => ({ Origin: `http://127.0.0.1:${port}` }), status: null },
    { name: 'the page as localhost', path: '/api', headers: (port) => ({ Origin: `http://localhost:${port}`, Host: `localhost:${port}` }), status: null },
    { name: 'another web site', path: '/api', headers: () => ({ Origin: 'https://evil.example' }), status: 403 },
    { name: 'another local port', path: '/api', headers: () => ({ Origin: 'http://127.0.0.1:1' }), status: 403 },
    { name: 'a page with an opaque origin', path: '/api', headers: () => ({ Origin: 'null' }), status: 403 },
    { name: 'a DNS-rebound name', path: '/api', headers: (port) => ({ Origin: `http://rebind.example:${port}`, Host: `rebind.example:${port}` }), status: 403 },
    { name: 'another path', path: '/admin', headers: () => ({}), status: 404 },
  ];
  it.each(attempts)('$name → $status', async ({ path: socketPath, headers, status }) => {
    const result = await openSocket(`ws://127.0.0.1:${host.port}${socketPath}`, headers(host.port)).then(
      (ws) => {
        ws.close();
        return null;
      },
      (error: { status?: number }) => error.status ?? -1,
    );
    expect(result).toBe(status);
  });

  it('beyond loopback, needs the token it printed', async () => {
    const remote = await startHost({ host: '0.0.0.0', runsDir: build.base, rendererDir: build.root, engine: engine.api });
    try {
      expect(remote.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(remote.url).toMatch(new RegExp(`^http://[^/]+:${remote.port}/\\?token=${remote.token}$`));
      const base = `ws://127.0.0.1:${remote.port}/api`;
      const refused = async (url: string, headers: Record<string, string> = {}) =>
        openSocket(url, headers).then(
          (ws) => (ws.close(), 'open'),
          (error: Error) => error.message,
        );
      expect(await refused(base)).toBe('HTTP 401: This host needs its access token: open the address it printed, with ?token=…');
      expect(await refused(`${base}?token=${'x'.repeat(43)}`)).toBe('HTTP 401: The access token is wrong');
      expect(await refused(`${base}?token=${remote.token}`, { Origin: 'https://evil.example' })).toMatch(/^HTTP 403: Origin 'https:\/\/evil.example' is not the NetCanvas page/);
      const ws = await openSocket(`${base}?token=${remote.token}`, { Origin: `http://gpu-box.lan:${remote.port}`, Host: `gpu-box.lan:${remote.port}` });
      const talk = conversation(ws);
      talk.send({ id: 1, method: 'listRuns', args: [] });
      expect((await talk.until(1))[0]).toEqual({ id: 1, result: [] });
      ws.close();
      // The page itself is served to anyone who can reach the port; only the API needs the token.
      expect((await get(remote.port, '/')).status).toBe(200);
    } finally {
      await remote.close();
    }
  });
});
