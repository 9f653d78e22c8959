import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CALLS_IN_FLIGHT, MAX_FRAME_BYTES } from '../../src/core/api/wire';
import { startHost, type RunningHost } from '../../src/host';
import { conversation, fakeRendererBuild, openSocket } from '../host/hostFixture';
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

/** A call answered by a fresh, well-behaved page: the host still serves after what came before. */
async function normalCall(port: number): Promise<unknown> {
  const ws = await openSocket(`ws://127.0.0.1:${port}/api`);
  try {
    const talk = conversation(ws);
    talk.send({ id: 1, method: 'listRuns', args: [] });
    const [reply] = await talk.until(1);
    return reply;
  } finally {
    ws.close();
  }
}

/**
 * A client frame as RFC 6455 §5.2 lays it out: FIN and opcode, the mask bit and the
 * payload's length (7 bits, or 16 or 64 more), the masking key and the masked payload.
 * `announce` claims another length than the payload's; `mask: false` breaks the rule that
 * clients mask.
 */
function wsFrame(opcode: number, payload: Uint8Array | string, options: { fin?: boolean; mask?: boolean; announce?: bigint } = {}): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  const length = options.announce ?? BigInt(body.length);
  const mask = options.mask ?? true;
  const head: number[] = [((options.fin ?? true) ? 0x80 : 0) | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126n) head.push(maskBit | Number(length));
  else if (length < 65536n) head.push(maskBit | 126, Number(length >> 8n), Number(length & 0xffn));
  else {
    head.push(maskBit | 127);
    for (let shift = 56n; shift >= 0n; shift -= 8n) head.push(Number((length >> shift) & 0xffn));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), body]);
  const key = randomBytes(4);
  return Buffer.concat([Buffer.from(head), key, body.map((b, i) => b ^ key[i % 4])]);
}
const TEXT = 0x1;
const BINARY = 0x2;
const CLOSE = 0x8;
const PING = 0x9;
const call = (id: number, method = 'listRuns', args: unknown[] = []) => wsFrame(TEXT, JSON.stringify({ id, method, args }));

/** A raw TCP connection through the WebSocket handshake (101 read); `received` collects every later byte. */
function handshake(port: number): Promise<{ socket: Socket; received: () => Buffer; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let upgraded = false;
    let closedResolve: () => void;
    const closed = new Promise<void>((r) => (closedResolve = r));
    const socket = connect(port, '127.0.0.1', () => socket.write(upgrade('/api', `127.0.0.1:${port}`)));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (upgraded) return;
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!all.subarray(0, end).toString().startsWith('HTTP/1.1 101')) return reject(new Error(all.toString()));
      upgraded = true;
      chunks.splice(0, chunks.length, all.subarray(end + 4));
      resolve({ socket, received: () => Buffer.concat(chunks), closed });
    });
    socket.on('error', () => undefined);
    socket.on('close', () => closedResolve());
  });
}

/** The close code in the first close frame the host sent (server frames are not masked), or null. */
function closeCode(bytes: Buffer): number | null {
  for (let at = 0; at + 2 <= bytes.length; ) {
    const opcode = bytes[at] & 0x0f;
    let length = bytes[at + 1] & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      start += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      start += 8;
    }
    if (opcode === CLOSE) return length >= 2 ? bytes.readUInt16BE(start) : 1005;
    at = start + length;
  }
  return null;
}

describe('a hostile client on an open WebSocket ends its own connection only', () => {
  type Ending = 'reset' | 'end' | { closesWith: number };
  const clients: { name: string; send: () => Buffer[]; ending: Ending }[] = [
    { name: 'a reset right after the handshake', send: () => [], ending: 'reset' },
    { name: 'one byte of a frame header, then a reset', send: () => [call(1).subarray(0, 1)], ending: 'reset' },
    { name: 'a header and its masking key without the payload, then a reset', send: () => [call(1).subarray(0, 6)], ending: 'reset' },
    { name: 'half a call’s payload, then a reset', send: () => [call(1).subarray(0, 20)], ending: 'reset' },
    { name: 'a whole call, reset before its answer', send: () => [call(1)], ending: 'reset' },
    { name: 'a whole call, then the connection half-closed (FIN)', send: () => [call(1)], ending: 'end' },
    { name: '5,000 calls in one write, reset before the answers', send: () => [Buffer.concat(Array.from({ length: 5000 }, (_, i) => call(i)))], ending: 'reset' },
    { name: 'a frame announcing 2^62 bytes', send: () => [wsFrame(TEXT, 'x', { announce: 2n ** 62n })], ending: { closesWith: 1009 } },
    { name: `a frame announcing one byte over the ${MAX_FRAME_BYTES / 2 ** 20} MiB frame limit`, send: () => [wsFrame(TEXT, 'x', { announce: BigInt(MAX_FRAME_BYTES + 1) })], ending: { closesWith: 1009 } },
    { name: 'an unmasked frame (clients must mask)', send: () => [wsFrame(TEXT, '{"id":1}', { mask: false })], ending: { closesWith: 1002 } },
    { name: 'a reserved opcode (0x3)', send: () => [wsFrame(0x3, 'x')], ending: { closesWith: 1002 } },
    { name: 'a continuation frame with nothing to continue', send: () => [wsFrame(0x0, 'x')], ending: { closesWith: 1002 } },
    { name: 'a ping of 126 bytes (control frames hold at most 125)', send: () => [wsFrame(PING, new Uint8Array(126))], ending: { closesWith: 1002 } },
    { name: 'a fragmented ping (control frames are never fragmented)', send: () => [wsFrame(PING, 'x', { fin: false })], ending: { closesWith: 1002 } },
    { name: 'a text frame that is not UTF-8', send: () => [wsFrame(TEXT, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))], ending: { closesWith: 1007 } },
    { name: 'a close frame with a code no one may send (999)', send: () => [wsFrame(CLOSE, new Uint8Array([0x03, 0xe7]))], ending: { closesWith: 1002 } },
    { name: 'a text frame started, then a new text frame inside it', send: () => [wsFrame(TEXT, '{"id":', { fin: false }), wsFrame(TEXT, '1}')], ending: { closesWith: 1002 } },
  ];
  it.each(clients)('$name: the host lives, ends or answers that client as the protocol says, and serves the next page', async ({ send, ending }) => {
    uncaught.length = 0;
    const client = await handshake(host.port);
    for (const bytes of send()) client.socket.write(bytes);
    if (ending === 'reset') client.socket.resetAndDestroy();
    else if (ending === 'end') client.socket.end();
    else {
      // The host closes the connection, saying why (RFC 6455 §7.4.1), without our help.
      await client.closed;
      expect(closeCode(client.received())).toBe(ending.closesWith);
    }
    await client.closed;
    expect(await normalCall(host.port)).toEqual({ id: 1, result: [] });
    expect(await get(host.port)).toBe(200);
    expect(uncaught).toEqual([]);
  });

  it('a binary frame is answered with a refusal, and the connection stays open for calls', async () => {
    const client = await handshake(host.port);
    client.socket.write(wsFrame(BINARY, new Uint8Array([1, 2, 3])));
    client.socket.write(call(7));
    // Two unmasked text frames come back: the refusal (id null), then the answer to call 7.
    const texts = async () => {
      for (;;) {
        const replies = serverTexts(client.received());
        if (replies.length >= 2) return replies;
        await new Promise((wake) => client.socket.once('data', wake));
      }
    };
    const [refusal, answer] = (await texts()).map((t) => JSON.parse(t));
    expect(refusal).toEqual({ id: null, error: { message: expect.stringMatching(/Binary frames are not part of the NetCanvas protocol/) } });
    expect(answer).toEqual({ id: 7, result: [] });
    client.socket.destroy();
  });
});

/** The text frames the host sent, in order (unfragmented, as the host sends them). */
function serverTexts(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let at = 0; at + 2 <= bytes.length; ) {
    let length = bytes[at + 1] & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      start += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      start += 8;
    }
    if (start + length > bytes.length) break;
    if ((bytes[at] & 0x0f) === TEXT) out.push(bytes.subarray(start, start + length).toString());
    at = start + length;
  }
  return out;
}

/** Writes `bytes` one at a time, each after the last was flushed. */
async function trickle(socket: Socket, bytes: Buffer): Promise<void> {
  for (const byte of bytes) await new Promise<void>((done) => socket.write(Buffer.from([byte]), () => done()));
}

describe('slow clients and floods do not starve other pages', () => {
  it('20 clients part-way through their handshakes: a page is served meanwhile, then each finishes its handshake and its call is answered', async () => {
    uncaught.length = 0;
    const request = Buffer.from(upgrade('/api', `127.0.0.1:${host.port}`));
    const cut = Math.floor(request.length / 2);
    const slow = Array.from({ length: 20 }, () => {
      const socket = connect(host.port, '127.0.0.1');
      socket.on('error', () => undefined);
      return socket;
    });
    await Promise.all(slow.map((s) => new Promise<void>((ready) => s.once('connect', () => void trickle(s, request.subarray(0, cut)).then(ready)))));
    expect(await normalCall(host.port)).toEqual({ id: 1, result: [] });
    // Each slow client finishes, one byte at a time, and is then served like any page.
    const answered = slow.map(
      (socket, i) =>
        new Promise<unknown>((resolve) => {
          const chunks: Buffer[] = [];
          socket.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            const all = Buffer.concat(chunks);
            const end = all.indexOf('\r\n\r\n');
            if (end < 0) return;
            const [text] = serverTexts(all.subarray(end + 4));
            if (text) resolve({ status: all.subarray(0, 12).toString(), reply: JSON.parse(text) });
          });
          void trickle(socket, request.subarray(cut)).then(() => trickle(socket, call(100 + i)));
        }),
    );
    const replies = await Promise.all(answered);
    replies.forEach((r, i) => expect(r).toEqual({ status: 'HTTP/1.1 101', reply: { id: 100 + i, result: [] } }));
    slow.forEach((s) => s.destroy());
    expect(uncaught).toEqual([]);
  });

  it('a flood of 5,000 calls on one connection is answered in full, in order, and another page is served meanwhile', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api`);
    const talk = conversation(ws);
    for (let id = 1; id <= 5000; id++) talk.send({ id, method: 'listRuns', args: [] });
    expect(await normalCall(host.port)).toEqual({ id: 1, result: [] });
    const replies = await talk.until(5000);
    expect(replies.map((r) => r.id)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(replies.every((r) => Array.isArray(r.result))).toBe(true);
    ws.close();
  });

  it('200 pages connecting at once, each with a call, are all answered; the host then serves another', async () => {
    const sockets = await Promise.all(Array.from({ length: 200 }, () => openSocket(`ws://127.0.0.1:${host.port}/api`)));
    const replies = await Promise.all(
      sockets.map(async (ws, i) => {
        const talk = conversation(ws);
        talk.send({ id: i, method: 'listRuns', args: [] });
        return (await talk.until(1))[0];
      }),
    );
    replies.forEach((r, i) => expect(r).toEqual({ id: i, result: [] }));
    sockets.forEach((ws) => ws.terminate());
    expect(await normalCall(host.port)).toEqual({ id: 1, result: [] });
  });

  it('a real frame over the frame limit (sent by the ws library) closes that connection with 1009; the host serves the next page', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api`);
    const code = new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    ws.on('error', () => undefined);
    ws.send(`{"id":1,"method":"listRuns","args":[],"pad":"${'x'.repeat(MAX_FRAME_BYTES)}"}`);
    expect(await code).toBe(1009);
    expect(await normalCall(host.port)).toEqual({ id: 1, result: [] });
  });
});

describe('a page that floods calls holds at most MAX_CALLS_IN_FLIGHT of them in the host', () => {
  /** An engine whose datasetSample waits until `release()`; `reached` counts the calls it got. */
  function gatedEngine() {
    const base = recordingApi();
    let open: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let reached = 0;
    const arrivals: (() => void)[] = [];
    const api = {
      ...base.api,
      async datasetSample(...args: Parameters<typeof base.api.datasetSample>) {
        reached++;
        arrivals.splice(0).forEach((wake) => wake());
        await gate;
        return base.api.datasetSample(...args);
      },
    };
    return { api, release: () => open(), reached: () => reached, async until(n: number) { while (reached < n) await new Promise<void>((wake) => arrivals.push(wake)); } };
  }

  it(`600 calls sent at once: ${MAX_CALLS_IN_FLIGHT} reach the engine while they are unanswered, another page is served meanwhile, and all 600 are answered in order once the engine answers`, async () => {
    const engine = gatedEngine();
    const gated = await startHost({ port: 0, runsDir: path.join(build.base, 'runs'), rendererDir: build.root, engine: engine.api });
    try {
      const ws = await openSocket(`ws://127.0.0.1:${gated.port}/api`);
      const talk = conversation(ws);
      const sent = Array.from({ length: 600 }, (_, i) => JSON.stringify({ id: i + 1, method: 'datasetSample', args: ['mnist', 'train', 2, i] })).join('\n');
      // One write of all 600 frames (the ws client frames each message).
      for (const frameText of sent.split('\n')) talk.send(frameText);
      await engine.until(MAX_CALLS_IN_FLIGHT);
      // Another page's call goes round the host while the flood waits.
      expect(await normalCall(gated.port)).toEqual({ id: 1, result: [] });
      expect(engine.reached()).toBe(MAX_CALLS_IN_FLIGHT);
      engine.release();
      const replies = await talk.until(600);
      expect(replies.map((r) => r.id)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
      expect(replies.every((r) => r.result?.images?.length === 2)).toBe(true);
      expect(engine.reached()).toBe(600);
      ws.close();
    } finally {
      engine.release();
      await gated.close();
    }
  });

  it('a client that sends 600 calls for 1 MB answers and reads none: few reach the engine (before the fix, all 600 and 2 GB of unsent answers)', async () => {
    const recorder = recordingApi();
    const flooded = await startHost({ port: 0, runsDir: path.join(build.base, 'runs'), rendererDir: build.root, engine: recorder.api });
    try {
      const client = await handshake(flooded.port);
      client.socket.pause();
      const flood = Buffer.concat(Array.from({ length: 600 }, (_, i) => call(i, 'datasetSample', ['mnist', 'train', 400, i])));
      await new Promise<void>((done) => client.socket.write(flood, () => done()));
      // Fifty round trips of another page give the host many turns to take more of the flood.
      for (let i = 0; i < 50; i++) expect(await normalCall(flooded.port)).toEqual({ id: 1, result: [] });
      const reached = recorder.calls.filter((c) => c.method === 'datasetSample').length;
      // MAX_CALLS_IN_FLIGHT, plus the answers the kernel's socket buffers took (about 1.1 MB each, a few MB of buffers).
      expect(reached).toBeGreaterThanOrEqual(MAX_CALLS_IN_FLIGHT);
      expect(reached).toBeLessThan(100);
      client.socket.destroy();
    } finally {
      await flooded.close();
    }
  });
});
