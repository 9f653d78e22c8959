import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { mimeTypeOf } from './mimeTypes';

/** Files under `assets/` carry a content hash in their names (Vite's output), so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The file a URL path names inside `root`, or null when it names none there: the path is
 * decoded once, must not climb out (`..`, encoded or not), hold NUL or backslashes, or name
 * a dotfile. `/` is `index.html`.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.startsWith('.'))) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const full = path.resolve(root, relative);
  const base = path.resolve(root);
  return full === base || !full.startsWith(base + path.sep) ? null : full;
}

/**
 * Serves a built renderer folder: GET and HEAD only, no listing, no path traversal (also
 * through symbolic links), correct content types (`application/wasm` included), ETags,
 * and long caching for hashed assets only. `headers` are added to every answer.
 */
export function createStaticHandler(root: string, headers: (request: IncomingMessage) => Record<string, string>) {
  const realRoot = fs.realpath(root);
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const send = (status: number, text: string, extra: Record<string, string> = {}) => {
      response.writeHead(status, { ...headers(request), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
      response.end(request.method === 'HEAD' ? undefined : text);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(405, 'Only GET and HEAD are served here.\n', { Allow: 'GET, HEAD' });
      return;
    }
    const urlPath = (request.url ?? '/').split('?')[0].split('#')[0];
    const file = resolveStaticPath(root, urlPath);
    if (!file) {
      send(404, 'Not found.\n');
      return;
    }
    let real: string;
    let stat;
    try {
      real = await fs.realpath(file);
      const base = await realRoot;
      if (!real.startsWith(base + path.sep)) throw new Error('outside the root');
      stat = await fs.stat(real);
      if (!stat.isFile()) throw new Error('not a file');
    } catch {
      send(404, 'Not found.\n');
      return;
    }
    const etag = `"${createHash('sha1').update(`${stat.size}-${stat.mtimeMs}-${real}`).digest('base64url').slice(0, 20)}"`;
    const relative = path.relative(await realRoot, real).split(path.sep).join('/');
    const common = {
      ...headers(request),
      'Content-Type': mimeTypeOf(real),
      'Cache-Control': relative.startsWith('assets/') ? IMMUTABLE : REVALIDATE,
      ETag: etag,
      'Last-Modified': stat.mtime.toUTCString(),
    };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, common);
      response.end();
      return;
    }
    response.writeHead(200, { ...common, 'Content-Length': String(stat.size) });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const body = await fs.readFile(real);
    response.end(body);
  };
}
