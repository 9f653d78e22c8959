import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { DatasetError } from '../errors';

/** The largest table file read whole (its text is held twice while parsing). */
export const MAX_TABLE_BYTES = 128 * 1024 * 1024;
/** The largest `.npy` or `.npz` file read whole. */
export const MAX_ARRAY_FILE_BYTES = 1024 * 1024 * 1024;

function openProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'not found';
  if (code === 'ELOOP') return 'is a symbolic link that loops';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return `cannot be read (${code ?? String(error)})`;
}

/** Whether a path is a folder (following links), with a DatasetError naming it when it cannot be looked at. */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    throw new DatasetError(path, openProblem(error));
  }
}

/**
 * A file's bytes, read whole: only a regular file (a link to one is followed), refused before
 * reading when it is larger than `limit`, and refused when it grows while being read.
 */
export async function readBoundedFile(path: string, limit: number): Promise<Uint8Array> {
  let handle;
  try {
    // Non-blocking: opening a FIFO for reading otherwise waits, unbounded, for a writer. The
    // handle's own stat below then refuses anything that is not a regular file.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new DatasetError(path, openProblem(error));
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new DatasetError(path, 'is a folder; expected a file');
    if (!info.isFile()) throw new DatasetError(path, 'is not a regular file');
    if (info.size > limit) throw new DatasetError(path, `is ${mib(info.size)} MiB; NetCanvas reads files of this kind up to ${mib(limit)} MiB`);
    // One byte more than the size, to notice a file that grew since it was measured.
    const buffer = new Uint8Array(info.size + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > info.size) throw new DatasetError(path, 'changed while it was being read; try again once it is written');
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0);
}

/** A file's bytes as UTF-8 text, refusing bytes that are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DatasetError(path, 'is not UTF-8 text; save it as UTF-8 (in a spreadsheet: "CSV UTF-8")');
  }
}
