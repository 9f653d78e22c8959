import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * A name for a temporary file or folder beside `target`: in the same folder (so a rename
 * is atomic), hidden (a leading dot, so folder listings that skip dotfiles never show it)
 * and unique (process id and random bytes).
 */
export function tempSibling(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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
  await fs.mkdir(folder, { recursive: true });
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
  await fs.mkdir(parent, { recursive: true });
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
