import type { ApiEvent, ApiMethod } from '../../core/api/contract';
import { MAX_FRAME_BYTES, parseServerFrame, type WireRequest } from '../../core/api/wire';
import type { ApiTransport } from './apiClient';

/** The part of the WebSocket API the transport uses (the browser's, or `ws` in tests). */
export type WebSocketLike = Pick<WebSocket, 'readyState' | 'send' | 'close' | 'addEventListener'>;
export type WebSocketFactory = (url: string) => WebSocketLike;

const OPEN = 1;

interface Pending {
  readonly method: ApiMethod;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The API contract over the browser host's WebSocket. Connects on first use, queues calls
 * until the socket opens, answers each call from its `{id, result | error}` frame, and
 * reconnects (after `retryMs`) while someone listens to events. A call in flight when the
 * connection drops fails with a message that says so.
 */
export class SocketTransport implements ApiTransport {
  private socket: WebSocketLike | null = null;
  private opened = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: string[] = [];
  private readonly listeners = new Set<(event: ApiEvent) => void>();
  private retry: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly open: WebSocketFactory = (u) => new WebSocket(u),
    private readonly retryMs = 1000,
  ) {}

  call(method: ApiMethod, args: readonly unknown[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('The connection to the NetCanvas host is closed'));
    const id = this.nextId++;
    const frame = JSON.stringify({ id, method, args } satisfies WireRequest);
    if (frame.length > MAX_FRAME_BYTES) {
      return Promise.reject(new Error(`${method}: the request is ${(frame.length / 1e6).toFixed(1)} MB; the host takes at most ${MAX_FRAME_BYTES / 1024 / 1024} MiB`));
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      this.send(frame);
    });
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    this.connect();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Disconnects for good: pending calls fail, and no reconnection follows. */
  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket?.close();
    this.failPending('The connection to the NetCanvas host was closed');
  }

  private send(frame: string): void {
    this.connect();
    if (this.opened && this.socket?.readyState === OPEN) this.socket.send(frame);
    else this.queue.push(frame);
  }

  private connect(): void {
    if (this.socket || this.closed) return;
    const socket = this.open(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.opened = true;
      for (const frame of this.queue.splice(0)) socket.send(frame);
    });
    // A failed connection reports an error and then closes; the close says what happened.
    socket.addEventListener('error', () => undefined);
    socket.addEventListener('message', (message) => this.receive(String((message as MessageEvent).data)));
    socket.addEventListener('close', () => {
      const wasOpen = this.opened;
      this.socket = null;
      this.opened = false;
      this.queue.length = 0;
      this.failPending(
        wasOpen
          ? 'The connection to the NetCanvas host was lost; is it still running?'
          : `Cannot reach the NetCanvas host at ${this.url.replace(/([?&]token=)[^&]*/, '$1…')}; is it running, and did you open the exact address it printed (with its ?token=…)?`,
      );
      if (!this.closed && this.listeners.size > 0) this.retry = setTimeout(() => this.connect(), this.retryMs);
    });
  }

  private receive(text: string): void {
    let frame;
    try {
      frame = parseServerFrame(text);
    } catch {
      return;
    }
    if (frame.kind === 'event') {
      for (const listener of [...this.listeners]) listener(frame.event);
      return;
    }
    const { response } = frame;
    if (typeof response.id !== 'number') return;
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    if ('error' in response) pending.reject(new Error(response.error.message));
    else pending.resolve(response.result);
  }

  private failPending(message: string): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new Error(`${pending.method}: ${message}`));
    }
  }
}
