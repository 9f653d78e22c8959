import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../src/host';
import { fakeRendererBuild } from '../host/hostFixture';
import { recordingApi } from '../host/recordingApi';

let build: Awaited<ReturnType<typeof fakeRendererBuild>>;
let host: RunningHost;
let tokenHost: RunningHost;

/** Errors that reached the process: before the fix, one reset socket put one here and ended the host. */
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  build = await fakeRendererBuild();
  host = await startHost({ port: 0, runsDir: path.join(build.base, 'runs'), rendererDir: build.root, engine: recordingApi().api });
  tokenHost = await startHost({ port: 0, host: '127.0.0.1', token: 'a'.repeat(32), runsDir: path.join(build.base, 'runs'), rendererDir: build.root, engine: recordingApi().api });
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  await host?.close();
  await tokenHost?.close();
  await build?.remove();
});

function get(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends `bytes` on a raw TCP connection, waits `waitMs`, then resets it (RST, not FIN). */
function sendThenReset(port: number, bytes: string, waitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes, () => {
        setTimeout(() => {
          socket.resetAndDestroy();
          resolve();
        }, waitMs);
      });
    });
    socket.on('error', () => resolve());
  });
}

const upgrade = (pathName: string, hostHeader: string, extra = '') =>
  `GET ${pathName} HTTP/1.1\r\nHost: ${hostHeader}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`;

describe('a client that resets its connection ends that connection only', () => {
  const clients: { name: string; which: () => RunningHost; bytes: (port: number) => string }[] = [
    { name: 'an upgrade to the wrong path (404), reset at once', which: () => host, bytes: (p) => upgrade('/nope', `127.0.0.1:${p}`) },
    { name: 'an upgrade with a foreign Host header (403), reset at once', which: () => host, bytes: () => upgrade('/api', 'evil.example') },
    { name: 'an upgrade from a foreign Origin (403), reset at once', which: () => host, bytes: (p) => upgrade('/api', `127.0.0.1:${p}`, 'Origin: http://evil.example\r\n') },
    { name: 'an upgrade without the token (401), reset at once', which: () => tokenHost, bytes: (p) => upgrade('/api', `127.0.0.1:${p}`) },
    { name: 'an accepted upgrade, reset at once', which: () => host, bytes: (p) => upgrade('/api', `127.0.0.1:${p}`) },
    { name: 'half an upgrade request', which: () => host, bytes: (p) => upgrade('/api', `127.0.0.1:${p}`).slice(0, 40) },
    { name: 'a page request, reset at once', which: () => host, bytes: (p) => `GET / HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\n\r\n` },
    { name: 'garbage that is not HTTP', which: () => host, bytes: () => '\x00\x01\x02 not http\r\n\r\n' },
  ];
  for (const waitMs of [0, 5, 30]) {
    it.each(clients)(`$name (reset after ${waitMs} ms): the host lives and answers a normal request`, async ({ which, bytes }) => {
      const target = which();
      uncaught.length = 0;
      for (let i = 0; i < 10; i += 1) await sendThenReset(target.port, bytes(target.port), waitMs);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uncaught).toEqual([]);
      expect(await get(target.port)).toBe(200);
    });
  }
});
