import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The folder the desktop app keeps its data in (Electron's `userData` for an app named
 * `netcanvas`): `$XDG_CONFIG_HOME/netcanvas` or `~/.config/netcanvas` on Linux,
 * `~/Library/Application Support/netcanvas` on macOS, `%APPDATA%\netcanvas` on Windows.
 * The browser host (`netcanvas web`) keeps its runs there too, so both see the same runs.
 * (Inside Electron the main process asks `app.getPath('userData')`, which gives the same folder.)
 */
export function desktopUserDataDir(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const appData = env.APPDATA && path.win32.isAbsolute(env.APPDATA) ? env.APPDATA : path.win32.join(env.USERPROFILE || homedir(), 'AppData', 'Roaming');
    return path.win32.join(appData, 'netcanvas');
  }
  const home = env.HOME || homedir();
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'netcanvas');
  const xdg = env.XDG_CONFIG_HOME;
  return path.posix.join(xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config'), 'netcanvas');
}

/** Where runs are kept unless `--runs` says otherwise. */
export function defaultRunsDir(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return join(desktopUserDataDir(env, platform), 'runs');
}

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
