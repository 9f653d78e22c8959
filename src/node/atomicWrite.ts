import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { makeFolders, removeDeadOwners, tempSiblingPattern } from './folders';

/**
 * A name for a temporary file or folder beside `target`: in the same folder (so a rename
 * is atomic), hidden (a leading dot, so folder listings that skip dotfiles never show it)
 * and unique (process id and random bytes).
 */
export function tempSibling(target: string, kind = ''): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}${kind}.tmp`);
}

/**
 * Flushes a folder's entries to disk, so a rename inside it survives a power cut. Windows
 * cannot open a folder for flushing; there the rename is as durable as the OS makes it.
 */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file whole or not at all: readers see the old content or the new, never half,
 * even after a crash or power cut. The data goes to a temporary file in the same folder,
 * is flushed (fsync), renamed over the target, and the folder is flushed. Missing parent
 * folders are made. On failure the temporary file is removed and the target is untouched.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const folder = path.dirname(file);
  await makeFolders(folder);
  const temp = tempSibling(file);
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/**
 * Creates the folder `target` whole or not at all: `fill` writes into a hidden temporary
 * folder beside it (using `writeFileAtomic` or plain writes), which is then renamed to
 * `target` and the parent flushed. Refuses a target that already exists.
 */
export async function writeFolderAtomic(target: string, fill: (folder: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(target);
  await makeFolders(parent);
  const temp = tempSibling(target);
  await fs.mkdir(temp);
  try {
    await fill(temp);
    await syncFolder(temp);
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
  await syncFolder(parent);
}

/** A folder that cannot be written where it was asked for; the message names it and says why. */
export class FolderWriteError extends Error {
  constructor(
    readonly folder: string,
    readonly reason: string,
  ) {
    super(`cannot write ${folder}: ${reason}`);
    this.name = 'FolderWriteError';
  }
}

/** A folder being filled beside its final place, then moved there whole. */
export interface StagedFolder {
  /** The staging folder to write into. */
  readonly folder: string;
  /** Moves the staging folder into place whole (replacing a previous folder the check accepted) and flushes the parent. */
  commit(): Promise<void>;
  /** Removes the staging folder; the target is untouched. */
  discard(): Promise<void>;
}

/**
 * Prepares to write the folder `target` whole, checking now (before any long work) that it
 * can be: its parent is made one level at a time, `target` is absent or a folder whose
 * entries `replaceable` accepts (it returns why not, or null), and a hidden staging folder
 * is made beside it (so a parent that cannot be written, /proc included, fails here).
 * Staging folders and replaced folders that dead processes left beside `target` are removed.
 * Every refusal is a FolderWriteError.
 */
export async function stageFolder(target: string, replaceable: (names: string[]) => string | null): Promise<StagedFolder> {
  const full = path.resolve(target);
  const parent = path.dirname(full);
  const check = async () => {
    const existing = await fs.lstat(full).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw new FolderWriteError(full, `it cannot be looked at (${error.code ?? error.message})`);
    });
    if (!existing) return false;
    if (existing.isSymbolicLink()) throw new FolderWriteError(full, 'it is a link; name the folder itself');
    if (!existing.isDirectory()) throw new FolderWriteError(full, 'a file of that name exists; name a new folder or a previous one to replace');
    const names = await fs.readdir(full).catch((error: NodeJS.ErrnoException) => {
      throw new FolderWriteError(full, `it cannot be listed (${error.code ?? error.message})`);
    });
    const why = replaceable(names);
    if (why) throw new FolderWriteError(full, why);
    return true;
  };
  try {
    await makeFolders(parent);
  } catch (error) {
    throw new FolderWriteError(full, `its folder cannot be made (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  await check();
  await removeDeadOwners(parent, tempSiblingPattern(full));
  const staging = tempSibling(full);
  try {
    await fs.mkdir(staging);
  } catch (error) {
    throw new FolderWriteError(full, `nothing can be written in ${parent} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return {
    folder: staging,
    async commit() {
      await syncFolder(staging);
      if (await check()) {
        // Moved aside first, so the target holds the old run or the new one, or (for the
        // moment between the two renames, or after a crash there) none; never a mix.
        const old = tempSibling(full, '.old');
        await fs.rename(full, old);
        await fs.rename(staging, full);
        await fs.rm(old, { recursive: true, force: true });
      } else await fs.rename(staging, full);
      await syncFolder(parent);
    },
    async discard() {
      await fs.rm(staging, { recursive: true, force: true });
    },
  };
}
