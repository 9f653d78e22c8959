import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The per-user cache folder NetCanvas keeps downloads in:
 * `$XDG_CACHE_HOME/netcanvas` or `~/.cache/netcanvas` on Linux and other Unixes,
 * `~/Library/Caches/NetCanvas` on macOS, `%LOCALAPPDATA%\NetCanvas\Cache` on Windows.
 * Relative values of the variables are ignored, as the XDG specification says.
 */
export function defaultCacheDir(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA;
    if (local && path.win32.isAbsolute(local)) return path.win32.join(local, 'NetCanvas', 'Cache');
    return path.win32.join(env.USERPROFILE || homedir(), 'AppData', 'Local', 'NetCanvas', 'Cache');
  }
  const home = env.HOME || homedir();
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches', 'NetCanvas');
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && path.posix.isAbsolute(xdg)) return path.posix.join(xdg, 'netcanvas');
  return path.posix.join(home, '.cache', 'netcanvas');
}

/** Where a dataset lives inside a cache folder. */
export function datasetCacheFolder(cacheDir: string, name: string): string {
  return path.join(cacheDir, 'datasets', name);
}
