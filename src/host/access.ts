import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { API_SOCKET_PATH, TOKEN_PARAMETER } from '../core/api/wire';

/** Addresses only this machine can reach: the host needs no token there. */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare) || bare === '::ffff:127.0.0.1';
}

/** A fresh access token: 32 random bytes, URL-safe. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface AccessPolicy {
  /** The port the host listens on, to check the Host header of loopback requests. */
  readonly port: number;
  /** Null on a loopback address; otherwise every WebSocket must present it. */
  readonly token: string | null;
}

/** Why an upgrade is refused: an HTTP status and a sentence. */
export interface Refusal {
  readonly status: 401 | 403 | 404;
  readonly message: string;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Decides whether a WebSocket upgrade may reach the engine. It must ask for the API's path;
 * a browser's Origin must be the page this host served (so no other site can drive the
 * engine); on loopback the Host header must name loopback (no DNS rebinding); elsewhere the
 * token must match.
 */
export function checkUpgrade(request: IncomingMessage, policy: AccessPolicy): Refusal | null {
  const url = new URL(request.url ?? '/', 'http://host.invalid');
  if (url.pathname !== API_SOCKET_PATH) return { status: 404, message: `No WebSocket here; the API is at ${API_SOCKET_PATH}` };
  const host = request.headers.host ?? '';
  if (policy.token === null) {
    const allowed = [`127.0.0.1:${policy.port}`, `localhost:${policy.port}`, `[::1]:${policy.port}`];
    if (!allowed.includes(host.toLowerCase())) return { status: 403, message: `Host '${host}' is not this machine's loopback address` };
  }
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let originHost: string | null = null;
    try {
      const parsed = new URL(origin);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') originHost = parsed.host;
    } catch {
      originHost = null;
    }
    if (originHost === null || originHost.toLowerCase() !== host.toLowerCase()) {
      return { status: 403, message: `Origin '${origin}' is not the NetCanvas page served by this host` };
    }
  }
  if (policy.token !== null) {
    const given = url.searchParams.get(TOKEN_PARAMETER);
    if (!given) return { status: 401, message: `This host needs its access token: open the address it printed, with ?${TOKEN_PARAMETER}=…` };
    if (!sameSecret(given, policy.token)) return { status: 401, message: 'The access token is wrong' };
  }
  return null;
}
