import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../core/security/csp';
import { joinInside, resolveServedFile, urlPathToRelative } from '../node/safePath';
import { APP_HOST, APP_SCHEME } from './senderCheck';

/** Must run before the app is ready: `app://` behaves as a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The path part of an `app://netcanvas/…` URL, or null for another scheme or host. */
function appUrlPath(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST ? parsed.pathname : null;
}

/**
 * The file an `app://netcanvas/…` URL names inside the renderer build by its text, or null
 * (other hosts, `..`, NUL, backslashes, dotfiles). Serving also resolves symbolic links.
 */
export function rendererFileFor(rendererDir: string, url: string): string | null {
  const urlPath = appUrlPath(url);
  const relative = urlPath === null ? null : urlPathToRelative(urlPath);
  if (relative === null) return null;
  const joined = joinInside(rendererDir, relative);
  return joined.ok ? joined.file : null;
}

/**
 * Serves the built renderer at `app://netcanvas/` (not file://, so the page has a real
 * origin the main process can check) with the strict Content-Security-Policy on every answer.
 */
export function serveRenderer(rendererDir: string): void {
  const policy = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const urlPath = appUrlPath(request.url);
    const found = urlPath === null ? null : await resolveServedFile(rendererDir, urlPath);
    if (!found?.ok) return new Response('Not found', { status: 404 });
    let answer: Response;
    try {
      answer = await net.fetch(pathToFileURL(found.file).href);
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const headers = new Headers(answer.headers);
    headers.set('Content-Security-Policy', policy);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(answer.body, { status: answer.status, headers });
  });
}
