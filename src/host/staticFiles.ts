import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveServedFile } from '../node/safePath';
import { mimeTypeOf } from './mimeTypes';

/** Files under `assets/` carry a content hash in their names (Vite's output), so they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * Serves a built renderer folder: GET and HEAD only, no listing, no path traversal (also
 * through symbolic links: `resolveServedFile`), correct content types (`application/wasm` included), ETags,
 * and long caching for hashed assets only. `headers` are added to every answer.
 */
export function createStaticHandler(root: string, headers: (request: IncomingMessage) => Record<string, string>) {
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
    const found = await resolveServedFile(root, urlPath);
    if (!found.ok) {
      send(404, 'Not found.\n');
      return;
    }
    const { file: real, relative } = found;
    const stat = await fs.stat(real).catch(() => null);
    if (!stat?.isFile()) {
      send(404, 'Not found.\n');
      return;
    }
    const etag = `"${createHash('sha1').update(`${stat.size}-${stat.mtimeMs}-${real}`).digest('base64url').slice(0, 20)}"`;
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
