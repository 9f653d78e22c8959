import path from 'node:path';
import fc from 'fast-check';
import type WebSocket from 'ws';
import { MAX_CALLS_IN_FLIGHT, parseServerFrame, parseWireRequest, type RequestId } from '../../src/core/api/wire';
import { startHost, type RunningHost } from '../../src/host';
import { fakeRendererBuild, openSocket } from '../host/hostFixture';
import { recordingApi } from '../host/recordingApi';
import type { FuzzTarget } from './targets';

/**
 * The host's frames over a real socket: a session of WebSocket messages (text drawn like the
 * API-frame target's, binary, or calls too large for their method) sent to a running host, and
 * sometimes raw bytes written under the WebSocket layer afterwards (bad opcodes, unmasked or
 * reserved-bit frames, lengths past the limit). The host must answer every message it was sent
 * exactly once, with the id the frame carried (or null), close only for a broken protocol, and
 * answer a new page afterwards.
 */

/** How long a session waits for its answers before calling a missing one lost: far past slow, so a machine under load does not pass for a hang. */
const ANSWER_WAIT_MS = 30_000;

type Message = { kind: 'text'; text: string } | { kind: 'binary'; bytes: Uint8Array } | { kind: 'large'; method: string; bytes: number };

export interface SocketSession {
  readonly messages: readonly Message[];
  /** Written to the TCP socket under the WebSocket layer after the messages, when not null. */
  readonly raw: Uint8Array | null;
}

/** A session refused cleanly: every answer an error, or the connection closed for a broken protocol. */
export class SessionRefused extends Error {
  override name = 'SessionRefused';
}

/** A client frame (masked, as a client must) with the given first byte and a declared length that may lie. */
function rawFrame(first: number, payload: Uint8Array, declared: number, masked: boolean): Uint8Array {
  const head: number[] = [first];
  const mask = masked ? 0x80 : 0;
  if (declared < 126) head.push(mask | declared);
  else if (declared < 65536) head.push(mask | 126, declared >> 8, declared & 0xff);
  else {
    head.push(mask | 127);
    const big = BigInt(declared);
    for (let i = 7; i >= 0; i--) head.push(Number((big >> BigInt(i * 8)) & 0xffn));
  }
  if (masked) head.push(0x12, 0x34, 0x56, 0x78);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload.map((b, i) => b ^ [0x12, 0x34, 0x56, 0x78][i % 4]), head.length);
  return out;
}

const rawBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
  fc
    .record({
      fin: fc.boolean(),
      rsv: fc.nat(7),
      opcode: fc.nat(15),
      payload: fc.uint8Array({ maxLength: 40 }),
      lie: fc.oneof(fc.constant(null), fc.nat(200), fc.constantFrom(2 ** 16, 2 ** 25 + 1, 2 ** 40, 2 ** 62)),
      masked: fc.boolean(),
    })
    .map(({ fin, rsv, opcode, payload, lie, masked }) => rawFrame((fin ? 0x80 : 0) | (rsv << 4) | opcode, payload, lie ?? payload.length, masked)),
);

export function socketTarget(texts: fc.Arbitrary<string>, methods: readonly string[]): FuzzTarget<SocketSession> & { close(): Promise<void> } {
  const message: fc.Arbitrary<Message> = fc.oneof(
    { weight: 8, arbitrary: texts.map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ kind: 'binary' as const, bytes })) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('large' as const), method: fc.constantFrom(...methods), bytes: fc.constantFrom(70_000, 300_000, 2_100_000) }) },
  );
  const sessions: fc.Arbitrary<SocketSession> = fc.record({
    messages: fc.array(message, { maxLength: MAX_CALLS_IN_FLIGHT + 4 }),
    raw: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: rawBytes }),
  });

  let started: Promise<{ host: RunningHost; url: string; remove: () => Promise<void> }> | null = null;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  const start = () =>
    (started ??= (async () => {
      process.on('uncaughtException', onUncaught);
      const build = await fakeRendererBuild();
      const host = await startHost({ port: 0, runsDir: path.join(build.base, 'runs'), rendererDir: build.root, engine: recordingApi().api });
      return { host, url: `ws://127.0.0.1:${host.port}/api`, remove: build.remove };
    })());

  /** What the frame's answer must carry as its id. */
  const expectedId = (m: Message): RequestId | null => {
    if (m.kind === 'binary') return null;
    if (m.kind === 'large') return 7;
    const parsed = parseWireRequest(m.text);
    return parsed.ok ? parsed.request.id : parsed.id;
  };
  const textOf = (m: Message): string | Uint8Array => (m.kind === 'text' ? m.text : m.kind === 'binary' ? m.bytes : JSON.stringify({ id: 7, method: m.method, args: ['x'.repeat(m.bytes)] }));

  /** Sends the session's messages and waits for as many answers, the socket's close, or ANSWER_WAIT_MS. */
  const converse = (ws: WebSocket, messages: readonly Message[]) =>
    new Promise<{ answers: unknown[]; closed: number | null }>((resolve) => {
      const answers: unknown[] = [];
      let closed: number | null = null;
      const done = () => {
        clearTimeout(timer);
        resolve({ answers, closed });
      };
      const timer = setTimeout(done, ANSWER_WAIT_MS);
      ws.on('message', (data) => {
        answers.push(JSON.parse(data.toString()));
        if (answers.length === messages.length) done();
      });
      ws.on('close', (code) => {
        closed = code;
        done();
      });
      ws.on('error', () => {});
      for (const m of messages) ws.send(textOf(m));
      if (messages.length === 0) done();
    });

  return {
    name: 'host frames over a WebSocket: sessions of calls, binary and oversized frames, raw broken frames (startHost)',
    input: sessions,
    typed: [SessionRefused],
    // A session carries up to 20 frames of up to 2.1 MB each; past 5 s it counts slow, and an answer
    // missing after ANSWER_WAIT_MS is a hang (accepted-invalid).
    slowMs: 5000,
    async run(session: SocketSession) {
      const { url } = await start();
      uncaught.length = 0;
      const ws = await openSocket(url);
      try {
        const { answers, closed } = await converse(ws, session.messages);
        if (closed !== null) return `the host closed the connection (${closed}) after ${answers.length} of ${session.messages.length} well-formed messages`;
        if (answers.length !== session.messages.length) return `${session.messages.length} messages, ${answers.length} answers within ${ANSWER_WAIT_MS / 1000} s`;
        // Every answer is {id, result} or {id, error: {message}}; together their ids are the frames' ids.
        const shown = (id: unknown) => JSON.stringify(id ?? null);
        const want = session.messages.map((m) => shown(expectedId(m))).sort();
        const got = answers.map((a) => shown((a as { id?: unknown }).id)).sort();
        if (want.join() !== got.join()) return `answered ids ${got.join(' ')}, sent ${want.join(' ')}`;
        // Read as the page reads them (`{id}` alone is a call that answered nothing); an error says what is wrong.
        const malformed = answers.find((a) => {
          const frame = a as { error?: { message?: unknown } };
          try {
            if (parseServerFrame(JSON.stringify(a)).kind !== 'response') return true;
          } catch {
            return true;
          }
          return 'error' in frame && !(typeof frame.error?.message === 'string' && frame.error.message.length > 0);
        });
        if (malformed) return `an answer that is neither a result nor an error with a message: ${JSON.stringify(malformed).slice(0, 200)}`;
        if (session.raw) {
          const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket;
          const end = new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            setTimeout(resolve, 300);
          });
          socket.write(session.raw);
          await end;
        }
        if (uncaught.length > 0) throw uncaught[0];
        // The host still answers a new page.
        const probe = await openSocket(url);
        try {
          const { answers: [info] } = await converse(probe, [{ kind: 'text', text: JSON.stringify({ id: 'probe', method: 'engineInfo', args: [] }) }]);
          if (!(info as { result?: unknown } | undefined)?.result) return 'the host did not answer engineInfo on a new connection afterwards';
        } finally {
          probe.terminate();
        }
        if (answers.length > 0 && answers.every((a) => 'error' in (a as object))) throw new SessionRefused(`all ${answers.length} answers were errors`);
        return null;
      } finally {
        ws.terminate();
      }
    },
    async close() {
      if (!started) return;
      const { host, remove } = await started;
      await host.close();
      await remove();
      process.off('uncaughtException', onUncaught);
      started = null;
    },
  };
}
