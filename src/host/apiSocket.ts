import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { messageOf } from '../core/messageOf';
import { dispatchApiCall, maxCallBytes, type ApiEvent, type NetCanvasApi } from '../core/api/contract';
import { MAX_CALLS_IN_FLIGHT, MAX_FRAME_BYTES, parseWireRequest, type WireEvent, type WireResponse } from '../core/api/wire';
import { checkUpgrade, type AccessPolicy } from './access';

/** Unsent bytes beyond which a page is sent no more batch events until it catches up. */
const SLOW_PAGE_BYTES = 4 * 1024 * 1024;

/**
 * Serves the API contract over WebSockets on `server`: checks each upgrade with the access
 * policy, runs each call through `dispatchApiCall` (so every argument is validated here),
 * answers `{id, result}` or `{id, error: {message}}`, and sends every engine event to every page.
 */
export function attachApiSocket(server: Server, api: NetCanvasApi, policy: () => AccessPolicy) {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();

  const refuse = (socket: Duplex, status: number, message: string) => {
    const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status] ?? 'Bad Request';
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${message}\n`);
  };

  server.on('upgrade', (request, socket, head) => {
    // Node's HTTP server drops its own error listener from a socket it hands over for an
    // upgrade: without this one, a client that resets the connection (ECONNRESET, EPIPE)
    // would raise an uncaught error and end the host. A socket error ends that socket only.
    socket.on('error', () => socket.destroy());
    const refusal = checkUpgrade(request, policy());
    if (refusal) {
      refuse(socket, refusal.status, refusal.message);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  const stopEvents = api.onEvent((event: ApiEvent) => {
    const frame = JSON.stringify({ event } satisfies WireEvent);
    for (const ws of clients) {
      if (ws.readyState !== ws.OPEN) continue;
      // A page that cannot keep up loses per-batch progress, never epochs, results or errors.
      if (event.type === 'batch' && ws.bufferedAmount > SLOW_PAGE_BYTES) continue;
      ws.send(frame);
    }
  });

  sockets.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    // A call is in flight from its arrival until its answer is written to the socket. Past
    // MAX_CALLS_IN_FLIGHT, frames wait here and the socket is not read (TCP holds the rest
    // back), so a page that never reads its answers cannot fill the host's memory with them.
    let inFlight = 0;
    const waiting: { data: WebSocket.RawData; isBinary: boolean }[] = [];
    // A closed connection's waiting calls are dropped: no one is left to answer them.
    ws.on('close', () => {
      clients.delete(ws);
      waiting.length = 0;
    });
    ws.on('error', () => clients.delete(ws));
    const settle = () => {
      inFlight--;
      if (ws.readyState !== ws.OPEN) waiting.length = 0;
      while (inFlight < MAX_CALLS_IN_FLIGHT && waiting.length > 0) {
        const next = waiting.shift()!;
        take(next.data, next.isBinary);
      }
      if (waiting.length === 0 && ws.isPaused) ws.resume();
    };
    const take = (data: WebSocket.RawData, isBinary: boolean) => {
      inFlight++;
      const reply = (frame: WireResponse) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame), () => settle());
        else settle();
      };
      if (isBinary) {
        reply({ id: null, error: { message: 'Binary frames are not part of the NetCanvas protocol; send JSON text' } });
        return;
      }
      const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
      const parsed = parseWireRequest(data.toString());
      if (!parsed.ok) {
        reply({ id: parsed.id, error: { message: parsed.message } });
        return;
      }
      const { id, method, args } = parsed.request;
      // Checked before the arguments are: a large frame reaches the schemas only for the calls that carry documents.
      const most = maxCallBytes(method);
      if (bytes > most) {
        reply({ id, error: { message: `${method}: the call is ${bytes.toLocaleString('en')} bytes; this host takes at most ${most.toLocaleString('en')} for it` } });
        return;
      }
      dispatchApiCall(api, method, args).then(
        (result) => reply({ id, result }),
        (error: unknown) => reply({ id, error: { message: messageOf(error) } }),
      );
    };
    ws.on('message', (data, isBinary) => {
      if (inFlight < MAX_CALLS_IN_FLIGHT && waiting.length === 0) take(data, isBinary);
      else {
        waiting.push({ data, isBinary });
        ws.pause();
      }
    });
  });

  return {
    /** How many pages are connected now. */
    get clientCount() {
      return clients.size;
    },
    /** Disconnects every page and stops forwarding events. */
    close(): Promise<void> {
      stopEvents();
      for (const ws of clients) ws.terminate();
      clients.clear();
      return new Promise((resolve) => sockets.close(() => resolve()));
    },
  };
}
