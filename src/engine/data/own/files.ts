import { stat } from 'node:fs/promises';
import { readDataFile } from '../bytes';
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

/** A file's bytes, read whole by the one bounded reader; see `readDataFile`. */
export const readBoundedFile = readDataFile;

/** A file's bytes as UTF-8 text, refusing bytes that are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DatasetError(path, 'is not UTF-8 text; save it as UTF-8 (in a spreadsheet: "CSV UTF-8")');
  }
}
