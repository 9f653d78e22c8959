import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { NetCanvasApi } from '../core/api/contract';
import { TOKEN_PARAMETER } from '../core/api/wire';
import { contentSecurityPolicy } from '../core/security/csp';
import { createToken, isLoopbackAddress } from './access';
import { attachApiSocket } from './apiSocket';
import { defaultRendererDir } from './appRoot';
import { createStaticHandler } from './staticFiles';

export interface HostOptions {
  /** The TCP port; 0 lets the system choose a free one (the answer says which). Default 0. */
  readonly port?: number;
  /** The address to listen on. Default 127.0.0.1; any other needs the access token. */
  readonly host?: string;
  /** Where trained runs are kept. */
  readonly runsDir: string;
  /** Where MNIST's four IDX files are (else NETCANVAS_DATA, else the engine's own search). */
  readonly dataDir?: string;
  readonly cacheDir?: string;
  /** The built renderer. Default out/renderer in the NetCanvas folder. */
  readonly rendererDir?: string;
  /** The access token; made up when listening beyond loopback and none is given. */
  readonly token?: string;
  /** An engine to serve instead of a new one; the caller keeps it (close() leaves it open). */
  readonly engine?: NetCanvasApi;
  readonly env?: Record<string, string | undefined>;
}

export interface RunningHost {
  /** The address to open, with `?token=…` when a token is needed. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Null on loopback. */
  readonly token: string | null;
  /** Stops listening, disconnects every page and closes the engine it made. */
  close(): Promise<void>;
}

/** A host that cannot start, said in one sentence. */
export class HostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostError';
  }
}

/** The command that builds the page the host serves (or `npm run build`, which builds everything). */
export const BUILD_RENDERER_HINT = 'npm run build:renderer';

/**
 * The page's headers. Its CSP lets it reach the API socket of this host only: the names
 * the host itself answers to (never the request's Host header, which a client chooses).
 * On loopback those are the three loopback names an upgrade may carry; elsewhere the
 * address the host prints, and `'self'` for any other name of the machine the page was opened by.
 */
function securityHeaders(sockets: () => readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy({ connect: sockets() }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** The WebSocket origins of a host bound to `bind` on `port`. */
function socketOrigins(bind: string, port: number, token: string | null): string[] {
  const names = token === null ? ['127.0.0.1', 'localhost', '[::1]'] : [publicHost(bind)];
  return names.flatMap((name) => [`ws://${name}:${port}`, `wss://${name}:${port}`]);
}

/** The address people should open: the bound one, or this machine's first network address when bound to all. */
function publicHost(bound: string): string {
  let name = bound;
  if (bound === '0.0.0.0' || bound === '::') {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    name = external?.address ?? os.hostname();
  }
  return name.includes(':') ? `[${name}]` : name;
}

/**
 * Starts the browser host: serves the built renderer and the API contract over a WebSocket
 * at `/api`, from an engine in this process (its training jobs run in the engine's workers).
 * Resolves once it listens.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bind = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HostError(`The port must be a whole number from 0 to 65535, got ${port}`);
  const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir());
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new HostError(`The page is not built: ${path.join(rendererDir, 'index.html')} is missing. Run '${BUILD_RENDERER_HINT}' first.`);
  }
  const token = options.token ?? (isLoopbackAddress(bind) ? null : createToken());
  if (token !== null && !/^[A-Za-z0-9_-]{16,128}$/.test(token)) throw new HostError('The access token must be 16 to 128 letters, digits, - or _');

  // Loaded only when needed: a host given an engine (tests) never loads tfjs.
  const ownEngine = options.engine
    ? null
    : (await import('../engine/index')).createEngine({ runsDir: options.runsDir, dataDir: options.dataDir, cacheDir: options.cacheDir, env: options.env ?? process.env, ownDataRoots: options.dataDir ? [options.dataDir] : [] });
  const api: NetCanvasApi = options.engine ?? ownEngine!;

  let boundPort = port;
  let origins: string[] = [];
  const serveStatic = createStaticHandler(rendererDir, () => securityHeaders(() => origins));
  const server = createServer((request, response) => {
    serveStatic(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('The host could not read this file.\n');
    });
  });
  const socket = attachApiSocket(server, api, () => ({ port: boundPort, token }));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, bind, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await socket.close();
    await ownEngine?.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new HostError(`Port ${port} on ${bind} is in use; choose another with --port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new HostError(`${bind} is not an address of this machine`);
    if (code === 'EACCES') throw new HostError(`Listening on port ${port} needs privileges; choose a port above 1023`);
    throw new HostError(`Cannot listen on ${bind}:${port}: ${(error as Error).message}`);
  }
  boundPort = (server.address() as AddressInfo).port;
  origins = socketOrigins(bind, boundPort, token);
  const query = token === null ? '' : `?${TOKEN_PARAMETER}=${token}`;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${publicHost(bind)}:${boundPort}/${query}`,
    port: boundPort,
    host: bind,
    token,
    close() {
      closing ??= (async () => {
        await socket.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await ownEngine?.close();
      })();
      return closing;
    },
  };
}
