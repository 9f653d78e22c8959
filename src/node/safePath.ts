import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Why a path was refused: each answer a server gives as "not found", a caller may word better. */
export type PathRefusal =
  | 'malformed' // not decodable, or holds NUL or a backslash
  | 'absolute' // names a place from the file system's root, not inside the folder
  | 'climbs' // has a `..` (or `.`) segment
  | 'hidden' // names a dotfile or goes through a dot folder
  | 'outside' // resolves (through a symbolic link) outside the folder
  | 'missing' // names nothing
  | 'not-a-file'; // names a folder or a device

export type Resolved = { readonly ok: true; readonly file: string; readonly relative: string } | { readonly ok: false; readonly refused: PathRefusal };

const refuse = (refused: PathRefusal): Resolved => ({ ok: false, refused });

/**
 * Where `relative` (a path the user or a request gave, `/`-separated) lies inside `root`,
 * by its text alone: refused when it is absolute, climbs with `..`, holds NUL or a
 * backslash, or (unless `hidden` is allowed) names a dotfile. Symbolic links are not
 * followed here; `resolveInside` does that.
 */
export function joinInside(root: string, relative: string, options: { hidden?: boolean } = {}): Resolved {
  if (relative.includes('\0') || relative.includes('\\')) return refuse('malformed');
  if (relative.startsWith('/') || path.isAbsolute(relative) || path.win32.isAbsolute(relative)) return refuse('absolute');
  const segments = relative.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return refuse('climbs');
  if (!options.hidden && segments.some((s) => s.startsWith('.'))) return refuse('hidden');
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  if (file === base || !file.startsWith(base + path.sep)) return refuse('outside');
  return { ok: true, file, relative: segments.join('/') };
}

/**
 * The real file `relative` names inside `root`: `joinInside`'s checks, then symbolic links
 * resolved (realpath) on both sides and the answer refused unless it is a plain file still
 * inside the real root. A link inside the folder pointing elsewhere inside it is followed.
 */
export async function resolveInside(root: string, relative: string, options: { hidden?: boolean } = {}): Promise<Resolved> {
  const joined = joinInside(root, relative, options);
  if (!joined.ok) return joined;
  let realRoot: string;
  let real: string;
  try {
    realRoot = await fs.realpath(root);
    real = await fs.realpath(joined.file);
  } catch {
    return refuse('missing');
  }
  if (!real.startsWith(realRoot + path.sep)) return refuse('outside');
  const stat = await fs.stat(real).catch(() => null);
  if (!stat) return refuse('missing');
  if (!stat.isFile()) return refuse('not-a-file');
  return { ok: true, file: real, relative: path.relative(realRoot, real).split(path.sep).join('/') };
}

/**
 * The path inside a served folder that a URL path (`/assets/a%20b.js`) names: decoded once
 * (an encoded `%2e%2e` is a `..` like any other), `/` meaning `index.html`. Null when the
 * escapes are not valid UTF-8.
 */
export function urlPathToRelative(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/')) return null;
  const relative = decoded.replace(/^\/+/, '');
  return relative === '' ? 'index.html' : relative;
}

/** The file a request for `urlPath` is answered with from `root`: `urlPathToRelative`, then `resolveInside`. Dotfiles are never served. */
export async function resolveServedFile(root: string, urlPath: string): Promise<Resolved> {
  const relative = urlPathToRelative(urlPath);
  return relative === null ? refuse('malformed') : resolveInside(root, relative);
}
