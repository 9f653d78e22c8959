import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../core/security/csp';
import { APP_HOST, APP_SCHEME } from './senderCheck';

/** Must run before the app is ready: `app://` behaves as a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The file an `app://netcanvas/…` URL names inside the renderer build, or null (other hosts, `..`, NUL, dotfiles). */
export function rendererFileFor(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  const segments = decoded.split('/').filter((s) => s !== '');
  if (decoded.includes('\0') || decoded.includes('\\') || segments.some((s) => s.startsWith('.'))) return null;
  const base = path.resolve(rendererDir);
  const file = path.resolve(base, segments.length ? segments.join('/') : 'index.html');
  return file.startsWith(base + path.sep) ? file : null;
}

/**
 * Serves the built renderer at `app://netcanvas/` (not file://, so the page has a real
 * origin the main process can check) with the strict Content-Security-Policy on every answer.
 */
export function serveRenderer(rendererDir: string): void {
  const policy = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    let answer: Response;
    try {
      answer = await net.fetch(pathToFileURL(file).href);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const headers = new Headers(answer.headers);
    headers.set('Content-Security-Policy', policy);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(answer.body, { status: answer.status, headers });
  });
}
