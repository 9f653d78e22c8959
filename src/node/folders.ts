import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Makes `folder` and any missing parents, one level at a time (a recursive `fs.mkdir` has
 * been seen to hang under /proc; one plain mkdir per level fails at once there). A parent
 * that exists but is not a folder is an ENOTDIR error naming it.
 */
export async function makeFolders(folder: string): Promise<void> {
  const missing: string[] = [];
  let at = path.resolve(folder);
  for (;;) {
    const stat = await fs.stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (stat) {
      if (!stat.isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${at} is not a folder`), { code: 'ENOTDIR', path: at });
      break;
    }
    missing.push(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const level of missing.reverse()) {
    await fs.mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

/** Whether process `pid` is alive on this machine (one we may not signal counts as alive). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the entries of `folder` whose names match `pattern` (its first group is the
 * process id that made them) when that process is no longer alive: the staging folders
 * and temporary files a killed process left. Entries of live processes (this one
 * included) are kept. Returns the names removed; a folder that cannot be listed removes nothing.
 */
export async function removeDeadOwners(folder: string, pattern: RegExp): Promise<string[]> {
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    try {
      await fs.rm(path.join(folder, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Another process may be removing it too, or it is not ours to remove: leave it.
    }
  }
  return removed;
}

/** The pattern of the names `tempSibling(target)` gives, with the owner's process id as group 1. */
export function tempSiblingPattern(target: string): RegExp {
  const base = path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${base}\\.(\\d+)\\.[0-9a-f]+(?:\\.old)?\\.tmp$`);
}
